"""The team: where it works, its neighbourhoods and members (first start and later edits),
the editable catalogues, and 'who is using the app'."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.store import commands, queries
from desktop.store.store import Store
from desktop.ui.display import fit_headers, show_day
from desktop.ui.forms import Form, FormDialog, acts_on_enter, ask_delete
from desktop.ui.keyboard import EditTable
from desktop.ui.tasks import save_and_close
from desktop.ui.texts import indicator_text, problem_text, role_text
from desktop.ui.theme import error_label, fit_window
from desktop.ui.widgets import FoldedComboBox
from sotay.domain import units
from sotay.domain.denominators import check_figures
from sotay.domain.models import CatalogueItem, Member, Neighbourhood, Role, Team
from sotay.domain.standard import indicators_of
from sotay.domain.text import clean
from sotay.domain.validation import FieldError, Problem, check_member, check_team, leaders

FIGURES = Qt.ItemDataRole.UserRole + 1  # a neighbourhood item's figures, as typed


def _buttons(
    dialog: QDialog, save_text: str, cancel_text: str, on_save: Callable[[], None]
) -> QDialogButtonBox:
    box = QDialogButtonBox()
    save = box.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
    save.clicked.connect(on_save)
    cancel.clicked.connect(dialog.reject)
    dialog.save_button = save  # type: ignore[attr-defined]
    return box


def role_box(parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(QCoreApplication.translate("TeamDialog", "Role"))
    for role in Role:
        combo.addItem(role_text(role), role)
    return combo


class RoleDelegate(QStyledItemDelegate):
    """The role column's editor, a list of the roles (opened with Enter, F2 or a double-click:
    not a box always open, whose arrow keys changed a role on the way down the table). What is
    chosen goes to `chosen(row, role)`, which keeps the team to one leader."""

    def __init__(self, chosen: Callable[[int, Role], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.chosen = chosen

    def createEditor(
        self, parent: QWidget, _option: QStyleOptionViewItem, _index: QModelIndex
    ) -> QWidget:
        return role_box(parent)

    def width(self) -> int:
        """The room the editor needs for the longest role, at the text size of the moment."""
        return role_box().sizeHint().width()

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(editor.findData(index.data(Qt.ItemDataRole.UserRole)))

    def setModelData(self, editor: QWidget, _model: QAbstractItemModel, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        self.chosen(index.row(), Role(editor.currentData()))


def _mirror(source: QAction, owner: QWidget) -> QAction:
    """The same action, with its keys, owned by `owner` (a dialog): the window's own action,
    put on a dialog's button, was deleted with the dialog."""
    mirror = QAction(source.text(), owner)
    mirror.setIconText(source.iconText())
    mirror.setToolTip(source.toolTip())
    mirror.setShortcuts(source.shortcuts())
    if source.isCheckable():
        mirror.setCheckable(True)
        mirror.setChecked(source.isChecked())
        mirror.toggled.connect(source.setChecked)
        source.toggled.connect(mirror.setChecked)
    else:
        mirror.triggered.connect(source.trigger)
    return mirror


