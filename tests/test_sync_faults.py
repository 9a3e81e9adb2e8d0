"""Sync under faults: every change reaches the server exactly once, whatever breaks.

Three runs against the real central service on 127.0.0.1, each ending with one fault-free
sync and the same checks (`exactly_once`): no outbox left, no "needs attention" left, the
server holds exactly the records the laptops hold (ids and synced fields), and a record saved
once has server version 1 (a change applied twice would have bumped it).

- `test_sync_survives_a_faulty_link`: three laptops of a team record, edit, delete and resolve
  conflicts while a fault proxy (tests/faultproxy.py) refuses, stalls, cuts requests and
  answers, answers like a Wi-Fi portal, 429, 503 and 413.
- `test_sync_survives_the_laptop_killed`: tests/sync_child.py saves and syncs a laptop
  profile and is killed with SIGKILL at random moments, mostly during a sync cycle.
- `test_ingest_survives_the_server_killed`: a laptop pushes thousands of changes while the
  central service is killed with SIGKILL at random moments, mostly while it ingests a batch.

Then one planned fault of each kind on a push, the proxy's slow-link mode, and the bugs these
runs found (each test says which). The three runs are marked slow and print one line of
figures and their seed; SOTAY_SYNC_FAULTS_SEED replays a run (exactly for the faulty link; the
moments of the kills depend on timing too). SOTAY_SYNC_FAULTS, SOTAY_SYNC_CLIENT_KILLS and
SOTAY_SYNC_SERVER_KILLS set the counts.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import requests

from desktop.failures import Failure
from desktop.store import commands, queries, syncdata
from desktop.store.schema import SYNCED
from desktop.sync.client import Client, new_session
from desktop.sync.credentials import Credentials
from desktop.sync.service import State, SyncService
from sotay.domain.fields import FIELDS
from sotay.domain.models import (
    Assist,
    Attendance,
    Gender,
    Outcome,
    Resident,
    Training,
    TrainingStatus,
)
from tests.faultproxy import Fault, FaultProxy
from tests.helpers import connected_team
from tests.servers import ROOT, Central

SEED = os.environ.get("SOTAY_SYNC_FAULTS_SEED")
# The team itself lives in the server's team table, not among its records.
RECORDS = tuple(e for e in SYNCED if e != "team")
LISTS = syncdata.LISTS
LINKS = syncdata.LINKS
# A short read timeout: a stalled request costs this much (the test's requests take ~10 ms).
TIMEOUT = (2.0, 0.5)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quốc")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hương", "Khoa", "Lan", "Long", "Mai", "Sơn")


def seed_of() -> int:
    return int(SEED) if SEED else random.randrange(1 << 30)


def say(capsys: pytest.CaptureFixture[str], line: str) -> None:
    """Print past pytest's capture, as test_durability.py reports its figure."""
    with capsys.disabled():
        print("\n" + line, flush=True)


# --- what the laptops and the server hold ------------------------------------------------------

Key = tuple[str, str]  # (entity, id)


@dataclass
class Holdings:
    """Records of one side: live ones with their synced fields, deleted ones, versions."""

    live: dict[Key, tuple[Any, ...]] = field(default_factory=dict)
    dead: set[Key] = field(default_factory=set)
    versions: dict[Key, int] = field(default_factory=dict)

    @property
    def keys(self) -> set[Key]:
        return set(self.live) | self.dead


def content(entity: str, values: dict[str, Any]) -> tuple[Any, ...]:
    """The synced fields, lists in a stable order (link tables have none)."""
    return tuple(
        sorted(values.get(f) or []) if f in LISTS.get(entity, ()) else values.get(f)
        for f in FIELDS[entity]
    )


def laptop_holdings(query: Callable[..., list[tuple]]) -> Holdings:
    """What a laptop's file holds; `query(sql)` runs a read on it. Versions are the laptop's
    own: the number of times it saved (or received) the record."""
    out = Holdings()
    for entity in RECORDS:
        lists = LISTS.get(entity, ())
        columns = [f for f in FIELDS[entity] if f not in lists]
        links: dict[str, dict[str, list[str]]] = {}
        for name in lists:
            table, column = LINKS[name]
            found: dict[str, list[str]] = {}
            for owner, value in query(f"SELECT training_id, {column} FROM {table}"):
                found.setdefault(owner, []).append(value)
            links[name] = found
        select = ", ".join(["id", "version", "deleted_at", *columns])
        for record_id, version, deleted_at, *values in query(f"SELECT {select} FROM {entity}"):
            key = (entity, record_id)
            out.versions[key] = version
            if deleted_at:
                out.dead.add(key)
                continue
            fields = dict(zip(columns, values, strict=True))
            for name in lists:
                fields[name] = links[name].get(record_id, [])
            out.live[key] = content(entity, fields)
    return out


def server_holdings(admin: Any, team_id: str) -> Holdings:
    from sqlalchemy import text

    out = Holdings()
    with admin.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT entity, id, version, deleted, payload FROM record WHERE team_id = :t"),
            {"t": team_id},
        ).all()
    seen: Counter[Key] = Counter()
    for entity, record_id, version, deleted, payload in rows:
        if entity not in RECORDS:
            continue
        key = (entity, record_id)
        seen[key] += 1
        out.versions[key] = version
        if deleted:
            out.dead.add(key)
        else:
            out.live[key] = content(entity, json.loads(payload))
    twice = [k for k, n in seen.items() if n > 1]
    assert not twice, f"records stored more than once on the server: {twice[:5]}"
    return out


