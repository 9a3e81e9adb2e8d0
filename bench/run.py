"""Performance figures on a large ward, each against its target.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/run.py [--rebuild] [--no-startup]
        [--no-sync] [--no-province] [--only NAME ...]

The large ward (desktop.store.demo.LARGE_WARD) is built once, in a child process, and cached in
bench/out/ (gitignored); it is rebuilt when the schema or the demo generator changes. Each run
measures a fresh copy of it in a temporary folder.

Adding a measurement: write `def my_bench(ctx: Context) -> Iterable[Row]` and list it in
BENCHES (before `peak_memory`, which must stay last).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from process import drop_caches, run_until, run_until_each  # noqa: E402  (bench/process.py)
from report import Row, fmt, ms, pct  # noqa: E402  (bench/report.py)

from desktop.store import commands, lists, queries  # noqa: E402
from desktop.store.demo import LARGE_WARD, fill_demo  # noqa: E402
from desktop.store.lists import ListQuery  # noqa: E402
from desktop.store.store import Store  # noqa: E402
from sotay.domain.models import Attendance, Training, TrainingStatus  # noqa: E402
from sotay.domain.periods import Period, PeriodKind  # noqa: E402

OUT = ROOT / "bench" / "out"
CACHED_DB = OUT / "large_ward.sqlite3"
CACHED_META = OUT / "large_ward.json"
DB_NAME = "sotay.sqlite3"
BUILD_FORMAT = 2  # bump when build() changes how the cached ward is made
# SQLite's own tables left out: closing the store runs ANALYZE (sqlite_stat1), which made every
# cached ward look stale and rebuilt it at each run.
SCHEMA_SQL = (
    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
    " ORDER BY type, name"
)


# --- results ------------------------------------------------------------------------------------


@dataclass
class Context:
    store: Store
    folder: Path  # temporary; holds the database copy and its backups
    db_path: Path
    built: dict[str, Any]  # cache metadata: build time, fingerprint
    facts: dict[str, Any] = field(default_factory=dict)


BenchFn = Callable[[Context], Iterable[Row]]


# --- the large ward -----------------------------------------------------------------------------


def fingerprint() -> dict[str, Any]:
    """What the cached ward depends on: the schema a fresh database gets, the generator's code
    and its parameters."""
    from sqlite_utils import Database

    from desktop.store.migrations import migrations

    db = Database(memory=True)
    migrations.apply(db)
    schema = "\n".join(r[0] for r in db.conn.execute(SCHEMA_SQL))
    demo_src = (ROOT / "desktop" / "store" / "demo.py").read_bytes()
    return {
        "format": BUILD_FORMAT,
        "schema": hashlib.sha256(schema.encode()).hexdigest(),
        "demo": hashlib.sha256(demo_src).hexdigest(),
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in LARGE_WARD.items()},
    }


def cached_schema(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        schema = "\n".join(r[0] for r in conn.execute(SCHEMA_SQL))
    finally:
        conn.close()
    return hashlib.sha256(schema.encode()).hexdigest()


def build(path: Path) -> float:
    """Child process: make the large ward at `path` through the Store, as the app would."""
    path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(path, Path(tmp) / "backups")
        store.opened.result()
        t0 = time.perf_counter()
        store.write(partial(fill_demo, **LARGE_WARD)).result()
        seconds = time.perf_counter() - t0
        store.close()
    # One self-contained file: the cache is copied with a plain file copy, and opening it
    # read-only (cached_schema) must not leave -wal / -shm files behind.
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    return seconds


def ensure_ward(rebuild: bool) -> dict[str, Any]:
    want = fingerprint()
    if not rebuild and CACHED_DB.exists() and CACHED_META.exists():
        meta = json.loads(CACHED_META.read_text())
        if meta.get("fingerprint") == want and cached_schema(CACHED_DB) == want["schema"]:
            meta["cached"] = True
            return meta
    OUT.mkdir(parents=True, exist_ok=True)
    CACHED_META.unlink(missing_ok=True)
    partial_db = CACHED_DB.with_suffix(".partial")
    print(f"building the large ward ({LARGE_WARD}) ...", flush=True)
    done = subprocess.run(
        [sys.executable, __file__, "--build", str(partial_db)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    seconds = json.loads(done.stdout.strip().splitlines()[-1])["seconds"]
    for suffix in ("-wal", "-shm"):  # closed cleanly: there should be none
        if Path(str(partial_db) + suffix).exists():
            raise RuntimeError(f"{partial_db}{suffix} left behind")
    for suffix in ("-wal", "-shm"):  # an older cache's, if any
        Path(str(CACHED_DB) + suffix).unlink(missing_ok=True)
    partial_db.replace(CACHED_DB)
    meta = {"fingerprint": want, "fill_seconds": seconds, "built": date.today().isoformat()}
    CACHED_META.write_text(json.dumps(meta, indent=2))
    meta["cached"] = False
    return meta


def open_copy(folder: Path, meta: dict[str, Any]) -> Context:
    db_path = folder / DB_NAME
    shutil.copyfile(CACHED_DB, db_path)
    store = Store(db_path, folder / "backups")
    t0 = time.perf_counter()
    store.opened.result()
    store.daily_backup.result()  # made in the background: done before anything is measured
    ctx = Context(store, folder, db_path, meta)
    ctx.facts["open_seconds"] = time.perf_counter() - t0
    ctx.facts.update(store.read(_facts).result())
    return ctx


def _facts(conn: sqlite3.Connection) -> dict[str, Any]:
    held = conn.execute("SELECT MAX(day) FROM training WHERE status = 'held'").fetchone()[0]
    last = date.fromisoformat(held)
    q = (last.month - 1) // 3 + 1
    # The last full quarter before the one holding the newest session.
    year, q = (last.year, q - 1) if q > 1 else (last.year - 1, 4)
    counts = {
        t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("resident", "training", "attendance", "assist")
    }
    return {
        "quarter": Period(PeriodKind.QUARTER, year, q),
        "year": Period(PeriodKind.YEAR, last.year),
        "counts": counts,
        "resident_ids": [
            r[0] for r in conn.execute("SELECT id FROM resident ORDER BY rid DESC LIMIT 100")
        ],
        "topic_id": conn.execute("SELECT id FROM topic ORDER BY sort LIMIT 1").fetchone()[0],
        "member_id": conn.execute("SELECT id FROM member WHERE role = 'leader' LIMIT 1").fetchone()[
            0
        ],
        "phone": conn.execute(
            "SELECT phone FROM resident WHERE phone != '' ORDER BY rid LIMIT 1"
        ).fetchone()[0],
    }


# --- measurements -------------------------------------------------------------------------------

TYPED_NAMES = (
    "Nguyễn Thị Hương",
    "Trần Văn Hùng",
    "Lê Thị Lan",
    "Phạm Minh Tuấn",
    "Đặng Thị Thu Hà",
    "Hoàng Văn Nam",
)


def typed_prefixes(phone: str) -> list[str]:
    """What the search box holds after each keystroke: names typed with and without diacritics,
    'dang' / 'đặng', and a phone number."""
    from sotay.domain.text import fold

    texts: list[str] = []
    for name in TYPED_NAMES:
        for form in (name, fold(name)):
            texts += [form[:i] for i in range(1, len(form) + 1)]
    texts += ["d", "da", "dan", "dang", "đ", "đặ", "đặn", "đặng", "dang th", "dang thi h"]
    texts += [phone[:i] for i in range(3, len(phone) + 1)]
    return texts


def build_and_open(ctx: Context) -> Iterable[Row]:
    meta = ctx.built
    c = ctx.facts["counts"]
    sizes = f"{c['resident']:,} residents, {c['training']:,} trainings,"
    sizes += f" {c['attendance']:,} attendance, {c['assist']:,} assists"
    yield Row(
        "fill large ward (fill_demo)",
        meta["fill_seconds"],
        "s",
        20,
        f"{'cached, built ' + meta['built'] if meta['cached'] else 'built now'}; {sizes}",
    )
    size = ctx.db_path.stat().st_size / 2**20
    yield Row(
        "open store (quick_check, migrate; the backup follows in the background)",
        ms(ctx.facts["open_seconds"]),
        "ms",
        None,
        f"{size:.0f} MB file",
    )


def search_as_you_type(ctx: Context) -> Iterable[Row]:
    texts = typed_prefixes(ctx.facts["phone"])

    def run(conn: sqlite3.Connection) -> dict[str, list[float]]:
        queries.search_residents(conn, "n", 20)  # one warm-up
        out: dict[str, list[float]] = {"search": [], "count": [], "page": [], "list": []}
        for text in texts:
            t0 = time.perf_counter()
            queries.search_residents(conn, text, 20)
            t1 = time.perf_counter()
            q = ListQuery("resident", search=text)
            lists.count(conn, q)
            t2 = time.perf_counter()
            lists.page(conn, q, 0, 100)
            t3 = time.perf_counter()
            out["search"].append(ms(t1 - t0))
            out["count"].append(ms(t2 - t1))
            out["page"].append(ms(t3 - t2))
            out["list"].append(ms(t3 - t1))
        return out

    t = ctx.store.read(run).result()
    worst = max(range(len(texts)), key=lambda i: t["list"][i])
    n = len(texts)
    yield Row("search as you type p50", pct(t["search"], 50), "ms", 20, f"{n} prefixes")
    yield Row(
        "search as you type p95", pct(t["search"], 95), "ms", 20, f"max {max(t['search']):.1f}"
    )
    yield Row(
        "resident list filter (count+page) p50",
        pct(t["list"], 50),
        "ms",
        50,
        f"count p50 {pct(t['count'], 50):.1f}, page p50 {pct(t['page'], 50):.1f}; target assumed",
    )
    yield Row(
        "resident list filter (count+page) p95",
        pct(t["list"], 95),
        "ms",
        50,
        f"count p95 {pct(t['count'], 95):.1f}, page p95 {pct(t['page'], 95):.1f};"
        f" worst {t['list'][worst]:.1f} for {texts[worst]!r}",
    )


def _time(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    """(first, median) in ms."""
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(ms(time.perf_counter() - t0))
    return samples[0], statistics.median(samples)


def list_pages(ctx: Context) -> Iterable[Row]:
    def run(conn: sqlite3.Connection, table: str) -> tuple[tuple[float, float], ...]:
        q = ListQuery(table)

        def first() -> None:
            lists.count(conn, q)
            lists.page(conn, q, 0, 100)

        n = lists.count(conn, q)
        return _time(first, 5), _time(lambda: lists.page(conn, q, n - 100, 100, n), 5)

    for table in ("resident", "training", "assist"):
        (cold, first), (cold_end, end) = ctx.store.read(run, table).result()
        yield Row(f"{table} list first page", first, "ms", 150, f"first call {cold:.1f}")
        yield Row(f"{table} list jump to end", end, "ms", 100, f"first call {cold_end:.1f}")


def list_sorts(ctx: Context) -> Iterable[Row]:
    """Every sortable column, both directions: the slowest first page and jump to the end."""

    def run(conn: sqlite3.Connection, table: str) -> list[tuple[str, float, float]]:
        out = []
        for column in lists.SPECS[table].columns:
            if column.order is None:
                continue
            for descending in (False, True):
                q = ListQuery(table, sort=column.key, descending=descending)
                t0 = time.perf_counter()
                n = lists.count(conn, q)
                lists.page(conn, q, 0, 100)
                t1 = time.perf_counter()
                lists.page(conn, q, max(0, n - 100), 100, n)
                t2 = time.perf_counter()
                name = column.key + (" desc" if descending else "")
                out.append((name, ms(t1 - t0), ms(t2 - t1)))
        return out

    for table in ("resident", "training", "assist"):
        rows = ctx.store.read(run, table).result()
        first = max(rows, key=lambda r: r[1])
        end = max(rows, key=lambda r: r[2])
        yield Row(f"{table} list, slowest sort, first page", first[1], "ms", 150, first[0])
        yield Row(f"{table} list, slowest sort, jump to end", end[2], "ms", 100, end[0])


def overview(ctx: Context) -> Iterable[Row]:
    for label, period, target in (
        ("quarter", ctx.facts["quarter"], 100),
        ("year", ctx.facts["year"], None),
    ):

        def run(conn: sqlite3.Connection, period: Period = period) -> tuple[float, float]:
            return _time(lambda: queries.overview(conn, period), 5)

        cold, median = ctx.store.read(run).result()
        note = f"{period.year} {label} {period.index if label == 'quarter' else ''}".rstrip()
        yield Row(f"overview of a {label}", median, "ms", target, f"{note}; first {cold:.1f}")


def save_training(ctx: Context) -> Iterable[Row]:
    residents = ctx.facts["resident_ids"]
    actor = ctx.facts["member_id"]
    saves, resaves = [], []
    for k in range(10):
        training = Training(
            day=date.today(),
            start_time="08:00",
            end_time="10:00",
            place=f"Bench {k}",
            status=TrainingStatus.HELD,
            topic_ids=[ctx.facts["topic_id"]],
            trainer_ids=[actor],
            attendance=[Attendance(resident_id=r) for r in residents],
        )
        t0 = time.perf_counter()
        ctx.store.write(commands.save_training, training, actor).result()
        saves.append(ms(time.perf_counter() - t0))
        for a in training.attendance[k::10]:  # the roll-call corrected: 10 marked absent
            a.present = False
        t0 = time.perf_counter()
        ctx.store.write(commands.save_training, training, actor).result()
        resaves.append(ms(time.perf_counter() - t0))
    yield Row(
        "save training, 100 attendees (median of 10)",
        statistics.median(saves),
        "ms",
        100,
        f"max {max(saves):.1f}; synchronous=FULL",
    )
    yield Row(
        "re-save it, 10 marked absent (median of 10)",
        statistics.median(resaves),
        "ms",
        100,
        f"max {max(resaves):.1f}",
    )


def save_during_backup(ctx: Context) -> Iterable[Row]:
    """Saves while the day's backup copies the whole large ward (issue 22): the backup reads
    on a background thread and a connection of its own, so a save is not held up by it."""
    folder = ctx.folder / "busy"
    folder.mkdir()
    shutil.copyfile(ctx.db_path, folder / DB_NAME)
    store = Store(folder / DB_NAME, folder / "backups")  # no backup yet: the day's is due
    actor = ctx.facts["member_id"]
    latencies: list[float] = []
    try:
        store.opened.result()
        while not store.daily_backup.done():
            training = Training(
                day=date.today(),
                start_time="08:00",
                end_time="10:00",
                place="Bench backup",
                status=TrainingStatus.HELD,
                topic_ids=[ctx.facts["topic_id"]],
                trainer_ids=[actor],
                attendance=[Attendance(resident_id=r) for r in ctx.facts["resident_ids"]],
            )
            t0 = time.perf_counter()
            store.write(commands.save_training, training, actor).result()
            latencies.append(ms(time.perf_counter() - t0))
        store.daily_backup.result()
    finally:
        store.close()
    if len(latencies) < 3:
        yield Row("save during the daily backup", None, "ms", note="the backup ended first")
        return
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    yield Row(
        "save training during the daily backup (p95)",
        p95,
        "ms",
        100,
        f"{len(latencies)} saves while the copy ran; median {statistics.median(latencies):.1f}",
    )


def import_residents(ctx: Context) -> Iterable[Row]:
    """5,000 residents from an XLSX into the large ward, as the import screen does it: the
    file read, the ward's residents read for duplicates, the rows planned, one write."""
    from openpyxl import Workbook, load_workbook

    from desktop.importing.reading import read_sheets
    from desktop.importing.residents import Known, find_layout, make_plan, to_write

    book = Workbook(write_only=True)
    ws = book.create_sheet("Danh sách")
    ws.append(["DANH SÁCH NGƯỜI DÂN"])
    ws.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Khu phố / Ấp", "Số điện thoại"])
    for n in range(5000):
        first = TYPED_NAMES[n % len(TYPED_NAMES)]
        ws.append(
            [
                n + 1,
                f"{first} {n}",
                1940 + n % 60,
                "Nữ" if n % 2 else "Nam",
                f"Ấp nhập {n % 7}",
                f"09{n:08d}",
            ]
        )
    path = ctx.folder / "nhap.xlsx"
    book.save(path)

    t0 = time.perf_counter()
    bare = load_workbook(path, read_only=True)
    for _row in bare.active.iter_rows(values_only=True):
        pass
    bare.close()
    floor = time.perf_counter() - t0

    t0 = time.perf_counter()
    sheet = read_sheets(path)[0]
    keys = ctx.store.read(queries.resident_keys).result()
    known = [Known(f, y, p, name) for f, y, p, name, _nb in keys]
    roster = ctx.store.read(queries.load_roster).result()
    plan = make_plan(sheet, find_layout(sheet), known, roster.neighbourhoods, date.today())
    t_plan = time.perf_counter() - t0
    residents, places = to_write(plan)
    t1 = time.perf_counter()
    ctx.store.write(commands.import_residents, residents, places, ctx.facts["member_id"]).result()
    t_write = time.perf_counter() - t1
    total = time.perf_counter() - t0
    yield Row(
        "import 5,000 residents from XLSX (read, check, write)",
        total,
        "s",
        5.0,
        f"read+plan {t_plan:.2f} s against {len(keys):,} recorded; write {t_write:.2f} s;"
        f" {len(residents):,} added",
    )
    yield Row(
        "  vs openpyxl reading the file alone",
        total / floor,
        "x",
        None,
        f"{total:.2f} s / {floor:.2f} s",
    )


