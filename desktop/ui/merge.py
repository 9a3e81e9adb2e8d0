"""A team set up twice: the neighbourhoods and members that appear twice, listed for the leader
to merge once (desktop/store/duplicates.py does the merge; sync takes it to the other
laptops)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.store import duplicates
from desktop.store.commands import NotFound
from desktop.store.duplicates import Candidate, Pair
from desktop.store.store import Store
from desktop.ui.tasks import show_failure, when_done
from desktop.ui.theme import fit_window


class MergeDialog(QDialog):
    """One row per pair: ticked to merge, which of the two to keep, what goes into it."""

    merged = Signal(list)  # [(kind, keep id, drop id)] just merged

    def __init__(self, store: Store, actor: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.pairs: list[Pair] = []
        self.setWindowTitle(self.tr("Neighbourhoods and members recorded twice"))
        fit_window(self, 900, 480)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "These look the same: the team was probably set up on two laptops before "
                "they were connected. Merge each pair once: the residents, trainings and help "
                "sessions of the one merged away move to the one kept, on every laptop at "
                "its next sync. Untick a pair to leave it for now."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.empty = QLabel(self.tr("Nothing appears twice."))
        self.empty.hide()
        layout.addWidget(self.empty)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Merge"), self.tr("Keep"), self.tr("Merged into it")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.merge_button = QPushButton(self.tr("Merge the ticked pairs"))
        self.merge_button.setDefault(True)
        self.apart_button = QPushButton(self.tr("Not the same: keep both"))
        self.apart_button.setToolTip(
            self.tr("Two people (or places) who really share a name: not asked again.")
        )
        close = QPushButton(self.tr("Not now"))
        row.addWidget(self.merge_button)
        row.addWidget(self.apart_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.merge_button.clicked.connect(self.merge)
        self.apart_button.clicked.connect(self.keep_apart)
        close.clicked.connect(self.reject)
        self.load()

    def load(self) -> None:
        self.merge_button.setEnabled(False)
        self.apart_button.setEnabled(False)
        when_done(self.store.read(duplicates.duplicate_pairs), self._loaded, context=self)

    def _loaded(self, pairs: list[Pair]) -> None:
        # What the leader chose in the rows still listed stays chosen (a reload after "keep
        # both" on another row).
        before = {
            (pair.keep.id, pair.drop.id): (self.choice(r)[0].id, self._ticked(r))
            for r, pair in enumerate(self.pairs)
        }
        self.pairs = pairs
        self.table.setRowCount(len(pairs))
        for r, pair in enumerate(pairs):
            tick = QTableWidgetItem(self._kind_text(pair.kind))
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            kept_id, ticked = before.get((pair.keep.id, pair.drop.id), (pair.keep.id, True))
            tick.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.table.setItem(r, 0, tick)
            keep = QComboBox()
            keep.setAccessibleName(self.tr("Keep"))
            keep.addItem(self.describe(pair.kind, pair.keep), pair.keep.id)
            if not pair.drop.deleted:  # one merged away already is never the one kept
                keep.addItem(self.describe(pair.kind, pair.drop), pair.drop.id)
            keep.setEnabled(keep.count() > 1)
            keep.setCurrentIndex(max(0, keep.findData(kept_id)))
            keep.currentIndexChanged.connect(lambda _i, r=r: self._show_other(r))
            self.table.setCellWidget(r, 1, keep)
            self._show_other(r)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(pairs))
        self.empty.setVisible(not pairs)
        self.merge_button.setEnabled(bool(pairs))
        self.apart_button.setEnabled(bool(pairs))
        if pairs:
            self.table.selectRow(0)

    def _kind_text(self, kind: str) -> str:
        return self.tr("Neighbourhood") if kind == "neighbourhood" else self.tr("Member")

    def describe(self, kind: str, c: Candidate) -> str:
        """A name and what tells the two apart: a phone, and what refers to it."""
        parts = [c.name]
        if c.phone:
            parts.append(c.phone)
        if c.deleted:
            parts.append(self.tr("merged away already"))
        if kind == "neighbourhood":
            parts.append(self.tr("%1 resident(s)").replace("%1", str(c.uses)))
        else:
            parts.append(self.tr("%1 session(s) led or helped").replace("%1", str(c.uses)))
        return " · ".join(parts)

    def choice(self, row: int) -> tuple[Candidate, Candidate]:
        """(kept, merged into it) as the row's list says."""
        pair = self.pairs[row]
        combo = self.table.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        if combo.currentData() == pair.drop.id:
            return pair.drop, pair.keep
        return pair.keep, pair.drop

    def _show_other(self, row: int) -> None:
        kept, other = self.choice(row)
        combo = self.table.cellWidget(row, 1)
        if combo is not None:
            combo.setToolTip(self.describe(self.pairs[row].kind, kept))
        self.table.setItem(row, 2, QTableWidgetItem(self.describe(self.pairs[row].kind, other)))

    def _ticked(self, row: int) -> bool:
        item = self.table.item(row, 0)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def chosen(self) -> list[tuple[str, str, str]]:
        out = []
        for r, pair in enumerate(self.pairs):
            if self._ticked(r):
                kept, other = self.choice(r)
                out.append((pair.kind, kept.id, other.id))
        return out

    def merge(self) -> None:
        chosen = self.chosen()
        if not chosen:
            return
        self.merge_button.setEnabled(False)

        def done(_edited: Any) -> None:
            self.merged.emit(chosen)
            self.accept()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, NotFound):
                QMessageBox.information(
                    self,
                    self.windowTitle(),
                    self.tr(
                        "A sync changed these records meanwhile (perhaps another laptop "
                        "merged them). Look at the list again."
                    ),
                )
                self.load()
                return
            self.merge_button.setEnabled(True)
            show_failure(self, exc)

        when_done(
            self.store.write(duplicates.merge_pairs, chosen, self.actor), done, failed, context=self
        )

    def keep_apart(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.pairs):
            return
        self.apart_button.setEnabled(False)
        when_done(
            self.store.write(duplicates.keep_apart, self.pairs[row]),
            lambda _r: self.load(),
            context=self,
        )