@dataclass
class Verdict:
    changes: int = 0  # changes saved on the laptops
    records: int = 0  # records on the server
    lost: list[str] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)  # applied more than once
    other: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return self.lost + self.twice + self.other

    def figures(self) -> str:
        return (
            f"{self.changes} changes, {self.records} records, {len(self.twice)} duplicates,"
            f" {len(self.lost)} lost"
        )


def exactly_once(
    laptops: dict[str, Holdings],
    server: Holdings,
    saves: Counter[Key] | None = None,
    confirmed: set[Key] | None = None,
) -> Verdict:
    """The server holds exactly what the laptops hold, each change applied once.

    `saves`: how many times each record was saved (in-process laptops); otherwise a record's
    version on the laptop that holds it most often stands for its saves. `confirmed`: records a
    killed laptop reported as saved (they must be there even if its file were lost)."""
    v = Verdict(records=len(server.keys))
    union: set[Key] = set().union(*(h.keys for h in laptops.values()))
    if saves is not None:
        saved = {k for k in saves if k[0] != "team"}
        v.changes = sum(n for k, n in saves.items() if k[0] != "team")
    else:
        saved = union
        v.changes = sum(
            max(h.versions.get(k, 0) for h in laptops.values() if k in h.versions) for k in union
        )
    for key in sorted(saved - server.keys):
        v.lost.append(f"{key}: saved, not on the server")
    for key in sorted((confirmed or set()) - server.keys):
        v.lost.append(f"{key}: reported saved by the killed laptop, not on the server")
    for key in sorted(server.keys - saved):
        v.other.append(f"{key}: on the server, never saved on a laptop")
    for name, held in laptops.items():
        for key in sorted(server.live.keys() ^ held.live.keys()):
            where = "server" if key in server.live else name
            v.other.append(f"{key}: live only on the {where} ({name} vs server)")
        for key in sorted(server.live.keys() & held.live.keys()):
            if server.live[key] != held.live[key]:
                v.lost.append(f"{key}: {name} {held.live[key]} != server {server.live[key]}")
        for key in sorted(held.dead - server.dead):
            v.lost.append(f"{key}: deleted on {name}, not on the server")
    for key, version in server.versions.items():
        if saves is not None:
            times = saves.get(key, 0)
        else:
            times = max((h.versions.get(key, 0) for h in laptops.values()), default=0)
        if version > max(times, 1):
            v.twice.append(f"{key}: server version {version} after {times} saves")
    return v


def outbox(laptop: Any) -> int:
    return laptop.query("SELECT COUNT(*) FROM outbox")[0][0]


def attention(laptop: Any) -> int:
    return laptop.query("SELECT COUNT(*) FROM sync_attention WHERE resolved_at IS NULL")[0][0]


def use_client(laptop: Any, factory: Callable[..., Client]) -> None:
    """Give the laptop a sync service whose client the test chose (a short timeout...)."""
    laptop.sync.stop()
    laptop.sync = SyncService(
        laptop.store,
        laptop.folder,
        credentials=Credentials(laptop.folder, use_keyring=False),
        client_factory=factory,
        on_status=laptop.statuses.append,
    )


# --- a team at work ------------------------------------------------------------------------------


@pytest.fixture
def saves(monkeypatch: pytest.MonkeyPatch) -> Counter[Key]:
    """Every change queued by a save, per record (all laptops of the test run in-process)."""
    counted: Counter[Key] = Counter()
    lock = threading.Lock()
    real = commands.outbox

    def counting(conn: Any, entity: str, entity_id: str, *args: Any) -> None:
        real(conn, entity, entity_id, *args)
        with lock:
            counted[(entity, entity_id)] += 1

    monkeypatch.setattr(commands, "outbox", counting)
    return counted


