"""The real GUI driven as a user would: type, click, wait for the result."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton

from desktop.paths import Paths
from desktop.settings import Settings
from desktop.store import queries
from desktop.store.store import Store
from desktop.ui.assists import AssistDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.residents import DuplicateDialog, ResidentDialog
from desktop.ui.team import TeamDialog
from desktop.ui.trainings import TrainingDialog
from sotay.domain.models import Outcome, TrainingStatus
from sotay.domain.periods import Period, PeriodKind
from tests.helpers import count, result, roster
from tests.qt_helpers import deleted, leader_window, started_window, type_text, when_modal


def pick_first(qtbot, line_edit, completer) -> None:
    qtbot.waitUntil(lambda: completer.popup().isVisible(), timeout=5000)
    popup = completer.popup()
    popup.setCurrentIndex(completer.completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_first_start_setup(qtbot, store: Store) -> None:
    dialog = TeamDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_button.click()  # nothing filled in yet
    assert dialog.form.error_text("name")
    assert dialog.form.error_text("province")
    assert dialog.nb_error.isVisible()

    type_text(dialog.province.lineEdit(), "ha noi")  # no diacritics
    pick_first(qtbot, dialog.province.lineEdit(), dialog.province.completer())
    assert dialog.province.current_data() == 1
    type_text(dialog.commune.lineEdit(), "ba dinh")
    pick_first(qtbot, dialog.commune.lineEdit(), dialog.commune.completer())
    assert dialog.commune.currentText() == "Phường Ba Đình"
    type_text(dialog.name, "Tổ công nghệ số cộng đồng khu phố 3")
    type_text(dialog.nb_name, "Khu phố 3")
    dialog.nb_add.click()
    dialog.members.item(0, 0).setText("Trần  Thị Lan ")
    dialog.members.setItem(0, 2, dialog.members.item(0, 0).clone())
    dialog.members.item(0, 2).setText("12345")
    dialog.save_button.click()
    assert "Member 1" in dialog.member_error.text()  # bad phone, said next to the table
    assert dialog.name.text() == "Tổ công nghệ số cộng đồng khu phố 3"  # nothing lost
    dialog.members.item(0, 2).setText("0912 345 678")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)

    r = roster(store)
    assert r.team is not None and r.team.commune_name == "Phường Ba Đình"
    assert [n.name for n in r.neighbourhoods] == ["Khu phố 3"]
    assert [(m.full_name, m.phone) for m in r.members] == [("Trần Thị Lan", "0912345678")]
    assert len(r.topics) == 8 and len(r.services) == 6


def new_resident(qtbot, store: Store, name: str, year: str, on_duplicate=None) -> ResidentDialog:
    r = roster(store)
    dialog = ResidentDialog(store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.name, name)
    type_text(dialog.birth_year, year)
    dialog.gender.setCurrentIndex(1)  # female
    dialog.neighbourhood.setCurrentIndex(1)
    if on_duplicate:
        when_modal(qtbot, on_duplicate)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    return dialog


def test_resident_bad_input_is_explained_and_kept(qtbot, team_store: Store) -> None:
    r = roster(team_store)
    dialog = ResidentDialog(team_store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    type_text(dialog.name, "Đặng Văn Bình")
    type_text(dialog.birth_year, "1850")
    type_text(dialog.phone, "12345")
    dialog.save_button.click()
    assert "1900" in dialog.form.error_text("birth_year")
    assert "phone" in dialog.form.error_text("phone").lower()
    assert dialog.form.error_text("full_name") == ""
    assert dialog.name.text() == "Đặng Văn Bình" and dialog.phone.text() == "12345"
    assert dialog.result() == 0
    assert count(team_store, "SELECT COUNT(*) FROM resident") == 0


def test_duplicate_resident_offers_the_existing_person(qtbot, team_store: Store) -> None:
    first = new_resident(qtbot, team_store, "Nguyễn Thị Hương", "1958")
    seen: list[list[str]] = []

    def use_existing(box: QDialog) -> None:
        assert isinstance(box, DuplicateDialog)
        seen.append([box.list.item(i).text() for i in range(box.list.count())])
        box.use_button.click()

    # Typed differently: lower case, no diacritics, extra spaces.
    second = new_resident(qtbot, team_store, "nguyen thi  huong", "1958", use_existing)
    assert seen and "Nguyễn Thị Hương" in seen[0][0]
    assert second.hit is not None and second.hit.id == first.resident.id
    assert count(team_store, "SELECT COUNT(*) FROM resident") == 1


def test_training_roll_call_with_inline_new_resident(qtbot, team_store: Store) -> None:
    existing = new_resident(qtbot, team_store, "Đặng Thị Hoa", "1950")
    r = roster(team_store)
    dialog = TrainingDialog(team_store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.place, "Nhà văn hóa khu phố 3")
    dialog.topics.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.status.setCurrentIndex(dialog.status.findData(TrainingStatus.HELD))

    roll = dialog.roll
    type_text(roll.search, "dang hoa")  # finds Đặng without diacritics
    pick_first(qtbot, roll.search, roll.search._completer)
    qtbot.waitUntil(lambda: roll.table.rowCount() == 1, timeout=5000)

    def fill_new(box: QDialog) -> None:
        assert isinstance(box, ResidentDialog)
        type_text(box.birth_year, "1990")
        box.gender.setCurrentIndex(2)  # male
        box.save_button.click()

    type_text(roll.search, "Phạm Văn Tú")
    when_modal(qtbot, fill_new)
    roll.new_button.click()  # the typed name carries into the new-resident form
    qtbot.waitUntil(lambda: roll.table.rowCount() == 2, timeout=5000)
    assert roll.table.item(1, 0).text() == "Phạm Văn Tú"
    roll.table.item(0, 3).setCheckState(Qt.CheckState.Unchecked)
    counts = roll.counts.text().replace("\u00a0", " ")  # figures kept by their words
    assert "Registered: 2" in counts and "Absent: 1" in counts

    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    training, people = result(team_store.read(queries.get_training, dialog.training.id))
    assert training.place == "Nhà văn hóa khu phố 3"
    got = {hit.full_name: present for hit, present in people}
    assert got == {"Đặng Thị Hoa": False, "Phạm Văn Tú": True}
    assert existing.resident.id in [a.resident_id for a in training.attendance]


def test_enter_adds_the_namesake_the_arrow_keys_chose(qtbot, team_store: Store) -> None:
    """Two "Phạm Văn An": the user sees both whole, moves down to the second, presses Enter."""
    from desktop.store import commands
    from sotay.domain.models import Resident

    leader = roster(team_store).members[0].id
    for year in (1960, 1965):
        an = Resident(full_name="Phạm Văn An", birth_year=year)
        result(team_store.write(commands.save_resident, an, leader))
    dialog = AssistDialog(team_store, roster(team_store), leader)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.search.setFixedWidth(100)  # a narrow field: its list is still wide enough
    type_text(dialog.search, "pham van an")
    popup = dialog.search._completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible() and popup.model().rowCount() == 2, timeout=5000)
    assert popup.width() >= popup.sizeHintForColumn(0)  # "… · Khu phố 3" not cut
    second = popup.model().index(1, 0).data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    assert popup.currentIndex().row() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.hit is not None, timeout=5000)
    assert dialog.hit.id == second.id  # the first one was taken before


def test_a_click_on_a_topics_name_ticks_it(qtbot, team_store: Store) -> None:
    """Not only on its small box: the name's row turning blue looked like chosen."""
    r = roster(team_store)
    dialog = TrainingDialog(team_store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    topics = dialog.topics
    rect = topics.visualItemRect(topics.item(1))
    words = QPoint(rect.left() + rect.width() // 2, rect.center().y())
    qtbot.mouseClick(topics.viewport(), Qt.MouseButton.LeftButton, pos=words)
    assert topics.item(1).checkState() == Qt.CheckState.Checked
    box = QPoint(rect.left() + 10, rect.center().y())  # the box itself: ticked once, not twice
    qtbot.mouseClick(topics.viewport(), Qt.MouseButton.LeftButton, pos=box)
    assert topics.item(1).checkState() == Qt.CheckState.Unchecked
    qtbot.mouseClick(topics.viewport(), Qt.MouseButton.LeftButton, pos=words)
    assert topics.item(1).checkState() == Qt.CheckState.Checked


def test_a_missing_resident_marks_the_search_not_its_button(qtbot, team_store: Store) -> None:
    r = roster(team_store)
    dialog = AssistDialog(team_store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_button.click()
    assert dialog.form.error_text("resident")
    assert "border" in dialog.search.styleSheet()  # the box to fill is framed in red...
    assert dialog.new_button.styleSheet() == ""  # ...the button beside it is not


def test_training_end_before_start_is_refused(qtbot, team_store: Store) -> None:
    r = roster(team_store)
    dialog = TrainingDialog(team_store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    type_text(dialog.place, "Hội trường")
    dialog.topics.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.end.setTime(dialog.start.time().addSecs(-3600))
    dialog.save_button.click()
    assert "after the start" in dialog.form.error_text("end_time")
    assert dialog.place.text() == "Hội trường"
    assert count(team_store, "SELECT COUNT(*) FROM training") == 0


def test_help_session(qtbot, team_store: Store) -> None:
    new_resident(qtbot, team_store, "Võ Thị Mai", "1962")
    r = roster(team_store)
    dialog = AssistDialog(team_store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.search, "vo thi mai")
    pick_first(qtbot, dialog.search, dialog.search._completer)
    qtbot.waitUntil(lambda: dialog.hit is not None, timeout=5000)
    dialog.service.setCurrentIndex(0)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.NOT_DONE))
    dialog.save_button.click()
    assert dialog.form.error_text("reason")  # why not done?
    type_text(dialog.reason, "Chưa mang căn cước")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assist, hit = result(team_store.read(queries.get_assist, dialog.assist.id))
    assert hit.full_name == "Võ Thị Mai"
    assert assist.outcome == Outcome.NOT_DONE and assist.reason == "Chưa mang căn cước"


def test_overview_shows_exactly_what_was_entered(qtbot, team_store: Store, tmp_path) -> None:
    test_training_roll_call_with_inline_new_resident(qtbot, team_store)
    test_help_session(qtbot, team_store)
    settings = Settings()
    settings.member_id = roster(team_store).members[0].id
    window = started_window(qtbot, team_store, tmp_path, settings)
    overview = window.overview
    overview.period.set_period(Period.containing(PeriodKind.MONTH, date.today()))
    qtbot.waitUntil(
        lambda: overview.data is not None and overview.figures["assists"].text() == "1",
        timeout=5000,
    )
    f = {k: v.text() for k, v in overview.figures.items()}
    # One held training; Hoa absent, Tú (male, 1990) present; Mai helped, not done.
    assert f["trainings_held"] == "1"
    assert f["attendances"] == "1"
    assert f["residents_trained"] == "1"
    assert f["women_trained"] == "0"
    assert f["elderly_trained"] == "0"
    assert f["assists"] == "1"
    services = {
        overview.services.item(i, 0).text(): overview.services.item(i, 2).text()
        for i in range(overview.services.rowCount())
    }
    assert services[roster(team_store).services[0].name] == "1"

    # The lists show the records, searchable without diacritics.
    window.nav.setCurrentRow(3)
    page = window.residents
    type_text(page.search, "pham tu")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.value(0, "full_name") == "Phạm Văn Tú"
    assert isinstance(page.new_button, QPushButton)


def test_a_failed_save_keeps_the_form_and_says_why(qtbot, team_store: Store, monkeypatch) -> None:
    from concurrent.futures import Future

    from tests.helpers import disk_full_error

    r = roster(team_store)
    dialog = ResidentDialog(team_store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.name, "Hà Thị Nga")
    type_text(dialog.birth_year, "1970")

    def disk_full(*_args):
        failed: Future = Future()
        failed.set_exception(disk_full_error())
        return failed

    monkeypatch.setattr(team_store, "write", disk_full)
    seen: list[str] = []
    when_modal(qtbot, lambda box: (seen.append(box.text()), box.accept()))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "disk is full" in seen[0]
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert dialog.name.text() == "Hà Thị Nga" and dialog.birth_year.text() == "1970"
    assert count(team_store, "SELECT COUNT(*) FROM resident") == 0


def test_removed_neighbourhood_and_trainer_are_kept_when_editing(qtbot, team_store) -> None:
    from desktop.store import commands
    from sotay.domain.models import Attendance, Resident, Training

    r = roster(team_store)
    leader, other = r.members
    resident = Resident(full_name="Mai Văn Tư", neighbourhood_id=r.neighbourhoods[0].id)
    result(team_store.write(commands.save_resident, resident, leader.id))
    training = Training(
        day=date.today(),
        start_time="08:00",
        end_time="09:00",
        place="Đình",
        topic_ids=[r.topics[0].id],
        trainer_ids=[other.id],
        attendance=[Attendance(resident.id)],
    )
    result(team_store.write(commands.save_training, training, leader.id))
    result(team_store.write(commands.delete, "neighbourhood", r.neighbourhoods[0].id, None))
    result(team_store.write(commands.delete, "member", other.id, None))
    r = roster(team_store)

    stored = result(team_store.read(queries.get_resident, resident.id))
    dialog = ResidentDialog(team_store, r, leader.id, stored)
    qtbot.addWidget(dialog)
    assert "(removed)" in dialog.neighbourhood.currentText()
    type_text(dialog.phone, "0912 345 678")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    again = result(team_store.read(queries.get_resident, resident.id))
    assert again.neighbourhood_id == resident.neighbourhood_id and again.phone == "0912345678"

    t, people = result(team_store.read(queries.get_training, training.id))
    edit = TrainingDialog(team_store, r, leader.id, t, people)
    qtbot.addWidget(edit)
    type_text(edit.note, "Đã đổi ghi chú")
    edit.save_button.click()
    qtbot.waitUntil(lambda: edit.result() == QDialog.DialogCode.Accepted, timeout=5000)
    t2, _ = result(team_store.read(queries.get_training, training.id))
    assert t2.trainer_ids == [other.id] and t2.note == "Đã đổi ghi chú"


def test_cancel_waits_while_a_save_is_on_its_way(qtbot, team_store) -> None:
    import threading

    r = roster(team_store)
    busy = threading.Event()
    team_store.write(lambda _db: busy.wait(10))  # the writer is busy (a backup, say)
    dialog = ResidentDialog(team_store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.name, "Ông Văn Chờ")
    dialog.save_button.click()
    dialog.reject()  # Esc / Cancel while the save is queued
    dialog.close()
    assert dialog.isVisible()
    busy.set()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert count(team_store, "SELECT COUNT(*) FROM resident") == 1


def test_team_form_recovers_after_a_failed_save(qtbot, team_store, monkeypatch) -> None:
    from sotay.domain.models import Member
    from tests.helpers import disk_full_error

    r = roster(team_store)
    dialog = TeamDialog(team_store, r)
    qtbot.addWidget(dialog)
    dialog.add_member_row(Member())
    dialog.members.item(2, 0).setText("Người Mới")
    real_write = team_store.write
    calls = []

    def fail_once(fn, *args):
        calls.append(fn)
        if len(calls) > 1:
            return real_write(fn, *args)

        def then_full(db, *a):
            fn(db, *a)  # the rows are written (and their objects touched)...
            raise disk_full_error()  # ...then rolled back

        return real_write(then_full, *args)

    monkeypatch.setattr(team_store, "write", fail_once)
    when_modal(qtbot, lambda box: box.accept())
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled() and len(calls) == 1, timeout=5000)
    dialog.members.setCurrentCell(2, 0)
    dialog.remove_member()  # never stored: nothing to delete
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert [m.full_name for m in roster(team_store).members] == [m.full_name for m in r.members]


def test_a_resident_made_in_a_roll_call_shows_in_the_residents_list(
    qtbot, team_store, tmp_path
) -> None:
    settings = Settings()
    settings.member_id = roster(team_store).members[0].id
    window = MainWindow(team_store, Paths(tmp_path), settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.start()
    residents = window.residents
    qtbot.waitUntil(lambda: residents.model.ready, timeout=5000)
    assert residents.model.rowCount() == 0
    window.trainings.saved()  # what a training saved with a new resident emits
    result(
        team_store.write(
            __import__("desktop.store.commands", fromlist=["x"]).save_resident,
            __import__("sotay.domain.models", fromlist=["x"]).Resident(full_name="Lưu Thị Mới"),
            None,
        )
    )
    window.trainings.saved()
    qtbot.waitUntil(lambda: residents.model.rowCount() == 1, timeout=5000)


def test_a_class_dated_today_starts_held_a_later_one_planned_with_people_registered(
    qtbot, team_store: Store
) -> None:
    from PySide6.QtCore import QDate

    hoa = new_resident(qtbot, team_store, "Đặng Thị Hoa", "1950").resident
    r = roster(team_store)
    dialog = TrainingDialog(team_store, r, r.members[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.status.currentData() == TrainingStatus.HELD  # recorded afterwards
    dialog.day.setDate(QDate.currentDate().addDays(7))
    assert dialog.status.currentData() == TrainingStatus.PLANNED  # the date says so
    roll = dialog.roll
    roll.add(queries.ResidentHit(hoa.id, hoa.full_name, 1950, "female", "", ""))
    assert not roll.is_present(0) and roll.table.item(0, 3).text() == "registered"
    assert roll.counts.text() == "Registered: 1"  # nobody absent from a class not held yet
    dialog.day.setDate(QDate.currentDate())
    assert dialog.status.currentData() == TrainingStatus.HELD
    assert roll.counts.text() == "Registered:\u00a01 · Present:\u00a00 · Absent:\u00a01"
    # once the user has picked a status, the date no longer changes it
    dialog.status.setCurrentIndex(dialog.status.findData(TrainingStatus.CANCELLED))
    dialog.status.activated.emit(dialog.status.currentIndex())
    dialog.day.setDate(QDate.currentDate().addDays(3))
    assert dialog.status.currentData() == TrainingStatus.CANCELLED


def test_planned_classes_whose_day_passed_are_listed_to_update(
    qtbot, team_store: Store, tmp_path
) -> None:
    from datetime import timedelta

    from desktop.store import commands
    from sotay.domain.models import Training

    r = roster(team_store)
    leader = r.members[0].id
    late = Training(day=date.today() - timedelta(days=3), place="Nhà văn hóa",
                    start_time="08:00", end_time="10:00",
                    status=TrainingStatus.PLANNED, topic_ids=[r.topics[0].id])  # fmt: skip
    ahead = Training(day=date.today() + timedelta(days=3), status=TrainingStatus.PLANNED)
    done = Training(day=date.today() - timedelta(days=5), status=TrainingStatus.HELD)
    for t in (late, ahead, done):
        result(team_store.write(commands.save_training, t, leader))
    window = started_window(qtbot, team_store, tmp_path, Settings(member_id=leader))
    overview = window.overview
    qtbot.waitUntil(overview.to_update.isVisible, timeout=5000)
    assert overview.overdue_ids == [late.id]  # not the one ahead, not the held one
    assert overview.overdue.item(0, 1).text() == r.topics[0].name

    def mark_held(dialog: QDialog) -> None:
        assert isinstance(dialog, TrainingDialog) and dialog.training.id == late.id
        dialog.status.setCurrentIndex(dialog.status.findData(TrainingStatus.HELD))
        dialog.save_button.click()

    when_modal(qtbot, mark_held)
    overview._open_overdue(0)  # as a double-click on the row does
    qtbot.waitUntil(lambda: not overview.to_update.isVisible(), timeout=10000)
    assert overview.overdue_ids == []


def test_a_list_exports_to_xlsx_as_shown_filtered_and_sorted(
    qtbot, team_store: Store, tmp_path
) -> None:
    from openpyxl import load_workbook

    from desktop.store import commands
    from sotay.domain.models import Resident

    leader = roster(team_store).members[0].id
    for name, year in (("Lê Văn Bình", 1950), ("Trần Thị Bình", 1962), ("=Ngô Bình", 1990),
                       ("Phạm Thị Mai", 1970)):  # fmt: skip
        result(team_store.write(
            commands.save_resident, Resident(full_name=name, birth_year=year), leader))  # fmt: skip
    window = started_window(qtbot, team_store, tmp_path, Settings(member_id=leader))
    window.nav.setCurrentRow(3)
    page = window.residents
    type_text(page.search, "binh")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    page._sort_clicked(page.model.keys.index("birth_year"))  # oldest first
    qtbot.waitUntil(lambda: page.model.value(0, "birth_year") == 1950, timeout=5000)
    shown = [
        [page.model.data(page.model.index(r, c)) for c in range(len(page.model.keys))]
        for r in range(page.model.rowCount())
    ]
    target = tmp_path / "nguoi-dan.xlsx"
    with qtbot.waitSignal(page.exported, timeout=10000):
        page.export_to(target)
    sheet = load_workbook(target).active
    got = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert got[0] == page.model.headers
    assert got[1:] == [[str(v) for v in row] for row in shown]  # Phạm Thị Mai filtered out
    names = [c for row in sheet.iter_rows() for c in row if c.value == "=Ngô Bình"]
    assert names and names[0].data_type != "f"  # "=Ngô Bình" stays a name, not a formula


def test_a_new_class_starts_from_an_earlier_class_roll_call(qtbot, team_store: Store) -> None:
    from desktop.store import commands
    from sotay.domain.models import Attendance, Resident, Training

    r = roster(team_store)
    leader = r.members[0].id
    people = [Resident(full_name=n, birth_year=1950) for n in ("Lê Thị Ánh", "Vũ Văn Bảo",
                                                                 "Phạm Thị Cúc")]  # fmt: skip
    for p in people:
        result(team_store.write(commands.save_resident, p, leader))
    roll_call = [Attendance(p.id, present=p is not people[2]) for p in people]
    first = Training(day=date(2026, 10, 5), start_time="08:00", end_time="10:00",
                     place="Nhà văn hóa", status=TrainingStatus.HELD,
                     topic_ids=[r.topics[0].id], attendance=roll_call)  # fmt: skip
    result(team_store.write(commands.save_training, first, leader))
    result(team_store.write(commands.delete, "resident", people[1].id))  # moved away since

    dialog = TrainingDialog(team_store, r, leader)
    qtbot.addWidget(dialog)
    dialog.show()
    roll = dialog.roll
    roll.add(queries.ResidentHit(people[0].id, people[0].full_name, 1950, None, "", ""))
    roll.table.item(0, 3).setCheckState(Qt.CheckState.Unchecked)  # already here: kept as is

    def pick(chooser: QDialog) -> None:
        assert chooser.list.count() == 1 and "2 people" in chooser.list.item(0).text()
        assert "05/10/2026" in chooser.list.item(0).text()
        chooser.ok.click()

    when_modal(qtbot, pick)
    roll.earlier_button.click()
    qtbot.waitUntil(lambda: roll.table.rowCount() == 2, timeout=5000)
    names = [roll.table.item(i, 0).text() for i in range(2)]
    assert names == ["Lê Thị Ánh", "Phạm Thị Cúc"]  # Bảo, deleted, is left out
    assert not roll.is_present(0) and roll.is_present(1)  # a class held today: present


def test_a_residents_history_shows_their_classes_and_help(
    qtbot, team_store: Store, tmp_path
) -> None:
    from desktop.store import commands
    from sotay.domain.models import Assist, Attendance, Resident, Training

    r = roster(team_store)
    leader = r.members[0].id
    hoa = Resident(full_name="Đặng Thị Hoa", birth_year=1950)
    result(team_store.write(commands.save_resident, hoa, leader))
    for day, present in ((date(2026, 3, 2), True), (date(2026, 5, 4), False)):
        t = Training(day=day, start_time="08:00", end_time="10:00", place="Nhà văn hóa",
                     status=TrainingStatus.HELD, topic_ids=[r.topics[0].id],
                     attendance=[Attendance(hoa.id, present=present)])  # fmt: skip
        result(team_store.write(commands.save_training, t, leader))
    help_ = Assist(day=date(2026, 6, 1), resident_id=hoa.id, member_id=leader,
                   service_id=r.services[0].id, outcome=Outcome.NOT_DONE,
                   reason="Chưa có CCCD gắn chip")  # fmt: skip
    result(team_store.write(commands.save_assist, help_, leader))
    window = started_window(qtbot, team_store, tmp_path, Settings(member_id=leader))
    window.nav.setCurrentRow(3)
    page = window.residents
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert not page.history_button.isEnabled()  # nobody chosen yet
    page.view.selectRow(0)
    seen: list = []

    def look(dialog: QDialog) -> None:
        seen.append([dialog.classes.item(i, 0).text() + " " + dialog.classes.item(i, 4).text()
                     for i in range(dialog.classes.rowCount())])  # fmt: skip
        seen.append([dialog.helps.item(0, c).text() for c in range(4)])
        seen.append([label.text() for label in dialog.findChildren(QLabel)][:1])  # whose
        dialog.reject()

    when_modal(qtbot, look)
    page.history_button.click()
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=5000)
    assert seen[0] == ["04/05/2026 absent", "02/03/2026 present"]  # newest first
    assert seen[1] == ["01/06/2026", r.services[0].name, "Not done", "Chưa có CCCD gắn chip"]
    assert seen[2] == ["Đặng Thị Hoa"]  # whose history, in the window itself


def test_the_residents_list_shows_who_was_never_trained(qtbot, team_store: Store, tmp_path):
    from desktop.store import commands, lists
    from sotay.domain.models import Attendance, Resident, Training

    r = roster(team_store)
    leader = r.members[0].id
    came, invited = Resident(full_name="Lê Thị Ánh"), Resident(full_name="Vũ Văn Bảo")
    for p in (came, invited):
        result(team_store.write(commands.save_resident, p, leader))
    t = Training(day=date(2026, 4, 6), start_time="08:00", end_time="10:00",
                 status=TrainingStatus.HELD, topic_ids=[r.topics[0].id],
                 attendance=[Attendance(came.id)])  # fmt: skip
    result(team_store.write(commands.save_training, t, leader))
    window = started_window(qtbot, team_store, tmp_path, Settings(member_id=leader))
    window.nav.setCurrentRow(3)
    page = window.residents
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    hint = page.search.placeholderText()
    assert hint and page.search.toolTip() == hint  # read whole even when the box cuts it
    page.trained.setCurrentIndex(page.trained.findData(lists.NEVER_TRAINED))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.value(0, "full_name") == "Vũ Văn Bảo"
    page.trained.setCurrentIndex(page.trained.findData(r.topics[0].id))
    qtbot.waitUntil(lambda: page.model.value(0, "full_name") == "Lê Thị Ánh", timeout=5000)
    assert page.model.rowCount() == 1


def test_a_save_after_the_window_is_gone_does_not_reach_its_settings(
    qtbot, team_store: Store, tmp_path
) -> None:
    """The remembered folder is saved through the window's signal; once that window is
    deleted (a language switch rebuilds it, a test closes it) a save must not call it."""
    from desktop.ui import folders

    settings = Settings(member_id=roster(team_store).members[0].id)
    window = MainWindow(team_store, Paths(tmp_path), settings)  # not qtbot's: deleted here
    deleted(qtbot, window)
    folders.remember(tmp_path / "later" / "bao-cao.xlsx")  # raised "source deleted" before
    assert settings.save_folder != str(tmp_path / "later")

    # A language switch builds the new window before the old one goes, with the same
    # settings: the new one still remembers.
    old = MainWindow(team_store, Paths(tmp_path), settings)
    new = started_window(qtbot, team_store, tmp_path, settings)
    deleted(qtbot, old)
    with qtbot.waitSignal(new.settings_changed) as told:
        folders.remember(tmp_path / "usb" / "bao-cao.xlsx")
    assert told.args == ["save_folder"] and settings.save_folder == str(tmp_path / "usb")


def test_the_overview_reads_its_neighbourhoods_when_their_tab_is_shown(
    qtbot, team_store: Store
) -> None:
    """The figures by neighbourhood cost a query the overview's other tabs do not need: read
    on the tab's first showing (and again after a change while it is shown)."""
    from concurrent.futures import ThreadPoolExecutor

    from desktop.store import commands
    from desktop.ui.overview import OverviewPage
    from sotay.domain.models import Attendance, Resident, Training

    r = roster(team_store)
    leader = r.members[0].id
    hoa = Resident(full_name="Đặng Thị Hoa", neighbourhood_id=r.neighbourhoods[0].id)
    result(team_store.write(commands.save_resident, hoa, leader))
    held = Training(day=date.today(), start_time="08:00", end_time="10:00",
                    status=TrainingStatus.HELD, topic_ids=[r.topics[0].id],
                    attendance=[Attendance(hoa.id)])  # fmt: skip
    result(team_store.write(commands.save_training, held, leader))
    page = OverviewPage(team_store, ThreadPoolExecutor(1))  # not used: no report printed
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.topics.rowCount() > 0, timeout=5000)
    qtbot.wait(100)
    assert page.areas.rowCount() == 0  # not read: its tab is not shown
    page.breakdowns.setCurrentWidget(page.areas)
    qtbot.waitUntil(lambda: page.areas.rowCount() == 1, timeout=5000)
    assert page.areas.item(0, 0).text() == r.neighbourhoods[0].name
    assert page.areas.item(0, 1).text() == "1"  # one resident trained

    second = Resident(full_name="Vũ Văn Bảo", neighbourhood_id=r.neighbourhoods[1].id)
    result(team_store.write(commands.save_resident, second, leader))
    held.attendance.append(Attendance(second.id))
    held.version = result(team_store.read(queries.get_training, held.id))[0].version
    result(team_store.write(commands.save_training, held, leader))
    page.refresh()  # a save elsewhere: the shown tab reads again
    qtbot.waitUntil(lambda: page.areas.rowCount() == 2, timeout=5000)


def test_a_list_says_a_record_was_saved_and_deleted(qtbot, team_store: Store, tmp_path) -> None:
    """A saved record used to just appear in the list: the count now says so, once."""
    window = leader_window(qtbot, team_store, tmp_path)
    window.go_to(3)
    page = window.residents
    qtbot.waitUntil(lambda: page.model is not None and page.model.ready, timeout=5000)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ResidentDialog)
        type_text(dialog.name, "Đặng Thị Hoa")
        dialog.save_button.click()

    when_modal(qtbot, fill)
    page.new_button.click()
    qtbot.waitUntil(lambda: page.count_label.text() == "1 record(s) · Saved.", timeout=5000)
    page.search.setText("dang")  # the next change of the list: the word has been said
    qtbot.waitUntil(lambda: page.count_label.text() == "1 record(s)", timeout=5000)

    page.view.selectRow(0)
    when_modal(
        qtbot,
        lambda box: next(b for b in box.buttons() if b.text() == "Delete").click(),
        QMessageBox,
    )
    page.delete_button.click()
    qtbot.waitUntil(lambda: page.count_label.text() == "0 record(s) · Deleted.", timeout=5000)
