"""A class not held yet has people registered, never present (issue 19, item 10): the form
turns ticks into registrations when a class moves to a later day, "All present" waits for the
class to be held, and nothing counts a registered person as trained, however the row came."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from desktop.printing import reads
from desktop.settings import Settings
from desktop.store import commands, lists, queries
from desktop.store.store import Store
from desktop.ui.residents import HistoryDialog
from desktop.ui.trainings import SheetOptions, TrainingDialog
from sotay.domain.models import Attendance, Resident, Training, TrainingStatus
from sotay.domain.periods import Period, PeriodKind
from sotay.domain.validation import check_training
from tests.helpers import count, result, roster
from tests.qt_helpers import started_window, type_text


def residents(store: Store, *names: str) -> list[queries.ResidentHit]:
    leader = roster(store).members[0].id
    hits = []
    for name in names:
        r = Resident(full_name=name, birth_year=1955)
        result(store.write(commands.save_resident, r, leader))
        hits.append(queries.ResidentHit(r.id, r.full_name, 1955, None, "", ""))
    return hits


def present_rows(store: Store) -> int:
    return count(store, "SELECT COUNT(*) FROM attendance WHERE present = 1 AND deleted_at IS NULL")


def press_space_on_tick(qtbot, dialog: TrainingDialog, row: int) -> None:
    """Space on the roll-call's last cell: how the keyboard ticks a person present."""
    table = dialog.roll.table
    table.setFocus()
    table.setCurrentCell(row, 3)
    qtbot.keyClick(table.viewport(), Qt.Key.Key_Space)


def test_moving_todays_class_to_a_later_day_turns_its_ticks_into_registrations(
    qtbot, team_store: Store, tmp_path
) -> None:
    hoa, tu = residents(team_store, "Đặng Thị Hoa", "Phạm Văn Tú")
    r = roster(team_store)
    dialog = TrainingDialog(team_store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.place, "Nhà văn hóa khu phố 3")
    dialog.topics.item(0).setCheckState(Qt.CheckState.Checked)
    roll = dialog.roll
    roll.add(hoa)
    roll.add(tu)  # today's class: both ticked present as they are added
    assert roll.is_present(0) and roll.is_present(1)

    dialog.day.setDate(QDate.currentDate().addDays(7))
    assert dialog.status.currentData() == TrainingStatus.PLANNED
    assert [roll.table.item(row, 3).text() for row in (0, 1)] == ["registered"] * 2
    assert not roll.is_present(0) and not roll.is_present(1)
    assert roll.table.item(0, 3).data(Qt.ItemDataRole.CheckStateRole) is None  # no box to tick
    assert roll.counts.text() == "Registered: 2"
    assert roll.note.isVisible()  # said to the user, beside the list
    assert "2 people ticked present are now registered." in roll.note.text()
    # "All present" waits until the class is held, and says why.
    assert not roll.all_present.isEnabled()
    assert "planned class" in roll.all_present.toolTip()
    qtbot.mouseClick(roll.all_present, Qt.MouseButton.LeftButton)
    press_space_on_tick(qtbot, dialog, 0)
    assert not roll.is_present(0) and roll.table.item(0, 3).text() == "registered"

    # Back to today: held again, with the ticks it had.
    dialog.day.setDate(QDate.currentDate())
    assert dialog.status.currentData() == TrainingStatus.HELD
    assert roll.is_present(0) and roll.is_present(1)
    assert roll.all_present.isEnabled() and not roll.note.isVisible()

    dialog.day.setDate(QDate.currentDate().addDays(7))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    training, people = result(team_store.read(queries.get_training, dialog.training.id))
    assert training.status == TrainingStatus.PLANNED
    assert [present for _, present in people] == [False, False]
    assert present_rows(team_store) == 0

    # Nobody trained yet: the list's column and the overview count no one.
    window = started_window(
        qtbot, team_store, tmp_path, Settings(member_id=roster(team_store).members[0].id)
    )
    page = window.trainings
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert (page.model.value(0, "registered"), page.model.value(0, "present")) == (2, 0)
    later = date.today() + timedelta(days=7)
    ov = result(team_store.read(queries.overview, Period(PeriodKind.YEAR, later.year)))
    assert (ov.trainings_planned, ov.attendances, ov.residents_trained) == (1, 0, 0)