class Team:
    """Laptops of one team doing a day's work, chosen by a seeded random generator."""

    def __init__(self, rng: random.Random, laptops: list[Any], saves: Counter[Key]) -> None:
        self.rng = rng
        self.laptops = laptops
        self.saves = saves
        self.creator: dict[str, Any] = {}  # training id -> the laptop that made it
        self.done: Counter[str] = Counter()

    def ids(self, laptop: Any, table: str) -> list[str]:
        return [r[0] for r in laptop.query(f"SELECT id FROM {table} WHERE deleted_at IS NULL")]

    def work(self, laptop: Any) -> None:
        ops = {
            self.new_resident: 30,
            self.edit_resident: 20,
            self.delete_resident: 3,
            self.new_training: 8,
            self.edit_training: 12,
            self.new_assist: 15,
            self.edit_assist: 8,
            self.delete_assist: 4,
        }
        op = self.rng.choices(list(ops), list(ops.values()))[0]
        if op(laptop) is not False:
            self.done[op.__name__] += 1

    def new_resident(self, laptop: Any) -> None:
        rng = self.rng
        r = Resident(
            full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            gender=rng.choice((Gender.FEMALE, Gender.MALE, None)),
            birth_year=rng.randint(1940, 2010),
            neighbourhood_id=rng.choice(self.ids(laptop, "neighbourhood")),
            note=f"n{rng.randrange(1000)}",
        )
        laptop.write(commands.save_resident, r, None)

    def edit_resident(self, laptop: Any) -> bool:
        ids = self.ids(laptop, "resident")
        if not ids:
            return False
        r = laptop.read(queries.get_resident, self.rng.choice(ids))
        r.phone = f"09{self.rng.randrange(10**8):08d}"
        r.note = f"e{self.rng.randrange(1000)}"
        laptop.write(commands.save_resident, r, None)
        return True

    def delete_resident(self, laptop: Any) -> bool:
        ids = self.ids(laptop, "resident")
        if len(ids) < 10:
            return False
        laptop.write(commands.delete, "resident", self.rng.choice(ids), None)
        return True

    def new_training(self, laptop: Any) -> bool:
        residents = self.ids(laptop, "resident")
        if len(residents) < 3:
            return False
        rng = self.rng
        t = Training(
            day=date(2026, 3, 2) + timedelta(days=rng.randrange(200)),
            start_time="08:00",
            end_time="10:00",
            place=f"Nhà văn hóa khu phố {rng.randint(1, 9)}",
            status=rng.choice(list(TrainingStatus)),
            topic_ids=rng.sample(self.ids(laptop, "topic"), 2),
            trainer_ids=rng.sample(self.ids(laptop, "member"), 1),
            attendance=[
                Attendance(rid, present=rng.random() < 0.8)
                for rid in rng.sample(residents, min(len(residents), rng.randint(2, 8)))
            ],
        )
        laptop.write(commands.save_training, t, None)
        self.creator[t.id] = laptop
        return True

    def edit_training(self, laptop: Any) -> bool:
        """Any laptop may mark presence or change the note; only the training's own laptop adds
        or removes people (two laptops adding one resident offline make two attendance records
        for one pair: test_the_same_attendee_added_on_two_laptops)."""
        ids = [i for i in self.ids(laptop, "training") if i in self.creator]
        found = laptop.read(queries.get_training, self.rng.choice(ids)) if ids else None
        if found is None:
            return False
        t, _ = found
        rng = self.rng
        for a in t.attendance:
            if rng.random() < 0.3:
                a.present = not a.present
        t.note = f"t{rng.randrange(1000)}"
        if self.creator[t.id] is laptop:
            if t.attendance and rng.random() < 0.3:
                t.attendance.remove(rng.choice(t.attendance))
            taken = {a.resident_id for a in t.attendance}
            fresh = [r for r in self.ids(laptop, "resident") if r not in taken]
            t.attendance += [Attendance(r) for r in rng.sample(fresh, min(len(fresh), 2))]
        laptop.write(commands.save_training, t, None)
        return True

    def new_assist(self, laptop: Any) -> bool:
        residents = self.ids(laptop, "resident")
        if not residents:
            return False
        rng = self.rng
        outcome = rng.choice(list(Outcome))
        a = Assist(
            day=date(2026, 3, 2) + timedelta(days=rng.randrange(200)),
            resident_id=rng.choice(residents),
            member_id=rng.choice(self.ids(laptop, "member")),
            service_id=rng.choice(self.ids(laptop, "service")),
            outcome=outcome,
            reason="" if outcome is Outcome.DONE else "Chưa có CCCD gắn chip",
        )
        laptop.write(commands.save_assist, a, None)
        return True

    def edit_assist(self, laptop: Any) -> bool:
        ids = self.ids(laptop, "assist")
        if not ids:
            return False
        a, _ = laptop.read(queries.get_assist, self.rng.choice(ids))
        a.note = f"a{self.rng.randrange(1000)}"
        laptop.write(commands.save_assist, a, None)
        return True

    def delete_assist(self, laptop: Any) -> bool:
        ids = self.ids(laptop, "assist")
        if not ids:
            return False
        laptop.write(commands.delete, "assist", self.rng.choice(ids), None)
        return True

    def resolve(self, laptop: Any, *, theirs_only: bool = False) -> None:
        """The user settles each conflict: keeps theirs or keeps their own."""
        for item in laptop.read(syncdata.attention):
            assert item.status == "conflict", item  # nothing here is invalid
            if theirs_only or self.rng.random() < 0.5:
                laptop.write(syncdata.take_theirs, item.id)
                self.done["take_theirs"] += 1
            else:
                laptop.write(syncdata.keep_mine, item.id)
                self.saves[(item.entity, item.entity_id)] += 1  # it goes again: one more save
                self.done["keep_mine"] += 1


def settle(
    laptops: list[Any], resolve: Callable[[Any], None] | None = None, rounds: int = 30
) -> int:
    """Sync every laptop until a round starts with nothing waiting anywhere and every cycle
    of it succeeds: then each laptop has pulled everything. Returns the rounds it took."""
    for n in range(1, rounds + 1):
        quiet = all(outbox(lt) == 0 and attention(lt) == 0 for lt in laptops)
        states = [lt.sync.run_once().state for lt in laptops]
        if quiet and all(s == State.SYNCED for s in states):
            return n
        for laptop in laptops:
            if resolve is not None:
                resolve(laptop)
    last = [lt.statuses[-1] for lt in laptops if lt.statuses]
    raise AssertionError(f"not settled after {rounds} rounds: {last}")