def _run_seconds(args: list[str], env: dict[str, str]) -> float | str:
    """Wall time of a child process, or the reason it failed."""
    t0 = time.perf_counter()
    try:
        done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "timed out"
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        # stdout first: stderr's last line is often a harmless Qt warning.
        tail = (done.stdout.strip() or done.stderr.strip()).splitlines()[-1:] or [""]
        return f"exit {done.returncode}: {tail[0][:120]}"
    return seconds


def startup_env() -> dict[str, str]:
    """Start-up as on a user's machine, where bytecode is compiled (pip compiles site-packages,
    the bundle ships .pyc): with PYTHONDONTWRITEBYTECODE set, as on some CI images, our own
    modules would be compiled from source at every start."""
    import compileall

    for package in ("desktop", "sotay"):  # the app and the shared core it stands on
        compileall.compile_dir(ROOT / package, quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "QT_QPA_PLATFORM": "offscreen"}


BARE_WINDOW = (
    "import PySide6.QtWidgets as w; a = w.QApplication([]); x = w.QMainWindow(); x.show();"
    " a.processEvents(); x.close()"
)


def startup(ctx: Context) -> Iterable[Row]:
    env = startup_env()
    floor_runs = [_run_seconds([sys.executable, "-c", BARE_WINDOW], env) for _ in range(5)]
    failed = [r for r in floor_runs if isinstance(r, str)]
    if failed:
        yield Row("start-up floor (bare Qt window)", None, "ms", note=str(failed[0]))
        return
    floor = ms(statistics.median(floor_runs))  # type: ignore[arg-type]
    yield Row("start-up floor (bare Qt window)", floor, "ms", None, "median of 5")

    name = "first start, app --self-test"
    if not (ROOT / "desktop" / "app.py").exists():
        yield Row(name, None, "ms", note="desktop/app.py missing")
        return
    app_runs: list[float] = []
    for _ in range(5):
        with tempfile.TemporaryDirectory(dir=ctx.folder) as data:
            cmd = [sys.executable, "-m", "desktop", "--self-test", "--data-dir", data]
            r = run_until(cmd, env, "window ready")
        if isinstance(r, str):
            yield Row(name, None, "ms", note=r)
            return
        app_runs.append(r)
    app = ms(statistics.median(app_runs))
    yield Row(name, app, "ms", None, "median of 5, empty data dir")
    # The first start of a new profile also makes its database (from desktop/store/fresh.sql).
    yield Row(
        "first start (creates the database) vs floor",
        app / floor,
        "x",
        2.0,
        f"{app:.0f} ms / {floor:.0f} ms",
        target_text="< 2x floor",
    )


