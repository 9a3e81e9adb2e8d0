"""Sync on screen: connecting to the commune's central service, the words of the status bar,
and the list of changes that need the user's attention. The work itself is desktop/sync's,
on its own thread; this module only shows it and passes the user's choices on."""

from __future__ import annotations

import logging
import platform
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.failures import Failure, classify
from desktop.store import syncdata
from desktop.store.store import Changed, Store
from desktop.ui.tasks import kind_text, known_failure_text, show_failure, when_done
from desktop.ui.texts import (
    gender_text,
    indicator_text,
    outcome_text,
    role_text,
    status_text,
)
from desktop.ui.theme import error_label, fit_window, scaled
from sotay.protocol import invalid_parts

if TYPE_CHECKING:
    from desktop.store.roster import Roster
    from desktop.sync.service import Offer, Status, SyncService

log = logging.getLogger(__name__)


class SyncBridge(QObject):
    """Brings the sync thread's news to the GUI thread (queued signals)."""

    status = Signal(object)  # desktop.sync.service.Status
    pulled = Signal()  # records arrived from the server: what is open must refresh

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        store.subscribe(self._store_changed)

    def _store_changed(self, change: Changed) -> None:
        if change.origin == "sync":
            self.pulled.emit()


# --- words --------------------------------------------------------------------------------------


def failure_text(failure: Failure | None) -> str:
    """What went wrong with the network or the service, and what to do, in plain words."""
    texts = {
        Failure.OFFLINE: QCoreApplication.translate(
            "Sync",
            "Cannot reach the commune's server. Check the internet connection and the "
            "server address. The app will try again by itself; your records stay safe on "
            "this laptop.",
        ),
        Failure.TIMEOUT: QCoreApplication.translate(
            "Sync",
            "The commune's server did not answer in time (the connection may be slow). "
            "The app will try again by itself.",
        ),
        Failure.PORTAL: QCoreApplication.translate(
            "Sync",
            "The network is asking for a login page first (for example a shop's or the "
            "commune hall's Wi-Fi). Open a web browser, log in to the Wi-Fi, then press "
            "Sync now.",
        ),
        Failure.UNAUTHORIZED: QCoreApplication.translate(
            "Sync",
            "The commune's server does not recognise this laptop. Connect to the commune "
            "again with a new code.",
        ),
        Failure.REVOKED: QCoreApplication.translate(
            "Sync",
            "The commune has removed this laptop from the team. Ask the commune for a new "
            "code to connect again. Your records stay on this laptop.",
        ),
        Failure.SERVER_BUSY: QCoreApplication.translate(
            "Sync", "The commune's server is busy. The app will try again shortly."
        ),
        Failure.SERVER_ERROR: QCoreApplication.translate(
            "Sync",
            "The commune's server had a problem. The app will try again later; if this "
            "lasts, tell the commune's IT person.",
        ),
        Failure.SERVER_FULL: QCoreApplication.translate(
            "Sync",
            "The commune's server has run out of disk space. Tell the commune's IT person. "
            "Your records stay on this laptop and will be sent later.",
        ),
        Failure.BAD_CODE: QCoreApplication.translate(
            "Sync",
            "This code is not known to the server. Check the 8 letters and digits with the "
            "commune.",
        ),
        Failure.CODE_EXPIRED: QCoreApplication.translate(
            "Sync", "This code has expired. Ask the commune for a new one."
        ),
        Failure.CODE_USED: QCoreApplication.translate(
            "Sync",
            "This code has already been used. Each code connects one laptop: ask the "
            "commune for a new one.",
        ),
        Failure.WRONG_SERVER: QCoreApplication.translate(
            "Sync",
            "This address does not answer as a Sổ tay CNS server. Check the address with "
            "the commune.",
        ),
        Failure.OTHER_TEAM: QCoreApplication.translate(
            "Sync",
            "This laptop's data belongs to another team. Each team needs its own profile: "
            "start the app with another data folder for the second team.",
        ),
        Failure.DEMO: QCoreApplication.translate(
            "Sync",
            "This is a demo profile with made-up data: it can never connect to a real server.",
        ),
    }
    # The laptop's own disk and data file: the same words as everywhere in the app.
    return (
        texts.get(failure)
        or kind_text(failure)
        or QCoreApplication.translate(
            "Sync", "Sync did not finish. The app will try again by itself."
        )
    )