# --- 1. a faulty link ---------------------------------------------------------------------------

FAULTS = {"sqlite": 200, "postgresql": 200}
# Of requests; pushes get more: what they carry is what must arrive exactly once.
FAULT_RATE = {"": 0.12, "/v1/sync/push": 0.4}
WEIGHTS = {  # stalls cost a client timeout each
    "refuse": 1.0,
    "stall": 0.4,
    "cut_body": 1.0,
    "cut_answer": 1.5,
    "portal": 0.7,
    "429": 0.7,
    "503": 0.7,
    "413": 0.8,
}


@pytest.mark.slow
def test_sync_survives_a_faulty_link(
    central: Any, laptops: Any, saves: Counter[Key], capsys: pytest.CaptureFixture[str]
) -> None:
    target = int(os.environ.get("SOTAY_SYNC_FAULTS") or FAULTS[central.backend])
    seed = seed_of()
    rng = random.Random(seed)
    started = time.monotonic()
    server_id = Client(central.url).ping()["server_id"]
    proxy = FaultProxy(
        central.port,
        seed=rng.randrange(1 << 30),
        weights={Fault(k): w for k, w in WEIGHTS.items()},
        server_id=server_id,
        # The service waits out a short Retry-After within the cycle: at the usual 1 s, each
        # busy answer to a push would cost a second (test_each_fault_on_a_push waits one).
        retry_after=0,
    ).start()
    try:
        team_id = central.admin_ops.team().id
        members = [laptops(name) for name in ("leader", "deputy", "member")]
        members[0].set_up()
        for laptop in members:
            use_client(laptop, partial(Client, timeout=TIMEOUT))
            laptop.connect(proxy.url, central.admin_ops.code(team_id))
            assert laptop.sync.run_once().state == State.SYNCED
        team = Team(rng, members, saves)

        proxy.rate = FAULT_RATE
        outcomes: Counter[str] = Counter()
        steps = 0
        while proxy.total < target:
            steps += 1
            assert steps < 20 * target, f"only {proxy.total} faults after {steps} steps"
            for _ in range(rng.randint(1, 3)):
                team.work(rng.choice(members))
            for laptop in rng.sample(members, rng.randint(1, len(members))):
                status = laptop.sync.run_once()
                outcomes[str(status.failure or status.state)] += 1
                if status.attention and rng.random() < 0.5:
                    team.resolve(laptop)
        proxy.rate = 0.0
        rounds = settle(members, partial(team.resolve, theirs_only=True))

        verdict = exactly_once(
            {f"laptop {i}": laptop_holdings(lt.query) for i, lt in enumerate(members)},
            server_holdings(central.admin_ops, team_id),
            saves,
        )
        waiting = {i: (outbox(lt), attention(lt)) for i, lt in enumerate(members)}
    finally:
        proxy.stop()
    reused = proxy.pushes_hit_on_a_reused_connection
    line = (
        f"sync faults ({central.backend}): {proxy.total} faults ({proxy.summary()}),"
        f" {proxy.lost_answers} pushes committed with the answer lost,"
        f" {sum(reused.values())} faults on a push after another request on its connection"
        f" ({', '.join(f'{k} {n}' for k, n in reused.most_common())}),"
        f" {verdict.figures()}; {steps} steps, cycles {dict(outcomes)},"
        f" {team.done['keep_mine'] + team.done['take_theirs']} conflicts resolved, settled in"
        f" {rounds} rounds; {time.monotonic() - started:.1f} s, seed {seed}"
    )
    say(capsys, line)
    assert not proxy.errors, proxy.errors[:5]
    assert all(w == (0, 0) for w in waiting.values()), f"{waiting}; {line}"
    assert not verdict.problems, f"{verdict.problems[:10]}; {line}"
    assert proxy.total >= target, line
    assert verdict.changes > 0 and verdict.records > 0, line
    # Cut mid-way through a cycle, on a kept-alive connection, not only at a cycle's start.
    assert reused[Fault.CUT_BODY] + reused[Fault.CUT_ANSWER] >= target // 20, line


@pytest.mark.parametrize(
    ("fault", "failure"),
    [
        ("refuse", Failure.OFFLINE),
        ("stall", Failure.TIMEOUT),
        ("cut_body", Failure.OFFLINE),
        ("cut_answer", Failure.OFFLINE),
        ("portal", Failure.PORTAL),
        ("429", None),  # Retry-After: 1 is waited out within the cycle, then it goes
        ("503", None),
        ("413", None),  # the batch is split and goes at once
    ],
)
def test_each_fault_on_a_push(
    central: Any, laptops: Any, saves: Counter[Key], fault: str, failure: Failure | None
) -> None:
    """One planned fault on the push of a training with its roll-call: the cycle fails as its
    kind says (or waits, or splits the batch), the next one delivers it, once."""
    server_id = Client(central.url).ping()["server_id"]
    proxy = FaultProxy(central.port, server_id=server_id).start()
    try:
        team_id = central.admin_ops.team().id
        leader, deputy = laptops("leader"), laptops("deputy")
        leader.set_up()
        for laptop in (leader, deputy):
            use_client(laptop, partial(Client, timeout=TIMEOUT))
            laptop.connect(proxy.url, central.admin_ops.code(team_id))
            assert laptop.sync.run_once().state == State.SYNCED
        team = Team(random.Random(1), [leader], saves)
        for _ in range(5):
            team.new_resident(leader)
        team.new_training(leader)
        proxy.plan(Fault(fault), path="/v1/sync/push")
        began = time.monotonic()
        status = leader.sync.run_once()
        assert proxy.injected == {Fault(fault): 1}
        assert status.failure is failure, status
        if fault in ("429", "503"):
            assert time.monotonic() - began >= 1.0  # it waited as asked
        assert leader.sync.run_once().state == State.SYNCED
        assert deputy.sync.run_once().state == State.SYNCED
        verdict = exactly_once(
            {"leader": laptop_holdings(leader.query), "deputy": laptop_holdings(deputy.query)},
            server_holdings(central.admin_ops, team_id),
            saves,
        )
    finally:
        proxy.stop()
    assert not verdict.problems, verdict.problems[:10]
    assert outbox(leader) == 0 and attention(leader) == 0


