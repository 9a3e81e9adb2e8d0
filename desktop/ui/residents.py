"""Residents: the form (with the 'already recorded?' check) and the list."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.store import commands, lists, queries
from desktop.store.store import Store
from desktop.ui.display import fill_table, read_only_table, show_day
from desktop.ui.forms import Form, FormDialog
from desktop.ui.listpage import ListPage, fill_filter
from desktop.ui.tasks import run_modal, save_and_close, show_failure, when_done
from desktop.ui.texts import gender_text, outcome_text, status_text
from desktop.ui.theme import bold, fit_window, scaled
from desktop.ui.widgets import hit_label
from sotay.domain.models import Gender, Resident
from sotay.domain.validation import FieldError, check_resident, parse_birth_year


class DuplicateDialog(QDialog):
    """'This may be someone already recorded': use them, or save a new person anyway."""

    USE, NEW = 1, 2

    def __init__(self, hits: list[queries.ResidentHit], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Already recorded?"))
        layout = QVBoxLayout(self)
        label = QLabel(
            self.tr(
                "This looks like someone already recorded (same name and birth "
                "year, or same phone). Use the existing person instead?"
            )
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget()
        for hit in hits:
            text = hit_label(hit) + (f" · {hit.phone}" if hit.phone else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.use_button = buttons.addButton(
            self.tr("Use this person"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.new_button = buttons.addButton(
            self.tr("Save as a new person"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.back_button = buttons.addButton(
            self.tr("Go back"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.use_button.clicked.connect(lambda: self.done(self.USE))
        self.new_button.clicked.connect(lambda: self.done(self.NEW))
        self.back_button.clicked.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _i: self.done(self.USE))
        layout.addWidget(buttons)

    def chosen(self) -> queries.ResidentHit:
        return self.list.currentItem().data(Qt.ItemDataRole.UserRole)


class ResidentDialog(FormDialog):
    """Add or edit a resident. After accept, `hit` is the person to use (saved or existing)."""

    def __init__(
        self,
        store: Store,
        roster: queries.Roster,
        actor: str | None,
        resident: Resident | None = None,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.roster, self.actor = store, roster, actor
        self.resident = resident or Resident(full_name=name)
        self.is_new = resident is None
        self.hit: queries.ResidentHit | None = None
        self.setWindowTitle(self.tr("New resident") if self.is_new else self.tr("Resident"))
        self.setMinimumWidth(scaled(460))
        layout = QVBoxLayout(self)
        self.form = Form()
        f = self.form
        self.name = f.add("full_name", self.tr("Full name"), QLineEdit(self.resident.full_name))
        self.gender = f.add("gender", self.tr("Gender"), QComboBox())
        self.gender.addItem("", None)
        for g in Gender:
            self.gender.addItem(gender_text(g), g)
        self.gender.setCurrentIndex(max(0, self.gender.findData(self.resident.gender)))
        self.birth_year = f.add(
            "birth_year",
            self.tr("Birth year"),
            QLineEdit(str(self.resident.birth_year) if self.resident.birth_year else ""),
        )
        self.birth_year.setMaxLength(4)
        self.birth_year.setPlaceholderText(self.tr("e.g. 1962"))
        self.neighbourhood = f.add("neighbourhood", self.tr("Neighbourhood"), QComboBox())
        self.neighbourhood.addItem("", None)
        for n in roster.neighbourhoods:
            self.neighbourhood.addItem(n.name, n.id)
        current = self.resident.neighbourhood_id
        if current and self.neighbourhood.findData(current) < 0:
            # removed from the team since: kept, so editing the phone does not drop it
            name = roster.removed_neighbourhoods.get(current, "…")
            self.neighbourhood.addItem(self.tr("%1 (removed)").replace("%1", name), current)
        self.neighbourhood.setCurrentIndex(
            max(0, self.neighbourhood.findData(self.resident.neighbourhood_id))
        )
        self.phone = f.add("phone", self.tr("Phone (optional)"), QLineEdit(self.resident.phone))
        self.note = f.add("note", self.tr("Note"), QPlainTextEdit(self.resident.note))
        self.note.setFixedHeight(self.fontMetrics().height() * 4)
        layout.addWidget(f)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        f.recheck = lambda: self._collect()[1]

    def snapshot(self) -> tuple:
        return (
            self.name.text(),
            self.gender.currentData(),
            self.birth_year.text(),
            self.neighbourhood.currentData(),
            self.phone.text(),
            self.note.toPlainText(),
        )

    def load_stored(self) -> Future[Resident | None] | None:
        return self.store.read(queries.get_resident, self.resident.id)

    def mine(self) -> Resident:
        return self._collect()[0]

    def describe(self, r: Resident) -> list[tuple[str, str]]:
        names = {n.id: n.name for n in self.roster.neighbourhoods}
        return [
            (self.tr("Full name"), r.full_name),
            (self.tr("Gender"), gender_text(r.gender) if r.gender else ""),
            (self.tr("Birth year"), str(r.birth_year or "")),
            (self.tr("Neighbourhood"), names.get(r.neighbourhood_id or "", "")),
            (self.tr("Phone (optional)"), r.phone),
            (self.tr("Note"), r.note),
        ]

    def adopt_version(self, stored: Resident | None) -> None:
        # Deleted meanwhile (None): 0 saves without the check, which brings it back.
        self.resident.version = stored.version if stored else 0

    def _collect(self) -> tuple[Resident, list[FieldError]]:
        r = Resident(
            full_name=self.name.text(),
            gender=self.gender.currentData(),
            neighbourhood_id=self.neighbourhood.currentData(),
            phone=self.phone.text(),
            note=self.note.toPlainText(),
            id=self.resident.id,
            version=self.resident.version,
        )
        today = date.today()
        r.birth_year = parse_birth_year(self.birth_year.text())  # type: ignore[assignment]
        return r, check_resident(r, today)

    def save(self) -> None:
        resident, errors = self._collect()
        if self.form.show_errors(errors):
            return
        self.save_button.setEnabled(False)
        self.setProperty("saving", True)
        if self.is_new:
            when_done(
                self.store.read(queries.similar_residents, resident),
                lambda hits: self._checked(resident, hits),
                self._failed,
                context=self,
            )
        else:
            self._write(resident)

    def _checked(self, resident: Resident, hits: list[queries.ResidentHit]) -> None:
        if hits:
            box = DuplicateDialog(hits, self)
            choice = run_modal(box)
            if choice == DuplicateDialog.USE:
                self.hit = box.chosen()
                self.setProperty("saving", False)
                self.accept()
                return
            if choice != DuplicateDialog.NEW:
                self.setProperty("saving", False)
                self.save_button.setEnabled(True)
                return
        self._write(resident)

    def _write(self, resident: Resident) -> None:
        future = self.store.write(commands.save_resident, resident, self.actor)
        save_and_close(self, self.save_button, future, lambda: self._saved(resident))

    def _saved(self, resident: Resident) -> None:
        self.resident = resident
        nb = next(
            (n.name for n in self.roster.neighbourhoods if n.id == resident.neighbourhood_id), ""
        )
        self.hit = queries.ResidentHit(
            resident.id,
            resident.full_name,
            resident.birth_year,
            str(resident.gender) if resident.gender else None,
            nb,
            resident.phone,
        )

    def _failed(self, exc: BaseException) -> None:
        self.setProperty("saving", False)
        self.save_button.setEnabled(True)  # everything typed is still in the form
        show_failure(self, exc)


class HistoryDialog(QDialog):
    """What the team did with a resident: the classes they were on (present or absent) and
    the help they received, newest first."""

    def __init__(self, name: str, history: queries.History, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("History of %1").replace("%1", name))
        fit_window(self, 820, 520)
        layout = QVBoxLayout(self)
        whose = QLabel(name)  # in the window too: a maximised dialog's title is easy to miss
        bold(whose)
        layout.addWidget(whose)
        present = sum(1 for c in history.classes if c[4] and c[1] == "held")
        summary = QLabel(
            self.tr("Classes attended: %1 · Help sessions: %2")
            .replace("%1", str(present))
            .replace("%2", str(len(history.helps)))
        )
        layout.addWidget(summary)
        layout.addWidget(QLabel(self.tr("Classes")))
        self.classes = self._table(
            [
                self.tr("Date"),
                self.tr("Status"),
                self.tr("Topics"),
                self.tr("Place"),
                self.tr("Present"),
            ],
            [
                (
                    show_day(day),
                    status_text(status),
                    topics,
                    place,
                    self._attended(status, here),
                )
                for day, status, topics, place, here in history.classes
            ],
            stretch=2,  # the topics
        )
        layout.addWidget(self.classes, 1)
        layout.addWidget(QLabel(self.tr("Help received")))
        self.helps = self._table(
            [self.tr("Date"), self.tr("Service"), self.tr("Outcome"), self.tr("Reason")],
            [
                (show_day(day), service, outcome_text(outcome), reason)
                for day, service, outcome, reason in history.helps
            ],
            stretch=3,  # the reason, the longest text
        )
        layout.addWidget(self.helps, 1)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _attended(self, status: str, here: bool) -> str:
        if here:
            return self.tr("present")
        # On a class not held a person is registered: no one is absent before it takes place.
        return self.tr("absent") if status == "held" else self.tr("registered")

    @staticmethod
    def _table(headers: list[str], rows: list[tuple], stretch: int) -> QTableWidget:
        table = read_only_table(headers, stretch=stretch)
        fill_table(table, rows, tips=range(len(headers)))
        return table


class ResidentsPage(ListPage):
    export_name = "nguoi-dan"
    table = "resident"
    # name, gender, birth year, neighbourhood, phone, note
    column_chars = (26, 5, 6, 14, 12, 20)
    short_columns = frozenset({1, 2, 4})
    name_columns = frozenset({0})

    def __init__(self, store: Store, documents: Executor, parent: QWidget | None = None) -> None:
        super().__init__(store, documents, parent)
        self.setWindowTitle(self.tr("Residents"))  # the exported sheet's name
        self.roster = queries.Roster()
        self.new_button.setText(self.tr("New resident"))
        self.search.setPlaceholderText(self.tr("Search by name (diacritics optional) or phone"))
        self.neighbourhood = self.filter_combo(self.tr("Neighbourhood"), stretch=1)
        self.trained = self.filter_combo(self.tr("Training"), stretch=1)
        self.attach(
            lists.ListQuery("resident"),
            [
                self.tr("Full name"),
                self.tr("Gender"),
                self.tr("Birth year"),
                self.tr("Neighbourhood"),
                self.tr("Phone"),
                self.tr("Note"),
            ],
            {"gender": gender_text},
        )
        self.fit_columns()
        self.history_button = QPushButton(self.tr("History…"))
        self.history_button.setToolTip(self.tr("The classes and help of the chosen resident"))
        self.history_button.clicked.connect(self.show_history)
        self.actions.insertWidget(self.actions.indexOf(self.open_button), self.history_button)
        self.row_buttons.append(self.history_button)
        self.import_button = QPushButton(self.tr("Import from Excel…"))
        self.import_button.setToolTip(
            self.tr("Add residents from a list kept in Excel (.xlsx) or CSV")
        )
        self.import_button.clicked.connect(self.import_file)
        self.actions.insertWidget(self.actions.indexOf(self.export_button), self.import_button)
        self._update_buttons()

    def set_roster(self, roster: queries.Roster) -> None:
        self.roster = roster
        fill_filter(
            self.neighbourhood,
            self.tr("All neighbourhoods"),
            [(n.name, n.id) for n in roster.neighbourhoods],
        )
        # Who to invite: never trained, or who already learnt a topic.
        fill_filter(
            self.trained,
            self.tr("Trained or not"),
            [(self.tr("Never trained"), lists.NEVER_TRAINED)]
            + [(self.tr("Trained on: %1").replace("%1", t.name), t.id) for t in roster.topics],
        )

    def query_filters(self) -> dict:
        return {
            **super().query_filters(),
            "neighbourhood_id": self.neighbourhood.currentData(),
            "trained": self.trained.currentData(),
        }

    def delete_question(self, row: int) -> str:
        return self.tr(
            "Delete the resident %1? Their past attendance and help stay in the figures."
        ).replace("%1", self.shown(row, "full_name"))

    def new_record(self) -> None:
        dialog = ResidentDialog(self.store, self.roster, self.actor, parent=self)
        if run_modal(dialog):
            self.saved_record()

    def show_history(self) -> None:
        row = self.current_row()
        if self.model is None or row < 0:
            return
        record_id = self.model.row_id(row)
        name = str(self.model.value(row, "full_name") or "")
        if record_id:
            when_done(
                self.store.read(queries.resident_history, record_id),
                lambda history: run_modal(HistoryDialog(name, history, self)),
                context=self,
            )

    # --- import from a spreadsheet --------------------------------------------------------------

    def import_file(self) -> None:
        if not self.team_ready():
            return
        from PySide6.QtWidgets import QFileDialog

        from desktop.ui import folders

        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import residents"),
            str(folders.save_folder()),
            self.tr("Lists (*.xlsx *.xls *.csv *.txt);;All files (*)"),
        )
        if path:
            folders.remember(Path(path))
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        """Read the file on the documents lane and who is recorded on the reader, then show
        the preview."""
        from desktop.importing.reading import read_sheets

        self.import_button.setEnabled(False)
        self.count_label.setText(self.tr("Reading %1…").replace("%1", path.name))

        def read(sheets: list) -> None:
            when_done(
                self.store.read(queries.resident_keys),
                lambda keys: self._preview(path, sheets, keys),
                self._not_read,
                context=self,
            )

        def not_read(exc: BaseException) -> None:
            from desktop.importing.reading import EncodingUnsure
            from desktop.ui.importer import EncodingDialog

            if isinstance(exc, EncodingUnsure):  # the user says which reads right
                dialog = EncodingDialog(path, exc.choices, self)
                if run_modal(dialog) and dialog.sheet is not None:
                    read([dialog.sheet])
                else:
                    self._not_read(None)  # let go: nothing to say
                return
            self._not_read(exc)

        when_done(self.documents.submit(read_sheets, path), read, not_read, context=self)

    def _not_read(self, exc: BaseException | None) -> None:
        from PySide6.QtWidgets import QMessageBox

        from desktop.importing.reading import Refused
        from desktop.ui.importer import refusal_text

        self.import_button.setEnabled(True)
        self.reload()  # the count again
        if exc is None:
            return
        if isinstance(exc, Refused):
            QMessageBox.warning(self, self.tr("Cannot import this file"), refusal_text(exc))
        else:
            show_failure(self, exc, self.tr("Cannot import this file"))

    def _preview(self, path: Path, sheets: list, keys: list[tuple]) -> None:
        from desktop.importing.residents import Known
        from desktop.ui.importer import ImportDialog, show_report

        self.import_button.setEnabled(True)
        self.reload()
        known = [
            Known(folded, year, phone, f"{name} ({', '.join(str(p) for p in (year, nb) if p)})")
            for folded, year, phone, name, nb in keys
        ]
        dialog = ImportDialog(
            self.store, self.roster, self.actor, path, sheets, known, self.documents, self
        )
        if run_modal(dialog) and dialog.outcome is not None:
            self.saved()
            if dialog.outcome.places:
                self.roster_changed.emit()
            show_report(dialog.outcome, self, self._save_left_out)

    def _save_left_out(self, headers: list[str], rows: list[list[object]]) -> None:
        path = self.ask_xlsx("khong-nhap-duoc", self.tr("Save the rows not imported"))
        if path is not None:
            self.write_xlsx(
                path,
                self.tr("Not imported"),
                headers,
                rows,
                self.tr("Not saved"),
                lambda saved: self.exported.emit(str(saved)),
            )

    def open_record(self, record_id: str) -> None:
        when_done(self.store.read(queries.get_resident, record_id), self._edit, context=self)

    def _edit(self, resident: Resident | None) -> None:
        if resident is None:
            return
        dialog = ResidentDialog(self.store, self.roster, self.actor, resident, parent=self)
        if run_modal(dialog):
            self.saved_record()
