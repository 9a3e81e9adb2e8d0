"""The demo profile looks like a real team's year: what it shows must follow the app's rules."""

from __future__ import annotations

import sqlite3

from desktop.store.demo import fill_demo
from desktop.store.store import Store
from tests.helpers import result


def test_a_planned_class_has_registered_residents_and_a_held_one_mostly_present(
    store: Store,
) -> None:
    result(store.write(lambda db: fill_demo(db, residents=200, trainings=40, assists=10)))

    def by_status(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
        sql = (
            "SELECT t.status, count(*), coalesce(sum(a.present), 0) FROM training t"
            " JOIN attendance a ON a.training_id = t.id GROUP BY t.status"
        )
        return {status: (n, present) for status, n, present in conn.execute(sql)}

    counts = result(store.read(by_status))
    planned, planned_present = counts["planned"]
    held, held_present = counts["held"]
    # A planned class's roll-call is who registered: nobody is present before it is held.
    assert planned > 0 and planned_present == 0
    assert 0.8 * held < held_present < held