def test_a_held_class_moved_to_a_later_day_is_planned_until_held_is_picked_again(
    qtbot, team_store: Store
) -> None:
    hoa, tu = residents(team_store, "Đặng Thị Hoa", "Phạm Văn Tú")
    r = roster(team_store)
    held = Training(day=date.today() - timedelta(days=2), start_time="08:00", end_time="10:00",
                    place="Nhà văn hóa", status=TrainingStatus.HELD, topic_ids=[r.topics[0].id],
                    attendance=[Attendance(hoa.id, True), Attendance(tu.id, False)])  # fmt: skip
    result(team_store.write(commands.save_training, held, r.members[0].id))
    stored, people = result(team_store.read(queries.get_training, held.id))
    dialog = TrainingDialog(team_store, r, r.members[0].id, stored, people)
    qtbot.addWidget(dialog)
    dialog.show()
    roll = dialog.roll
    assert roll.is_present(0) and not roll.is_present(1)

    dialog.day.setDate(QDate.currentDate().addDays(3))  # put off: not held yet
    assert dialog.status.currentData() == TrainingStatus.PLANNED
    assert "1 people ticked present are now registered." in roll.note.text()
    assert not roll.is_present(0)
    # The leader knows better (the laptop's clock is wrong): picks "Held" with the keyboard.
    dialog.status.setFocus()
    qtbot.keyClick(dialog.status, Qt.Key.Key_Down)  # Dự kiến -> Đã tổ chức
    assert dialog.status.currentData() == TrainingStatus.HELD
    assert roll.is_present(0) and not roll.is_present(1)  # the ticks back as they were
    press_space_on_tick(qtbot, dialog, 1)
    assert roll.is_present(1)


def test_a_planned_class_counts_no_one_present_whatever_its_rows_say(
    qtbot, team_store: Store
) -> None:
    """Saved with ticks (an older laptop, a script) or joined by a sync to a class another
    laptop set back to planned: its people read as registered everywhere."""
    hoa, tu = residents(team_store, "Đặng Thị Hoa", "Phạm Văn Tú")
    r = roster(team_store)
    day = date.today() + timedelta(days=5)
    planned = Training(day=day, start_time="08:00", end_time="10:00", place="Nhà văn hóa",
                       status=TrainingStatus.PLANNED, topic_ids=[r.topics[0].id],
                       attendance=[Attendance(hoa.id, True), Attendance(tu.id, True)])  # fmt: skip
    # The domain's check settles it (the form's save), and so does the store's own save.
    assert check_training(planned, date.today()) == []
    assert [a.present for a in planned.attendance] == [False, False]
    planned.attendance = [Attendance(hoa.id, True), Attendance(tu.id, True)]
    result(team_store.write(commands.save_training, planned, r.members[0].id))
    assert present_rows(team_store) == 0

    # What a sync may still bring: a present row on a class now planned.
    with closing(sqlite3.connect(team_store.path)) as conn, conn:
        conn.execute("UPDATE attendance SET present = 1")
    assert present_rows(team_store) == 2
    rows = result(team_store.read(lists.page, lists.ListQuery("training"), 0, 10))
    assert rows[0][-2:] == (2, 0)  # registered 2, present 0
    ov = result(team_store.read(queries.overview, Period(PeriodKind.YEAR, day.year)))
    assert (ov.attendances, ov.residents_trained) == (0, 0)
    sheet = result(team_store.read(reads.training_sheet, planned.id))
    assert [p.present for p in sheet.people] == [False, False]
    stored, people = result(team_store.read(queries.get_training, planned.id))
    assert [present for _, present in people] == [False, False]
    dialog = TrainingDialog(team_store, r, r.members[0].id, stored, people)
    qtbot.addWidget(dialog)
    assert dialog.roll.table.item(0, 3).text() == "registered"
    assert not dialog.roll.all_present.isEnabled()

    # The attendance sheet "after the class" waits for the class to be held.
    options = SheetOptions(held=False)
    qtbot.addWidget(options)
    assert options.before.isChecked() and not options.after.isEnabled()
    assert options.after.toolTip()

    # The resident's history: registered for it, not present, not absent.
    history = HistoryDialog("Đặng Thị Hoa", result(team_store.read(queries.resident_history,
                                                                   hoa.id)))  # fmt: skip
    qtbot.addWidget(history)
    assert history.classes.item(0, 4).text() == "registered"


def test_the_dashboard_counts_no_one_present_at_a_planned_class(central, laptops) -> None:
    """A present row joined to a class set back to planned (two laptops' syncs crossing)
    shows no one present on the team's trainings page, as the figures count no one."""
    from sqlalchemy import text

    from central import dashboard
    from tests.helpers import add_resident, connected_team

    team, (laptop,) = connected_team(central, laptops, "leader")
    hoa = add_resident(laptop, "Đặng Thị Hoa")
    topic = laptop.read(queries.load_roster).topics[0].id
    day = date.today() + timedelta(days=5)
    planned = Training(day=day, start_time="08:00", end_time="10:00", place="Nhà văn hóa",
                       status=TrainingStatus.PLANNED, topic_ids=[topic],
                       attendance=[Attendance(hoa.id, True)])  # fmt: skip
    laptop.write(commands.save_training, planned, None)
    assert laptop.sync.run_once().state == "synced"
    with central.admin_ops.engine.begin() as conn:
        present = text("SELECT COUNT(*) FROM f_attendance WHERE present AND training_id = :id")
        assert conn.execute(present, {"id": planned.id}).scalar() == 0  # (the service is shared)
        conn.execute(  # the crossing syncs' result, made directly
            text("UPDATE f_attendance SET present = :yes WHERE training_id = :id"),
            {"yes": True, "id": planned.id},
        )
    with central.admin_ops.engine.connect() as conn:
        page = dashboard.team_trainings(conn, team.id, Period(PeriodKind.YEAR, day.year))
    assert [(row["status"], row["present"]) for row in page.rows] == [("planned", 0)]