def skew_text(seconds: float) -> str:
    hours = round(abs(seconds) / 3600)
    amount = (
        QCoreApplication.translate("Sync", "about %n hour(s)", None, hours)
        if hours
        else QCoreApplication.translate("Sync", "%n minute(s)", None, round(abs(seconds) / 60))
    )
    ahead = (
        QCoreApplication.translate("Sync", "ahead")
        if seconds > 0
        else QCoreApplication.translate("Sync", "behind")
    )
    return (
        QCoreApplication.translate(
            "Sync",
            "This laptop's clock is %1 %2. Set the right date and time in the computer's settings.",
        )
        .replace("%1", amount)
        .replace("%2", ahead)
    )


def status_line(status: Status) -> str:
    """The status bar's words: where sync stands, in a few words."""
    from desktop.sync.service import State

    parts: list[str] = []
    if status.state == State.NOT_CONNECTED:
        parts.append(QCoreApplication.translate("Sync", "Not connected to the commune"))
    elif status.state == State.SYNCING:
        parts.append(QCoreApplication.translate("Sync", "Syncing…"))
    elif status.state == State.REVOKED:
        parts.append(
            QCoreApplication.translate(
                "Sync", "Removed from the team by the commune: connect again"
            )
        )
    elif status.state == State.OFFLINE:
        parts.append(
            QCoreApplication.translate("Sync", "Login page in the way: open a browser")
            if status.failure is Failure.PORTAL
            else QCoreApplication.translate("Sync", "Offline")
        )
    elif status.state == State.FAILED:
        parts.append(QCoreApplication.translate("Sync", "Sync failed: will try again"))
    elif status.synced_at is not None:
        local = status.synced_at.astimezone().strftime("%H:%M")
        parts.append(QCoreApplication.translate("Sync", "Synced at %1").replace("%1", local))
    if status.waiting:
        parts.append(
            QCoreApplication.translate("Sync", "%n change(s) waiting", None, status.waiting)
        )
    if status.attention:
        parts.append(
            '<a href="attention">'
            + QCoreApplication.translate("Sync", "%n need(s) attention", None, status.attention)
            + "</a>"
        )
    if status.clock_skew is not None:
        parts.append(QCoreApplication.translate("Sync", "clock is off"))
    return " · ".join(parts)


ENTITY_NAMES = {
    "team": QT_TRANSLATE_NOOP("Sync", "Team"),
    "neighbourhood": QT_TRANSLATE_NOOP("Sync", "Neighbourhood"),
    "member": QT_TRANSLATE_NOOP("Sync", "Member"),
    "topic": QT_TRANSLATE_NOOP("Sync", "Training topic"),
    "service": QT_TRANSLATE_NOOP("Sync", "Help service"),
    "resident": QT_TRANSLATE_NOOP("Sync", "Resident"),
    "training": QT_TRANSLATE_NOOP("Sync", "Training"),
    "attendance": QT_TRANSLATE_NOOP("Sync", "Attendance"),
    "assist": QT_TRANSLATE_NOOP("Sync", "Help session"),
}
FIELD_NAMES = {
    "name": QT_TRANSLATE_NOOP("Sync", "Name"),
    "full_name": QT_TRANSLATE_NOOP("Sync", "Full name"),
    "role": QT_TRANSLATE_NOOP("Sync", "Role"),
    "phone": QT_TRANSLATE_NOOP("Sync", "Phone"),
    "gender": QT_TRANSLATE_NOOP("Sync", "Gender"),
    "birth_year": QT_TRANSLATE_NOOP("Sync", "Birth year"),
    "neighbourhood_id": QT_TRANSLATE_NOOP("Sync", "Neighbourhood"),
    "note": QT_TRANSLATE_NOOP("Sync", "Note"),
    "day": QT_TRANSLATE_NOOP("Sync", "Date"),
    "start_time": QT_TRANSLATE_NOOP("Sync", "Start"),
    "end_time": QT_TRANSLATE_NOOP("Sync", "End"),
    "place": QT_TRANSLATE_NOOP("Sync", "Place"),
    "status": QT_TRANSLATE_NOOP("Sync", "Status"),
    "topic_ids": QT_TRANSLATE_NOOP("Sync", "Topics"),
    "trainer_ids": QT_TRANSLATE_NOOP("Sync", "Trainers"),
    "present": QT_TRANSLATE_NOOP("Sync", "Present"),
    "resident_id": QT_TRANSLATE_NOOP("Sync", "Resident"),
    "member_id": QT_TRANSLATE_NOOP("Sync", "Helped by"),
    "service_id": QT_TRANSLATE_NOOP("Sync", "Service"),
    "outcome": QT_TRANSLATE_NOOP("Sync", "Outcome"),
    "reason": QT_TRANSLATE_NOOP("Sync", "Reason"),
    "active": QT_TRANSLATE_NOOP("Sync", "In use"),
    "sort": QT_TRANSLATE_NOOP("Sync", "Order"),
    "code": QT_TRANSLATE_NOOP("Sync", "Indicator"),
    "adults": QT_TRANSLATE_NOOP("Sync", "Adults"),
    "households": QT_TRANSLATE_NOOP("Sync", "Households"),
    "counted_on": QT_TRANSLATE_NOOP("Sync", "Counted on"),
    "deleted_at": QT_TRANSLATE_NOOP("Sync", "Deleted"),
}


