"""Residents from an Excel or CSV list: the file read off the GUI thread (a CSV whose encoding
is not sure: the user chooses, seeing names as each reads them), its columns matched (and
correctable), a preview of every row with its problems and likely duplicates and, greyed, the
rows that are not people, the chosen rows written in one transaction, then a summary of what
was written with the rows left out, which can be saved to fix and import again."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.importing.reading import MAX_ROWS, Decoding, Reason, Refused, Sheet
from desktop.importing.residents import (
    FIELDS,
    Issue,
    Known,
    Layout,
    NotPerson,
    Plan,
    Row,
    Status,
    best_sheet,
    column_names,
    find_layout,
    make_plan,
    sample_names,
    to_write,
)
from desktop.store import commands
from desktop.store.commands import Imported
from desktop.store.roster import Roster
from desktop.store.store import Store
from desktop.ui.tasks import show_failure, when_done
from desktop.ui.texts import gender_text
from desktop.ui.theme import fit_window
from sotay.domain.models import Gender

Index = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate
ALL = -1  # the filter showing every row


def number(n: int) -> str:
    from sotay.words import number as formatted

    return formatted(n)


def refusal_text(exc: Refused) -> str:
    """Why the file cannot be imported, and what to do, in the user's words."""
    texts = {
        Reason.NOT_FOUND: translate(
            "ImportDialog", "The file was not found. It may have been moved or deleted."
        ),
        Reason.EMPTY: translate("ImportDialog", "The file is empty: there is no list in it."),
        Reason.TOO_BIG: translate(
            "ImportDialog", "The file is larger than %1 MB. Is it really a list of residents?"
        ),
        Reason.TOO_MANY_ROWS: translate(
            "ImportDialog",
            "The list has more than %1 rows. Split it into smaller files (for example one "
            "per neighbourhood) and import them one after the other.",
        ),
        Reason.NOT_A_SPREADSHEET: translate(
            "ImportDialog",
            "This file is not a spreadsheet. Choose an Excel workbook (.xlsx) or a CSV file.",
        ),
        Reason.DAMAGED: translate(
            "ImportDialog",
            "The file is damaged and cannot be read. Open it in Excel, save it again as an "
            "Excel workbook (.xlsx), then import that.",
        ),
        Reason.OPEN_DOCUMENT: translate(
            "ImportDialog",
            "This is a LibreOffice file (.ods). Save it as an Excel workbook (.xlsx) or as "
            "CSV, then import that.",
        ),
        Reason.ENCRYPTED: translate(
            "ImportDialog",
            "The file is protected by a password. Open it in Excel, remove the password "
            "(File, Info, Protect Workbook), save it, then import it.",
        ),
        Reason.UNKNOWN_ENCODING: translate(
            "ImportDialog",
            "The letters of this CSV file cannot be read. Save it from Excel as “CSV UTF-8” "
            "or as an Excel workbook (.xlsx), then import that.",
        ),
        Reason.UNSURE_ENCODING: translate(
            "ImportDialog",
            "The letters of this CSV file do not read correctly. Save it from Excel as “CSV "
            "UTF-8” or as an Excel workbook (.xlsx), then import that.",
        ),
        Reason.MERGED_HEADER: translate(
            "ImportDialog",
            "The column titles have merged cells (%1), so a title cannot be matched to its "
            "column. Unmerge them in Excel so that each column has its own title in one "
            "row, then import again.",
        ),
    }
    text = texts[exc.reason]
    if exc.limit is not None:
        text = text.replace("%1", number(exc.limit))
    return text.replace("%1", exc.detail)


def field_title(name: str) -> str:
    return {
        "full_name": translate("ImportDialog", "Full name"),
        "gender": translate("ImportDialog", "Gender"),
        "birth_year": translate("ImportDialog", "Birth year"),
        "neighbourhood": translate("ImportDialog", "Neighbourhood"),
        "phone": translate("ImportDialog", "Phone"),
        "note": translate("ImportDialog", "Note"),
    }[name]


def issue_text(issue: Issue, value: str) -> str:
    texts = {
        Issue.NAME_MISSING: translate("ImportDialog", "No name"),
        Issue.NAME_INVALID: translate("ImportDialog", "The name “%1” has no letters"),
        Issue.NAME_TOO_LONG: translate("ImportDialog", "The name is too long"),
        Issue.GENDER_UNKNOWN: translate("ImportDialog", "Gender “%1” not understood: left blank"),
        Issue.BIRTH_YEAR_INVALID: translate(
            "ImportDialog", "Birth year “%1” not understood: left blank"
        ),
        Issue.PHONE_INVALID: translate(
            "ImportDialog", "Phone “%1” is not a Vietnamese number: left blank"
        ),
        Issue.NOTE_TOO_LONG: translate("ImportDialog", "The note is too long"),
        Issue.GARBLED: translate(
            "ImportDialog", "The letters of “%1” are garbled: the file's encoding is wrong"
        ),
    }
    return texts[issue].replace("%1", value)


