"""The dashboard at a province's size, on a real PostgreSQL.

    .venv/bin/python bench/province.py [--communes 100] [--teams 15] [--residents 1000]

A synthetic province (100 communes x 15 teams, each team ~1,000 residents and a year of
trainings and help) is written straight into the central database: a few teams' years are
made by the app's own demo generator (desktop.store.demo.fill_demo), turned into records as a
laptop sends them (its outbox payloads, checked by the service's own ingest rules), and each
of the province's teams takes one of them, under its own team id. Facts come from the
service's own `rollups.fact`, and the rollups are computed by `rollups.refresh`, as after
real pushes. Then the real service (`python -m central serve`) answers the pages over HTTP.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for extra in (ROOT, ROOT / "tests", BENCH):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from report import Row, fmt, ms, pct  # noqa: E402
from servers import Central, Postgres  # noqa: E402

PROVINCE = 1  # Thành phố Hà Nội
TODAY = date(2026, 11, 23)
YEAR = "2026"


# --- a team's year, as laptops send it ----------------------------------------------------------


def team_year(seed: int, residents: int) -> list[tuple[str, str, bool, dict[str, Any]]]:
    """(entity, id, deleted, payload) of one team's records, made by the app's demo generator
    and read back from the outbox as the laptop would push them."""
    from central import entities
    from desktop.store import syncdata
    from desktop.store.demo import fill_demo
    from desktop.store.store import Store

    scale = residents / 1000
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "t.sqlite3", Path(tmp) / "backups")
        store.opened.result()
        store.write(
            partial(
                fill_demo,
                residents=residents,
                trainings=max(10, round(70 * scale)),
                attendance_per_training=(15, 55),
                assists=max(10, round(700 * scale)),
                seed=seed,
                today=TODAY,
            )
        ).result()
        store.write(syncdata.queue_everything).result()
        rows = store.read(
            lambda conn: conn.execute(
                "SELECT entity, entity_id, op, payload FROM outbox ORDER BY seq"
            ).fetchall()
        ).result()
        store.close()
    out = []
    for entity, record_id, op, text in rows:
        if entity == "team":
            continue  # each team of the province has its own
        payload = syncdata.wire_payload(entity, op, json.loads(text))
        out.append((entity, record_id, op == "delete", entities.normalise(entity, op, payload)))
    return out


def _copy_text(values: tuple[Any, ...]) -> str:
    """One row of PostgreSQL's COPY text format (team id left as {team})."""
    cells = []
    for v in values:
        if v is None:
            cells.append("\\N")
        elif isinstance(v, bool):
            cells.append("t" if v else "f")
        else:
            cells.append(
                str(v)
                .replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
    return "\t".join(cells) + "\n"


class Template:
    """A team's year as COPY text per table, with the team id to fill in."""

    TEAM = "@@TEAM@@"

    def __init__(self, records: list[tuple[str, str, bool, dict[str, Any]]]) -> None:
        from central import rollups
        from central.ingest import stored
        from sotay.protocol import change_hash

        now = datetime(2026, 11, 22, 12, 0)
        self.text: dict[str, list[str]] = {}
        record_rows, facts = [], {}
        for seq, (entity, record_id, deleted, payload) in enumerate(records, start=1):
            digest = change_hash(entity, record_id, "delete" if deleted else "upsert", payload)
            record_rows.append(
                _copy_text(
                    (
                        self.TEAM,
                        entity,
                        record_id,
                        1,
                        deleted,
                        stored(payload),
                        digest,
                        seq,
                        None,
                        0,
                        now,
                    )
                )
            )
            row = rollups.fact(entity, self.TEAM, record_id, deleted, payload)
            if row is not None:
                facts.setdefault(f"f_{entity}", []).append(_copy_text(tuple(row.values())))
                facts.setdefault(f"f_{entity}:columns", list(row))
        self.records = "".join(record_rows)
        self.size = len(records)
        self.facts = {
            table: ("".join(rows), facts[f"{table}:columns"])
            for table, rows in facts.items()
            if not table.endswith(":columns")
        }


RECORD_COLUMNS = (
    "team_id, entity, id, version, deleted, payload, hash, seq, device_id, lineage, updated_at"
)


def analyze(engine: Any) -> None:
    from sqlalchemy import text

    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


def load(url: str, communes: int, teams: int, templates: list[Template]) -> dict[str, Any]:
    """The province's teams, their records, facts and laptops, then every rollup."""
    from sqlalchemy import create_engine, text

    from central import db, rollups
    from central import teams as team_ops
    from central.config import Config
    from sotay.domain import units

    config = Config.load(None, url)
    engine = create_engine(url, pool_size=6)
    db.migrate(engine)
    codes = [u.code for u in units.communes(PROVINCE)][:communes]
    rng = random.Random(5)
    team_ids: list[str] = []
    t0 = time.perf_counter()
    for n, commune in enumerate(codes):
        with engine.begin() as conn:
            raw = conn.connection.driver_connection
            made = []
            for k in range(teams):
                info = team_ops.add_team(
                    conn, commune, f"Tổ công nghệ số cộng đồng khu phố {k + 1}"
                )
                made.append(info.id)
            with raw.cursor() as cur:
                with cur.copy(f"COPY record ({RECORD_COLUMNS}) FROM STDIN") as cp:
                    for k, team_id in enumerate(made):
                        cp.write(
                            templates[(n * teams + k) % len(templates)].records.replace(
                                Template.TEAM, team_id
                            )
                        )
                for table in ("f_resident", "f_training", "f_attendance", "f_assist"):
                    columns = templates[0].facts[table][1]
                    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
                        for k, team_id in enumerate(made):
                            body = templates[(n * teams + k) % len(templates)].facts[table][0]
                            cp.write(body.replace(Template.TEAM, team_id))
                with cur.copy(
                    "COPY device (team_id, id, token_hash, name, app_version, enrolled_at,"
                    " last_seen_at, last_push_at, last_seq) FROM STDIN"
                ) as cp:
                    for team_id in made:
                        # most teams synced this week; some a while ago (marked on the page)
                        seen = datetime(2026, 11, 23, 8) - timedelta(hours=rng.expovariate(1 / 60))
                        cp.write_row(
                            (
                                team_id,
                                str(uuid.uuid4()),
                                uuid.uuid4().hex * 2,
                                "Laptop",
                                "1.0",
                                seen - timedelta(days=200),
                                seen,
                                seen,
                                1000,
                            )
                        )
            conn.execute(
                text(
                    "UPDATE team SET seq ="
                    " (SELECT COUNT(*) FROM record r WHERE r.team_id = team.id)"
                    " WHERE commune_code = :c"
                ),
                {"c": commune},
            )
        team_ids += made
        if n % 10 == 9:
            print(f"  {n + 1}/{len(codes)} communes written", file=sys.stderr, flush=True)
    written = time.perf_counter() - t0
    analyze(engine)
    years = (2025, 2026)
    t0 = time.perf_counter()

    def refresh(team_id: str) -> None:
        with engine.begin() as conn:
            for year in years:
                rollups.refresh(conn, team_id, year)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(refresh, team_ids))
    computed = time.perf_counter() - t0
    with engine.connect() as conn:
        counts = {
            t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar()
            for t in ("team", "record", "f_resident", "f_attendance", "f_assist", "roll_team")
        }
    analyze(engine)
    engine.dispose()
    del config
    return {
        "codes": codes,
        "teams": team_ids,
        "written": written,
        "computed": computed,
        "counts": counts,
    }