class TeamDialog(FormDialog):
    """First start (no team yet) or editing the team later."""

    def __init__(
        self,
        store: Store,
        roster: queries.Roster | None = None,
        actor: str | None = None,
        parent: QWidget | None = None,
        view_actions: Sequence[QAction] = (),
    ) -> None:
        """`view_actions`: the main window's text size and contrast, offered at first start
        (the window behind is not usable yet), with their keys."""
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.roster = roster or queries.Roster()
        self.first = self.roster.team is None
        self.team = copy.copy(self.roster.team) if self.roster.team else Team()
        # What is in the database: only these are deleted when removed (a failed save must
        # not make a just-added row look stored).
        self.stored = {n.id for n in self.roster.neighbourhoods} | {
            m.id for m in self.roster.members
        }
        self.setWindowTitle(self.tr("Set up your team") if self.first else self.tr("Team"))
        fit_window(self, 900, 640)
        layout = QVBoxLayout(self)
        self.connect_instead = False
        if self.first:
            intro = QLabel(
                self.tr(
                    "Welcome! Tell the app where your team works and who is in it. "
                    "You can change all of this later."
                )
            )
            intro.setWordWrap(True)
            top = QHBoxLayout()
            top.addWidget(intro, 1)
            self.view_buttons: list[QToolButton] = []
            for action in view_actions:
                button = QToolButton()
                button.setDefaultAction(_mirror(action, self))  # its key works here too
                button.setAutoRaise(False)  # framed, as on the main window's bar
                top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
                self.view_buttons.append(button)
            layout.addLayout(top)
            join = QHBoxLayout()
            join_text = QLabel(
                self.tr(
                    "Does your team already use the app on another laptop, or did the "
                    "commune give you a code? Connect instead: the team's data comes to "
                    "this laptop."
                )
            )
            join_text.setWordWrap(True)
            self.join_button = QPushButton(self.tr("Connect to the commune…"))
            self.join_button.clicked.connect(self._connect_instead)
            join.addWidget(join_text, 1)
            join.addWidget(self.join_button)
            layout.addLayout(join)
        columns = QHBoxLayout()
        layout.addLayout(columns, 1)

        left = QVBoxLayout()
        self.form = f = Form()
        self.province = f.add("province", self.tr("Province / city"), FoldedComboBox())
        self.province.lineEdit().setPlaceholderText(self.tr("Type to search, e.g. ha noi"))
        self.commune = f.add("commune", self.tr("Commune / ward"), FoldedComboBox())
        self.commune.lineEdit().setPlaceholderText(self.tr("Type to search"))
        self.name = f.add("name", self.tr("Team name"), QLineEdit(self.team.name))
        self.name.setPlaceholderText(self.tr("e.g. Tổ công nghệ số cộng đồng khu phố 3"))
        left.addWidget(f)
        self.province.set_items((u.name, u.code) for u in units.provinces())
        self.province.currentIndexChanged.connect(lambda _i: self._province_changed())
        if self.team.province_code:
            self.province.select_data(self.team.province_code)
            self.commune.select_data(self.team.commune_code)

        nb_box = QGroupBox(self.tr("Neighbourhoods (khu phố, ấp, thôn…)"))
        nb_layout = QVBoxLayout(nb_box)
        self.neighbourhoods = QListWidget()
        commune = self.roster.commune
        self.commune_figures = commune.neighbourhoods if commune else {}
        for n in self.roster.neighbourhoods:
            self._add_nb_item(copy.copy(n))
        nb_layout.addWidget(self.neighbourhoods)
        nb_row = QHBoxLayout()
        self.nb_name = acts_on_enter(QLineEdit())
        self.nb_name.setPlaceholderText(self.tr("e.g. Khu phố 3"))
        self.nb_name.setAccessibleName(self.tr("New neighbourhood"))
        self.nb_add = QPushButton(self.tr("Add"))
        self.nb_remove = QPushButton(self.tr("Remove"))
        for w in (self.nb_name, self.nb_add, self.nb_remove):
            nb_row.addWidget(w)
        nb_layout.addLayout(nb_row)
        self.nb_error = error_label()
        nb_layout.addWidget(self.nb_error)
        self.nb_add.clicked.connect(self.add_neighbourhood)
        self.nb_name.returnPressed.connect(self.add_neighbourhood)
        self.nb_remove.clicked.connect(self.remove_neighbourhood)
        self._figures_box(nb_layout)
        left.addWidget(nb_box, 1)
        columns.addLayout(left, 1)

        members_box = QGroupBox(self.tr("Members"))
        m_layout = QVBoxLayout(members_box)
        self.members = EditTable(0, 3)
        self.members.setHorizontalHeaderLabels(
            [self.tr("Full name"), self.tr("Role"), self.tr("Phone")]
        )
        self.members.setAccessibleName(self.tr("Members"))
        self.members.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        fit_headers(self.members)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.verticalHeader().hide()
        roles = RoleDelegate(self.choose_role, self.members)
        self.members.setItemDelegateForColumn(1, roles)
        # The longest role whole, and its list's arrow while it is edited ("Tổ trưởng" was cut
        # at A+).
        self.members.setColumnWidth(1, max(self.members.columnWidth(1), roles.width()))
        m_layout.addWidget(self.members)
        hint = QLabel(
            self.tr(
                "To change a cell: double-click it, or choose it with the arrow keys and "
                "press Enter."
            )
        )
        hint.setWordWrap(True)
        m_layout.addWidget(hint)
        m_row = QHBoxLayout()
        self.member_add = QPushButton(self.tr("Add member"))
        self.member_remove = QPushButton(self.tr("Remove member"))
        m_row.addStretch(1)
        m_row.addWidget(self.member_add)
        m_row.addWidget(self.member_remove)
        m_layout.addLayout(m_row)
        self.member_error = error_label()
        m_layout.addWidget(self.member_error)
        self.member_add.clicked.connect(self.new_member)
        self.member_remove.clicked.connect(self.remove_member)
        self.member_objs: list[Member] = []
        for m in self.roster.members:
            self.add_member_row(copy.copy(m))
        if not self.member_objs:
            self.add_member_row(Member(role=Role.LEADER))
        columns.addWidget(members_box, 1)

        layout.addWidget(_buttons(self, self.tr("Save"), self.tr("Cancel"), self.save))
        self.removed: list[tuple[str, str]] = []
        f.recheck = lambda: check_team(
            Team(
                name=self.name.text(),
                province_code=self.province.current_data(),
                commune_code=self.commune.current_data(),
            )
        )
        self.members.itemChanged.connect(lambda _i: self._members_changed())

    def snapshot(self) -> tuple:
        neighbourhoods = tuple(
            (item.text(), tuple(item.data(FIGURES).values()))
            for i in range(self.neighbourhoods.count())
            for item in (self.neighbourhoods.item(i),)
        )
        members = tuple(
            (
                self.members.item(row, 0).text() if self.members.item(row, 0) else "",
                self.role_at(row),
                self.members.item(row, 2).text() if self.members.item(row, 2) else "",
            )
            for row in range(self.members.rowCount())
        )
        return (
            self.name.text(),
            self.province.current_data(),
            self.commune.current_data(),
            neighbourhoods,
            members,
        )

    def _members_changed(self) -> None:
        if self.member_error.isVisible():
            problems = self.collect()[1]
            self.member_error.setText("\n".join(problems))
            self.member_error.setVisible(bool(problems))

    def _connect_instead(self) -> None:
        self.connect_instead = True
        self.reject()

    def lock_commune(self, locked: bool) -> None:
        """A team connected to the commune's service keeps the commune the service gave it."""
        for combo in (self.province, self.commune):
            combo.setEnabled(not locked)
            combo.setToolTip(self.tr("Set by the commune's server") if locked else "")

    # --- where ----------------------------------------------------------------------------------

    def _province_changed(self) -> None:
        code = self.province.current_data()
        self.commune.set_items(
            (u.name, u.code) for u in units.communes(code)
        ) if code else self.commune.set_items([])

    # --- neighbourhoods -----------------------------------------------------------------------

    def _add_nb_item(self, n: Neighbourhood) -> None:
        item = QListWidgetItem(n.name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setData(Qt.ItemDataRole.UserRole, n)
        # The figures as typed (kept whatever they hold until Save checks them).
        typed = {
            "adults": str(n.adults) if n.adults is not None else "",
            "households": str(n.households) if n.households is not None else "",
            "counted_on": show_day(n.counted_on) if n.counted_on else "",
        }
        item.setData(FIGURES, typed)
        self.neighbourhoods.addItem(item)

    # --- a neighbourhood's people (the rates' denominators) -----------------------------------

    def _figures_box(self, layout: QVBoxLayout) -> None:
        """The chosen neighbourhood's adults, households and the day they were counted."""
        self.figures_title = QLabel()
        self.figures_title.setWordWrap(True)
        layout.addWidget(self.figures_title)
        self.figures = f = Form()
        # Labels above their fields when the row is short of room (A+ at 150 %): the
        # messages under the fields keep their width.
        f.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.adults = f.add("adults", self.tr("Adults (18 and over)"), QLineEdit())
        self.households = f.add("households", self.tr("Households (if known)"), QLineEdit())
        self.counted_on = f.add("counted_on", self.tr("Counted on"), QLineEdit())
        self.adults.setPlaceholderText(self.tr("e.g. 1250"))
        self.counted_on.setPlaceholderText(self.tr("e.g. 15/01/2026"))
        layout.addWidget(f)
        self.figures_note = QLabel()
        self.figures_note.setWordWrap(True)
        self.figures_note.setObjectName("communeFigures")
        layout.addWidget(self.figures_note)
        self._showing = False  # the fields are being filled from a neighbourhood
        for key, edit in self._figure_edits().items():
            edit.textChanged.connect(lambda text, key=key: self._figure_typed(key, text))
        self.neighbourhoods.currentItemChanged.connect(lambda item, _old: self._show_figures(item))
        f.recheck = self._recheck_figures
        self._show_figures(self.neighbourhoods.currentItem())

    def _figure_edits(self) -> dict[str, QLineEdit]:
        return {"adults": self.adults, "households": self.households, "counted_on": self.counted_on}

    def _show_figures(self, item: QListWidgetItem | None) -> None:
        self._showing = True
        self.figures.clear_errors()
        n: Neighbourhood | None = item.data(Qt.ItemDataRole.UserRole) if item else None
        commune = self.commune_figures.get(n.id) if n else None
        if item is None:
            self.figures_title.setText(self.tr("Choose a neighbourhood to enter its people."))
        else:
            self.figures_title.setText(
                self.tr("People of %1 (counted once a year)").replace("%1", item.text())
            )
        typed = item.data(FIGURES) if item else {}
        if commune is not None:
            typed = {
                "adults": str(commune.adults) if commune.adults is not None else "",
                "households": str(commune.households) if commune.households is not None else "",
                "counted_on": show_day(commune.counted_on) if commune.counted_on else "",
            }
        for key, edit in self._figure_edits().items():
            edit.setText(typed.get(key, ""))
            edit.setEnabled(item is not None and commune is None)
        self.figures_note.setVisible(commune is not None)
        self.figures_note.setText(
            self.tr("Set by the commune: the commune's figure is used for the rates.")
        )
        self._showing = False

    def _figure_typed(self, key: str, text: str) -> None:
        item = self.neighbourhoods.currentItem()
        if self._showing or item is None:
            return
        typed = dict(item.data(FIGURES))
        typed[key] = text
        item.setData(FIGURES, typed)

    def _recheck_figures(self) -> list[FieldError]:
        t = {k: e.text() for k, e in self._figure_edits().items()}
        return check_figures(t["adults"], t["households"], t["counted_on"], date.today())[0]

    def _check_figures(self) -> bool:
        """Each neighbourhood's figures read into it; at the first one with a problem, that
        neighbourhood is chosen and its problems shown under its fields. True when all read."""
        for i in range(self.neighbourhoods.count()):
            item = self.neighbourhoods.item(i)
            n: Neighbourhood = item.data(Qt.ItemDataRole.UserRole)
            t = item.data(FIGURES)
            errors, figures = check_figures(
                t["adults"], t["households"], t["counted_on"], date.today()
            )
            if errors:
                self.neighbourhoods.setCurrentItem(item)
                self.figures.show_errors(errors)
                return False
            n.adults = figures.adults if figures else None
            n.households = figures.households if figures else None
            n.counted_on = figures.counted_on if figures else None
        return True

    def add_neighbourhood(self) -> None:
        name = clean(self.nb_name.text())
        if not name:
            return
        self._add_nb_item(Neighbourhood(name=name))
        self.nb_name.clear()
        self.nb_error.hide()

    def remove_neighbourhood(self) -> None:
        row = self.neighbourhoods.currentRow()
        if row < 0:
            return
        n: Neighbourhood = self.neighbourhoods.item(row).data(Qt.ItemDataRole.UserRole)
        if n.id in self.stored:
            self.removed.append(("neighbourhood", n.id))
        self.neighbourhoods.takeItem(row)

    # --- members --------------------------------------------------------------------------------

    def add_member_row(self, m: Member) -> None:
        row = self.members.rowCount()
        self.members.insertRow(row)
        self.members.setItem(row, 0, QTableWidgetItem(m.full_name))
        self.members.setItem(row, 1, QTableWidgetItem())
        self._show_role(row, m.role)
        self.members.setItem(row, 2, QTableWidgetItem(m.phone))
        self.member_objs.append(m)
        self.members.setCurrentCell(row, 0)

    def new_member(self) -> None:
        """Add member: a new row, its name open for typing."""
        self.add_member_row(Member())
        self.members.setFocus()
        self.members.edit(self.members.currentIndex())

    def role_at(self, row: int) -> Role:
        return Role(self.members.item(row, 1).data(Qt.ItemDataRole.UserRole))

    def _show_role(self, row: int, role: Role) -> None:
        item = self.members.item(row, 1)
        item.setData(Qt.ItemDataRole.UserRole, role)
        item.setText(role_text(role))

    def _name_of(self, row: int) -> str:
        item = self.members.item(row, 0)
        name = clean(item.text()) if item else ""
        return name or self.tr("member %1").replace("%1", str(row + 1))

    def choose_role(self, row: int, role: Role) -> None:
        """A role chosen in the table. A team has one leader: making a second one asks first
        whether to swap (the leader becomes a member) and changes nothing else meanwhile."""
        if role == self.role_at(row):
            return
        others = [r for r in range(self.members.rowCount()) if r != row]
        leader = next((r for r in others if self.role_at(r) == Role.LEADER), None)
        if role != Role.LEADER or leader is None:
            self._show_role(row, role)
            return
        # Asked once the editor has closed, without a nested event loop.
        QTimer.singleShot(0, lambda: self._ask_swap(row, leader))

    def _ask_swap(self, row: int, leader: int) -> None:
        if not self.isVisible() or self.findChild(QMessageBox, "oneLeader") is not None:
            return  # saved and closed meanwhile, or already asking
        old, new = self._name_of(leader), self._name_of(row)
        box = QMessageBox(self)
        box.setObjectName("oneLeader")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("One team leader"))
        box.setText(
            self.tr(
                "A team has one leader, and %1 is the team leader now. Make %2 the team "
                "leader instead? %1 will then be a member."
            )
            .replace("%1", old)
            .replace("%2", new)
        )
        # Short buttons, the names in the question: a long name cut them at A+.
        swap = box.addButton(self.tr("Change the leader"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Keep the leader"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # an Enter pressed on the way does not swap
        box.setEscapeButton(keep)

        def answered(_result: int) -> None:
            swapped = box.clickedButton() is swap
            box.deleteLater()
            if swapped:  # the rows are as they were: the question held the form meanwhile
                self._show_role(leader, Role.MEMBER)
                self._show_role(row, Role.LEADER)
            self.members.setFocus()

        box.finished.connect(answered)
        box.open()

    def remove_member(self) -> None:
        row = self.members.currentRow()
        if row < 0:
            return
        item = self.members.item(row, 0)
        name = clean(item.text()) if item else ""
        if self.member_objs[row].id in self.stored and name:  # not a row added just now
            question = self.tr("Remove %1 from the team? The records they made keep their name.")
            remove = self.tr("Remove")
            if not ask_delete(self, self.tr("Remove member"), question.replace("%1", name), remove):
                return
        m = self.member_objs.pop(row)
        if m.id in self.stored:
            self.removed.append(("member", m.id))
        self.members.removeRow(row)

    # --- save -----------------------------------------------------------------------------------

    def collect(self) -> tuple[list[FieldError], list[str]]:
        t = self.team
        t.name = self.name.text()
        t.province_code = self.province.current_data()
        t.province_name = self.province.currentText() if t.province_code else ""
        t.commune_code = self.commune.current_data()
        t.commune_name = self.commune.currentText() if t.commune_code else ""
        errors = check_team(t)
        problems: list[str] = []
        self.nb_list = []
        for i in range(self.neighbourhoods.count()):
            item = self.neighbourhoods.item(i)
            n: Neighbourhood = item.data(Qt.ItemDataRole.UserRole)
            n.name = clean(item.text())
            if n.name:
                self.nb_list.append(n)
        for i, m in enumerate(self.member_objs):
            m.full_name = self.members.item(i, 0).text() if self.members.item(i, 0) else ""
            m.role = self.role_at(i)
            m.phone = self.members.item(i, 2).text() if self.members.item(i, 2) else ""
            for err in check_member(m):
                field = self.tr("name") if err.field == "full_name" else self.tr("phone")
                problems.append(
                    self.tr("Member %1, %2: %3")
                    .replace("%1", str(i + 1))
                    .replace("%2", field)
                    .replace("%3", problem_text(err))
                )
        if not self.member_objs:
            problems.append(self.tr("Add at least one member."))
        heads = leaders(self.member_objs)
        if len(heads) > 1:  # the form never makes two; a sync of two laptops' edits can
            problems.append(
                self.tr(
                    "A team has one leader: %1 are all team leaders. Change all but one."
                ).replace("%1", ", ".join(m.full_name for m in heads))
            )
        return errors, problems

    def save(self) -> None:
        self.members.finish_editing()
        errors, member_problems = self.collect()
        bad = self.form.show_errors(errors)
        self.nb_error.setVisible(not self.nb_list)
        self.nb_error.setText(problem_text(FieldError("neighbourhoods", Problem.REQUIRED)))
        self.member_error.setText("\n".join(member_problems))
        self.member_error.setVisible(bool(member_problems))
        if bad or member_problems or not self.nb_list or not self._check_figures():
            return
        future = self.store.write(
            commands.save_roster,
            self.team,
            self.nb_list,
            self.member_objs,
            self.removed,
            self.actor,
        )
        save_and_close(self, self.save_button, future)


class CatalogueDialog(FormDialog):
    """Edit the topics of training or the kinds of help: rename, add, retire."""

    def __init__(
        self,
        store: Store,
        kind: str,
        items: list[CatalogueItem],
        actor: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.kind, self.actor = store, kind, actor
        self.setWindowTitle(
            self.tr("Training topics") if kind == "topic" else self.tr("Help services")
        )
        fit_window(self, 560, 480)
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "Double-click a name to rename it. Untick what your team no longer "
                "uses: past records keep it."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.list = QListWidget()
        self.list.setAccessibleName(self.windowTitle())
        self.originals = {i.id: (i.name, i.active, i.code) for i in items}
        for item in items:
            self._add(copy.copy(item))
        layout.addWidget(self.list, 1)
        # The standard indicator the chosen item counts for: what lets the commune add up a
        # team's own item with the other teams' (sotay/domain/standard.py).
        code_row = QHBoxLayout()
        code_label = QLabel(self.tr("Standard indicator:"))
        self.code = QComboBox()
        self.code.addItem(self.tr("(none)"), None)
        for indicator in indicators_of(kind):
            self.code.addItem(indicator_text(indicator.code), indicator.code)
        self.code.setAccessibleName(self.tr("Standard indicator of the chosen item"))
        code_label.setBuddy(self.code)
        code_row.addWidget(code_label)
        code_row.addWidget(self.code, 1)
        layout.addLayout(code_row)
        self.list.currentRowChanged.connect(lambda _row: self._show_code())
        self.code.currentIndexChanged.connect(lambda _i: self._code_chosen())
        if self.list.count():
            self.list.setCurrentRow(0)
        self._show_code()
        row = QHBoxLayout()
        self.new_name = acts_on_enter(QLineEdit())
        self.new_name.setAccessibleName(self.tr("New item"))
        add = QPushButton(self.tr("Add"))
        row.addWidget(self.new_name, 1)
        row.addWidget(add)
        layout.addLayout(row)
        add.clicked.connect(self.add_new)
        self.new_name.returnPressed.connect(self.add_new)
        layout.addWidget(_buttons(self, self.tr("Save"), self.tr("Cancel"), self.save))

    def snapshot(self) -> tuple:
        return tuple(
            (
                self.list.item(i).text(),
                self.list.item(i).checkState() == Qt.CheckState.Checked,
                self.list.item(i).data(Qt.ItemDataRole.UserRole).code,
            )
            for i in range(self.list.count())
        )

    def _current(self) -> CatalogueItem | None:
        w = self.list.currentItem()
        return w.data(Qt.ItemDataRole.UserRole) if w is not None else None

    def _show_code(self) -> None:
        item = self._current()
        self.code.setEnabled(item is not None)
        self.code.blockSignals(True)
        self.code.setCurrentIndex(max(0, self.code.findData(item.code if item else None)))
        self.code.blockSignals(False)

    def _code_chosen(self) -> None:
        w = self.list.currentItem()
        if w is None:
            return
        item: CatalogueItem = w.data(Qt.ItemDataRole.UserRole)
        item.code = self.code.currentData()
        w.setData(Qt.ItemDataRole.UserRole, item)

    def _add(self, item: CatalogueItem) -> None:
        w = QListWidgetItem(item.name)
        w.setFlags(w.flags() | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable)
        w.setCheckState(Qt.CheckState.Checked if item.active else Qt.CheckState.Unchecked)
        w.setData(Qt.ItemDataRole.UserRole, item)
        self.list.addItem(w)

    def add_new(self) -> None:
        name = clean(self.new_name.text())
        if name:
            self._add(CatalogueItem(name=name, sort=self.list.count()))
            self.new_name.clear()
            self.list.setCurrentRow(self.list.count() - 1)  # its indicator can be chosen next

    def save(self) -> None:
        changed = []
        for i in range(self.list.count()):
            w = self.list.item(i)
            item: CatalogueItem = w.data(Qt.ItemDataRole.UserRole)
            item.name = clean(w.text()) or item.name
            item.active = w.checkState() == Qt.CheckState.Checked
            if self.originals.get(item.id) != (item.name, item.active, item.code):
                changed.append(item)
        future = self.store.write(commands.save_catalogue, self.kind, changed, self.actor)
        save_and_close(self, self.save_button, future)


class WhoDialog(QDialog):
    """Which member is using the app: every record keeps who recorded it."""

    def __init__(
        self, members: list[Member], current: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who is using the app?"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Choose your name. What you record is kept under it.")))
        self.list = QListWidget()
        for m in members:
            item = QListWidgetItem(f"{m.full_name} ({role_text(m.role)})")
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            self.list.addItem(item)
            if m.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        layout.addWidget(self.list)
        box = QDialogButtonBox()
        ok = box.addButton(self.tr("Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.clicked.connect(self.accept)
        layout.addWidget(box)

    def member_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None