def not_person_text(kind: NotPerson) -> str:
    return {
        NotPerson.PLACE_DATE: translate("ImportDialog", "Not a person: the place and date"),
        NotPerson.SIGNER: translate("ImportDialog", "Not a person: a signer's title"),
        NotPerson.SIGNATURE: translate("ImportDialog", "Not a person: the line to sign on"),
        NotPerson.TOTAL: translate("ImportDialog", "Not a person: a total"),
        NotPerson.SIGNER_NAME: translate(
            "ImportDialog", "Not a person: a signer's name, under the list"
        ),
    }[kind]


def encoding_title(encoding: str) -> str:
    return {
        "utf-8": translate("ImportDialog", "Unicode (UTF-8)"),
        "cp1258": translate("ImportDialog", "Vietnamese Windows (Windows-1258)"),
    }.get(encoding, encoding)


def row_status_text(row: Row) -> str:
    if row.not_person is not None:
        return not_person_text(row.not_person)
    parts = []
    if row.same_as:
        parts.append(
            translate("ImportDialog", "May already be recorded: %1").replace("%1", row.same_as)
        )
    elif row.same_line:
        parts.append(
            translate("ImportDialog", "Same person as row %1?").replace("%1", str(row.same_line))
        )
    parts += [issue_text(issue, value) for issue, value in row.issues]
    return "; ".join(parts) if parts else translate("ImportDialog", "Ready")


def status_title(status: int) -> str:
    return {
        ALL: translate("ImportDialog", "All rows"),
        Status.READY: translate("ImportDialog", "Ready"),
        Status.DUPLICATE: translate("ImportDialog", "Maybe already recorded"),
        Status.PROBLEM: translate("ImportDialog", "With a problem"),
        Status.ERROR: translate("ImportDialog", "Cannot be imported"),
        Status.NOT_PERSON: translate("ImportDialog", "Not a person"),
    }[status]


def dimmed() -> QColor:
    """Text shown as left out: between the text and the base colours, so it reads greyed in
    the normal and the high-contrast palette alike, still readable."""
    palette = QApplication.palette()
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    return QColor(
        (text.red() * 3 + base.red() * 2) // 5,
        (text.green() * 3 + base.green() * 2) // 5,
        (text.blue() * 3 + base.blue() * 2) // 5,
    )


class PreviewModel(QAbstractTableModel):
    """The plan's rows (those of one status, or all), a tick on each importable one."""

    chosen_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = Plan([], {})
        self.shown: list[Row] = []
        self.headers = [
            self.tr("Row"),
            field_title("full_name"),
            field_title("gender"),
            field_title("birth_year"),
            field_title("neighbourhood"),
            field_title("phone"),
            self.tr("Status"),
        ]

    def set_plan(self, plan: Plan, status: int) -> None:
        self.beginResetModel()
        self.plan = plan
        self.shown = [r for r in plan.rows if status == ALL or r.status == status]
        self.endResetModel()
        self.chosen_changed.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.shown[index.row()].status < Status.ERROR:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.shown[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 0:
            if row.status >= Status.ERROR:
                return None
            return Qt.CheckState.Checked if row.chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and row.status == Status.NOT_PERSON:
            return dimmed()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            r = row.resident
            if col == 0:
                return str(row.line)
            if col == 1:
                return r.full_name
            if col == 2:
                return gender_text(r.gender) if isinstance(r.gender, Gender) else ""
            if col == 3:
                return str(r.birth_year) if r.birth_year else ""
            if col == 4:
                return row.neighbourhood
            if col == 5:
                return r.phone
            return row_status_text(row)
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        row = self.shown[index.row()]
        if row.status >= Status.ERROR:
            return False
        row.chosen = Qt.CheckState(value) == Qt.CheckState.Checked  # type: ignore[arg-type]
        self.dataChanged.emit(index, index, [role])
        self.chosen_changed.emit()
        return True

    def choose_shown(self, chosen: bool) -> None:
        for row in self.shown:
            if row.status < Status.ERROR:
                row.chosen = chosen
        if self.shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.shown) - 1, 0))
        self.chosen_changed.emit()


