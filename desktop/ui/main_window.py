"""The main window: navigation, the four screens, who is recording, view options."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenuBar,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import desktop
from desktop.paths import Paths
from desktop.settings import FONT_STEPS, Settings
from desktop.store.roster import Roster
from desktop.store.store import Store
from desktop.ui import folders, theme
from desktop.ui.overview import OverviewPage
from desktop.ui.tasks import run_modal, when_done

if TYPE_CHECKING:
    from desktop.sync.service import Status, SyncService
    from desktop.ui.assists import AssistsPage
    from desktop.ui.datacheck import DataCheck
    from desktop.ui.listpage import ListPage
    from desktop.ui.residents import ResidentsPage
    from desktop.ui.trainings import TrainingsPage

log = logging.getLogger(__name__)
# A screen this small or smaller gets the window maximised the first time (old laptops).
SMALL_SCREEN = (1600, 900)
NAV_WIDTH = 190  # the side bar at the normal text size

LIST_PAGES = {  # nav order after the overview
    "trainings": ("desktop.ui.trainings", "TrainingsPage"),
    "assists": ("desktop.ui.assists", "AssistsPage"),
    "residents": ("desktop.ui.residents", "ResidentsPage"),
}


def load_roster(conn: Any) -> Roster:
    """On the reader thread, which also pays for importing the queries."""
    from desktop.store import queries

    return queries.load_roster(conn)


def _shut_down(lanes: Iterable[Executor]) -> None:
    # Not waiting: what is already queued still runs (a save, a print), and whatever asked
    # for it is told only if it still exists (when_done's context).
    for lane in lanes:
        lane.shutdown(wait=False)


class MainWindow(QMainWindow):
    ready = Signal()  # roster loaded, screens usable
    settings_changed = Signal(str)  # "language" needs a rebuild; others apply live
    open_failed = Signal(object)  # exception from opening the database
    sync_wanted = Signal()  # the user asked to connect before sync had started
    restore_wanted = Signal(object)  # Path of the backup the user chose to go back to
    update_chosen = Signal(int)  # UpdateDialog.NOW or .ON_CLOSE: the leader said when

    def __init__(
        self,
        store: Store,
        paths: Paths,
        settings: Settings,
        prepare: Callable[[], None] | None = None,
        interactive: bool = True,
    ) -> None:
        super().__init__()
        self.store, self.paths, self.settings = store, paths, settings
        self.prepare = prepare
        self.interactive = interactive
        self.roster = Roster()
        self.sync: SyncService | None = None  # set by the app once the window is ready
        self.sync_status: Status | None = None
        # Qt writes the app's name (QApplication's display name) after every window's title:
        # an empty title shows it alone, never twice.
        self.setWindowTitle("")
        self.resize(1280, 720)
        # A later window (or none) must not emit through this one's deleted signal.
        self.destroyed.connect(
            partial(folders.detach, folders.attach(settings, self.settings_changed.emit))
        )
        # The screens' background lanes, handed to them and shut down with the window (a
        # rebuilt window makes its own). Documents: making, printing, saving and reading
        # files. Backups: reading them for File → Restore, apart from the documents.
        self.documents = ThreadPoolExecutor(1, thread_name_prefix="documents")
        self.backup_reads = ThreadPoolExecutor(1, thread_name_prefix="backups")
        self.destroyed.connect(partial(_shut_down, (self.documents, self.backup_reads)))

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(4, 4, 4, 4)
        self.setup_bar = self._build_setup_bar()
        column.addWidget(self.setup_bar)
        self.merge_bar = self._build_merge_bar()
        column.addWidget(self.merge_bar)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row, 1)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setStyleSheet("QListWidget::item { padding: 8px 6px; }")
        self.nav.setFixedWidth(NAV_WIDTH)
        self.stack = QStackedWidget()
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.overview = OverviewPage(store, self.documents)
        self.overview.open_training.connect(self.open_training)
        # The store's check at opening (and then its daily backup) waits for these figures.
        self.overview.figures_painted.connect(store.first_screen_shown)
        self.stack.addWidget(self.overview)
        self.nav.addItem(self.tr("Overview"))
        # The lists are built when first opened: a faster start on an old laptop.
        self._lists: dict[str, ListPage] = {}
        for title in (self.tr("Trainings"), self.tr("Citizen help"), self.tr("Residents")):
            self.nav.addItem(title)
            self.stack.addWidget(QWidget())
        self._fit_nav()
        self.nav.currentRowChanged.connect(self._show_page)
        self.nav.setCurrentRow(0)
        self.setEnabled(False)  # until the data is open
        self._data_check: DataCheck | None = None
        self._build_toolbar()
        self._build_menus()
        self.status = QLabel(self.tr("Opening your data…"))
        self.statusBar().addWidget(self.status, 1)
        self.sync_label = QLabel()
        self.sync_label.setTextFormat(Qt.TextFormat.RichText)
        self.sync_label.linkActivated.connect(lambda _link: self.show_attention())
        # Room at the right edge: maximised, the status bar has no size grip there and the
        # last letter ("gửi") touched the screen's edge.
        self.sync_label.setContentsMargins(0, 0, 8, 0)
        self.statusBar().addPermanentWidget(self.sync_label)
        # A newer version the commune offers (desktop/ui/update.py): shown only then.
        self.update_button = QPushButton()
        self.update_button.setObjectName("updateButton")
        self.update_button.clicked.connect(self.show_update)
        self.update_button.hide()
        self.update_on_close = False  # the leader chose "when I close the app"
        self._update_dialog: Any = None
        self.statusBar().addPermanentWidget(self.update_button)
        # Records pulled in quick succession refresh the screens once.
        self._pull_refresh = QTimer(self)
        self._pull_refresh.setSingleShot(True)
        self._pull_refresh.setInterval(300)
        self._pull_refresh.timeout.connect(self._refresh_after_pull)

    # --- pages ----------------------------------------------------------------------------------

    def list_page(self, name: str) -> ListPage:
        page = self._lists.get(name)
        if page is None:
            module, cls = LIST_PAGES[name]
            page = getattr(importlib.import_module(module), cls)(self.store, self.documents)
            page.arrange_actions()  # before it is shown: a row too wide widens the window
            page.changed.connect(self.data_changed)
            page.roster_changed.connect(self._pull_refresh.start)
            page.needs_team.connect(self.offer_setup)
            index = 1 + list(LIST_PAGES).index(name)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._lists[name] = page
            page.actor = self.who.currentData()
            if self.roster.team is not None:
                page.set_roster(self.roster)
                page.apply_filters()
        return page

    def data_changed(self) -> None:
        """A record was saved or deleted on some screen: every screen shows it (a resident
        created from a roll-call appears in the residents list too)."""
        self.overview.refresh()
        origin = self.sender()  # it has reloaded itself already
        for page in self._lists.values():
            if page is not origin:
                page.reload()

    def open_training(self, training_id: str) -> None:
        """A training chosen outside its list (the overview's "to update")."""
        self.trainings.open_record(training_id)

    @property
    def trainings(self) -> TrainingsPage:
        return self.list_page("trainings")  # type: ignore[return-value]

    @property
    def assists(self) -> AssistsPage:
        return self.list_page("assists")  # type: ignore[return-value]

    @property
    def residents(self) -> ResidentsPage:
        return self.list_page("residents")  # type: ignore[return-value]

    def _show_page(self, row: int) -> None:
        if row > 0:
            self.list_page(list(LIST_PAGES)[row - 1])
        self.stack.setCurrentIndex(row)

    # --- chrome ---------------------------------------------------------------------------------

    @staticmethod
    def _bar(name: str, text: str, buttons: list[QPushButton]) -> QFrame:
        """A bar over the pages that says what needs doing, with its buttons; hidden."""
        bar = QFrame()
        bar.setObjectName(name)
        bar.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(bar)
        label = QLabel(text)
        label.setWordWrap(True)
        theme.bold(label)
        row.addWidget(label, 1)
        for button in buttons:
            row.addWidget(button)
        bar.hide()
        return bar

    def _build_setup_bar(self) -> QFrame:
        """Shown while no team is set up (the set-up was cancelled): the forms choose from the
        team's neighbourhoods, members and topics, so nothing can be recorded before."""
        self.setup_button = QPushButton(self.tr("Set up the team…"))
        self.setup_button.clicked.connect(self.set_up_team)
        self.setup_connect_button = QPushButton(self.tr("Connect to the commune…"))
        self.setup_connect_button.clicked.connect(self.connect_to_commune)
        return self._bar(
            "setupBar",
            self.tr(
                "Your team is not set up yet. Records are kept for the team and the forms "
                "choose from its neighbourhoods and members: set it up first."
            ),
            [self.setup_button, self.setup_connect_button],
        )

    def _build_merge_bar(self) -> QFrame:
        """Shown while neighbourhoods or members appear twice (the team was set up on two
        laptops before they were connected): until merged, they are counted twice."""
        self.merge_button = QPushButton(self.tr("Look at them…"))
        self.merge_button.clicked.connect(self.merge_duplicates)
        return self._bar(
            "mergeBar",
            self.tr(
                "Some neighbourhoods or members appear twice: the team was probably set up "
                "on two laptops. Merge them once so that they are counted once."
            ),
            [self.merge_button],
        )

    def check_duplicates(self) -> None:
        from desktop.store.duplicates import duplicate_pairs

        when_done(
            self.store.read(duplicate_pairs),
            lambda pairs: self.merge_bar.setVisible(bool(pairs) and self.interactive),
            context=self,
        )

    def merge_duplicates(self) -> None:
        from desktop.ui.merge import MergeDialog

        dialog = MergeDialog(self.store, self.settings.member_id, self)
        dialog.merged.connect(self._merged)
        run_modal(dialog)
        self.check_duplicates()

    def _merged(self, chosen: list[tuple[str, str, str]]) -> None:
        for kind, keep, drop in chosen:
            if kind == "member" and self.settings.member_id == drop:
                self.settings.member_id = keep  # recording as the same person, kept
                self.settings_changed.emit("member_id")
        # Over the status bar for a while: the team's line comes back after it.
        self.statusBar().showMessage(
            self.tr("Merged. The team's other laptops get it at their next sync."), 20000
        )
        self.load_roster()
        self.data_changed()

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main"))
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(QLabel(self.tr("Recording as:") + " "))
        self.who = QComboBox()
        self.who.setAccessibleName(self.tr("Recording as"))
        self.who.setMinimumContentsLength(16)
        self.who.currentIndexChanged.connect(self._who_changed)
        bar.addWidget(self.who)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        # A+ last, against the window's edge: it grows in place as the text grows, so a
        # second click where the first one was is A+ again (with A+ first, "High contrast"
        # grew after it and pushed it away: the second click turned contrast on).
        self.contrast = bar.addAction(self.tr("High contrast"))
        self.contrast.setCheckable(True)
        self.contrast.setChecked(self.settings.high_contrast)
        self.contrast.toggled.connect(self.set_contrast)
        # The menu says what they do; the bar keeps its short A- and A+ (an action's icon text).
        self.smaller = bar.addAction(self.tr("Smaller text"), lambda: self.change_font(-1))
        self.smaller.setIconText(self.tr("A-"))
        self.smaller.setToolTip(self.tr("Smaller text"))
        self.bigger = bar.addAction(self.tr("Larger text"), lambda: self.change_font(+1))
        self.bigger.setIconText(self.tr("A+"))
        self.bigger.setToolTip(self.tr("Larger text"))
        for action in (self.contrast, self.smaller, self.bigger):
            # Framed: flat, "High contrast" read as a label, not as something to press.
            button = bar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setAutoRaise(False)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file = menu.addMenu(self.tr("&File"))
        file.addAction(self.tr("Back up now"), self.backup_now)
        self.restore_action = file.addAction(self.tr("Restore a backup…"), self.restore_backup)
        self.check_action = file.addAction(self.tr("Check data…"), self.check_data)
        file.addSeparator()
        quit_action = file.addAction(self.tr("&Quit"), self.close)
        # setShortcuts, not setShortcut: resolving the latter's overloads makes PySide6 build
        # its key enums at start-up (~25 ms measured here).
        quit_action.setShortcuts([QKeySequence("Ctrl+Q")])
        self._build_records_menu(menu)
        team = menu.addMenu(self.tr("&Team"))
        team.addAction(self.tr("Team, neighbourhoods and members…"), self.edit_team)
        team.addAction(self.tr("Training topics…"), lambda: self.edit_catalogue("topic"))
        team.addAction(self.tr("Help services…"), lambda: self.edit_catalogue("service"))
        team.addAction(self.tr("Change who is recording…"), self.choose_member)
        self.merge_action = team.addAction(
            self.tr("Merge what appears twice…"), self.merge_duplicates
        )
        sync = menu.addMenu(self.tr("&Sync"))
        self.connect_action = sync.addAction(
            self.tr("Connect to the commune…"), self.connect_to_commune
        )
        self.sync_now_action = sync.addAction(self.tr("Sync now"), self.sync_now)
        self.sync_now_action.setShortcuts([QKeySequence("F5")])
        self.sync_now_action.setEnabled(False)
        self.attention_action = sync.addAction(
            self.tr("Changes that need attention…"), self.show_attention
        )
        sync.addSeparator()
        # The status bar's update button, from the keyboard (Alt+Đ, then this).
        self.update_action = sync.addAction(self.tr("Update the app…"), self.show_update)
        self.update_action.setEnabled(False)
        view = menu.addMenu(self.tr("&View"))
        for row in range(self.nav.count()):  # the side bar's screens, Ctrl+1 to Ctrl+4
            go = view.addAction(self.nav.item(row).text(), lambda row=row: self.go_to(row))
            go.setShortcuts([QKeySequence(f"Ctrl+{row + 1}")])
        view.addSeparator()
        self.smaller.setShortcuts([QKeySequence("Ctrl+-")])
        self.bigger.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.contrast.setShortcuts([QKeySequence("Ctrl+Shift+H")])
        view.addAction(self.smaller)
        view.addAction(self.bigger)
        view.addAction(self.contrast)
        language = view.addMenu(self.tr("Language"))
        group = QActionGroup(self)
        for code, name in (("vi", "Tiếng Việt"), ("en", "English")):
            action = QAction(name, group, checkable=True)
            action.setChecked(self.settings.language == code)
            action.triggered.connect(lambda _c=False, code=code: self.set_language(code))
            language.addAction(action)
        help_menu = menu.addMenu(self.tr("&Help"))
        self.guide_action = help_menu.addAction(self.tr("User guide…"), self.show_guide)
        self.guide_action.setShortcuts([QKeySequence("F1")])
        help_menu.addSeparator()
        help_menu.addAction(self.tr("Show log folder"), self.show_log)
        help_menu.addAction(self.tr("About"), self.about)

    def _build_records_menu(self, menu: QMenuBar) -> None:
        """What the buttons of the screen shown do, from the keyboard and with the keys shown."""
        records = menu.addMenu(self.tr("&Records"))
        self.new_action = records.addAction(self.tr("New…"), lambda: self._press("new_button"))
        self.new_action.setShortcuts([QKeySequence("Ctrl+N")])
        self.open_action = records.addAction(
            self.tr("Open the chosen one"), lambda: self._press("open_button")
        )
        self.open_action.setShortcuts([QKeySequence("Ctrl+O")])
        self.delete_action = records.addAction(
            self.tr("Delete the chosen one…"), lambda: self._press("delete_button")
        )
        # Del in a text box still deletes text: a line edit takes the keys it edits with first.
        self.delete_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete)])
        records.addSeparator()
        self.find_action = records.addAction(self.tr("Search the list"), self._find)
        self.find_action.setShortcuts([QKeySequence("Ctrl+F")])
        self.print_action = records.addAction(
            self.tr("Print…"), lambda: self._press("print_button")
        )
        self.print_action.setShortcuts([QKeySequence("Ctrl+P")])
        self.export_action = records.addAction(
            self.tr("Export to Excel…"), lambda: self._press("export_button")
        )
        self.export_action.setShortcuts([QKeySequence("Ctrl+E")])
        self.import_action = records.addAction(
            self.tr("Import residents from Excel…"), self._import
        )
        self.import_action.setShortcuts([QKeySequence("Ctrl+I")])
        self._list_actions = (
            self.new_action,
            self.open_action,
            self.delete_action,
            self.find_action,
            self.export_action,
        )
        # Exact while the menu is open; otherwise every key works where it has a meaning and
        # the screen's button decides (a row chosen since would not enable a disabled key).
        records.aboutToShow.connect(lambda: self._update_record_actions(exact=True))
        records.aboutToHide.connect(self._update_record_actions)
        self.nav.currentRowChanged.connect(lambda _r: self._update_record_actions())
        self._update_record_actions()

    def current_list(self) -> ListPage | None:
        page = self.stack.currentWidget()
        return next((p for p in self._lists.values() if p is page), None)

    def go_to(self, row: int) -> None:
        self.nav.setCurrentRow(row)
        page = self.current_list()
        (page.view if page is not None else self.overview).setFocus()

    def _update_record_actions(self, exact: bool = False) -> None:
        page = self.current_list()
        for action in self._list_actions:
            action.setEnabled(page is not None)
        button = getattr(self.stack.currentWidget(), "print_button", None)
        self.print_action.setEnabled(button is not None)
        if exact and page is not None:
            for action, b in (
                (self.open_action, page.open_button),
                (self.delete_action, page.delete_button),
            ):
                action.setEnabled(b.isEnabled())
        if exact and button is not None:
            self.print_action.setEnabled(button.isEnabled())

    def _press(self, name: str) -> None:
        """The shown screen's button of that name, if it has one: whatever the button checks
        and asks stays in one place."""
        button = getattr(self.stack.currentWidget(), name, None)
        if button is not None and button.isEnabled() and button.isVisible():
            button.click()

    def _find(self) -> None:
        if (page := self.current_list()) is not None:
            page.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            page.search.selectAll()

    def _import(self) -> None:
        self.go_to(1 + list(LIST_PAGES).index("residents"))
        self._press("import_button")

    # --- start-up -------------------------------------------------------------------------------

    def show_remembered(self) -> None:
        """Shown as the user left it; the first time, maximised on a small screen (a
        1366x768 laptop has no room to spare)."""
        if self.settings.window:
            geometry = QByteArray.fromBase64(self.settings.window.encode("ascii"))
            if self.restoreGeometry(geometry):
                self.show()
                return
        room = theme.screen_room(self)
        if room.width() <= SMALL_SCREEN[0] or room.height() <= SMALL_SCREEN[1]:
            # The whole screen first: with no window manager to maximise it (seen under
            # Xvfb), it still fills the screen.
            self.setGeometry(room)
            self.showMaximized()
        else:
            self.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.window = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self.settings_changed.emit("window")
        super().closeEvent(event)

    def start(self) -> None:
        # Reads may begin before the full check of the file ends; a damaged file still stops
        # everything (open_failed) and is never written to.
        when_done(self.store.opened, None, self.open_failed.emit, context=self)
        when_done(self.store.readable, lambda _v: self._opened(), lambda _e: None, context=self)

    def _opened(self) -> None:
        if self.prepare is not None:
            when_done(
                self.store.write(self._prepare_write), lambda _v: self.load_roster(), context=self
            )
        else:
            self.load_roster()

    def _prepare_write(self, db: object) -> None:
        assert self.prepare is not None
        self.prepare(db)  # type: ignore[call-arg]

    def load_roster(self) -> None:
        when_done(self.store.read(load_roster), self._roster_loaded, context=self)

    def _roster_loaded(self, roster: Roster) -> None:
        if self.store.closed:
            return  # a window being replaced (a backup restored meanwhile): its store is gone
        self.roster = roster
        self.setup_bar.setVisible(roster.team is None and self.interactive)
        if roster.team is None:
            if not self.interactive:
                self._ready()
                return
            self.store.first_screen_shown()  # the set-up is the first screen: nothing to read
            self.set_up_team()
            return
        for page in self._lists.values():
            page.set_roster(roster)
        self._follow_merge()  # before asking who is recording: the same person is
        ids = [m.id for m in roster.members]
        if self.settings.member_id not in ids and self.interactive and ids:
            self.choose_member()
        self._fill_who()
        self._ready()

    def _ready(self) -> None:
        self._show_team()
        self.setEnabled(True)
        # The first screen's reads first: one reader thread serves them in order.
        self.overview.refresh()
        for page in self._lists.values():
            page.apply_filters()
        self.check_duplicates()
        if self.interactive:
            self.data_check().start()  # the checkpoints, and the full check when it is due
        self.ready.emit()

    def _show_team(self) -> None:
        team = self.roster.team
        parts = [team.name] if team else []
        if self.store.read_only:
            parts.append(self.tr("read only"))
        self.setWindowTitle(" — ".join(parts))  # Qt adds " - Sổ tay CNS" (the display name)
        self.status.setText(
            f"{team.name} · {team.commune_name}, {team.province_name}" if team else ""
        )

    # --- who is recording -----------------------------------------------------------------------

    def _fill_who(self) -> None:
        self._follow_merge()
        self.who.blockSignals(True)
        self.who.clear()
        for m in self.roster.members:
            self.who.addItem(m.full_name, m.id)
        self.who.setCurrentIndex(max(0, self.who.findData(self.settings.member_id)))
        self.who.blockSignals(False)
        self._who_changed()

    def _follow_merge(self) -> None:
        """Recording as a member merged away on another laptop: as the one kept (the live
        member of the same name), not as whoever is listed first."""
        member_id = self.settings.member_id
        ids = {m.id for m in self.roster.members}
        name = self.roster.removed_members.get(member_id or "")
        if member_id in ids or name is None:
            return
        from sotay.domain.text import fold

        same = [m.id for m in self.roster.members if fold(m.full_name) == fold(name)]
        if len(same) == 1:
            self.settings.member_id = same[0]
            self.settings_changed.emit("member_id")

    def _who_changed(self) -> None:
        member_id = self.who.currentData()
        for page in self._lists.values():
            page.actor = member_id
        if member_id and member_id != self.settings.member_id:
            self.settings.member_id = member_id
            self.settings_changed.emit("member_id")

    def choose_member(self) -> None:
        from desktop.ui.team import WhoDialog

        dialog = WhoDialog(self.roster.members, self.settings.member_id, self)
        if run_modal(dialog) and dialog.member_id():
            self.settings.member_id = dialog.member_id()
            self.settings_changed.emit("member_id")
            self._fill_who()

    # --- menus ----------------------------------------------------------------------------------

    def set_up_team(self) -> None:
        """The first start's set-up; again from the bar, the Team menu or a form's New, for
        as long as it was cancelled (the window is usable meanwhile: nothing to record)."""
        from desktop.ui.team import TeamDialog

        dialog = TeamDialog(
            self.store, parent=self, view_actions=(self.contrast, self.smaller, self.bigger)
        )
        if run_modal(dialog):
            self.load_roster()
            return
        self.status.setText(self.tr("Set up your team to start: Team menu."))
        self.setEnabled(True)
        if dialog.connect_instead:
            self.connect_to_commune()

    def offer_setup(self) -> None:
        """A form asked for while no team is set up: it could not be saved. Say why, and
        offer the set-up."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Set up your team first"),
            self.tr(
                "Records are kept for your team, and the forms choose from its "
                "neighbourhoods, members and topics. Set up the team first (or connect to "
                "the commune if your team already uses the app on another laptop)."
            ),
            parent=self,
        )
        set_up = box.addButton(self.tr("Set up the team…"), QMessageBox.ButtonRole.AcceptRole)
        join = box.addButton(self.tr("Connect to the commune…"), QMessageBox.ButtonRole.ActionRole)
        later = box.addButton(self.tr("Not now"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(set_up)
        box.setEscapeButton(later)
        run_modal(box)
        if box.clickedButton() is set_up:
            self.set_up_team()
        elif box.clickedButton() is join:
            self.connect_to_commune()

    def edit_team(self) -> None:
        if self.roster.team is None:
            self.set_up_team()
            return
        from desktop.ui.team import TeamDialog

        dialog = TeamDialog(self.store, self.roster, self.settings.member_id, self)
        dialog.lock_commune(self.connected())
        if run_modal(dialog):
            self.load_roster()

    def edit_catalogue(self, kind: str) -> None:
        from desktop.ui.team import CatalogueDialog

        items = self.roster.topics if kind == "topic" else self.roster.services
        if run_modal(CatalogueDialog(self.store, kind, items, self.settings.member_id, self)):
            self.load_roster()

    def data_check(self) -> DataCheck:
        """Made when first needed: its module stays off the start-up path."""
        if self._data_check is None:
            from desktop.ui.datacheck import DataCheck

            self._data_check = DataCheck(self, self.check_action)
        return self._data_check

    def check_data(self) -> None:
        self.data_check().check_now()

    def restore_backup(self) -> None:
        from desktop.ui.restore import RestoreDialog

        dialog = RestoreDialog(self.paths.backups, self.backup_reads, self)
        if run_modal(dialog) and dialog.chosen is not None:
            self.restore_wanted.emit(dialog.chosen)

    def backup_now(self) -> None:
        when_done(
            self.store.backup_now(),
            lambda path: QMessageBox.information(
                self,
                self.tr("Backup"),
                self.tr("A backup was saved in %1").replace("%1", str(path.parent)),
            ),
            context=self,
        )

    def show_guide(self) -> None:
        """One guide window: F1 again brings it back to the front where it was left."""
        guide = getattr(self, "_guide", None)
        if guide is None:
            from desktop.ui.guide import GuideDialog

            guide = self._guide = GuideDialog(self)
        guide.show()
        guide.raise_()
        guide.activateWindow()

    def show_log(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.logs)))

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr("%1 %2\nThe notebook of a community digital-technology team.\nData folder: %3")
            .replace("%1", desktop.APP_NAME)
            .replace("%2", desktop.__version__)
            .replace("%3", str(self.paths.data))
            + (
                "\n" + self.tr("Team id: %1").replace("%1", self.roster.team.id)
                if self.roster.team
                else ""
            ),
        )

    # --- sync ---------------------------------------------------------------------------------

    def connected(self) -> bool:
        from desktop.sync.service import State

        return self.sync_status is not None and self.sync_status.state not in (
            State.NOT_CONNECTED,
            State.REVOKED,
        )

    def set_sync(self, service: SyncService | None) -> None:
        self.sync = service
        if service is not None:
            self.set_sync_status(service.status)

    def set_sync_status(self, status: Status) -> None:
        from desktop.ui.sync import failure_text, skew_text, status_line

        self.sync_status = status
        self.sync_label.setText(status_line(status))
        tips = []
        if status.failure is not None:
            tips.append(failure_text(status.failure))
        if status.clock_skew is not None:
            tips.append(skew_text(status.clock_skew))
        self.sync_label.setToolTip("\n\n".join(tips))
        self.sync_now_action.setEnabled(self.connected())
        self.attention_action.setEnabled(status.attention > 0)
        self._show_update_state(status.update)

    # --- updates --------------------------------------------------------------------------------

    def _show_update_state(self, update: Any) -> None:
        from desktop.ui.update import button_text, refused

        offered = update is not None and (update.release is not None or refused(update))
        self.update_button.setVisible(offered)
        self.update_action.setEnabled(offered)
        if offered:
            self.update_button.setText(button_text(update, self.update_on_close))
        if self._update_dialog is not None:
            self._update_dialog.show_status(update)

    def show_update(self) -> None:
        from desktop.ui.update import UpdateDialog, problem_text, refused

        update = self.sync_status.update if self.sync_status is not None else None
        if refused(update):
            QMessageBox.warning(self, self.tr("Update refused"), problem_text(update.problem))
            return
        if update is None or update.release is None:
            return
        dialog = UpdateDialog(update, self.update_on_close, self)
        self._update_dialog = dialog
        try:
            choice = run_modal(dialog)
        finally:
            self._update_dialog = None
        if choice in (dialog.NOW, dialog.ON_CLOSE):
            self.update_on_close = choice == dialog.ON_CLOSE
            self._show_update_state(self.sync_status.update if self.sync_status else None)
            self.update_chosen.emit(choice)

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.sync_now()

    def connect_to_commune(self) -> None:
        if self.sync is None:
            self.sync_wanted.emit()
        if self.sync is None:
            return
        from desktop.ui.sync import ConnectDialog, show_connected

        dialog = ConnectDialog(self.sync, parent=self)
        if run_modal(dialog):
            show_connected(self, dialog.where)
            self.load_roster()

    def show_attention(self) -> None:
        from desktop.ui.sync import AttentionDialog

        dialog = AttentionDialog(self.store, self.roster, self)
        dialog.resolved.connect(self.sync_now)
        run_modal(dialog)

    def records_pulled(self) -> None:
        """Records from the team's other laptops arrived: what is open shows them."""
        self._pull_refresh.start()

    def _refresh_after_pull(self) -> None:
        if self.store.closed:
            return  # the app is closing
        when_done(self.store.read(load_roster), self._roster_refreshed, context=self)

    def _roster_refreshed(self, roster: Roster) -> None:
        if roster.team is None:
            return
        first = self.roster.team is None
        self.roster = roster
        if first:  # a laptop that connected before setting anything up: its team arrived
            self._roster_loaded(roster)
            return
        self._show_team()
        for page in self._lists.values():
            page.set_roster(roster)
            page.reload()
        self.overview.refresh()
        ids = [m.id for m in roster.members]
        if self.settings.member_id is None and self.interactive and ids:
            self.choose_member()  # the members arrived with the team's data
        self._fill_who()
        self.check_duplicates()  # a team set up on this laptop too: its twins arrived

    # --- view -----------------------------------------------------------------------------------

    def change_font(self, delta: int) -> None:
        step = max(FONT_STEPS[0], min(FONT_STEPS[1], self.settings.font_step + delta))
        if step != self.settings.font_step:
            self.settings.font_step = step
            self.settings_changed.emit("font_step")

    def set_contrast(self, on: bool) -> None:
        self.settings.high_contrast = on
        self.settings_changed.emit("high_contrast")

    def set_language(self, code: str) -> None:
        if code != self.settings.language:
            self.settings.language = code
            self.settings_changed.emit("language")

    def _fit_nav(self) -> None:
        """The side bar as wide as its longest title at the chosen text size (A+ grows it)."""
        metrics = self.nav.fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())),
            default=0,
        )
        self.nav.setFixedWidth(max(NAV_WIDTH, widest + 40))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            # Every table's rows, the overview's too: a header keeps the row height it was
            # made with, and A+ would draw larger text in rows too low for it.
            height = self.fontMetrics().height() + 10
            from desktop.ui.display import fit_headers

            for table in self.findChildren(QTableView):
                table.verticalHeader().setDefaultSectionSize(height)
                fit_headers(table, whole=table.minimumWidth() > 0)
            # The side bar has a style sheet (its padding), which keeps the font it was
            # polished with: A+ did not reach it (tried under Xvfb).
            self.nav.setFont(self.font())
            self._fit_nav()
        super().changeEvent(event)
