"""The overview's reach and targets (issue 23): the team's rate (residents trained over the
adults of its counted neighbourhoods), each neighbourhood's rate weakest first, and the
team's share of the commune's targets with its progress. Read offline from the laptop's own
records and what the commune sent with the last pull (desktop/store/reach.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel, QTableWidget, QVBoxLayout, QWidget

from desktop.store.store import Store
from desktop.ui.display import fill_table, read_only_table
from desktop.ui.tasks import when_done
from desktop.ui.texts import indicator_text
from sotay.domain.periods import Period
from sotay.words import number


def team_reach(conn: Any, period: Period, today: date) -> Any:
    """On the reader thread."""
    from desktop.store import reach

    return reach.team_reach(conn, period, today)


def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return QLocale().toString(value, "f", 1) + "%"


class ReachSummary(QWidget):
    """The team's rate and its targets, under the overview's figures; the neighbourhoods'
    rates go to `table` (a tab of the overview's breakdowns)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rate = QLabel()
        self.rate.setObjectName("teamRate")
        self.rate.setWordWrap(True)
        layout.addWidget(self.rate)
        self.targets = QLabel()
        self.targets.setObjectName("teamTargets")
        self.targets.setWordWrap(True)
        layout.addWidget(self.targets)
        self.table: QTableWidget = read_only_table(
            [
                self.tr("Neighbourhood"),
                self.tr("Adults"),
                self.tr("Figure from"),
                self.tr("Residents trained"),
                self.tr("Rate"),
            ]
        )
        self.period: Period | None = None

    def refresh(self, period: Period) -> None:
        self.period = period
        when_done(
            self.store.read_aside(team_reach, period, date.today()),
            lambda data, period=period: self._show(period, data),
            context=self,
        )

    def _show(self, period: Period, data: Any) -> None:
        if period != self.period:
            return  # another period chosen meanwhile
        whole = data.whole
        counted = sum(1 for r in data.rows if r.adults)
        if whole.rate is None:
            self.rate.setText(
                self.tr(
                    "Rate of adults trained: enter the adults of your neighbourhoods "
                    "(Team screen) to see it."
                )
            )
        else:
            self.rate.setText(
                self.tr(
                    "Rate of adults trained: %1 (%2 of %3 adults; %4 of %5 neighbourhoods counted)."
                )
                .replace("%1", percent(whole.rate))
                .replace("%2", number(whole.trained))
                .replace("%3", number(whole.adults))
                .replace("%4", str(counted))
                .replace("%5", str(len(data.rows)))
            )
        lines = []
        for code, p, _basis in data.targets:
            value = (
                "–"
                if p.value is None
                else (percent(p.value) if p.unit == "percent" else number(round(p.value)))
            )
            share = percent(p.target) if p.unit == "percent" else number(round(p.target))
            line = (
                self.tr("Target %1: %2 of the team's share %3 (%4).")
                .replace("%1", indicator_text(code))
                .replace("%2", value)
                .replace("%3", share)
                .replace("%4", percent(p.percent))
            )
            if p.behind:
                line += " " + self.tr("Behind schedule.")
            lines.append(line)
        self.targets.setText("\n".join(lines))
        self.targets.setVisible(bool(lines))
        commune, team = self.tr("commune"), self.tr("team")
        weak = self.tr("weak")
        fill_table(
            self.table,
            [
                (
                    f"{r.name} ({weak})" if r.weak else r.name,
                    number(r.adults) if r.adults is not None else "–",
                    (commune if r.by_commune else team) if r.adults is not None else "–",
                    number(r.trained),
                    percent(r.rate),
                )
                for r in data.rows
            ],
        )