def test_a_stalled_read_is_a_timeout(central: Any, laptops: Any) -> None:
    """A server that takes the request and never answers is "did not answer in time", not
    "cannot reach the server", for reads (ping, pull) too: urllib3's Retry(read=0) wrapped a
    GET's read timeout in MaxRetryError, which requests reports as a ConnectionError."""
    proxy = FaultProxy(central.port).start()
    try:
        laptop = laptops("leader")
        use_client(laptop, partial(Client, timeout=TIMEOUT))
        laptop.connect(proxy.url, central.admin_ops.code(central.admin_ops.team().id))
        proxy.plan(Fault.STALL, path="/v1/ping")
        assert laptop.sync.run_once().failure is Failure.TIMEOUT
        proxy.plan(Fault.STALL, path="/v1/sync/pull")
        assert laptop.sync.run_once().failure is Failure.TIMEOUT
        assert laptop.sync.run_once().state == State.SYNCED
    finally:
        proxy.stop()


def test_the_proxy_throttles_a_slow_link(central: Any) -> None:
    """The slow-link mode the benchmarks use: added latency per chunk, and bandwidth."""
    proxy = FaultProxy(central.port, latency=0.1).start()
    try:
        client = Client(proxy.url)
        began = time.monotonic()
        client.ping()
        assert time.monotonic() - began >= 0.2  # the request's chunk, then the answer's
        proxy.latency, proxy.bandwidth = 0.0, 2000.0
        began = time.monotonic()
        client.ping()  # ~500 bytes both ways
        assert time.monotonic() - began >= 0.2
        # The proxy counts an answer once its last byte is sent, which the client may read
        # first (this failed once in CI).
        deadline = time.monotonic() + 5
        while proxy.forwarded < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proxy.total == 0 and proxy.forwarded == 2
    finally:
        proxy.stop()


def test_taking_theirs_applies_the_newest_server_version(central: Any, laptops: Any) -> None:
    """The deputy changes a record twice while the leader's conflict on it is open: the pull
    skips the record (its cursor moves on), so "take theirs" must apply the newest version,
    not the one the conflict first showed, or the leader keeps that one for good."""
    _, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    person = Resident(full_name="Nguyễn Thị Thu", birth_year=1956)
    leader.write(commands.save_resident, person, None)
    leader.sync.run_once()
    deputy.sync.run_once()

    def edit(laptop: Any, note: str) -> None:
        r = laptop.read(queries.get_resident, person.id)
        r.note = note
        laptop.write(commands.save_resident, r, None)
        laptop.sync.run_once()

    edit(deputy, "deputy 1")
    edit(leader, "leader")  # a conflict with "deputy 1"
    edit(deputy, "deputy 2")
    assert leader.sync.run_once().attention == 1  # the leader's pull skips "deputy 2"
    [item] = leader.read(syncdata.attention)
    assert item.server["note"] == "deputy 2"
    leader.write(syncdata.take_theirs, item.id)
    assert leader.sync.run_once().state == State.SYNCED
    assert leader.read(queries.get_resident, person.id).note == "deputy 2"


def test_keeping_mine_goes_once_over_a_newer_server_version(central: Any, laptops: Any) -> None:
    """The same, keeping the leader's own: it goes based on the newest version, and applies."""
    _, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    person = Resident(full_name="Nguyễn Thị Thu", birth_year=1956)
    leader.write(commands.save_resident, person, None)
    leader.sync.run_once()
    deputy.sync.run_once()
    for laptop, note in ((deputy, "deputy 1"), (leader, "leader"), (deputy, "deputy 2")):
        r = laptop.read(queries.get_resident, person.id)
        r.note = note
        laptop.write(commands.save_resident, r, None)
        laptop.sync.run_once()
    leader.sync.run_once()
    [item] = leader.read(syncdata.attention)
    leader.write(syncdata.keep_mine, item.id)
    status = leader.sync.run_once()
    assert status.state == State.SYNCED and status.attention == 0
    deputy.sync.run_once()
    assert deputy.read(queries.get_resident, person.id).note == "leader"


def add_attendee(laptop: Any, training_id: str, resident_id: str) -> None:
    t, _ = laptop.read(queries.get_training, training_id)
    t.attendance.append(Attendance(resident_id))
    laptop.write(commands.save_training, t, None)


