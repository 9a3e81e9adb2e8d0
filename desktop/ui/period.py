"""Choosing a reporting period: all time, a month, a quarter or a year."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

from sotay.domain.periods import Period, PeriodKind


class PeriodPicker(QWidget):
    """All time / a month / a quarter / a year."""

    changed = Signal()

    def __init__(self, allow_all: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox()
        if allow_all:
            self.kind.addItem(self.tr("All time"), None)
        self.kind.addItem(self.tr("Month"), PeriodKind.MONTH)
        self.kind.addItem(self.tr("Quarter"), PeriodKind.QUARTER)
        self.kind.addItem(self.tr("Year"), PeriodKind.YEAR)
        self.index = QComboBox()
        self.year = QSpinBox()
        self.year.setRange(2020, 2100)
        today = QDate.currentDate()
        self.year.setValue(today.year())
        for w in (self.kind, self.index, self.year):
            row.addWidget(w)
        self.kind.setAccessibleName(self.tr("Period"))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.index.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.year.valueChanged.connect(lambda _v: self.changed.emit())
        self._month, self._quarter = today.month(), (today.month() - 1) // 3 + 1
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.index.blockSignals(True)
        self.index.clear()
        if kind == PeriodKind.MONTH:
            for m in range(1, 13):
                self.index.addItem(self.tr("Month %1").replace("%1", str(m)), m)
            self.index.setCurrentIndex(self._month - 1)
        elif kind == PeriodKind.QUARTER:
            for q in range(1, 5):
                self.index.addItem(self.tr("Quarter %1").replace("%1", str(q)), q)
            self.index.setCurrentIndex(self._quarter - 1)
        self.index.blockSignals(False)
        self.index.setVisible(kind in (PeriodKind.MONTH, PeriodKind.QUARTER))
        self.year.setVisible(kind is not None)
        self.changed.emit()

    def set_period(self, period: Period) -> None:
        self.kind.setCurrentIndex(self.kind.findData(period.kind))
        self.year.setValue(period.year)
        if period.kind != PeriodKind.YEAR:
            self.index.setCurrentIndex(period.index - 1)

    def period(self) -> Period | None:
        kind = self.kind.currentData()
        if kind is None:
            return None
        index = self.index.currentData() or 1
        return Period(PeriodKind(kind), self.year.value(), index)

    def span(self) -> tuple[date | None, date | None]:
        period = self.period()
        return (period.start, period.end) if period else (None, None)
