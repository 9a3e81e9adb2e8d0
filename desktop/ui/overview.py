"""The figures for a month, quarter or year, as the commune asks for them."""

from __future__ import annotations

from concurrent.futures import Executor
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.store.store import Store
from desktop.ui.display import fill_table, read_only_table, show_day
from desktop.ui.period import PeriodPicker
from desktop.ui.reach import ReachSummary
from desktop.ui.tasks import run_modal, when_done
from desktop.ui.texts import indicator_text
from desktop.ui.theme import bold
from sotay.domain.periods import Period, PeriodKind
from sotay.words import number, period_text

if TYPE_CHECKING:
    from sotay.domain.indicators import Overview


def overview(conn: Any, period: Period) -> Overview:
    """On the reader thread, which also pays for importing the queries."""
    from desktop.store import queries

    return queries.overview(conn, period)


def neighbourhoods(conn: Any, period: Period) -> list[tuple[str, int, int, int, int]]:
    from desktop.store import queries

    return queries.by_neighbourhood(conn, period)


def compared(conn: Any, period: Period) -> dict[str, Overview]:
    from desktop.store import queries

    return queries.compared(conn, period)


def wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def change_text(change: int) -> str:
    """A change as the dashboard writes it: "▲ +3", "▼ −2", "= 0"."""
    if change > 0:
        return f"▲ +{number(change)}"
    if change < 0:
        return f"▼ −{number(-change)}"
    return "= 0"


def overdue(conn: Any, today: date) -> list[tuple[str, date | str, str, str]]:
    from desktop.store import queries

    return queries.overdue_planned(conn, today)


PAINT_WAIT_MS = 1000