BARE_SHOWN = BARE_WINDOW.replace("x.close()", "print('window ready', flush=True); x.close()")
SHOWN = ("window ready", "figures shown")  # --self-test: the window; the overview's figures


def startup_large_ward(ctx: Context) -> Iterable[Row]:
    """The app started on the large ward itself: the figure a ward's laptop sees each day, to
    the overview's figures painted (what the leader waits for), warm and with a cold disk.
    The bare window and the app take turns, so that a busy moment of the machine weighs on
    both alike."""
    env = startup_env()
    with tempfile.TemporaryDirectory(dir=ctx.folder) as data:
        profile = Path(data)
        src = sqlite3.connect(ctx.db_path)
        dest = sqlite3.connect(profile / "sotay.sqlite3")
        src.backup(dest)
        src.close()
        dest.close()
        cmd = [sys.executable, "-m", "desktop", "--self-test", "--data-dir", data]
        _run_seconds(cmd, env)  # compiled, settings written: as on the second start of a day
        floors: list[float] = []
        apps: list[dict[str, float]] = []
        for _ in range(7):
            floor = _run_seconds([sys.executable, "-c", BARE_WINDOW], env)
            app = run_until_each(cmd, env, SHOWN)
            if isinstance(floor, str) or isinstance(app, str):
                yield Row("start-up on the large ward", None, "ms", note=str(app or floor))
                return
            floors.append(floor)
            apps.append(app)
        steps = [_start_steps(cmd, env) for _ in range(5)]
        cold = list(_cold_starts(cmd, env))
    floor_ms = ms(statistics.median(floors))
    window = ms(statistics.median(a["window ready"] for a in apps))
    figures = ms(statistics.median(a["figures shown"] for a in apps))
    yield Row("start-up floor, taken in turns", floor_ms, "ms", None, "median of 7")
    yield Row("start-up on the large ward, to the window", window, "ms", None, "median of 7")
    yield Row("start-up on the large ward, to the figures", figures, "ms", None, "median of 7")
    yield Row(
        "start-up on the large ward (figures) vs floor",
        figures / floor_ms,
        "x",
        1.3,
        f"{figures:.0f} ms / {floor_ms:.0f} ms",
        target_text="< 1.3x floor",
    )
    # What each part costs (README, "Start-up"): the app's own clock, from its first module.
    for name in steps[0]:
        values = [run[name] for run in steps if name in run]
        yield Row(f"  of which {name}", statistics.median(values), "ms", None, "median of 5")
    yield from cold


