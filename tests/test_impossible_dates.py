"""A record with a day or time no calendar has (stored before the central service refused
them, or written by hand) is shown as it is: no screen stops on it (issue 18)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date

from PySide6.QtCore import QDate, QTime

from desktop.store import queries
from desktop.store.store import Store
from desktop.ui.assists import AssistDialog
from desktop.ui.overview import OverviewPage
from desktop.ui.residents import HistoryDialog
from desktop.ui.trainings import EarlierClassDialog, TrainingDialog
from tests.helpers import result, roster


def spoil(store: Store) -> None:
    """Every training and help session given an impossible day, straight in the file."""
    with closing(sqlite3.connect(store.path)) as conn, conn:
        conn.execute(
            "UPDATE training SET day = '2025-02-30', start_time = '99:99', status = 'planned'"
        )
        conn.execute("UPDATE assist SET day = '2025-13-45'")


def test_the_queries_the_screens_call_give_the_text_back(recorded: Store) -> None:
    spoil(recorded)
    resident = result(recorded.read(queries.roll_call_of, _a_training(recorded)))[0]
    overdue = result(recorded.read(queries.overdue_planned, date.today()))
    assert [day for _, day, _, _ in overdue] == ["2025-02-30", "2025-02-30"]
    history = result(recorded.read(queries.resident_history, resident.id))
    assert {c[0] for c in history.classes} == {"2025-02-30"}
    assert [h[0] for h in history.helps] == ["2025-13-45"]
    earlier = result(recorded.read(queries.earlier_trainings, None))
    assert {t[1] for t in earlier} == {"2025-02-30"}
    loaded = result(recorded.read(queries.get_training, _a_training(recorded)))
    assert loaded is not None and loaded[0].day is None  # the form asks for a day again
    assist_id = _one(recorded, "SELECT id FROM assist")
    helped = result(recorded.read(queries.get_assist, assist_id))
    assert helped is not None and helped[0].day is None


def test_the_screens_show_it(qtbot, recorded: Store) -> None:
    spoil(recorded)
    r = roster(recorded)
    training_id = _a_training(recorded)
    resident = result(recorded.read(queries.roll_call_of, training_id))[0]

    page = OverviewPage(recorded, None)  # type: ignore[arg-type]  # no report printed
    qtbot.addWidget(page)
    page._show_overdue(result(recorded.read(queries.overdue_planned, date.today())))
    assert page.overdue.item(0, 0).text() == "2025-02-30"

    history = HistoryDialog(
        resident.full_name, result(recorded.read(queries.resident_history, resident.id))
    )
    qtbot.addWidget(history)
    assert history.classes.item(0, 0).text() == "2025-02-30"
    assert history.helps.item(0, 0).text() == "2025-13-45"

    earlier = EarlierClassDialog(result(recorded.read(queries.earlier_trainings, None)))
    qtbot.addWidget(earlier)

    t, people = result(recorded.read(queries.get_training, training_id))
    dialog = TrainingDialog(recorded, r, r.members[0].id, t, people)
    qtbot.addWidget(dialog)
    assert dialog.start.time().toString("HH:mm") == "00:00"  # an invalid time is not taken


def test_a_form_never_saves_a_day_or_time_the_user_did_not_pick(qtbot, recorded: Store) -> None:
    """Its editors cannot show the stored text: they say so, and Save waits for a choice."""
    spoil(recorded)
    r = roster(recorded)
    training_id = _a_training(recorded)
    t, people = result(recorded.read(queries.get_training, training_id))
    dialog = TrainingDialog(recorded, r, r.members[0].id, t, people)
    qtbot.addWidget(dialog)
    lost = "What was saved here is not a real date or time: set it again."
    assert dialog.form.error_text("day") == lost
    assert dialog.form.error_text("start_time") == lost
    dialog.save()  # nothing picked: nothing written
    assert _one(recorded, f"SELECT day FROM training WHERE id = '{training_id}'") == "2025-02-30"
    assert dialog.form.error_text("day") == "This field is required."
    dialog.day.setDate(QDate(2025, 2, 28))
    dialog.start.setTime(QTime(8, 30))
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.result() == 1, timeout=5000)
    saved = "SELECT day || ' ' || start_time FROM training WHERE id = '{}'"
    qtbot.waitUntil(lambda: _one(recorded, saved.format(training_id)) == "2025-02-28 08:30")

    assist_id = _one(recorded, "SELECT id FROM assist")
    helped, hit = result(recorded.read(queries.get_assist, assist_id))
    form = AssistDialog(recorded, r, r.members[0].id, helped, hit)
    qtbot.addWidget(form)
    assert form.form.error_text("day") == lost
    form.save()
    assert _one(recorded, f"SELECT day FROM assist WHERE id = '{assist_id}'") == "2025-13-45"
    form.day.calendarWidget().clicked.emit(form.day.date())  # today, picked on the calendar
    form.save()
    today = date.today().isoformat()
    qtbot.waitUntil(
        lambda: _one(recorded, f"SELECT day FROM assist WHERE id = '{assist_id}'") == today
    )


def _one(store: Store, sql: str) -> str:
    with closing(sqlite3.connect(store.path)) as conn:
        return str(conn.execute(sql).fetchone()[0])


def _a_training(store: Store) -> str:
    return _one(store, "SELECT id FROM training ORDER BY id LIMIT 1")


def test_the_printed_sheets_print_it(recorded: Store) -> None:
    from desktop.printing import documents, reads

    spoil(recorded)
    sheet = result(recorded.read(reads.training_sheet, _a_training(recorded)))
    assert sheet is not None and sheet.day == "2025-02-30"
    attendance = documents.attendance_document(recorded, sheet.id, True, 3, "An")
    assert attendance.name == "diem-danh-2025-02-30"
    first, last = date(2025, 1, 1), date(2026, 12, 31)
    lines = result(recorded.read(reads.assist_lines, first, last))
    assert {line.day for line in lines} == {"2025-13-45"}
    documents.sign_off_document(recorded, first, last, "An")
