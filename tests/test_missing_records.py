"""Records referred to but missing after a pull (issue 21, item 4): an attendance whose
resident never arrived, as a pull cut short in an older version could leave it. The weekly
full check finds every such reference (the schema's foreign keys), the repair asks the real
central service for those records by id and writes them as a pull does, and what the server
does not have either is reported and kept, never deleted. SQLite and PostgreSQL servers."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtWidgets import QMessageBox

from desktop.paths import Paths
from desktop.settings import Settings
from desktop.store import commands, queries, syncdata
from sotay.domain.models import Attendance, Training, TrainingStatus
from tests.helpers import Laptop, add_resident, connected_team
from tests.qt_helpers import when_modal


def a_class_with(leader: Laptop, *people: Any) -> Training:
    roster = leader.read(queries.load_roster)
    training = Training(
        day=date(2026, 3, 2),
        start_time="08:00",
        end_time="10:00",
        place="Nhà văn hóa khu phố 3",
        status=TrainingStatus.HELD,
        topic_ids=[roster.topics[0].id],
        trainer_ids=[roster.members[0].id],
        attendance=[Attendance(p.id) for p in people],
    )
    leader.write(commands.save_training, training, roster.members[0].id)
    return training


def lose(laptop: Laptop, sql: str, *params: Any) -> None:
    """Raw, with the foreign keys off: what a pull writes a page with."""

    def run(db: Any) -> None:
        db.conn.execute(sql, params)

    laptop.store.write(run, foreign_keys=False).result(timeout=30)


def a_deputy_missing_a_resident(central, laptops) -> tuple[Laptop, Any, Any, str]:
    """A deputy's profile that lost Hương (an attendance of hers stays), and holds an
    attendance of someone the server never had."""
    _team, (leader, deputy) = connected_team(central, laptops, "leader", "deputy")
    huong, lan = add_resident(leader, "Nguyễn Thị Hương"), add_resident(leader, "Lê Thị Lan")
    training = a_class_with(leader, huong, lan)
    assert leader.sync.run_once().state == "synced"
    assert deputy.sync.run_once().state == "synced"
    lose(deputy, "DELETE FROM resident WHERE id = ?", huong.id)
    ghost = str(uuid.uuid4())
    lose(
        deputy,
        "INSERT INTO attendance (id, training_id, resident_id, present, created_at, updated_at)"
        " VALUES (?, ?, ?, 1, '2026-03-02', '2026-03-02')",
        str(uuid.uuid4()),
        training.id,
        ghost,
    )
    return deputy, huong, training, ghost


def test_the_check_finds_a_missing_resident_and_the_server_brings_it_back(central, laptops):
    from desktop.store.health import Missing

    deputy, huong, _training, ghost = a_deputy_missing_a_resident(central, laptops)
    found = deputy.store.full_check().result(timeout=30)
    assert found.ok  # a sound file: the references are the sync's, not SQLite's
    assert found.missing == tuple(
        sorted(
            (
                Missing("resident", huong.id, "attendance.resident_id"),
                Missing("resident", ghost, "attendance.resident_id"),
            ),
            key=lambda m: (m.entity, m.id),
        )
    )
    repair = deputy.sync.repair_missing(found.missing)
    assert repair.connected and repair.found == 1
    assert repair.missing == (Missing("resident", ghost, "attendance.resident_id"),)
    assert deputy.read(queries.get_resident, huong.id).full_name == "Nguyễn Thị Hương"
    again = deputy.store.full_check().result(timeout=30)
    assert again.missing == (Missing("resident", ghost, "attendance.resident_id"),)
    # The reference the server lacks too is kept, not deleted.
    assert deputy.query("SELECT COUNT(*) FROM attendance WHERE resident_id = ?", ghost) == [(1,)]
    # Brought back as a pull writes it: nothing queued to send back.
    assert deputy.query("SELECT COUNT(*) FROM outbox") == [(0,)]


def window_of(qtbot: Any, laptop: Laptop) -> Any:
    from desktop.ui.main_window import MainWindow

    leader = laptop.read(queries.load_roster).members[0].id
    window = MainWindow(
        laptop.store, Paths(laptop.folder), Settings(language="en", member_id=leader)
    )
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.start()
    window.set_sync(laptop.sync)
    return window


def checked(qtbot: Any, window: Any) -> str:
    said: list[str] = []
    when_modal(qtbot, lambda box: (said.append(box.text()), box.accept()), QMessageBox)
    window.check_action.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=30000)
    qtbot.waitUntil(lambda: window.check_action.isEnabled(), timeout=10000)
    return said[0]


def test_check_data_repairs_from_the_server_and_says_what_it_could_not(
    qtbot: Any, central, laptops
):
    deputy, huong, _training, ghost = a_deputy_missing_a_resident(central, laptops)
    window = window_of(qtbot, deputy)
    said = checked(qtbot, window)
    assert "2 records" in said and "brought back 1" in said, said
    assert "1 could not be found" in said and "Resident" in said, said
    assert "Nothing was deleted" in said, said
    assert deputy.read(queries.get_resident, huong.id).full_name == "Nguyễn Thị Hương"
    assert deputy.query("SELECT COUNT(*) FROM attendance WHERE resident_id = ?", ghost) == [(1,)]

    # Once the server has nothing more to give, only the one it lacks is said again.
    lose(deputy, "DELETE FROM attendance WHERE resident_id = ?", ghost)  # the team mended it
    said = checked(qtbot, window)
    assert "passed the full check" in said and "missing" not in said, said


def test_a_laptop_not_connected_is_told_and_keeps_everything(qtbot: Any, central, laptops):
    deputy, _huong, _training, _ghost = a_deputy_missing_a_resident(central, laptops)
    deputy.write(syncdata.unbind)  # as a revoked laptop is
    window = window_of(qtbot, deputy)
    said = checked(qtbot, window)
    assert "2 records" in said and "not connected" in said, said
    assert "Nothing was deleted" in said, said
    assert deputy.query("SELECT COUNT(*) FROM attendance") == [(3,)]


def test_a_laptop_gets_only_its_own_teams_records_by_id(central):
    from tests.test_dashboard_rejects import laptop_client, resident

    ours, theirs = central.admin_ops.team("Tổ A"), central.admin_ops.team("Tổ B")
    mine, other = laptop_client(central, ours.id, "A"), laptop_client(central, theirs.id, "B")
    someone = str(uuid.uuid4())
    other.push("b", [resident(1, someone, "Vũ Thị Mai")])
    assert mine.fetch([("resident", someone)]) == []
    [found] = other.fetch([("resident", someone)])
    assert found["payload"]["full_name"] == "Vũ Thị Mai" and found["version"] == 1