def _cold_starts(cmd: list[str], env: dict[str, str]) -> Iterable[Row]:
    """Each start after the page cache was emptied: the first start of a laptop's day."""
    floors: list[float] = []
    apps: list[dict[str, float]] = []
    for _ in range(5):
        why = drop_caches()
        if why is not None:
            yield Row("cold start on the large ward, to the figures", None, "ms",
                      note=f"skipped: {why}")  # fmt: skip
            return
        floor = run_until_each([sys.executable, "-c", BARE_SHOWN], env, SHOWN[:1])
        drop_caches()
        app = run_until_each(cmd, env, SHOWN)
        if isinstance(floor, str) or isinstance(app, str):
            yield Row("cold start on the large ward", None, "ms", note=str(app or floor))
            return
        floors.append(floor["window ready"])
        apps.append(app)
    floor_ms = ms(statistics.median(floors))
    window = ms(statistics.median(a["window ready"] for a in apps))
    figures = ms(statistics.median(a["figures shown"] for a in apps))
    yield Row("cold start floor (bare Qt window)", floor_ms, "ms", None, "median of 5")
    yield Row("cold start on the large ward, to the window", window, "ms", None, "median of 5")
    yield Row(
        "cold start on the large ward, to the figures",
        figures,
        "ms",
        1000.0,
        f"{figures / floor_ms:.2f}x the cold bare window",
        target_text="< 1000 ms",
    )