def latecomer_on_both(leader: Any, deputy: Any) -> tuple[Resident, Training]:
    """A training both laptops have; each adds the same latecomer to it offline."""
    person = Resident(full_name="Trần Văn Bình", birth_year=1949)
    leader.write(commands.save_resident, person, None)
    training = Training(day=date(2026, 4, 6), place="Nhà văn hóa", status=TrainingStatus.HELD)
    leader.write(commands.save_training, training, None)
    leader.sync.run_once()
    deputy.sync.run_once()
    for laptop in (leader, deputy):
        add_attendee(laptop, training.id, person.id)
    return person, training


def test_the_same_attendee_added_on_two_laptops_does_not_stop_the_pulls(
    central: Any, laptops: Any
) -> None:
    """Two laptops add the same latecomer to a training offline: two attendance records (two
    ids) for one (training, resident) pair, which a laptop's roll-call holds once. Storing the
    other's failed the whole page with an IntegrityError, on every cycle after: that laptop
    never pulled anything again."""
    _, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    person, training = latecomer_on_both(leader, deputy)
    assert leader.sync.run_once().state == State.SYNCED
    assert deputy.sync.run_once().state == State.SYNCED
    later = Resident(full_name="Lê Thị Cúc", birth_year=1950)
    leader.write(commands.save_resident, later, None)
    for laptop in (leader, deputy, leader):
        assert laptop.sync.run_once().state == State.SYNCED
    assert deputy.read(queries.get_resident, later.id) is not None
    for laptop in (leader, deputy):
        assert outbox(laptop) == 0
        _, people = laptop.read(queries.get_training, training.id)
        assert [hit.id for hit, _ in people] == [person.id]


def test_the_same_attendee_added_on_two_laptops_is_one_record(central: Any, laptops: Any) -> None:
    team, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    latecomer_on_both(leader, deputy)
    for laptop in (leader, deputy, leader):
        laptop.sync.run_once()
    server = server_holdings(central.admin_ops, team.id)
    pairs = [k for k in server.live if k[0] == "attendance"]
    assert len(pairs) == 1, f"{len(pairs)} live attendance records for one pair"
    assert laptop_holdings(leader.query).live == laptop_holdings(deputy.query).live
    assert leader.read(syncdata.attention) == deputy.read(syncdata.attention) == []


# --- 2. the laptop killed -----------------------------------------------------------------------

CHILD = Path(__file__).resolve().with_name("sync_child.py")
CLIENT_KILLS = {"sqlite": 50, "postgresql": 20}


