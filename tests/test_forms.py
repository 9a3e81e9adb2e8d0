"""Forms never throw work away: Enter, Cancel, Esc and closing the window with changes, errors
that go away once fixed, and two windows editing one record."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.store import commands, queries
from desktop.store.store import Store
from desktop.ui.forms import ConflictDialog, FormDialog
from desktop.ui.residents import ResidentDialog
from desktop.ui.team import TeamDialog
from desktop.ui.trainings import TrainingDialog
from sotay.domain.models import Resident
from tests.helpers import count, result, roster
from tests.qt_helpers import type_text


def answer_unsaved(qtbot, dialog: FormDialog, button: str) -> str:
    """Wait for the 'unsaved changes' question on `dialog`, click `button` ('Save',
    'Discard changes', 'Keep editing'); return the question's text."""
    box: list[QMessageBox] = []
    qtbot.waitUntil(
        lambda: bool(box.extend(dialog.findChildren(QMessageBox, "unsavedChanges")) or box),
        timeout=5000,
    )
    question = box[0]
    assert question.isVisible()
    text = question.text()
    [chosen] = [b for b in question.buttons() if b.text() == button]
    chosen.click()
    return text


def saved_resident(store: Store, name: str = "Phan Văn Hải") -> Resident:
    resident = Resident(full_name=name, birth_year=1958)
    actor = roster(store).members[0].id
    result(store.write(commands.save_resident, resident, actor))
    found = result(store.read(queries.get_resident, resident.id))
    assert found is not None
    return found