# --- the pages, over HTTP -----------------------------------------------------------------------


def p95(values: list[float]) -> float:
    return pct(values, 95)


# A month: the commune page then shows all three comparisons (previous, a year before, so far).
MONTH = "2026-10"
DRILLED = ("trainings_held", "residents_trained", "assists", "assisted_residents")


def drill_rows(timed: Any) -> list[Row]:
    """Issue 23: the commune page with its comparisons and completeness, and a figure's
    records, first page (the lists a click on a figure opens), each p95 against 100 ms."""
    timed("/commune/{code}?p=" + MONTH, 5)  # warm
    page = timed("/commune/{code}?p=" + MONTH, 60)
    lists: list[float] = []
    for figure in DRILLED:
        timed("/commune/{code}/records/" + figure + "?p=" + YEAR, 2)
        lists += timed("/commune/{code}/records/" + figure + "?p=" + YEAR, 15)
    return [
        Row(
            "commune page with comparisons, a month (p95)",
            p95(page) * 1000,
            "ms",
            100,
            note=f"median {fmt(ms(statistics.median(page)))} ms, 3 comparisons, completeness",
        ),
        Row(
            "drill-down first page, a commune's year (p95)",
            p95(lists) * 1000,
            "ms",
            100,
            note=f"median {fmt(ms(statistics.median(lists)))} ms, {', '.join(DRILLED)}",
        ),
    ]


