"""A team's work recorded through the app's own commands (queued for sync like a user's),
at random but reproducibly: residents, trainings with roll-calls, help sessions, then edits
that move figures between periods (a class's day and status, a resident's gender and age,
deletions). The laptop's own overview is the truth the central figures are checked against."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from desktop.store import commands, queries
from sotay.domain.models import (
    Assist,
    Attendance,
    Gender,
    Outcome,
    Resident,
    Training,
    TrainingStatus,
)


def record_work(
    laptop: Any,
    seed: int,
    *,
    residents: int = 60,
    trainings: int = 18,
    assists: int = 40,
    first: date = date(2025, 10, 1),
    days: int = 420,
    names: tuple[str, ...] = (),
) -> None:
    rng = random.Random(seed)
    roster = laptop.read(queries.load_roster)
    topics = [t.id for t in roster.topics]
    services = [s.id for s in roster.services]
    member = roster.members[0].id
    people: list[Resident] = []
    for k in range(residents):
        name = names[k] if k < len(names) else f"Người dân {seed}-{k}"
        r = Resident(
            full_name=name,
            gender=rng.choice([Gender.FEMALE, Gender.MALE, None]),
            birth_year=rng.choice([None, *range(1940, 2005)]),
        )
        laptop.write(commands.save_resident, r, None)
        people.append(r)

    def some_day() -> date:
        return first + timedelta(days=rng.randrange(days))

    classes: list[Training] = []
    for _ in range(trainings):
        t = Training(
            day=some_day(),
            status=rng.choice(
                [TrainingStatus.HELD] * 4 + [TrainingStatus.PLANNED, TrainingStatus.CANCELLED]
            ),
            place="Nhà văn hóa",
            topic_ids=rng.sample(topics, rng.randint(1, 3)),
            attendance=[
                Attendance(r.id, present=rng.random() < 0.85)
                for r in rng.sample(people, rng.randint(1, min(25, len(people))))
            ],
        )
        laptop.write(commands.save_training, t, None)
        classes.append(t)
    helps: list[Assist] = []
    for _ in range(assists):
        outcome = rng.choice(list(Outcome))
        a = Assist(
            day=some_day(),
            resident_id=rng.choice(people).id,
            member_id=member,
            service_id=rng.choice(services),
            outcome=outcome,
            reason="" if outcome is Outcome.DONE else "Thiếu giấy tờ",
        )
        laptop.write(commands.save_assist, a, None)
        helps.append(a)
    # Edits after the first save: what moves figures between periods and kinds.
    for t in rng.sample(classes, len(classes) // 3):
        saved, _people = laptop.read(queries.get_training, t.id)
        saved.day = some_day()
        saved.status = rng.choice(list(TrainingStatus))
        laptop.write(commands.save_training, saved, None)
    for r in rng.sample(people, len(people) // 5):
        saved = laptop.read(queries.get_resident, r.id)
        saved = replace(saved, gender=Gender.FEMALE, birth_year=rng.choice([1950, 1990]))
        laptop.write(commands.save_resident, saved, None)
    for t in rng.sample(classes, 2):
        laptop.write(commands.delete, "training", t.id)
    for a in rng.sample(helps, 4):
        laptop.write(commands.delete, "assist", a.id)
    # Residents deleted after their classes (still counted: the roll-call holds), before the
    # laptop ever synced them: what reaches the server is their delete alone.
    for r in rng.sample(people, max(1, len(people) // 10)):
        laptop.write(commands.delete, "resident", r.id)
