"""Sync figures on the large ward, against the real central service (`python -m central serve`,
SQLite) on 127.0.0.1:

- a laptop's first push of the whole ward, next to a floor measured in the same run: the same
  rows inserted straight into the server's `record` table (SQLAlchemy Core executemany, one
  transaction, the service's own engine settings);
- the bytes per change on the wire, both directions, counted by a proxy (bench/netproxy.py);
- a replacement laptop restoring the whole ward;
- a day's work (a training with 30 attendees, 10 help sessions) over a link slowed to
  256 kbit/s with 300 ms round trips, and another laptop receiving it over the same link;
- 50 laptops pushing at once: every change accepted once, the p95 of a batch's answer time
  and the service's peak memory.

bench/run.py runs this in a child process, so that the laptops' memory stays out of the app's
own peak memory figure; the rows come back as JSON lines. It also runs by itself:

    .venv/bin/python bench/sync_bench.py [--ward bench/out/large_ward.sqlite3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for extra in (ROOT, ROOT / "tests"):  # tests/servers.py starts the service as the tests do
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from netproxy import Proxy  # noqa: E402
from report import Row, ms, pct  # noqa: E402
from servers import Central  # noqa: E402

from desktop.failures import Failure  # noqa: E402
from desktop.store import commands, syncdata  # noqa: E402
from desktop.store.store import Store  # noqa: E402
from desktop.sync.credentials import Credentials  # noqa: E402
from desktop.sync.service import State, Status, SyncService  # noqa: E402
from sotay.domain.models import Assist, Attendance, Training, TrainingStatus  # noqa: E402
from sotay.protocol import BATCH_CHANGES, SERVER_HEADER, change_hash  # noqa: E402

PUSH_TARGET = 5000.0  # changes per second, at least
BYTES_TARGET = 120.0  # per change, both directions
RESTORE_TARGET = 15.0  # seconds
SLOW_TARGET = 5.0  # seconds
SLOW_LINK = {"bits_per_second": 256_000, "rtt": 0.300}
LAPTOPS = 50
TEAMS = 10  # the 50 laptops belong to 10 teams of 5
PER_LAPTOP = 2000  # changes each laptop pushes, in batches of BATCH_CHANGES
SYNCED_TABLES = ("resident", "training", "attendance", "assist")


# --- the pieces ---------------------------------------------------------------------------------


class Admin:
    """The commune's admin operations, on the service's own database (as tests/conftest.py)."""

    def __init__(self, server: Central) -> None:
        from central import db
        from central.config import Config

        self.engine, _ = db.open_database(Config.load(server.data_dir, server.database_url))

    def team(self, name: str) -> str:
        from central import teams

        with self.engine.begin() as conn:
            return teams.add_team(conn, 4, name).id

    def code(self, team_id: str) -> str:
        from central import teams

        with self.engine.begin() as conn:
            return teams.issue_code(conn, team_id)[0]

    def scalar(self, sql: str) -> Any:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return conn.execute(text(sql)).scalar()

    def close(self) -> None:
        self.engine.dispose()


class Laptop:
    """A profile with the real store and sync service; `sync()` runs the service's own thread
    until a cycle ends synced, so waits the server asks for (429 Retry-After) count."""

    def __init__(self, folder: Path, ward: Path | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        db_path = folder / "sotay.sqlite3"
        if ward is not None:
            shutil.copyfile(ward, db_path)
            conn = sqlite3.connect(db_path)
            with conn:  # the large ward is a demo profile, which never connects
                conn.execute("DELETE FROM sync_state WHERE key = 'demo'")
            conn.close()
        self.store = Store(db_path, folder / "backups")
        self.store.opened.result()
        self.statuses: list[Status] = []
        self._done = threading.Event()
        # Cycles only when asked (sync_now): no timer, and saves do not start one, so nothing
        # syncs behind the benchmark's back (a running service thread cannot be restarted).
        self.service = SyncService(
            self.store,
            folder,
            credentials=Credentials(folder, use_keyring=False),
            on_status=self._status,
            interval=1e9,
            after_save=1e9,
        )
        self._started = False
        self._cycling = False

    def _status(self, status: Status) -> None:
        # Counts are published between cycles with the last cycle's state: only what follows
        # this cycle's SYNCING ends it.
        if status.state == State.SYNCING:
            self._cycling = True
        if not self._cycling:
            return
        self.statuses.append(status)
        if status.state in (State.SYNCED, State.REVOKED, State.OFFLINE) or (
            status.state == State.FAILED and status.failure is not Failure.SERVER_BUSY
        ):
            self._done.set()

    def connect(self, url: str, code: str) -> None:
        self.service.connect(self.service.offer(url, code), self.folder.name)

    def point_at(self, url: str) -> None:
        self.store.write(syncdata.set_state, {"server_url": url}).result()

    def sync(self, timeout: float = 600) -> tuple[float, int]:
        """(seconds, how many times the server said "later") for one complete sync."""
        self.statuses.clear()
        self._cycling = False
        self._done.clear()
        t0 = time.perf_counter()
        if not self._started:
            self._started = True
            self.service.start()  # its first cycle starts at once
        else:
            self.service.sync_now()
        if not self._done.wait(timeout):
            raise TimeoutError("sync did not finish")
        seconds = time.perf_counter() - t0
        last = self.statuses[-1]
        if last.state != State.SYNCED or last.waiting:
            raise RuntimeError(f"sync ended {last}")
        busy = sum(
            1 for s in self.statuses if s.state == State.FAILED and s.failure is Failure.SERVER_BUSY
        )
        return seconds, busy

    def counts(self) -> dict[str, int]:
        def run(conn: sqlite3.Connection) -> dict[str, int]:
            return {
                t: conn.execute(f"SELECT COUNT(*) FROM {t} WHERE deleted_at IS NULL").fetchone()[0]
                for t in SYNCED_TABLES
            }

        return self.store.read(run).result()

    def close(self) -> None:
        self.service.stop()
        self.store.close()


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def queued_changes(store: Store) -> list[tuple[str, str, str, dict[str, Any]]]:
    """The outbox as it travels: (entity, id, op, wire payload), oldest first."""

    def run(conn: sqlite3.Connection) -> list[tuple[str, str, str, dict[str, Any]]]:
        return [
            (e, i, op, syncdata.wire_payload(e, op, json.loads(p)))
            for e, i, op, p in conn.execute(
                "SELECT entity, entity_id, op, payload FROM outbox ORDER BY seq"
            )
        ]

    return store.read(run).result()


# --- the floor ----------------------------------------------------------------------------------


def floor_seconds(folder: Path, changes: list[tuple[str, str, str, dict[str, Any]]]) -> float:
    """The same rows as the push writes, inserted straight into a fresh service database of the
    same kind (the service's engine: WAL, synchronous=FULL) in one transaction. Building the
    rows (payload JSON, content hash) is left out: only the database's work is timed."""
    from central import db
    from central import tables as T
    from central.config import Config
    from central.ingest import utcnow

    engine, reader = db.open_database(Config.load(folder))
    team, device, now = str(uuid.uuid4()), str(uuid.uuid4()), utcnow()
    rows = [
        {
            "team_id": team,
            "entity": entity,
            "id": record_id,
            "version": 1,
            "deleted": op == "delete",
            "payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
            "hash": change_hash(entity, record_id, op, payload),
            "seq": seq,
            "device_id": device,
            "lineage": 0,
            "updated_at": now,
        }
        for seq, (entity, record_id, op, payload) in enumerate(changes, 1)
    ]
    t0 = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(T.record.insert(), rows)
    seconds = time.perf_counter() - t0
    engine.dispose()
    reader.dispose()
    return seconds


# --- the measurements ---------------------------------------------------------------------------


def day_of_work(laptop: Laptop) -> int:
    """A training with 30 attendees and 10 help sessions, saved as the app saves them; returns
    the changes queued."""

    def facts(conn: sqlite3.Connection) -> dict[str, Any]:
        return {
            "residents": [r[0] for r in conn.execute("SELECT id FROM resident LIMIT 30")],
            "topic": conn.execute("SELECT id FROM topic LIMIT 1").fetchone()[0],
            "service": conn.execute("SELECT id FROM service LIMIT 1").fetchone()[0],
            "member": conn.execute("SELECT id FROM member LIMIT 1").fetchone()[0],
        }

    f = laptop.store.read(facts).result()
    training = Training(
        day=date.today(),
        start_time="08:00",
        end_time="10:00",
        place="Nhà văn hóa khu phố 3",
        status=TrainingStatus.HELD,
        topic_ids=[f["topic"]],
        trainer_ids=[f["member"]],
        attendance=[Attendance(resident_id=r) for r in f["residents"]],
    )
    laptop.store.write(commands.save_training, training, f["member"]).result()
    for k in range(10):
        assist = Assist(
            day=date.today(),
            resident_id=f["residents"][k],
            member_id=f["member"],
            service_id=f["service"],
            note=f"Cài VNeID, lần {k + 1}",
        )
        laptop.store.write(commands.save_assist, assist, f["member"]).result()
    return laptop.store.read(syncdata.counts).result().waiting


def ward_push_restore_and_slow_link(work: Path, ward: Path) -> Iterator[Row]:
    server = Central(work / "central").start()
    admin = Admin(server)
    fast = Proxy(server.port).start()
    slow = Proxy(server.port, **SLOW_LINK).start()
    leader = Laptop(work / "leader", ward)
    spare: Laptop | None = None
    try:
        team = admin.team("Tổ CNSCĐ phường (bench)")
        leader.connect(fast.url, admin.code(team))
        # After connecting: the team record carries the server's id and commune by then.
        t0 = time.perf_counter()
        queued = leader.store.write(syncdata.queue_everything).result()
        queue_s = time.perf_counter() - t0
        changes = queued_changes(leader.store)
        floor = floor_seconds(work / "floor", changes)
        del changes
        yield Row(
            "sync floor: the same rows into the service's table",
            queued / floor,
            "changes/s",
            None,
            f"{queued:,} rows in {floor:.1f} s, SQLAlchemy executemany, one transaction",
        )

        fast.reset()
        seconds, busy = leader.sync()
        on_server = admin.scalar(f"SELECT COUNT(*) FROM record WHERE team_id = '{team}'")
        accepted = admin.scalar(f"SELECT COUNT(*) FROM receipt WHERE team_id = '{team}'")
        if on_server != queued or accepted != queued:
            raise RuntimeError(f"{queued} queued, {on_server} on the server, {accepted} receipts")
        rate = queued / seconds
        yield Row(
            "sync first push of the large ward (loopback, SQLite)",
            rate,
            "changes/s",
            PUSH_TARGET,
            f"{queued:,} changes in {seconds:.1f} s = {seconds / floor:.1f}x the floor's time"
            f" ({rate / (queued / floor):.2f} of its rate); {busy} wait(s) for the per-laptop"
            f" rate limit; queued in {queue_s:.1f} s (not counted)",
            at_least=True,
        )
        yield Row(
            "sync first push vs floor (time)",
            seconds / floor,
            "x",
            None,
            f"{seconds:.1f} s / {floor:.1f} s; HTTP, JSON, gzip, checks, receipts, outbox",
        )
        wire = fast.sent + fast.received
        yield Row(
            "sync bytes per change on the wire (both ways)",
            wire / queued,
            "B",
            BYTES_TARGET,
            f"up {fast.sent / queued:.1f} + down {fast.received / queued:.1f};"
            f" {wire / 2**20:.1f} MB in all, HTTP headers included",
        )
        yield Row(
            "sync service peak memory after the first push",
            peak_rss_mb(server.proc.pid),  # type: ignore[union-attr]
            "MB",
            None,
            "VmHWM of the server process",
        )

        spare = Laptop(work / "spare")
        spare.connect(fast.url, admin.code(team))
        fast.reset()
        seconds, busy = spare.sync()
        have, want = spare.counts(), leader.counts()
        if have != want:
            raise RuntimeError(f"restored {have}, the ward has {want}")
        yield Row(
            "sync replacement laptop restores the large ward",
            seconds,
            "s",
            RESTORE_TARGET,
            f"{sum(have.values()):,} residents, trainings, attendance, help sessions;"
            f" {fast.received / 2**20:.1f} MB down ({fast.received / queued:.0f} B/record)",
        )

        waiting = day_of_work(leader)
        leader.point_at(slow.url)  # a new connection, through the slow link
        slow.reset()
        seconds, _ = leader.sync()
        yield Row(
            "sync a day's work over 256 kbit/s, 300 ms RTT",
            seconds,
            "s",
            SLOW_TARGET,
            f"{waiting} changes (training, 30 attendees, 10 help sessions);"
            f" {slow.sent:,} B up, {slow.received:,} B down, {slow.connections} connection(s)",
        )
        before = spare.counts()["attendance"]
        spare.point_at(slow.url)
        slow.reset()
        seconds, _ = spare.sync()
        if spare.counts()["attendance"] != before + 30:
            raise RuntimeError("the other laptop did not receive the day's work")
        yield Row(
            "sync another laptop receives it over the same link",
            seconds,
            "s",
            SLOW_TARGET,
            f"{slow.sent:,} B up, {slow.received:,} B down",
        )
    finally:
        for laptop in (leader, spare):
            if laptop is not None:
                laptop.close()
        fast.stop()
        slow.stop()
        server.stop()
        admin.close()


def many_laptops(work: Path, ward: Path) -> Iterator[Row]:
    """50 enrolled laptops (10 teams of 5) push 2,000 changes each, in batches as the client
    makes them, all starting at the same moment. Bodies are built beforehand, so the figure is
    the service's answer time, not this process's JSON work."""
    import requests

    from desktop.sync.client import Client

    # Real records of the large ward, split between the laptops (team records left out: each
    # team has its own).
    source = Laptop(work / "source", ward)
    source.store.write(syncdata.queue_everything).result()
    pool = [c for c in queued_changes(source.store) if c[0] != "team"]
    source.close()
    total = LAPTOPS * PER_LAPTOP
    pool = pool[:total]

    server = Central(work / "central-many").start()
    admin = Admin(server)
    try:
        teams = [admin.team(f"Tổ {k + 1} (bench)") for k in range(TEAMS)]
        jobs: list[tuple[str, list[tuple[str, bytes]]]] = []
        for n in range(LAPTOPS):
            client = Client(server.url)
            client.server_id = client.ping()["server_id"]
            token = client.enrol(admin.code(teams[n % TEAMS]), f"laptop {n}")["token"]
            mine = pool[n * PER_LAPTOP : (n + 1) * PER_LAPTOP]
            bodies = []
            for start in range(0, len(mine), BATCH_CHANGES):
                batch_id = uuid.uuid4().hex
                wire = [
                    {"seq": seq, "entity": e, "id": i, "op": op, "base_version": 0, "payload": p}
                    for seq, (e, i, op, p) in enumerate(
                        mine[start : start + BATCH_CHANGES], start + 1
                    )
                ]
                raw = json.dumps({"batch_id": batch_id, "changes": wire}, ensure_ascii=False)
                bodies.append((batch_id, gzip.compress(raw.encode(), 6)))
            jobs.append((token, bodies))

        answers: list[float] = []
        statuses: dict[str, int] = {}
        retries: list[int] = []
        errors: list[str] = []
        lock = threading.Lock()
        start = threading.Barrier(LAPTOPS)

        def laptop(token: str, bodies: list[tuple[str, bytes]]) -> None:
            session = requests.Session()
            headers = {
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
            }
            start.wait()
            for batch_id, body in bodies:
                while True:
                    t0 = time.perf_counter()
                    try:
                        r = session.post(
                            server.url + "/v1/sync/push", data=body, headers=headers, timeout=120
                        )
                    except requests.RequestException as exc:
                        with lock:
                            errors.append(type(exc).__name__)
                        return
                    took = time.perf_counter() - t0
                    if r.status_code in (429, 503):  # later: the same batch again, as the client
                        with lock:
                            retries.append(r.status_code)
                        time.sleep(float(r.headers.get("Retry-After", "1")))
                        continue
                    answer = r.json() if r.status_code == 200 else {}
                    if answer.get("batch_id") != batch_id or SERVER_HEADER not in r.headers:
                        with lock:
                            errors.append(f"{r.status_code} {r.text[:80]}")
                        return
                    with lock:
                        answers.append(took)
                        for receipt in answer["receipts"]:
                            statuses[receipt["status"]] = statuses.get(receipt["status"], 0) + 1
                    break

        threads = [threading.Thread(target=laptop, args=job) for job in jobs]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        on_server = admin.scalar("SELECT COUNT(*) FROM record")
        accepted = admin.scalar("SELECT COUNT(*) FROM receipt WHERE status = 'accepted'")
        wrong = abs(total - statuses.get("accepted", 0)) + abs(total - on_server)
        wrong += abs(total - accepted) + len(errors)
        yield Row(
            f"sync {LAPTOPS} laptops at once: changes not accepted exactly once",
            wrong,
            "changes",
            1,
            f"{total:,} changes, receipts {statuses}; {on_server:,} records on the server;"
            f" {len(retries)} retried (429/503){'; errors ' + str(errors[:3]) if errors else ''}",
            target_text="none",
        )
        yield Row(
            f"sync {LAPTOPS} laptops at once: p95 of a batch's answer",
            ms(pct(answers, 95)),
            "ms",
            None,
            f"{len(answers)} batches of {BATCH_CHANGES}; p50 {ms(pct(answers, 50)):.0f} ms,"
            f" max {ms(max(answers)):.0f} ms; all done in {wall:.1f} s"
            f" ({total / wall:,.0f} changes/s)",
        )
        yield Row(
            f"sync {LAPTOPS} laptops at once: service peak memory",
            peak_rss_mb(server.proc.pid),  # type: ignore[union-attr]
            "MB",
            None,
            "VmHWM of the server process, started fresh for this",
        )
    finally:
        server.stop()
        admin.close()


def measure(ward: Path) -> Iterator[Row]:
    with tempfile.TemporaryDirectory(prefix="sotay-sync-bench-") as tmp:
        work = Path(tmp)
        yield from ward_push_restore_and_slow_link(work, ward)
        yield from many_laptops(work, ward)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ward", type=Path, help="the large ward (default: the bench's cache)")
    parser.add_argument("--json", action="store_true", help="one JSON row per line (run.py)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    ward = args.ward
    if ward is None:
        import run

        run.ensure_ward(False)
        ward = run.CACHED_DB
    started = datetime.now(UTC)
    for row in measure(ward):
        print(json.dumps(row.to_json()) if args.json else row.line(), flush=True)
    if not args.json:
        print(f"({(datetime.now(UTC) - started).total_seconds():.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