def entity_text(entity: str) -> str:
    return QCoreApplication.translate("Sync", ENTITY_NAMES.get(entity, entity))


def field_text(field: str) -> str:
    return QCoreApplication.translate("Sync", FIELD_NAMES.get(field, field))


def value_text(field: str, value: Any, roster: Roster | None) -> str:
    if value is None or value == "":
        return "—"
    if field == "gender":
        return gender_text(value)
    if field == "role":
        return role_text(value)
    if field == "status":
        return status_text(value)
    if field == "outcome":
        return outcome_text(value)
    if field in ("present", "active"):
        return (
            QCoreApplication.translate("Sync", "Yes")
            if value
            else QCoreApplication.translate("Sync", "No")
        )
    if field == "deleted_at":
        return QCoreApplication.translate("Sync", "Yes")
    if field == "code":
        return indicator_text(str(value))
    if roster is not None:
        names = {n.id: n.name for n in roster.neighbourhoods}
        names |= {m.id: m.full_name for m in roster.members}
        names |= {t.id: t.name for t in (*roster.topics, *roster.services)}
        if isinstance(value, list):
            return ", ".join(names.get(v, "?") for v in value) or "—"
        if field.endswith("_id"):
            return names.get(value, "…")
    return str(value)


REFUSALS = {
    "invalid": QT_TRANSLATE_NOOP("Sync", "The server found data it cannot take in: %1"),
    "bad_version": QT_TRANSLATE_NOOP(
        "Sync", "The server never had the version this change was made on"
    ),
    "wrong_team": QT_TRANSLATE_NOOP("Sync", "It is not this team's record"),
    "unknown_entity": QT_TRANSLATE_NOOP(
        "Sync", "The server does not know this kind of record: update the app"
    ),
}


def refusal_text(code: str, message: str) -> str:
    """Why the server refused a change, in the user's words: the fields a refusal names
    ("gender: Input should be..."), by their names on the forms, never the server's English."""
    known = REFUSALS.get(code)
    if known is None:
        return QCoreApplication.translate("Sync", "The server refused it (%1)").replace("%1", code)
    fields = dict.fromkeys(where.split(".")[0] for where, _why in invalid_parts(message) if where)
    named = ", ".join(field_text(f) for f in fields if f in FIELD_NAMES) or "—"
    return QCoreApplication.translate("Sync", known).replace("%1", named)


def record_label(item: syncdata.Attention) -> str:
    p = item.local or {}
    return str(p.get("full_name") or p.get("name") or p.get("place") or p.get("day") or "")


# --- connecting ---------------------------------------------------------------------------------