class ImportDialog(QDialog):
    """The columns, the preview and the choice; Import writes the chosen rows at once."""

    imported = Signal(int, bool)  # residents added, whether neighbourhoods were added
    planned = Signal()  # a plan is shown (tests wait for it)

    def __init__(
        self,
        store: Store,
        roster: Roster,
        actor: str | None,
        path: Path,
        sheets: list[Sheet],
        known: list[Known],
        documents: Executor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.roster, self.actor = store, roster, actor
        self.documents = documents  # the window's lane: the rows are read again there
        self.path, self.sheets, self.known = path, sheets, known
        self.plan = Plan([], {})
        self.outcome: Outcome | None = None  # after the import
        self._generation = 0  # a plan made for older choices is dropped
        self.setWindowTitle(self.tr("Import residents from %1").replace("%1", path.name))
        fit_window(self, 1100, 640)
        layout = QVBoxLayout(self)

        top = QFormLayout()
        self.sheet = QComboBox()
        for sheet in sheets:
            self.sheet.addItem(sheet.name)
        self.sheet.setCurrentIndex(best_sheet(sheets))
        if len(sheets) > 1:
            top.addRow(self.tr("Sheet"), self.sheet)
        layout.addLayout(top)

        box = QGroupBox(self.tr("Which column holds what"))
        grid = QGridLayout(box)
        self.columns: dict[str, QComboBox] = {}
        for n, name in enumerate(FIELDS):
            combo = QComboBox()
            combo.setAccessibleName(field_title(name))
            label = QLabel(field_title(name))
            label.setBuddy(combo)
            grid.addWidget(label, n // 3, (n % 3) * 2)
            grid.addWidget(combo, n // 3, (n % 3) * 2 + 1)
            grid.setColumnStretch((n % 3) * 2 + 1, 1)
            combo.activated.connect(lambda _i: self.replan())
            self.columns[name] = combo
        layout.addWidget(box)

        bar = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter.setAccessibleName(self.tr("Show"))
        self.filter.activated.connect(lambda _i: self._show_plan())
        show_label = QLabel(self.tr("Show"))
        show_label.setBuddy(self.filter)
        bar.addWidget(show_label)
        bar.addWidget(self.filter)
        bar.addStretch(1)
        self.choose_all = QPushButton(self.tr("Tick all shown"))
        self.choose_none = QPushButton(self.tr("Untick all shown"))
        self.choose_all.clicked.connect(lambda: self.model.choose_shown(True))
        self.choose_none.clicked.connect(lambda: self.model.choose_shown(False))
        bar.addWidget(self.choose_all)
        bar.addWidget(self.choose_none)
        layout.addLayout(bar)

        self.model = PreviewModel(self)
        self.model.chosen_changed.connect(self._update_count)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        width = self.fontMetrics().averageCharWidth()
        for col, chars in enumerate((8, 26, 8, 9, 14, 13)):
            self.view.setColumnWidth(col, chars * width + 24)
        layout.addWidget(self.view, 1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setDefault(True)
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.start_import)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)

        self.sheet.activated.connect(lambda _i: self._sheet_chosen())
        self._sheet_chosen()

    # --- columns and plan ----------------------------------------------------------------------

    @property
    def current_sheet(self) -> Sheet:
        return self.sheets[self.sheet.currentIndex()]

    def _sheet_chosen(self) -> None:
        sheet = self.current_sheet
        self.layout_found = find_layout(sheet)
        names = column_names(self.layout_found, sheet)
        for name, combo in self.columns.items():
            combo.clear()
            combo.addItem(self.tr("(not imported)"), -1)
            for col, text in enumerate(names):
                combo.addItem(text, col)
            combo.setCurrentIndex(max(0, combo.findData(self.layout_found.columns.get(name, -1))))
        self.replan()

    def chosen_columns(self) -> dict[str, int]:
        return {
            name: combo.currentData()
            for name, combo in self.columns.items()
            if combo.currentData() is not None and combo.currentData() >= 0
        }

    def replan(self) -> None:
        """Read the rows again with the chosen columns, on the documents lane."""
        self._generation += 1
        generation = self._generation
        layout = Layout(
            self.layout_found.header_row, self.chosen_columns(), self.layout_found.headers
        )
        sheet, known, places = self.current_sheet, self.known, self.roster.neighbourhoods
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Reading the rows…"))

        def planned(plan: Plan) -> None:
            if generation == self._generation:
                self.plan = plan
                self._show_plan()
                self.planned.emit()

        when_done(
            self.documents.submit(make_plan, sheet, layout, known, places, date.today()),
            planned,
            self._refused,
            context=self,
        )

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, Refused):
            self.plan = Plan([], {})
            self._show_plan()
            self.summary.setText(refusal_text(exc))
            self.planned.emit()
        else:
            show_failure(self, exc)

    def _show_plan(self) -> None:
        current = self.filter.currentData()
        self.filter.clear()
        self.filter.addItem(f"{status_title(ALL)} ({number(len(self.plan.rows))})", ALL)
        for status in (
            Status.READY,
            Status.DUPLICATE,
            Status.PROBLEM,
            Status.ERROR,
            Status.NOT_PERSON,
        ):
            if count := self.plan.count(status):
                self.filter.addItem(f"{status_title(status)} ({number(count)})", int(status))
        self.filter.setCurrentIndex(max(0, self.filter.findData(current)))
        self.model.set_plan(self.plan, self.filter.currentData())

    def _update_count(self) -> None:
        chosen = len(self.plan.chosen())
        self.import_button.setText(
            self.tr("Import %1 residents").replace("%1", number(chosen))
            if chosen
            else self.tr("Import")
        )
        self.import_button.setEnabled(chosen > 0)
        lines = []
        if "full_name" not in self.chosen_columns():
            lines.append(self.tr("Choose the column that holds the full name."))
        elif not self.plan.rows:
            lines.append(self.tr("There are no rows under the column titles."))
        if places := self.plan.neighbourhoods_to_add():
            lines.append(
                self.tr("New neighbourhoods will be added to the team: %1").replace(
                    "%1", ", ".join(places)
                )
            )
        if garbled := sum(
            1 for r in self.plan.rows if any(i == Issue.GARBLED for i, _ in r.issues)
        ):
            if any(sheet.encoding for sheet in self.sheets):  # a text file (CSV), decoded
                said = self.tr(
                    "The letters of %1 rows are garbled: the file was saved in another "
                    "encoding. Save it from Excel as “CSV UTF-8” and import it again."
                )
            else:  # a workbook's cells hold the letters as typed: saving again keeps them
                said = self.tr(
                    "The letters of %1 rows are garbled: they were typed in an old font "
                    "encoding (TCVN3, also called ABC, or VNI). Convert the sheet to Unicode "
                    "(for example with UniKey's converter), save it, then import it again."
                )
            lines.append(said.replace("%1", number(garbled)))
        if not_people := self.plan.count(Status.NOT_PERSON):
            lines.append(
                self.tr(
                    "%1 rows are not people (the place and date, signatures or totals under "
                    "the list): they are shown greyed and not imported."
                ).replace("%1", number(not_people))
            )
        if self.plan.rows:
            lines.append(
                self.tr(
                    "Rows that may already be recorded or have a problem are not ticked: "
                    "tick those you want to import anyway."
                )
            )
        self.summary.setText("\n".join(lines))

    # --- import --------------------------------------------------------------------------------

    def start_import(self) -> None:
        residents, places = to_write(self.plan)
        if not residents:
            return
        self.import_button.setEnabled(False)
        self.setProperty("saving", True)
        self.summary.setText(self.tr("Importing…"))
        when_done(
            self.store.write(commands.import_residents, residents, places, self.actor),
            self._imported,
            self._failed,
            context=self,
        )

    def _failed(self, exc: BaseException) -> None:
        self.setProperty("saving", False)
        self._update_count()  # nothing was written: the choice is still there
        show_failure(self, exc, self.tr("Not imported"))

    def _imported(self, written: Imported) -> None:
        self.setProperty("saving", False)
        headers, rows = self.left_out_table()
        places = bool(written.neighbourhoods)
        # Worded now: the dialog is freed once closed, and the report outlives it.
        self.outcome = Outcome(written.added, places, self.report(written), headers, rows)
        self.imported.emit(written.added, places)
        self.accept()

    def reject(self) -> None:
        if not self.property("saving"):  # a write under way finishes first
            super().reject()

    # --- after ---------------------------------------------------------------------------------

    def left_out(self) -> list[Row]:
        return left_out(self.plan)

    def report(self, written: Imported) -> str:
        """What the store wrote, and what was left out and why."""
        left = self.left_out()
        lines = [self.tr("%1 residents added.").replace("%1", number(written.added))]
        if written.updated:
            lines.append(self.tr("%1 residents updated.").replace("%1", number(written.updated)))
        if written.neighbourhoods:
            lines.append(
                self.tr("Neighbourhoods added: %1").replace(
                    "%1", ", ".join(sorted(written.neighbourhoods))
                )
            )
        if left:
            lines.append(self.tr("%1 rows not imported:").replace("%1", number(len(left))))
            for status in (Status.DUPLICATE, Status.ERROR, Status.PROBLEM, Status.READY):
                if count := sum(1 for r in left if r.status == status):
                    why = {
                        Status.DUPLICATE: self.tr("maybe already recorded"),
                        Status.ERROR: self.tr("no usable name"),
                        Status.PROBLEM: self.tr("with a problem, not ticked"),
                        Status.READY: self.tr("not ticked"),
                    }[status]
                    lines.append(f"  • {number(count)} {why}")
        if not_people := self.plan.count(Status.NOT_PERSON):
            lines.append(
                self.tr(
                    "%1 rows under the list are not people (place and date, signatures, "
                    "totals): left out."
                ).replace("%1", number(not_people))
            )
        return "\n".join(lines)

    def left_out_table(self) -> tuple[list[str], list[list[object]]]:
        return left_out_table(self.plan)


def left_out(plan: Plan) -> list[Row]:
    """The people not imported: a footer's rows are nobody to fix and import again."""
    return [
        r
        for r in plan.rows
        if (not r.chosen or r.status == Status.ERROR) and r.status != Status.NOT_PERSON
    ]


def left_out_table(plan: Plan) -> tuple[list[str], list[list[object]]]:
    """The rows left out as the file had them, with the reason: to fix and import again."""
    headers = [
        translate("ImportDialog", "Row"),
        *(field_title(f) for f in FIELDS),
        translate("ImportDialog", "Reason"),
    ]
    rows: list[list[object]] = [
        [r.line, *(_as_written(f, r.cells.get(f, "")) for f in FIELDS), row_status_text(r)]
        for r in left_out(plan)
    ]
    return headers, rows


def _as_written(field: str, text: str) -> object:
    """A birth year goes back as a number (Excel flagged "1950" stored as text); a phone
    stays text, its leading 0 with it."""
    return int(text) if field == "birth_year" and text.isdigit() else text


class EncodingDialog(QDialog):
    """Which encoding a CSV is in, when its text reads garbled in every one it could be:
    each choice with a few names as it reads them, the least garbled chosen."""

    def __init__(self, path: Path, choices: list[Decoding], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.sheet: Sheet | None = None  # the reading chosen, once accepted
        self.setWindowTitle(
            self.tr("How should the letters of %1 be read?").replace("%1", path.name)
        )
        fit_window(self, 720, 460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Some letters of this file do not read correctly: it was saved in an encoding "
                "the app cannot be sure of. Choose the one in which the names read correctly."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        samples = sample_names(choices)
        for n, (choice, names) in enumerate(zip(choices, samples, strict=True)):
            button = QRadioButton(encoding_title(choice.encoding))
            shown = QLabel(", ".join(name for name in names if name) or "—")
            shown.setWordWrap(True)
            shown.setIndent(self.fontMetrics().averageCharWidth() * 4)
            button.setAccessibleDescription(shown.text())
            self.group.addButton(button, n)
            self.buttons.append(button)
            layout.addWidget(button)
            layout.addWidget(shown)
            if choice.garbled:
                still = QLabel(
                    self.tr("%1 rows would still be garbled and not imported.").replace(
                        "%1", number(choice.garbled)
                    )
                )
                still.setIndent(shown.indent())
                layout.addWidget(still)
        self.buttons[0].setChecked(True)
        note = QLabel(
            self.tr(
                "If no choice reads correctly, the file is in an old font encoding (TCVN3 "
                "also called ABC, or VNI), or its letters were lost (shown as “?”) when it "
                "was saved. Open it in Excel, convert it to Unicode (for example with "
                "UniKey's converter), save it as “CSV UTF-8” or as an Excel workbook "
                "(.xlsx), then import that."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.continue_button = buttons.addButton(
            self.tr("Continue"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.continue_button.setDefault(True)
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.continue_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons[0].setFocus()

    def accept(self) -> None:
        self.sheet = self.choices[max(0, self.group.checkedId())].sheet
        super().accept()


@dataclass(frozen=True, slots=True)
class Outcome:
    added: int
    places: bool  # neighbourhoods were added
    text: str
    left_headers: list[str]
    left_rows: list[list[object]]


def show_report(
    outcome: Outcome, parent: QWidget, save: Callable[[list[str], list[list[object]]], None]
) -> None:
    """What the import did; the rows left out can be saved, to fix and import again."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(translate("ImportDialog", "Import finished"))
    box.setText(outcome.text)
    save_button = None
    if outcome.left_rows:
        save_button = box.addButton(
            translate("ImportDialog", "Save the rows not imported…"),
            QMessageBox.ButtonRole.ActionRole,
        )
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if save_button is not None and clicked is save_button:
        save(outcome.left_headers, outcome.left_rows)


__all__ = ["MAX_ROWS", "EncodingDialog", "ImportDialog", "Outcome", "refusal_text", "show_report"]
