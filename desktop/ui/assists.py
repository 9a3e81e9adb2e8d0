"""Help sessions (hỗ trợ người dân): the form and the list."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from datetime import date, timedelta
from functools import partial

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.printing.documents import sign_off_document
from desktop.store import commands, lists, queries
from desktop.store.store import Store
from desktop.ui.display import show_date, show_day
from desktop.ui.forms import Form, FormDialog, Unreadable
from desktop.ui.listpage import ListPage, fill_filter
from desktop.ui.preview import PreviewDialog
from desktop.ui.residents import ResidentDialog
from desktop.ui.tasks import run_modal, save_and_close, when_done
from desktop.ui.texts import outcome_text
from desktop.ui.theme import scaled
from desktop.ui.widgets import DateEdit, ResidentSearch, hit_label
from sotay.domain.models import Assist, Outcome
from sotay.domain.validation import MAX_REASON, FieldError, Problem, check_assist


class AssistDialog(FormDialog):
    def __init__(
        self,
        store: Store,
        roster: queries.Roster,
        actor: str | None,
        assist: Assist | None = None,
        hit: queries.ResidentHit | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.roster, self.actor = store, roster, actor
        self.assist = assist or Assist(day=date.today(), member_id=actor)
        self.hit = hit
        self.setWindowTitle(
            self.tr("New help session") if assist is None else self.tr("Help session")
        )
        self.setMinimumWidth(scaled(560))
        a = self.assist
        layout = QVBoxLayout(self)
        self.form = f = Form()
        self.day = f.add("day", self.tr("Date"), DateEdit())
        if a.day:
            self.day.setDate(QDate(a.day.year, a.day.month, a.day.day))
        self.unreadable = Unreadable(f)
        if assist is not None and a.day is None:
            self.day.setDate(QDate.currentDate())
            self.unreadable.mark("day", self.day)
        # The search has the field's whole width (its hint was cut beside the button), the
        # button for someone not yet recorded sits under it.
        who = QWidget()
        row = QVBoxLayout(who)
        row.setContentsMargins(0, 0, 0, 0)
        self.search = ResidentSearch(store)
        self.search.setPlaceholderText(self.tr("Type a name or phone"))
        self.search.setAccessibleName(self.tr("Resident"))
        self.search.chosen.connect(self.set_resident)
        self.new_button = QPushButton(self.tr("New resident…"))
        self.new_button.clicked.connect(self.new_resident)
        row.addWidget(self.search)
        row.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        f.add("resident", self.tr("Resident"), who)
        self.chosen = QLabel()
        self.chosen.setObjectName("chosenResident")
        # A long name, its year, gender and neighbourhood on two lines: on one, at 150 % with
        # A+, they ran past the form's edge ("… · Nữ · Khu").
        self.chosen.setWordWrap(True)
        f.layout_.addRow("", self.chosen)
        self.member = f.add("member", self.tr("Helped by"), QComboBox())
        for m in roster.members:
            self.member.addItem(m.full_name, m.id)
        if a.member_id and self.member.findData(a.member_id) < 0:
            name = roster.removed_members.get(a.member_id, "…")
            self.member.addItem(self.tr("%1 (removed)").replace("%1", name), a.member_id)
        self.member.setCurrentIndex(self.member.findData(a.member_id))
        self.service = f.add("service", self.tr("Service"), QComboBox())
        for s in roster.services:
            if s.active or s.id == a.service_id:
                self.service.addItem(s.name, s.id)
        self.service.setCurrentIndex(self.service.findData(a.service_id))
        self.outcome = f.add("outcome", self.tr("Outcome"), QComboBox())
        for o in Outcome:
            self.outcome.addItem(outcome_text(o), o)
        self.outcome.setCurrentIndex(self.outcome.findData(a.outcome))
        self.reason = f.add("reason", self.tr("Why not done / referred to"), QLineEdit(a.reason))
        self.reason.setMaxLength(MAX_REASON)
        self.note = f.add("note", self.tr("Note"), QPlainTextEdit(a.note))
        self.note.setFixedHeight(self.fontMetrics().height() * 3)
        self.outcome.currentIndexChanged.connect(lambda _i: self._outcome_changed())
        self._outcome_changed()
        layout.addWidget(f)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._show_resident()
        f.recheck = lambda: check_assist(self.collect(), date.today())
        self.unreadable.say()

    def snapshot(self) -> tuple:
        return (
            self.day.date(),
            self.hit.id if self.hit else None,
            self.member.currentData(),
            self.service.currentData(),
            self.outcome.currentData(),
            self.reason.text(),
            self.note.toPlainText(),
        )

    def load_stored(self) -> Future[tuple[Assist, queries.ResidentHit] | None] | None:
        return self.store.read(queries.get_assist, self.assist.id)

    def mine(self) -> tuple[Assist, queries.ResidentHit | None]:
        return self.collect(), self.hit

    def describe(self, record: tuple[Assist, queries.ResidentHit | None]) -> list[tuple[str, str]]:
        a, hit = record
        members = {m.id: m.full_name for m in self.roster.members} | self.roster.removed_members
        services = {s.id: s.name for s in self.roster.services}
        return [
            (self.tr("Date"), show_day(a.day) if a.day else ""),
            (self.tr("Resident"), hit_label(hit) if hit else ""),
            (self.tr("Helped by"), members.get(a.member_id or "", "")),
            (self.tr("Service"), services.get(a.service_id or "", "")),
            (self.tr("Outcome"), outcome_text(a.outcome)),
            (self.tr("Why not done / referred to"), a.reason),
            (self.tr("Note"), a.note),
        ]

    def adopt_version(self, stored: tuple[Assist, queries.ResidentHit] | None) -> None:
        self.assist.version = stored[0].version if stored else 0

    def _outcome_changed(self) -> None:
        self.reason.setEnabled(self.outcome.currentData() != Outcome.DONE)

    def set_resident(self, hit: queries.ResidentHit) -> None:
        self.hit = hit
        self._show_resident()
        self.form.changed()

    def _show_resident(self) -> None:
        self.chosen.setText(hit_label(self.hit) if self.hit else self.tr("No resident chosen"))
        # Taller when it takes two lines (a dialog given a minimum width does not grow by
        # itself): the note under it was pushed past the form's bottom.
        layout = self.layout()
        if self.isVisible() and layout is not None:
            need = layout.totalHeightForWidth(self.width())
            if need > self.height():
                self.resize(self.width(), need)

    def new_resident(self) -> None:
        dialog = ResidentDialog(
            self.store, self.roster, self.actor, name=self.search.text(), parent=self
        )
        if run_modal(dialog) and dialog.hit is not None:
            self.set_resident(dialog.hit)
            self.search.clear()

    def collect(self) -> Assist:
        qd = self.day.date()
        outcome = self.outcome.currentData()
        return Assist(
            day=None if "day" in self.unreadable else date(qd.year(), qd.month(), qd.day()),
            resident_id=self.hit.id if self.hit else None,
            member_id=self.member.currentData(),
            service_id=self.service.currentData(),
            outcome=outcome,
            reason=self.reason.text() if outcome != Outcome.DONE else "",
            note=self.note.toPlainText(),
            id=self.assist.id,
            version=self.assist.version,
        )

    def save(self) -> None:
        assist = self.collect()
        if self.form.show_errors(check_assist(assist, date.today())):
            return
        future = self.store.write(commands.save_assist, assist, self.actor)
        save_and_close(self, self.save_button, future, lambda: setattr(self, "assist", assist))


class RangeDialog(QDialog):
    """The days a sign-off sheet covers."""

    def __init__(self, first: date, last: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print sign-off sheet"))
        layout = QVBoxLayout(self)
        self.form = f = Form()
        self.first = f.add("first", self.tr("From"), DateEdit())
        self.last = f.add("last", self.tr("To"), DateEdit())
        for edit, day in ((self.first, first), (self.last, last)):
            edit.setDate(QDate(day.year, day.month, day.day))
        layout.addWidget(f)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("Preview"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        ok.clicked.connect(self.check)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def span(self) -> tuple[date, date]:
        a, b = self.first.date(), self.last.date()
        return date(a.year(), a.month(), a.day()), date(b.year(), b.month(), b.day())

    def check(self) -> None:
        first, last = self.span()
        if self.form.show_errors(
            [FieldError("last", Problem.END_BEFORE_START)] if last < first else []
        ):
            return
        self.accept()


class AssistsPage(ListPage):
    export_name = "ho-tro-nguoi-dan"
    table = "assist"
    # date, resident, service, outcome, helped by, reason
    column_chars = (10, 26, 28, 15, 20, 16)
    short_columns = frozenset({0, 3})
    name_columns = frozenset({1})

    def __init__(self, store: Store, documents: Executor, parent: QWidget | None = None) -> None:
        super().__init__(store, documents, parent)
        self.setWindowTitle(self.tr("Citizen help"))  # the exported sheet's name
        self.roster = queries.Roster()
        self.new_button.setText(self.tr("New help session"))
        self.print_button = QPushButton(self.tr("Print sign-off sheet…"))
        self.actions.insertWidget(2, self.print_button)
        self.print_button.clicked.connect(self.print_sheet)
        self.search.setPlaceholderText(self.tr("Search by resident name or phone"))
        self.period = self.period_filter()
        self.service = self.filter_combo(self.tr("Service"))
        self.neighbourhood = self.filter_combo(self.tr("Neighbourhood"))
        self.attach(
            lists.ListQuery("assist"),
            [
                self.tr("Date"),
                self.tr("Resident"),
                self.tr("Service"),
                self.tr("Outcome"),
                self.tr("Helped by"),
                self.tr("Reason"),
            ],
            {"day": show_date, "outcome": outcome_text},
        )
        self.fit_columns()

    def set_roster(self, roster: queries.Roster) -> None:
        self.roster = roster
        fill_filter(
            self.service, self.tr("All services"), [(s.name, s.id) for s in roster.services]
        )
        fill_filter(
            self.neighbourhood,
            self.tr("All neighbourhoods"),
            [(n.name, n.id) for n in roster.neighbourhoods],
        )

    def query_filters(self) -> dict:
        start, end = self.period.span()
        return {
            **super().query_filters(),
            "start": start,
            "end": end,
            "service_id": self.service.currentData(),
            "neighbourhood_id": self.neighbourhood.currentData(),
        }

    def print_sheet(self) -> None:
        today = date.today()
        start, end = self.period.span()
        first = start or today
        last = min(end - timedelta(days=1), today) if end else today
        options = RangeDialog(first, max(first, last), self)
        if not run_modal(options):
            return
        first, last = options.span()
        prepared_by = self.roster.member_name(self.actor)
        run_modal(
            PreviewDialog(
                self.tr("Help sign-off sheet"),
                partial(sign_off_document, self.store, first, last, prepared_by),
                self.documents,
                self,
            )
        )

    def delete_question(self, row: int) -> str:
        return (
            self.tr("Delete the help session for %1 on %2 (%3)?")
            .replace("%1", self.shown(row, "resident"))
            .replace("%2", self.shown(row, "day"))
            .replace("%3", self.shown(row, "service"))
        )

    def new_record(self) -> None:
        dialog = AssistDialog(self.store, self.roster, self.actor, parent=self)
        if run_modal(dialog):
            self.saved_record()

    def open_record(self, record_id: str) -> None:
        when_done(self.store.read(queries.get_assist, record_id), self._edit, context=self)

    def _edit(self, found: tuple[Assist, queries.ResidentHit] | None) -> None:
        if found is None:
            return
        assist, hit = found
        dialog = AssistDialog(self.store, self.roster, self.actor, assist, hit, self)
        if run_modal(dialog):
            self.saved_record()