class ConnectDialog(QDialog):
    """The server's address and the one-time code; the server says which commune and team the
    code is for, and the user confirms before the laptop is bound."""

    def __init__(self, service: SyncService, address: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.offer: Offer | None = None
        self.where = ""
        # Network calls leave the GUI thread on this dialog's own lane.
        self.lane = ThreadPoolExecutor(1, thread_name_prefix="connect")
        self.setWindowTitle(self.tr("Connect to the commune"))
        self.setMinimumWidth(scaled(560))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The commune gives each laptop a one-time code. Type the server's address "
                "and the code, then check which team it is for."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QVBoxLayout()
        form.addWidget(QLabel(self.tr("Server address")))
        self.address = QLineEdit(address)
        self.address.setPlaceholderText(self.tr("e.g. 192.168.1.10:8700"))
        self.address.setAccessibleName(self.tr("Server address"))
        form.addWidget(self.address)
        form.addWidget(QLabel(self.tr("Code")))
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH")
        self.code.setAccessibleName(self.tr("Code"))
        self.code.setMaxLength(20)
        form.addWidget(self.code)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.found.setTextFormat(Qt.TextFormat.RichText)
        self.found.hide()
        layout.addWidget(self.found)
        buttons = QDialogButtonBox()
        self.check_button = buttons.addButton(
            self.tr("Check the code"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.connect_button = buttons.addButton(
            self.tr("Connect this laptop"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button = cancel
        self.connect_button.setEnabled(False)
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.connect_button.clicked.connect(self.bind)
        cancel.clicked.connect(self.reject)
        self.address.textEdited.connect(self._edited)
        self.code.textEdited.connect(self._edited)
        layout.addWidget(buttons)

    def _edited(self) -> None:
        self.offer = None
        self.found.hide()
        self.error.hide()
        self.connect_button.setEnabled(False)
        self.check_button.setDefault(True)

    def _busy(self, busy: bool) -> None:
        # Cancel too: a code on its way would still bind the laptop behind the user's back.
        for w in (self.address, self.code, self.check_button, self.cancel_button):
            w.setEnabled(not busy)
        self.connect_button.setEnabled(not busy and self.offer is not None)

    def _say(self, exc: BaseException) -> None:
        kind = classify(exc)
        text = known_failure_text(exc) or (failure_text(kind) if kind is not None else None)
        if text is None:
            show_failure(self, exc)
            return
        self.error.setText(text)
        self.error.show()

    def check(self) -> None:
        address, code = self.address.text().strip(), self.code.text().strip()
        if not address or not code:
            self.error.setText(self.tr("Type the server's address and the code."))
            self.error.show()
            return
        self.error.hide()
        self._busy(True)
        when_done(
            self.lane.submit(self.service.offer, address, code),
            self._checked,
            self._check_failed,
            context=self,
        )

    def _check_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self._say(exc)

    def _checked(self, offer: Offer) -> None:
        self.offer = offer
        team = offer.team
        self.found.setText(
            self.tr("This code is for:")
            + f"<br><b>{_escape(team['name'])}</b><br>"
            + f"{_escape(team['commune_name'])}, {_escape(team['province_name'])}<br><br>"
            + self.tr(
                "If this is your team, connect. The team's records on the server come to "
                "this laptop, and this laptop's records go to the server."
            )
        )
        self.found.show()
        self.adjustSize()  # room for the team's name and the explanation
        self._busy(False)
        self.connect_button.setDefault(True)
        self.connect_button.setFocus()

    def bind(self) -> None:
        if self.offer is None:
            return
        self._busy(True)
        self.connect_button.setEnabled(False)
        name = platform.node()[:60] or "laptop"
        when_done(
            self.lane.submit(self.service.connect, self.offer, name),
            self._bound,
            self._check_failed,
            context=self,
        )

    def _bound(self, where: str) -> None:
        self.where = where
        self.accept()

    def reject(self) -> None:
        if self.cancel_button.isEnabled():  # not while a request is on its way
            super().reject()

    def done(self, result: int) -> None:
        self.lane.shutdown(wait=False)
        super().done(result)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- needs attention ----------------------------------------------------------------------------


class AttentionDialog(QDialog):
    """Changes the server did not apply: conflicts (another laptop changed the same record;
    the user picks which version stays) and rejections (the server refused the change)."""

    resolved = Signal()

    def __init__(self, store: Store, roster: Roster | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.roster = store, roster
        self.items: list[syncdata.Attention] = []
        self.setWindowTitle(self.tr("Changes that need attention"))
        fit_window(self, 900, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "These changes were not applied on the commune's server. Nothing has been "
                "overwritten: choose what to keep."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("What"), self.tr("Record"), self.tr("Why")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setColumnWidth(0, 170)
        self.table.setColumnWidth(1, 260)
        split.addWidget(self.table)
        self.detail = QTableWidget(0, 3)
        self.detail.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("On this laptop"), self.tr("On the server")]
        )
        self.detail.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.detail.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.detail.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail.verticalHeader().hide()
        split.addWidget(self.detail)
        layout.addWidget(split, 1)
        row = QHBoxLayout()
        self.keep = QPushButton(self.tr("Keep this laptop's version"))
        self.take = QPushButton(self.tr("Take the server's version"))
        self.dismiss = QPushButton(self.tr("Seen, remove from the list"))
        close = QPushButton(self.tr("Close"))
        for b in (self.keep, self.take, self.dismiss):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.keep.clicked.connect(lambda: self._resolve(syncdata.keep_mine))
        self.take.clicked.connect(lambda: self._resolve(syncdata.take_theirs))
        self.dismiss.clicked.connect(lambda: self._resolve(syncdata.dismiss))
        close.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._show_current)
        self._show_current()
        self.load()

    def load(self) -> None:
        when_done(self.store.read(syncdata.attention), self._loaded, context=self)

    def _loaded(self, items: list[syncdata.Attention]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for r, item in enumerate(items):
            kind = (
                (self.tr("Conflict") if item.status == "conflict" else self.tr("Refused"))
                + " · "
                + entity_text(item.entity)
            )
            why = (
                self.tr("Changed on another laptop too")
                if item.status == "conflict"
                else refusal_text(item.code, item.message)
            )
            for c, text in enumerate((kind, record_label(item), why)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if items:
            self.table.selectRow(0)
        self._show_current()

    def current(self) -> syncdata.Attention | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_current(self) -> None:
        item = self.current()
        conflict = item is not None and item.status == "conflict"
        self.keep.setVisible(item is None or conflict)
        self.take.setVisible(item is None or conflict)
        self.dismiss.setVisible(item is not None and not conflict)
        for b in (self.keep, self.take, self.dismiss):
            b.setEnabled(item is not None)
        self.detail.setRowCount(0)
        if item is None:
            return
        server = item.server or {}
        fields = [f for f in dict.fromkeys([*item.local, *server]) if f not in ("created_at",)]
        if conflict:
            fields = [f for f in fields if item.local.get(f) != server.get(f)]
        fields = [f for f in fields if f != "recorded_by"]
        self.detail.setRowCount(len(fields))
        for r, f in enumerate(fields):
            self.detail.setItem(r, 0, QTableWidgetItem(field_text(f)))
            self.detail.setItem(
                r, 1, QTableWidgetItem(value_text(f, item.local.get(f), self.roster))
            )
            self.detail.setItem(
                r,
                2,
                QTableWidgetItem(
                    value_text(f, server.get(f), self.roster) if item.server is not None else ""
                ),
            )

    def _resolve(self, action: Any) -> None:
        item = self.current()
        if item is None:
            return
        for b in (self.keep, self.take, self.dismiss):
            b.setEnabled(False)

        def done(_result: Any) -> None:
            self.resolved.emit()
            self.load()

        when_done(self.store.write(action, item.id), done, context=self)


def show_connected(parent: QWidget, where: str) -> None:
    text = QCoreApplication.translate(
        "Sync",
        "This laptop is now connected to the commune. Its records are being synced; the "
        "status bar shows how far it is.",
    )
    if where == "file":
        text += "\n\n" + QCoreApplication.translate(
            "Sync",
            "This computer has no password keyring, so the laptop's key is kept in a file "
            "only your user account can read, in the app's data folder. Do not copy that "
            "folder to other people.",
        )
    QMessageBox.information(parent, QCoreApplication.translate("Sync", "Connected"), text)