def feed_walk(server: Any, teams: int, commune: int) -> list[Row]:
    """The province's feed (GET /v1/feed/figures) for the year, every team's row, walked page
    by page as a province's system would: first never asked before (the service makes the
    snapshot while the system waits), then as its next poll finds it after a laptop's push (the
    refresher computed the team's figures, and the feed made the snapshot again ahead of the
    ask), then once more (kept)."""
    import subprocess

    import requests
    from helpers import Laptop
    from servers import Admin, computed

    token = subprocess.run(
        server.args("account", "token", "tinh"), capture_output=True, text=True, check=True
    ).stdout.strip()
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"

    def walk(label: str, target: float | None) -> Row:
        start = time.perf_counter()
        link: str | None = f"{server.url}/v1/feed/figures?period={YEAR}&level=team"
        rows = pages = size = 0
        while link:
            answer = http.get(link, timeout=120)
            assert answer.status_code == 200, answer.text[:300]
            body = answer.json()
            rows += len(body["value"])
            size += len(answer.content)
            pages += 1
            link = body.get("@odata.nextLink")
        return Row(
            f"feed for a whole province's year{label}",
            time.perf_counter() - start,
            "s",
            target,
            note=f"{teams:,} teams, {rows:,} rows in {pages} pages, {size / 1e6:.1f} MB JSON",
        )

    out = [walk(", never asked before", None)]
    # A new team's laptop syncs its first work; the refresher computes it, and the feed makes
    # the asked snapshot again a quiet moment later (central/figurefeed.FeedCache).
    server.admin_ops = Admin(server)
    team = server.admin_ops.team(commune=commune)
    with tempfile.TemporaryDirectory() as folder:
        laptop = Laptop(Path(folder))
        try:
            laptop.set_up(commune=commune)
            laptop.connect(server.url, server.admin_ops.code(team.id))
            assert laptop.sync.run_once().state == "synced"
        finally:
            laptop.close()
    computed(server)
    time.sleep(10)  # the feed's quiet 2 s, then its making (a second or two)
    out.append(walk(", its next poll after a push", 1.0))
    out.append(walk(", kept", None))
    server.admin_ops.engine.dispose()
    return out


