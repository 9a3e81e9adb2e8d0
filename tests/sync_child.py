"""Child of tests/test_sync_faults.py: a laptop that saves records and syncs them with the
central service, over and over, until it is killed.

    python tests/sync_child.py PROFILE SEED REPORT

PROFILE is a laptop profile already connected to a team (its token in the profile's file).
Appends one line per event to REPORT, each with a single os.write():

    O                        the profile is open
    S <entity> <id>          a save returned (store.write(...).result()): it is on file;
                             fsync'ed before the next step
    P                        a sync cycle starts
    Y <state> <seconds>      the cycle ended (OFFLINE etc. are fine: the next one retries)

Everything is imported before the profile is opened: start-up time bounds how many kills the
test can afford.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quốc")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hương", "Khoa", "Lan", "Long", "Mai", "Sơn")


def main() -> None:
    profile, seed, report = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)

    import desktop.sync.client  # noqa: F401  (the service imports it on its first cycle)
    from desktop.store import commands, queries
    from desktop.store.store import Store
    from desktop.sync.credentials import Credentials
    from desktop.sync.service import SyncService
    from sotay.domain.models import Assist, Attendance, Gender, Outcome, Resident, Training

    fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def say(line: str, *, sync: bool = False) -> None:
        os.write(fd, (line + "\n").encode())
        if sync:
            os.fsync(fd)

    store = Store(profile / "sotay.sqlite3", profile / "backups")
    store.opened.result()
    service = SyncService(store, profile, credentials=Credentials(profile, use_keyring=False))
    say("O")

    def ids(table: str) -> list[str]:
        sql = f"SELECT id FROM {table} WHERE deleted_at IS NULL"
        return store.read(lambda conn: [r[0] for r in conn.execute(sql)]).result()

    def save(fn, record, *more) -> None:  # type: ignore[no-untyped-def]
        store.write(fn, record, "child").result()
        kind = type(record).__name__.lower()
        lines = [f"S {kind} {record.id}"]
        lines += [f"S attendance {a.id}" for a in getattr(record, "attendance", ())]
        say("\n".join(lines), sync=True)

    neighbourhoods, members = ids("neighbourhood"), ids("member")
    topics, services = ids("topic"), ids("service")
    while True:
        for _ in range(rng.randint(1, 12)):
            residents = ids("resident")
            roll = rng.random()
            if roll < 0.2 and residents:
                r = store.read(queries.get_resident, rng.choice(residents)).result()
                r.note = f"{seed}.{rng.randrange(10**6)}"
                save(commands.save_resident, r)
            elif roll < 0.28 and len(residents) >= 5:
                t = Training(
                    day=date(2026, 3, 2) + timedelta(days=rng.randrange(200)),
                    start_time="14:00",
                    end_time="16:00",
                    place="Hội trường UBND xã",
                    topic_ids=rng.sample(topics, 2),
                    trainer_ids=rng.sample(members, 1),
                    attendance=[Attendance(rid) for rid in rng.sample(residents, 5)],
                )
                save(commands.save_training, t)
            elif roll < 0.38 and residents:
                a = Assist(
                    day=date(2026, 3, 2) + timedelta(days=rng.randrange(200)),
                    resident_id=rng.choice(residents),
                    member_id=rng.choice(members),
                    service_id=rng.choice(services),
                    outcome=Outcome.DONE,
                )
                save(commands.save_assist, a)
            elif roll < 0.40 and len(residents) > 20:
                record_id = rng.choice(residents)
                store.write(commands.delete, "resident", record_id, "child").result()
                say(f"S resident {record_id}", sync=True)
            else:
                r = Resident(
                    full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                    gender=rng.choice((Gender.FEMALE, Gender.MALE)),
                    birth_year=rng.randint(1940, 2010),
                    neighbourhood_id=rng.choice(neighbourhoods),
                )
                save(commands.save_resident, r)
        say("P")
        started = time.monotonic()
        status = service.run_once()
        say(f"Y {status.state} {time.monotonic() - started:.4f}")


if __name__ == "__main__":
    main()