def _start_steps(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """The steps --self-test prints: "self-test: start-up ms: lock and log 41, ..."."""
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    for line in done.stdout.splitlines():
        if line.startswith("self-test: start-up ms:"):
            parts = line.split(":", 2)[2].split(",")
            return {p.strip().rsplit(" ", 1)[0]: float(p.rsplit(" ", 1)[1]) for p in parts}
    return {}


def _wait(app: Any, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the GUI did not get there in time")
        app.processEvents()
        time.sleep(0.0002)


def gui_lists(ctx: Context) -> Iterable[Row]:
    """The real widgets at 1366x768: first paint of each list, jump to its end, typing."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.paths import Paths
    from desktop.settings import Settings
    from desktop.ui.main_window import LIST_PAGES, MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(ctx.store, Paths(ctx.folder), Settings(), interactive=False)
    window.resize(1366, 768)
    window.show()
    ready: list[bool] = []
    window.ready.connect(lambda: ready.append(True))
    window.start()
    _wait(app, lambda: bool(ready))
    for row, name in enumerate(LIST_PAGES, start=1):
        t0 = time.perf_counter()
        window.nav.setCurrentRow(row)
        page = window.list_page(name)
        _wait(app, lambda page=page: page.model is not None and page.model.ready)
        page.view.viewport().repaint()
        first = ms(time.perf_counter() - t0)
        yield Row(
            f"GUI {name} list: first paint",
            first,
            "ms",
            150,
            f"{page.model.rowCount():,} rows; includes building the screen",
        )
        model, view = page.model, page.view
        t0 = time.perf_counter()
        view.scrollToBottom()
        last = model.rowCount() - 1

        def bottom_loaded(model: Any = model, last: int = last) -> bool:
            return model.index(last, 0).data() != "…"

        view.viewport().repaint()  # asks for the missing page
        _wait(app, bottom_loaded)
        view.viewport().repaint()
        yield Row(f"GUI {name} list: jump to end", ms(time.perf_counter() - t0), "ms", 100)
    page = window.list_page("residents")
    times = []
    for prefix in (
        "n",
        "ng",
        "ngu",
        "nguy",
        "nguye",
        "nguyen",
        "nguyen t",
        "nguyen th",
        "nguyen thi",
        "nguyen thi h",
        "dang",
        "tran v",
        "le thi m",
        "pham",
    ):
        loaded: list[int] = []
        page.model.loaded.connect(loaded.append)
        t0 = time.perf_counter()
        page.search.setText(prefix)
        _wait(app, lambda loaded=loaded: bool(loaded))
        page.view.viewport().repaint()
        times.append(ms(time.perf_counter() - t0))
        page.model.loaded.disconnect(loaded.append)
    yield Row(
        "GUI resident search as you type p95",
        pct(times, 95),
        "ms",
        None,
        f"{len(times)} keystrokes; includes the 40 ms pause that merges fast typing",
    )
    window.close()


def _bare_table_pdf(rows: list[list[str]]) -> bytes:
    """The floor: the same rows as a plain reportlab table, no letterhead, default font."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import LongTable, SimpleDocTemplate

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([LongTable(rows, repeatRows=1)])
    return out.getvalue()


def printing(ctx: Context) -> Iterable[Row]:
    """A 500-row attendance sheet and a quarter's report of the large ward, each next to a
    bare reportlab table of the same rows measured in the same run."""
    from desktop.printing import reads
    from sotay.printing import report, sheets
    from sotay.printing.data import Person, TrainingSheet

    head = ctx.store.read(reads.letterhead).result()
    people = [
        Person(r[0], r[1], r[2], r[3] or "", r[4], True)
        for r in ctx.store.read(
            lambda c: c.execute(
                "SELECT r.full_name, r.birth_year, r.gender, n.name, r.phone FROM resident r"
                " LEFT JOIN neighbourhood n ON n.id = r.neighbourhood_id LIMIT 500"
            ).fetchall()
        ).result()
    ]
    sheet = TrainingSheet(
        "bench",
        date.today(),
        "08:00",
        "10:00",
        "Nhà văn hóa",
        "held",
        ["Kỹ năng số cơ bản"],
        ["Người hướng dẫn"],
        people,
    )
    sheets.attendance_sheet(head, sheet, sheets.SheetKind.AFTER)  # fonts registered once
    _, made = _time(lambda: sheets.attendance_sheet(head, sheet, sheets.SheetKind.AFTER), 3)
    rows = [
        ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Khu phố/Ấp", "Số điện thoại", "Ký tên"]
    ] + [
        [str(n), x.full_name, str(x.birth_year or ""), x.gender or "", x.neighbourhood, x.phone, ""]
        for n, x in enumerate(people, 1)
    ]
    _, floor = _time(lambda: _bare_table_pdf(rows), 3)
    yield Row(
        "500-row attendance sheet (PDF), median of 3",
        made,
        "ms",
        1000,
        f"floor {floor:.0f} ms (bare reportlab table of the same rows): {made / floor:.1f}x",
    )

    period = ctx.facts["quarter"]

    def quarter() -> None:
        # As documents.report_document makes it: with the rate and the targets (issue 23).
        from desktop.store import reach

        ov = ctx.store.read(queries.overview, period).result()
        reached = ctx.store.read(reach.team_reach, period, date.today()).result()
        report.team_report_pdf(head, ov, reach=reached)
        report.team_report_xlsx(head, ov, reach=reached)

    _, made = _time(quarter, 3)
    ov = ctx.store.read(queries.overview, period).result()
    rows = [[label, str(v)] for label, v in report.indicator_rows(ov)]
    rows += [[name, str(t), str(a)] for name, t, a in ov.by_topic]
    rows += [[name, *map(str, v)] for name, *v in report.service_rows(ov)]
    _, floor = _time(lambda: _bare_table_pdf(rows), 3)
    yield Row(
        "quarter's report, large ward (query + PDF + XLSX)",
        made,
        "ms",
        2000,
        f"floor {floor:.0f} ms (bare table of the same rows): {made / floor:.1f}x",
    )


def _child(label: str, script: str, *args: str) -> Iterable[Row]:
    """A benchmark script of bench/ in a child process, its rows read back as JSON lines:
    what it opens and holds stays out of this process's peak memory (below)."""
    cmd = [sys.executable, str(ROOT / "bench" / script), "--json", *args]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryFile("w+") as errors:
        child = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
        )
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("{"):
                yield Row(**json.loads(line))
        if child.wait() != 0:
            errors.seek(0)
            tail = errors.read().strip().splitlines()[-1:] or [""]
            yield Row(label, None, "", note=f"exit {child.returncode}: {tail[0][:160]}")


def sync(ctx: Context) -> Iterable[Row]:
    """bench/sync_bench.py against the real central service."""
    yield from _child("sync", "sync_bench.py", "--ward", str(CACHED_DB))


def province(ctx: Context) -> Iterable[Row]:
    """bench/province.py: the dashboard on a synthetic province in a real PostgreSQL (about
    2.5 minutes, most of it writing the province)."""
    yield from _child("province", "province.py")


def peak_memory(ctx: Context) -> Iterable[Row]:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    mb = kb / 2**20 if sys.platform == "darwin" else kb / 2**10
    yield Row("peak memory (ru_maxrss, this process)", mb, "MB", 250, "after all of the above")


BENCHES: list[BenchFn] = [
    build_and_open,
    search_as_you_type,
    list_pages,
    list_sorts,
    overview,
    save_training,
    save_during_backup,
    import_residents,
    startup,
    startup_large_ward,
    gui_lists,
    printing,
    sync,
    province,
    peak_memory,  # last
]


# --- main ---------------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    head = ("measurement", "value", "target", "ratio", "")
    body = [
        (
            r.name,
            f"{fmt(r.value)} {r.unit}" if r.value is not None else "skipped",
            r.target_str(),
            f"{r.ratio:.2f}" if r.ratio is not None else "",
            r.verdict,
        )
        for r in rows
    ]
    widths = [max(len(x[i]) for x in (head, *body)) for i in range(len(head))]
    lines = []
    for k, cells in enumerate((head, *body)):
        lines.append(
            "  ".join(
                c.ljust(w) if i in (0, 2, 4) else c.rjust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()
        )
        if k == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached large ward")
    parser.add_argument("--no-startup", action="store_true", help="skip start-up timing")
    parser.add_argument("--no-sync", action="store_true", help="skip the sync figures")
    parser.add_argument(
        "--no-province", action="store_true", help="skip the dashboard on a synthetic province"
    )
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="run only these (e.g. sync save_training)"
    )
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # child process
    args = parser.parse_args(argv)

    if args.build:
        print(json.dumps({"seconds": build(args.build)}))
        return 0

    meta = ensure_ward(args.rebuild)
    skip = (startup, startup_large_ward) if args.no_startup else ()
    skip += (sync,) if args.no_sync else ()
    skip += (province,) if args.no_province else ()
    benches = [b for b in BENCHES if b not in skip]
    if args.only:
        unknown = set(args.only) - {b.__name__ for b in BENCHES}
        if unknown:
            parser.error(f"no benchmark {', '.join(sorted(unknown))}")
        benches = [b for b in benches if b.__name__ in args.only]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="sotay-bench-") as tmp:
        ctx = open_copy(Path(tmp), meta)
        try:
            for fn in benches:
                for row in fn(ctx):
                    print(row.line(), flush=True)
                    rows.append(row)
        finally:
            ctx.store.close()
    print()
    print(table(rows))
    misses = [r.name for r in rows if r.verdict == "MISS"]
    print(f"\n{len(misses)} target(s) missed{': ' + ', '.join(misses) if misses else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