class ReportFile:
    """The lines children appended to a report file; a line cut short by a kill is not one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.lines: list[str] = []

    def read(self) -> list[str]:
        with self.path.open("rb") as f:
            f.seek(self.offset)
            data = f.read()
        whole = data[: data.rfind(b"\n") + 1]
        self.offset += len(whole)
        new = whole.decode().splitlines()
        self.lines += new
        return new

    def wait_for(self, kinds: str, proc: subprocess.Popen[bytes], err: Path) -> list[str]:
        """Until a line starting with one of `kinds` arrives; returns the lines read."""
        seen: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            seen += self.read()
            if any(line[:1] in kinds for line in seen):
                return seen
            if proc.poll() is not None:
                pytest.fail(
                    f"child ended by itself ({proc.returncode}):\n{err.read_text()[-3000:]}"
                )
            time.sleep(0.002)
        proc.kill()
        pytest.fail(f"child wrote no {kinds!r} line in 60 s")


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def resent_batches(log: Path, device_id: str) -> int:
    """Pushes of this laptop that the server answered with duplicates: changes it had already
    committed, sent again because the laptop never recorded the receipts."""
    return sum(
        1
        for line in log.read_text(errors="replace").splitlines()
        if f"device={device_id}" in line and "duplicate=" in line
    )


@pytest.mark.slow
def test_sync_survives_the_laptop_killed(
    central: Any, laptops: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kills = int(os.environ.get("SOTAY_SYNC_CLIENT_KILLS") or CLIENT_KILLS[central.backend])
    seed = seed_of()
    rng = random.Random(seed)
    started = time.monotonic()
    team_id = central.admin_ops.team().id
    first = laptops("killed")
    first.set_up()
    first.connect(central.url, central.admin_ops.code(team_id))
    assert first.sync.run_once().state == State.SYNCED
    device_id = first.read(syncdata.state)["device_id"]
    first.close()
    peer = laptops("peer")  # adds records now and then: the killed laptop has pulls to apply
    peer.connect(central.url, central.admin_ops.code(team_id))
    assert peer.sync.run_once().state == State.SYNCED

    report, err = ReportFile(tmp_path / "report"), tmp_path / "child.err"
    report.path.touch()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    moments: Counter[str] = Counter()
    cycle_times = [0.05]
    for i in range(kills):
        with err.open("ab") as stderr:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    str(CHILD),
                    str(first.folder),
                    str(seed * 1000 + i),
                    str(report.path),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                cwd=ROOT,
                env=env,
            )
        if rng.random() < 0.8:  # during a sync cycle, anywhere in it
            lines = report.wait_for("P", proc, err)
            time.sleep(rng.uniform(0, 1.2 * median(cycle_times)))
        else:  # anywhere: opening, saving, syncing
            lines = report.wait_for("O", proc, err)
            time.sleep(rng.uniform(0, 0.15))
        alive = proc.poll() is None
        proc.kill()
        proc.wait()
        assert alive, f"child ended before the kill:\n{err.read_text()[-3000:]}"
        lines += report.read()
        cycle_times += [float(line.split()[2]) for line in lines if line[:1] == "Y"]
        last = lines[-1][:1] if lines else ""
        moments[{"P": "during a sync", "O": "after opening"}.get(last, "while saving")] += 1
        if i % 5 == 4:
            for _ in range(3):
                peer.write(commands.save_resident, Resident(full_name="Đỗ Thị Hạnh"), None)
            peer.sync.run_once()

    saved = [tuple(ln.split()[1:]) for ln in report.lines if ln[:1] == "S"]
    confirmed = {(entity, record_id) for entity, record_id in saved}
    killed = laptops("killed")
    rounds = settle([killed, peer])
    verdict = exactly_once(
        {"killed": laptop_holdings(killed.query), "peer": laptop_holdings(peer.query)},
        server_holdings(central.admin_ops, team_id),
        confirmed=confirmed,
    )
    waiting = [(outbox(lt), attention(lt)) for lt in (killed, peer)]
    resent = resent_batches(central.log, device_id)
    line = (
        f"sync client kills ({central.backend}): {sum(moments.values())} kills"
        f" ({', '.join(f'{n} {m}' for m, n in moments.most_common())}),"
        f" {len(saved)} saves confirmed ({len(confirmed)} records),"
        f" {resent} pushes answered with duplicates,"
        f" {verdict.figures()}; cycle {median(cycle_times) * 1000:.0f} ms, settled in"
        f" {rounds} rounds; {time.monotonic() - started:.1f} s, seed {seed}"
    )
    say(capsys, line)
    assert waiting == [(0, 0), (0, 0)], f"{waiting}; {line}"
    assert not verdict.problems, f"{verdict.problems[:10]}; {line}"
    assert sum(moments.values()) == kills, line
    assert moments["during a sync"] >= kills // 3, line


# --- 3. the server killed -----------------------------------------------------------------------

SERVER_KILLS = {"sqlite": 50, "postgresql": 25}
FORK = Path(__file__).resolve().with_name("central_fork.py")


class ForkedCentral(Central):
    """The central service, restarted in a tenth of a second: each process is forked from one
    that imported the service already (tests/central_fork.py), and opens the database (and
    recovers it) and listens on the same port as `python -m central serve` does."""

    def __init__(self, data_dir: Path, database_url: str | None = None) -> None:
        super().__init__(data_dir, database_url)
        self.backend = "postgresql" if database_url else "sqlite"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self.forker = subprocess.Popen(
            [sys.executable, str(FORK), str(self.log), *self.args()[3:]],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.pid: int | None = None

    def _ask(self, command: str) -> int:
        assert self.forker.stdin is not None and self.forker.stdout is not None
        self.forker.stdin.write(command + "\n")
        self.forker.stdin.flush()
        answer = self.forker.stdout.readline()
        if not answer:
            raise RuntimeError(f"central_fork.py ended ({self.forker.wait()})")
        return int(answer)

    def start(self, port: int | None = None) -> Central:
        if port is not None:
            self.port = port
        self.pid = self._ask(f"start serve --port {self.port}")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:  # no retries: the sync client's connect retries back off for a second
                if requests.get(self.url + "/v1/ping", timeout=1).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.005)
        raise RuntimeError("central service did not start:\n" + self.log.read_text()[-3000:])

    def _end(self, sig: int) -> None:
        if self.pid is not None:
            os.kill(self.pid, sig)
            self._ask(f"reap {self.pid}")
            self.pid = None

    def kill(self) -> None:
        self._end(signal.SIGKILL)

    def stop(self) -> None:
        self._end(signal.SIGTERM)

    def close(self) -> None:
        self.stop()
        assert self.forker.stdin is not None
        self.forker.stdin.close()
        self.forker.wait(10)
        assert self.forker.stdout is not None
        self.forker.stdout.close()


class Flights:
    """The laptop's pushes: how many started and ended, whether one is under way, how long
    they took, and how many were committed though their answer never came."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.started = 0
        self.ended = 0
        self.durations: list[float] = []
        self.unanswered: set[int] = set()  # seqs of pushes that got no answer
        self.committed_unanswered = 0  # of those pushes, the ones the server had committed
        self.session = new_session()
        for adapter in self.session.adapters.values():
            retry = adapter.max_retries  # type: ignore[attr-defined]
            adapter.max_retries = retry.new(backoff_factor=0)  # type: ignore[attr-defined]

    @property
    def in_flight(self) -> bool:
        return self.started > self.ended