def measure(
    communes: int, teams: int, residents: int, templates_n: int, feed_only: bool = False
) -> list[Row]:
    import psutil
    from webclient import Browser

    rows: list[Row] = []
    t0 = time.perf_counter()
    templates = [Template(team_year(seed, residents)) for seed in range(1, templates_n + 1)]
    rows.append(
        Row(
            "province: team years generated (fill_demo)",
            time.perf_counter() - t0,
            "s",
            note=f"{templates_n} kinds of team, {templates[0].size:,} records each",
        )
    )
    pg = Postgres()
    url = pg.start()
    server = None
    try:
        loaded = load(url, communes, teams, templates)
        c = loaded["counts"]
        rows.append(
            Row(
                "province: written into PostgreSQL",
                loaded["written"],
                "s",
                note=f"{c['team']:,} teams, {c['record']:,} records, {c['f_resident']:,}"
                f" residents, {c['f_attendance']:,} attendances, {c['f_assist']:,} help",
            )
        )
        per = loaded["computed"] / (2 * len(loaded["teams"]))
        rows.append(
            Row(
                "province: rollups computed (every team, 2 years)",
                loaded["computed"],
                "s",
                note=f"{fmt(ms(per))} ms per team-year, 4 threads",
            )
        )
        with tempfile.TemporaryDirectory() as tmp:
            server = Central(Path(tmp), url).start()
            import subprocess

            for name, where in (
                ("xa", ["--commune", str(loaded["codes"][0])]),
                ("tinh", ["--province", str(PROVINCE)]),
            ):
                subprocess.run(
                    server.args("account", "add", name, *where, "--password-stdin"),
                    input="mat-khau-bench-1\n",
                    text=True,
                    check=True,
                    capture_output=True,
                )
            rows += feed_walk(server, len(loaded["teams"]), loaded["codes"][0])
            if feed_only:
                return rows
            province = Browser(server.url)
            province.login("tinh", "mat-khau-bench-1")
            rng = random.Random(3)

            def timed(path: str, n: int) -> list[float]:
                out = []
                for _ in range(n):
                    start = time.perf_counter()
                    answer = province.get(path.format(code=rng.choice(loaded["codes"])))
                    out.append(time.perf_counter() - start)
                    assert answer.status_code == 200, answer.status_code
                return out

            timed("/commune/{code}?p=" + YEAR, 5)  # warm
            commune = timed("/commune/{code}?p=" + YEAR, 60)
            rows.append(
                Row(
                    "commune page, a year (p95)",
                    p95(commune) * 1000,
                    "ms",
                    300,
                    note=f"median {fmt(ms(statistics.median(commune)))} ms, 15 teams",
                )
            )
            rows += drill_rows(timed)
            # Issue 23: the same page with the year's targets (a province's count target split
            # by adults, a commune's rate target) and the reach per neighbourhood, every
            # neighbourhood counted by the commune.
            from sqlalchemy import create_engine, text

            engine = create_engine(url)
            with engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO nb_figure (team_id, neighbourhood_id, adults, households,"
                        " counted_on, set_by, set_at) SELECT team_id, id, 1500, NULL,"
                        " '2026-01-15', 'bench', now() FROM record"
                        " WHERE entity = 'neighbourhood' AND NOT deleted"
                    )
                )
                for scope, code, unit, value in (
                    ("province", PROVINCE, "count", 50000),
                    *(("commune", c, "percent", 30) for c in loaded["codes"][::2]),
                ):
                    conn.execute(
                        text(
                            "INSERT INTO target (scope, code, year, indicator, value, unit,"
                            " set_by, set_at) VALUES (:s, :c, :y, 'trained', :v, :u, 'bench',"
                            " now())"
                        ),
                        {"s": scope, "c": code, "y": int(YEAR[:4]), "v": value, "u": unit},
                    )
                # What the figures form does after each neighbourhood's figure.
                from central import denominators

                for team_id in loaded["teams"]:
                    denominators.store_adults(conn, team_id)
            engine.dispose()
            timed("/commune/{code}?p=" + YEAR, 5)  # warm
            targeted = timed("/commune/{code}?p=" + YEAR, 60)
            rows.append(
                Row(
                    "commune page with targets and reach, a year (p95)",
                    p95(targeted) * 1000,
                    "ms",
                    100,
                    note=f"median {fmt(ms(statistics.median(targeted)))} ms",
                )
            )
            team_ids = loaded["teams"]
            team = []
            for _ in range(40):
                start = time.perf_counter()
                answer = province.get(f"/team/{rng.choice(team_ids)}?p={YEAR}&tab=trainings")
                team.append(time.perf_counter() - start)
                assert answer.status_code == 200
            rows.append(
                Row(
                    "team page, a year (p95)",
                    p95(team) * 1000,
                    "ms",
                    note=f"median {fmt(ms(statistics.median(team)))} ms",
                )
            )
            provinces = timed(f"/province/{PROVINCE}?p={YEAR}", 25)
            rows.append(
                Row(
                    "province page, a year (p95)",
                    p95(provinces) * 1000,
                    "ms",
                    1000,
                    note=f"median {fmt(ms(statistics.median(provinces)))} ms,"
                    f" {len(loaded['codes'])} communes",
                )
            )

            process = psutil.Process(server.proc.pid)
            before = process.memory_info().rss
            peak = [before]
            done = threading.Event()

            def sample() -> None:
                while not done.is_set():
                    peak.append(process.memory_info().rss)
                    time.sleep(0.02)

            watcher = threading.Thread(target=sample)
            watcher.start()
            start = time.perf_counter()
            answer = province.get(f"/province/{PROVINCE}/report.xlsx?p={YEAR}")
            seconds = time.perf_counter() - start
            done.set()
            watcher.join()
            assert answer.status_code == 200
            rows.append(
                Row(
                    "province XLSX export, a year (all teams)",
                    seconds,
                    "s",
                    note=f"{len(answer.content) / 1e6:.1f} MB",
                )
            )
            rows.append(
                Row(
                    "  service memory during the export",
                    (max(peak) - before) / 2**20,
                    "MB",
                    note=f"over {before / 2**20:.0f} MB before it",
                )
            )
    finally:
        if server is not None:
            server.stop()
        pg.stop()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--teams", type=int, default=15, help="teams per commune")
    parser.add_argument("--residents", type=int, default=1000, help="per team")
    parser.add_argument("--kinds", type=int, default=6, help="team years made by the generator")
    parser.add_argument("--json", action="store_true", help="one JSON row per line (run.py)")
    parser.add_argument("--feed-only", action="store_true", help="only the feed, not the pages")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    for row in measure(args.communes, args.teams, args.residents, args.kinds, args.feed_only):
        print(json.dumps(row.to_json()) if args.json else row.line(), flush=True)
    if not args.json:
        print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