class OverviewPage(QWidget):
    open_training = Signal(str)  # a planned training to update, chosen from the overview
    # The first figures read are painted: what a leader waits for at start (bench/run.py
    # times start-up to it through --self-test).
    figures_painted = Signal()

    def __init__(self, store: Store, documents: Executor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.documents = documents  # the window's lane for the report
        self.data: Overview | None = None
        self._painted = False  # figures_painted was emitted
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Period:")))
        self.period = PeriodPicker(allow_all=False)
        self.period.set_period(Period.containing(PeriodKind.MONTH, date.today()))
        top.addWidget(self.period)
        top.addStretch(1)
        self.print_button = QPushButton(self.tr("Print report…"))
        self.print_button.clicked.connect(self.print_report)
        top.addWidget(self.print_button)
        layout.addLayout(top)

        box = QGroupBox(self.tr("Training (Bình dân học vụ số)"))
        grid = QGridLayout(box)
        self.figures: dict[str, QLabel] = {}
        # Each main figure beside the period before, the same period a year before and the
        # year so far (issue 23): compact columns, read after the figures themselves.
        main = [
            ("trainings_held", self.tr("Trainings held")),
            ("attendances", self.tr("Attendances")),
            ("residents_trained", self.tr("Residents trained (each counted once)")),
            ("women_trained", self.tr("of them women")),
            ("elderly_trained", self.tr("of them aged 60 or more")),
            ("assists", self.tr("Help sessions")),
            ("assisted_residents", self.tr("Residents helped")),
        ]
        other = [
            ("trainings_planned", self.tr("Trainings planned")),
            ("trainings_cancelled", self.tr("Trainings cancelled")),
        ]
        columns = [
            ("previous", self.tr("Previous period")),
            ("year_before", self.tr("Same period last year")),
            ("year_to_date", self.tr("Year so far")),
        ]
        self.beside: dict[str, dict[str, QLabel]] = {}
        self.compared: dict[str, Overview] | None = None
        self._compared_period: Period | None = None
        # Names and headings wrap: at A+ on a 1366x768 laptop the columns must fit its width.
        grid.addWidget(wrapped(self.tr("This period")), 0, 1)
        for c, (_name, heading) in enumerate(columns):
            grid.addWidget(wrapped(heading), 0, 2 + c)
        for i, (key, text) in enumerate([*main, *other]):
            grid.addWidget(wrapped(text), i + 1, 0)
            grid.addWidget(self._figure(key, text), i + 1, 1)
            if (key, text) in other:
                continue  # planned and cancelled classes: counted, not compared
            self.beside[key] = {}
            for c, (name, heading) in enumerate(columns):
                cell = QLabel("–")
                cell.setAccessibleName(f"{text}: {heading}")
                self.beside[key][name] = cell
                grid.addWidget(cell, i + 1, 2 + c)
        grid.setColumnStretch(0, 3)
        for c in range(1, 5):
            grid.setColumnStretch(c, 2)
        layout.addWidget(box)
        # The team's rate and its share of the commune's targets (issue 23).
        self.reach = ReachSummary(store, self)
        layout.addWidget(self.reach)

        self.topics = read_only_table(
            [self.tr("Topic"), self.tr("Trainings"), self.tr("Attendances")]
        )
        self.services = read_only_table(
            [self.tr("Service"), self.tr("Done"), self.tr("Not done"), self.tr("Referred")]
        )
        self.areas = read_only_table(
            [
                self.tr("Neighbourhood"),
                self.tr("Residents trained"),
                self.tr("Attendances"),
                self.tr("Help sessions"),
                self.tr("Residents helped"),
            ]
        )
        # The standard indicators by their codes: the figures the commune adds up across
        # teams whatever each named its items (sotay/domain/standard.py).
        self.standard = read_only_table(
            [
                self.tr("Code"),
                self.tr("Indicator"),
                self.tr("Residents"),
                self.tr("Times"),
            ],
            stretch=1,
        )
        self.standard.setAccessibleName(self.tr("Standard indicators"))
        # One breakdown per tab, each the page's whole width: side by side, the topics' names
        # were cut to "Kích hoạt ..." at 150 % on a 1366x768 laptop.
        self.breakdowns = QTabWidget()
        self.breakdowns.addTab(self.standard, self.tr("Standard indicators"))
        self.breakdowns.addTab(self.topics, self.tr("By topic"))
        self.breakdowns.addTab(self.services, self.tr("Help by service and outcome"))
        self.breakdowns.addTab(self.areas, self.tr("By neighbourhood"))
        self.breakdowns.addTab(self.reach.table, self.tr("Reach by neighbourhood"))
        self._areas_period: Period | None = None  # the period the areas table shows
        self.breakdowns.currentChanged.connect(lambda _i: self._load_areas())
        layout.addWidget(self.breakdowns, 1)

        # Planned trainings whose day has passed: held or cancelled? Until the leader says,
        # they count nowhere, so they are shown here instead of a silent 0.
        self.to_update = QGroupBox(self.tr("To update"))
        box_layout = QVBoxLayout(self.to_update)
        hint = QLabel(
            self.tr(
                "These trainings are still marked as planned, but their date has passed. Open "
                "one to mark it held (with who came) or cancelled."
            )
        )
        hint.setWordWrap(True)
        box_layout.addWidget(hint)
        self.overdue = read_only_table([self.tr("Date"), self.tr("Topics"), self.tr("Place")])
        header = self.overdue.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.overdue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.overdue.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.overdue.setMaximumHeight(self.fontMetrics().height() * 8)
        self.overdue.activated.connect(lambda index: self._open_overdue(index.row()))
        self.overdue.doubleClicked.connect(lambda index: self._open_overdue(index.row()))
        box_layout.addWidget(self.overdue)
        self.to_update.hide()
        self.overdue_ids: list[str] = []
        layout.addWidget(self.to_update)
        self.period.changed.connect(self.refresh)

    def _figure(self, key: str, text: str) -> QLabel:
        value = QLabel("–")
        value.setObjectName("figure")
        bold(value)
        value.setAccessibleName(text)
        self.figures[key] = value
        return value

    def print_report(self) -> None:
        period = self.period.period()
        if period is None:
            return
        from desktop.printing.documents import report_document
        from desktop.ui.preview import PreviewDialog

        run_modal(
            PreviewDialog(
                self.tr("Team report"),
                partial(report_document, self.store, period),
                self.documents,
                self,
            )
        )

    def refresh(self) -> None:
        period = self.period.period()
        if period is None or self.store.closed:  # a page of a window being replaced
            return
        when_done(self.store.read(overview, period), self._show, context=self)
        when_done(
            self.store.read_aside(compared, period),
            partial(self._show_compared, period),
            context=self,
        )
        self.reach.refresh(period)
        self._areas_period = None  # read when their tab is shown: most visits never open it
        self._load_areas()
        when_done(self.store.read(overdue, date.today()), self._show_overdue, context=self)

    def _load_areas(self) -> None:
        period = self.period.period()
        shown = self.breakdowns.currentWidget() is self.areas
        if not shown or period is None or period == self._areas_period or self.store.closed:
            return
        self._areas_period = period
        when_done(
            self.store.read(neighbourhoods, period),
            lambda rows, period=period: self._show_areas(period, rows),
            context=self,
        )

    def _show_areas(self, period: Period, rows: list[tuple[str, int, int, int, int]]) -> None:
        if period != self.period.period():
            return
        fill_table(
            self.areas,
            [(name or self.tr("(no neighbourhood)"), *figures) for name, *figures in rows],
        )

    def _show_overdue(self, rows: list[tuple[str, date | str, str, str]]) -> None:
        self.overdue_ids = [r[0] for r in rows]
        fill_table(
            self.overdue,
            [(show_day(day), topics or "–", place) for _, day, place, topics in rows],
        )
        self.to_update.setTitle(self.tr("To update: %1").replace("%1", str(len(rows))))
        self.to_update.setVisible(bool(rows))

    def _open_overdue(self, row: int) -> None:
        if 0 <= row < len(self.overdue_ids):
            self.open_training.emit(self.overdue_ids[row])

    def _show(self, ov: Overview) -> None:
        if ov.period != self.period.period():
            return  # the user moved on to another period meanwhile
        self.data = ov
        for key, label in self.figures.items():
            label.setText(number(getattr(ov, key)))  # as the printed report writes it
        if not self._painted:
            self._await_paint()
        fill_table(
            self.standard,
            [(f.code, indicator_text(f.code), f.people, f.count) for f in ov.standard],
            tips=(1,),
        )
        fill_table(self.topics, ov.by_topic)
        fill_table(self.services, ov.by_service)
        self._paint_compared()

    def _show_compared(self, period: Period, found: dict[str, Overview]) -> None:
        if period != self.period.period():
            return
        self.compared, self._compared_period = found, period
        self._paint_compared()

    def _paint_compared(self) -> None:
        """Each figure's other periods, with the change as a sign and an arrow (never colour
        alone); painted once both the figures and the comparisons of this period are read."""
        ov, found = self.data, self.compared
        if ov is None or found is None or ov.period != self._compared_period:
            return
        for key, cells in self.beside.items():
            now = getattr(ov, key)
            for name, cell in cells.items():
                other = found[name]
                value = getattr(other, key)
                text = number(value)
                if name != "year_to_date":  # the year so far holds this period: no change
                    text += "  " + change_text(now - value)
                cell.setText(text)
                cell.setToolTip(f"{period_text(other.period)}: {number(value)}")

    def _await_paint(self) -> None:
        """figures_painted once the figures are drawn; at once when nothing will draw them (a
        window not exposed: minimised, or Qt's offscreen platform under Wine), and at the
        latest after PAINT_WAIT_MS (the self-test must never wait for a paint that never comes)."""
        label = self.figures["trainings_held"]
        handle = label.window().windowHandle()
        if handle is None or not handle.isExposed():
            self._painted_anyway()
            return
        label.installEventFilter(self)
        QTimer.singleShot(PAINT_WAIT_MS, self._painted_anyway)

    def _painted_anyway(self) -> None:
        if self._painted:
            return
        self._painted = True
        self.figures["trainings_held"].removeEventFilter(self)
        QTimer.singleShot(0, self.figures_painted.emit)  # once a paint under way has been done

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._painted_anyway()
        return False
