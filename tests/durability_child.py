"""Child of tests/test_durability.py: saves records through the real Store until it is killed.

    python tests/durability_child.py DB BACKUPS SEED [SABOTAGE]

Protocol on stdout, one line per event, each written with a single os.write():

    S                       about to open the Store
    O                       the Store is open (checked, migrated)
    R <id> <version> <note> a resident was saved: store.write(...).result() returned
    T <id> <version> <note> a training was saved, with len(attendance) == n, note "n=<n>/<tok>"

A line is written only after the write's future has returned, so every line the parent reads is
a promise that the record is on disk. Imports are kept to the Store and the commands: start-up
time is what bounds how many kills the test can afford.

SABOTAGE (for checking that the test can fail; never used by the test itself):
    early-ack   report a save before waiting for its result
    split       commit the record before its outbox row (two transactions)
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quốc")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hương", "Khoa", "Lan", "Long", "Mai", "Sơn")


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def load(conn, rng: random.Random) -> dict:
    """What the child needs to make and edit records: ids of things already on file."""

    def ids(sql: str) -> list[str]:
        return [r[0] for r in conn.execute(sql)]

    ctx = {
        "neighbourhoods": ids("SELECT id FROM neighbourhood WHERE deleted_at IS NULL"),
        "members": ids("SELECT id FROM member WHERE deleted_at IS NULL"),
        "topics": ids("SELECT id FROM topic WHERE deleted_at IS NULL"),
        "residents": ids(
            "SELECT id FROM resident WHERE deleted_at IS NULL ORDER BY random() LIMIT 300"
        ),
        "trainings": ids(
            "SELECT id FROM training WHERE deleted_at IS NULL ORDER BY random() LIMIT 30"
        ),
    }
    rng.shuffle(ctx["residents"])
    return ctx


def load_resident(conn, resident_id: str):
    from sotay.domain.models import Gender, Resident

    r = conn.execute("SELECT * FROM resident WHERE id = ?", (resident_id,)).fetchone()
    return Resident(
        id=r["id"],
        full_name=r["full_name"],
        gender=Gender(r["gender"]) if r["gender"] else None,
        birth_year=r["birth_year"],
        neighbourhood_id=r["neighbourhood_id"],
        phone=r["phone"],
        note=r["note"],
        version=r["version"],
    )


def load_training(conn, training_id: str):
    from sotay.domain.models import Attendance, Training, TrainingStatus

    t = conn.execute("SELECT * FROM training WHERE id = ?", (training_id,)).fetchone()
    attendance = [
        Attendance(resident_id=a["resident_id"], present=bool(a["present"]), id=a["id"])
        for a in conn.execute(
            "SELECT id, resident_id, present FROM attendance"
            " WHERE training_id = ? AND deleted_at IS NULL",
            (training_id,),
        )
    ]
    return Training(
        id=t["id"],
        day=date.fromisoformat(t["day"]),
        start_time=t["start_time"],
        end_time=t["end_time"],
        place=t["place"],
        status=TrainingStatus(t["status"]),
        note=t["note"],
        topic_ids=[
            r[0]
            for r in conn.execute(
                "SELECT topic_id FROM training_topic WHERE training_id = ?", (training_id,)
            )
        ],
        trainer_ids=[
            r[0]
            for r in conn.execute(
                "SELECT member_id FROM training_trainer WHERE training_id = ?", (training_id,)
            )
        ],
        attendance=attendance,
        version=t["version"],
    )


def main() -> None:
    db_path, backups, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    sabotage = sys.argv[4] if len(sys.argv) > 4 else ""
    rng = random.Random(seed)

    # Import everything first, so that the time between S and O is the opening itself.
    from desktop.store import commands, migrations  # noqa: F401  (what Store._open imports)
    from desktop.store.store import Store
    from sotay.domain.models import Attendance, Gender, Resident, Training, TrainingStatus

    say("S")
    store = Store(db_path, backups)
    store.opened.result()
    say("O")

    if sabotage == "split":
        real_outbox = commands.outbox

        def split_outbox(conn, *args):
            conn.execute("COMMIT")
            conn.execute("BEGIN IMMEDIATE")
            real_outbox(conn, *args)

        commands.outbox = split_outbox

    ctx = store.read(load, rng).result()
    residents: list[str] = ctx["residents"]
    trainings: list[str] = ctx["trainings"]
    counter = 0

    def save(fn, record, kind: str, note: str) -> None:
        """Save `record` (new: version 0) and report it as saved at its next version."""
        version = record.version + 1
        line = f"{kind} {record.id} {version} {note}"
        future = store.write(fn, record, "durability")
        if sabotage == "early-ack":
            say(line)
        future.result()  # only now is the record promised to be on disk
        assert record.version == version, (record.id, record.version, version)
        if sabotage != "early-ack":
            say(line)

    while True:
        counter += 1
        tok = f"{seed}.{counter}"
        roll = rng.random()
        if roll < 0.15 and residents:  # edit a resident saved earlier (maybe by another child)
            r = store.read(load_resident, rng.choice(residents)).result()
            r.note = tok
            r.phone = f"09{rng.randrange(10**8):08d}"
            save(commands.save_resident, r, "R", tok)
        elif roll < 0.27 and len(residents) >= 5:  # a new training and its roll-call
            n = rng.randint(5, min(20, len(residents)))
            t = Training(
                day=date(2025, 1, 1) + timedelta(days=rng.randrange(300)),
                start_time="08:00",
                end_time="10:30",
                place=f"Nhà văn hóa {rng.randint(1, 9)}",
                status=rng.choice(list(TrainingStatus)),
                note=f"n={n}/{tok}",
                topic_ids=rng.sample(ctx["topics"], min(2, len(ctx["topics"]))),
                trainer_ids=rng.sample(ctx["members"], min(1, len(ctx["members"]))),
                attendance=[
                    Attendance(resident_id=rid, present=rng.random() < 0.8)
                    for rid in rng.sample(residents, n)
                ],
            )
            save(commands.save_training, t, "T", t.note)
            trainings.append(t.id)
        elif roll < 0.35 and trainings and len(residents) >= 25:  # edit a roll-call
            t = store.read(load_training, rng.choice(trainings)).result()
            keep = [a for a in t.attendance if rng.random() < 0.7]
            for a in keep:
                if rng.random() < 0.3:
                    a.present = not a.present
            taken = {a.resident_id for a in keep}
            fresh = [rid for rid in rng.sample(residents, 25) if rid not in taken]
            keep += [Attendance(resident_id=rid) for rid in fresh[: rng.randint(0, 8)]]
            t.attendance = keep
            t.note = f"n={len(keep)}/{tok}"
            save(commands.save_training, t, "T", t.note)
        else:  # a new resident
            r = Resident(
                full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                gender=rng.choice((Gender.FEMALE, Gender.MALE, None)),
                birth_year=rng.randint(1940, 2010),
                neighbourhood_id=rng.choice(ctx["neighbourhoods"] or [None]),
                note=tok,
            )
            save(commands.save_resident, r, "R", tok)
            residents.append(r.id)


if __name__ == "__main__":
    main()