class WatchedClient(Client):
    """The sync client, telling `flights` about its pushes. Its session retries a refused
    connection at once: the service comes back in ~0.1 s, and the usual 1 s back-off would
    double the test's time."""

    def __init__(self, url: str, _session: Any, *, flights: Flights, **kwargs: Any) -> None:
        super().__init__(url, flights.session, **kwargs)
        self.flights = flights

    def push(self, batch_id: str, changes: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
        with self.flights.cond:
            self.flights.started += 1
            self.flights.cond.notify_all()
        began = time.monotonic()
        try:
            answer = super().push(batch_id, changes, **kw)
        except Exception:
            self.flights.unanswered.update(c["seq"] for c in changes)
            raise
        finally:
            with self.flights.cond:
                self.flights.ended += 1
                self.flights.cond.notify_all()
        self.flights.durations.append(time.monotonic() - began)
        # Sent before without an answer, and now a duplicate: that push had been committed.
        again = {r["seq"] for r in answer["receipts"] if r["status"] == "duplicate"}
        if again & self.flights.unanswered:
            self.flights.committed_unanswered += 1
        self.flights.unanswered -= {c["seq"] for c in changes}
        return answer


@pytest.fixture
def forked_central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ForkedCentral]:
    """A central service of the test's own (it gets killed), on SQLite or PostgreSQL."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").create_database(f"kills{os.getpid()}")
    server = ForkedCentral(tmp_path / "central", url)
    server.start()
    yield server
    server.close()


@pytest.mark.slow
@pytest.mark.parametrize("forked_central", ["sqlite", "postgresql"], indirect=True)
def test_ingest_survives_the_server_killed(
    forked_central: ForkedCentral, laptops: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.store.demo import fill_demo
    from tests.servers import Admin

    server = forked_central
    backend = server.backend
    kills = int(os.environ.get("SOTAY_SYNC_SERVER_KILLS") or SERVER_KILLS[backend])
    seed = seed_of()
    rng = random.Random(seed)
    started = time.monotonic()
    admin = Admin(server)
    up, stop, drained = threading.Event(), threading.Event(), threading.Event()
    try:
        team_id = admin.team().id
        ward = laptops("ward")
        ward.write(lambda db: fill_demo(db, residents=3000, trainings=80, assists=2500, seed=seed))
        ward.write(syncdata.set_state, {"demo": None})  # a demo never connects: this one must
        flights = Flights()
        use_client(ward, partial(WatchedClient, flights=flights, timeout=(2, 30)))
        ward.connect(server.url, admin.code(team_id))
        queued = ward.write(syncdata.queue_everything)

        up.set()
        cycles: Counter[str] = Counter()
        errors: list[BaseException] = []

        def ingest() -> None:
            try:
                while not stop.is_set():
                    up.wait()
                    status = ward.sync.run_once()
                    cycles[str(status.failure or status.state)] += 1
                    if status.state == State.SYNCED and status.waiting == 0:
                        drained.set()
            except BaseException as exc:  # not a SyncError: a bug; the test shows it
                errors.append(exc)
                raise

        worker = threading.Thread(target=ingest, name="ingest", daemon=True)
        worker.start()
        moments: Counter[str] = Counter()
        requeued = 0
        for _ in range(kills):
            if rng.random() < 0.85:  # while a batch is being ingested
                skip = rng.choice((0, 0, 1, 2))
                with flights.cond:
                    target = flights.started + skip + 1
                deadline = time.monotonic() + 60
                while True:
                    assert not errors, f"the sync cycle raised {errors[0]!r}"
                    assert time.monotonic() < deadline, f"no push for 60 s: {dict(cycles)}"
                    if drained.is_set():
                        drained.clear()
                        queued += ward.write(syncdata.queue_everything)
                        requeued += 1
                    with flights.cond:
                        if flights.cond.wait_for(
                            lambda t=target: flights.started >= t and flights.in_flight, 0.2
                        ):
                            break
                pushes = flights.durations[-20:] or [0.2]
                time.sleep(rng.uniform(0, 1.1 * median(pushes)))
            else:  # any moment
                time.sleep(rng.uniform(0, 0.3))
            up.clear()
            moments["during a push" if flights.in_flight else "between pushes"] += 1
            server.kill()
            server.start()
            up.set()
        stop.set()
        worker.join(60)
        assert not worker.is_alive()
        rounds = settle([ward])
        verdict = exactly_once(
            {"ward": laptop_holdings(ward.query)}, server_holdings(admin, team_id)
        )
        waiting = (outbox(ward), attention(ward))
        seq = admin.scalar("SELECT seq FROM team WHERE id = :t", t=team_id)
        stored = admin.scalar("SELECT COUNT(*) FROM record WHERE team_id = :t", t=team_id)
    finally:
        stop.set()
        up.set()
        admin.engine.dispose()
    line = (
        f"sync server kills ({backend}): {sum(moments.values())} kills"
        f" ({', '.join(f'{n} {m}' for m, n in moments.most_common())}), {queued} changes"
        f" queued ({requeued} times again), {flights.started} pushes"
        f" (median {median(flights.durations or [0]) * 1000:.0f} ms),"
        f" {flights.committed_unanswered} committed before the kill took their answer,"
        f" {verdict.figures()}; settled in {rounds} rounds;"
        f" {time.monotonic() - started:.1f} s, seed {seed}"
    )
    say(capsys, line)
    assert waiting == (0, 0), f"{waiting}; {line}"
    assert not verdict.problems, f"{verdict.problems[:10]}; {line}"
    # Each record written once: the team's change counter counts exactly its records.
    assert seq == stored, f"team seq {seq} for {stored} records; {line}"
    assert moments["during a push"] >= kills // 4, line