def open_training(qtbot, store: Store) -> TrainingDialog:
    r = roster(store)
    dialog = TrainingDialog(store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


# --- Enter ------------------------------------------------------------------------------------


def test_enter_in_the_roll_call_search_without_a_match_neither_saves_nor_closes(
    qtbot, team_store: Store
) -> None:
    dialog = open_training(qtbot, team_store)
    type_text(dialog.place, "Nhà văn hóa")
    dialog.topics.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.roll.search.setFocus()
    qtbot.keyClicks(dialog.roll.search, "khong co ai ten nay")
    qtbot.keyClick(dialog.roll.search, Qt.Key.Key_Return)
    qtbot.wait(200)  # the search answers; nothing may be saved meanwhile
    assert dialog.isVisible()
    assert count(team_store, "SELECT COUNT(*) FROM training") == 0
    assert dialog.roll.ids == []


def test_enter_in_the_roll_call_search_adds_the_match(qtbot, team_store: Store) -> None:
    hai = saved_resident(team_store)
    dialog = open_training(qtbot, team_store)
    dialog.roll.search.setFocus()
    qtbot.keyClicks(dialog.roll.search, "phan van hai")
    qtbot.keyClick(dialog.roll.search, Qt.Key.Key_Return)  # before the search has answered
    qtbot.waitUntil(lambda: dialog.roll.ids == [hai.id], timeout=5000)
    assert dialog.isVisible()
    assert count(team_store, "SELECT COUNT(*) FROM training") == 0


def test_enter_in_the_neighbourhood_box_adds_it_and_keeps_the_team_form_open(
    qtbot, team_store: Store
) -> None:
    dialog = TeamDialog(team_store, roster(team_store))
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.neighbourhoods.count()
    dialog.nb_name.setFocus()
    qtbot.keyClicks(dialog.nb_name, "Ap Tan Hoa")
    qtbot.keyClick(dialog.nb_name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.neighbourhoods.count() == before + 1
    assert dialog.focusWidget() is dialog.nb_name and dialog.nb_name.text() == ""
    assert count(team_store, "SELECT COUNT(*) FROM neighbourhood") == 2  # nothing saved yet


def test_enter_in_a_one_line_field_moves_on_and_ctrl_enter_saves(qtbot, team_store: Store) -> None:
    r = roster(team_store)
    dialog = ResidentDialog(team_store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.name.setFocus()
    qtbot.keyClicks(dialog.name, "Do Thi Hoa")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.focusWidget() is dialog.gender
    assert count(team_store, "SELECT COUNT(*) FROM resident") == 0
    dialog.activateWindow()  # shortcuts go to the active window (other tests' may linger)
    qtbot.waitActive(dialog)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert count(team_store, "SELECT COUNT(*) FROM resident") == 1


# --- Cancel, Esc, close ----------------------------------------------------------------------


def edited_training(qtbot, store: Store) -> tuple[TrainingDialog, str]:
    """A saved training with two attendees, opened again and changed: one more attendee, one
    absence."""
    first, second, third = (
        saved_resident(store, n) for n in ("An Văn Một", "Bùi Thị Hai", "Cao Ba")
    )
    dialog = open_training(qtbot, store)
    type_text(dialog.place, "Nhà văn hóa")
    dialog.topics.item(0).setCheckState(Qt.CheckState.Checked)
    for resident in (first, second):
        dialog.roll.add(queries.ResidentHit(resident.id, resident.full_name, 1958, None, "", ""))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    training_id = dialog.training.id
    loaded = result(store.read(queries.get_training, training_id))
    assert loaded is not None
    r = roster(store)
    again = TrainingDialog(store, r, r.members[0].id, *loaded)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.roll.add(queries.ResidentHit(third.id, third.full_name, 1958, None, "", ""))
    again.roll.table.item(0, 3).setCheckState(Qt.CheckState.Unchecked)
    return again, training_id


def attendees(store: Store, training_id: str) -> list[tuple[str, int]]:
    return result(
        store.read(
            lambda c: c.execute(
                "SELECT resident_id, present FROM attendance WHERE training_id = ?"
                " AND deleted_at IS NULL ORDER BY resident_id",
                (training_id,),
            ).fetchall()
        )
    )


@pytest.mark.parametrize("how", ["cancel", "escape", "close"])
def test_leaving_an_edited_training_asks_and_keep_editing_keeps_everything(
    qtbot, team_store: Store, how: str
) -> None:
    dialog, training_id = edited_training(qtbot, team_store)
    before = attendees(team_store, training_id)
    if how == "cancel":
        [cancel] = [
            b for b in dialog.findChildren(type(dialog.save_button)) if b.text() == "Cancel"
        ]
        cancel.click()
    elif how == "escape":
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    else:
        dialog.close()
    text = answer_unsaved(qtbot, dialog, "Keep editing")
    assert "changed" in text
    assert dialog.isVisible() and len(dialog.roll.ids) == 3
    assert not dialog.roll.is_present(0)
    assert attendees(team_store, training_id) == before  # nothing written behind the user's back


def test_save_from_the_question_saves_the_changes(qtbot, team_store: Store) -> None:
    dialog, training_id = edited_training(qtbot, team_store)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    answer_unsaved(qtbot, dialog, "Save")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    rows = attendees(team_store, training_id)
    assert len(rows) == 3 and sum(present for _id, present in rows) == 2


def test_discard_from_the_question_closes_without_saving(qtbot, team_store: Store) -> None:
    dialog, training_id = edited_training(qtbot, team_store)
    before = attendees(team_store, training_id)
    dialog.close()
    answer_unsaved(qtbot, dialog, "Discard changes")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert attendees(team_store, training_id) == before


def test_an_unchanged_form_closes_without_a_question(qtbot, team_store: Store) -> None:
    dialog = open_training(qtbot, team_store)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.findChild(QMessageBox, "unsavedChanges") is None


def test_an_error_goes_away_once_the_field_is_fixed(qtbot, team_store: Store) -> None:
    r = roster(team_store)
    dialog = ResidentDialog(team_store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.birth_year, "1850")
    dialog.save_button.click()
    assert dialog.form.error_text("full_name") and dialog.form.error_text("birth_year")
    dialog.birth_year.clear()
    type_text(dialog.birth_year, "1950")
    assert dialog.form.error_text("birth_year") == ""
    assert not dialog.form.errors["birth_year"].isVisible()
    assert dialog.form.error_text("full_name")  # still missing: still said
    type_text(dialog.name, "Lý Thị Tám")
    assert dialog.form.error_text("full_name") == ""


# --- edits never overwrite each other ---------------------------------------------------------


def two_windows(qtbot, store: Store) -> tuple[ResidentDialog, ResidentDialog, Resident]:
    resident = saved_resident(store)
    r = roster(store)
    windows = []
    for _ in range(2):
        window = ResidentDialog(
            store, r, r.members[0].id, result(store.read(queries.get_resident, resident.id))
        )
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
    return windows[0], windows[1], resident


def conflict(qtbot, form: FormDialog) -> ConflictDialog:
    qtbot.waitUntil(lambda: form.findChild(ConflictDialog) is not None, timeout=5000)
    box = form.findChild(ConflictDialog)
    assert box.isVisible()
    return box


def later_save_refused(qtbot, store: Store) -> tuple[ResidentDialog, Resident, ConflictDialog]:
    """Two windows on one resident: the first saves a phone, the second a new name; the
    second's save is refused and shows both versions."""
    first, second, resident = two_windows(qtbot, store)
    type_text(first.phone, "0912000111")
    first.save_button.click()
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=5000)
    second.name.clear()
    type_text(second.name, "Phan Văn Hải Anh")
    second.save_button.click()
    return second, resident, conflict(qtbot, second)


def test_two_windows_editing_one_resident_the_later_save_shows_both_versions(
    qtbot, team_store: Store
) -> None:
    second, resident, box = later_save_refused(qtbot, team_store)
    rows = {
        box.table.item(r, 0).text(): (box.table.item(r, 1).text(), box.table.item(r, 2).text())
        for r in range(box.table.rowCount())
    }
    assert rows["Full name"] == ("Phan Văn Hải", "Phan Văn Hải Anh")
    assert rows["Phone (optional)"] == ("0912000111", "")
    assert set(box.differences) == {"Full name", "Phone (optional)"}
    stored = result(team_store.read(queries.get_resident, resident.id))
    assert stored.full_name == "Phan Văn Hải" and stored.phone == "0912000111"  # not overwritten
    box.back_button.click()
    assert second.isVisible() and second.name.text() == "Phan Văn Hải Anh"


def test_save_mine_over_it_after_seeing_both(qtbot, team_store: Store) -> None:
    second, resident, box = later_save_refused(qtbot, team_store)
    box.mine_button.click()
    qtbot.waitUntil(lambda: not second.isVisible(), timeout=5000)
    stored = result(team_store.read(queries.get_resident, resident.id))
    assert stored.full_name == "Phan Văn Hải Anh" and stored.version == 3


def test_take_the_saved_one_keeps_the_other_window_s_edit(qtbot, team_store: Store) -> None:
    second, resident, box = later_save_refused(qtbot, team_store)
    box.theirs_button.click()
    qtbot.waitUntil(lambda: not second.isVisible(), timeout=5000)
    stored = result(team_store.read(queries.get_resident, resident.id))
    assert (stored.full_name, stored.phone, stored.version) == ("Phan Văn Hải", "0912000111", 2)


def test_a_training_changed_meanwhile_shows_both_roll_calls(qtbot, team_store: Store) -> None:
    dialog, training_id = edited_training(qtbot, team_store)
    loaded = result(team_store.read(queries.get_training, training_id))
    assert loaded is not None
    training, _people = loaded
    training.place = "Đình làng"
    result(team_store.write(commands.save_training, training, roster(team_store).members[0].id))
    dialog.save_button.click()
    box = conflict(qtbot, dialog)
    rows = {
        box.table.item(r, 0).text(): box.table.item(r, 1).text()
        for r in range(box.table.rowCount())
    }
    assert rows["Place"] == "Đình làng"
    assert "Roll-call" in box.differences and "Place" in box.differences
    box.back_button.click()
    assert dialog.isVisible()
    assert QApplication.activeModalWidget() is not box
    _ = date.today()
