"""One app per profile. The first start takes a lock file in the profile folder before the
database is opened, and listens on a local socket named after the folder; a second start on the
same profile asks it to bring its window to the front and exits without touching the database.

QLockFile and a blocking QLocalSocket work before any QApplication exists, so a second start
stays cheap: Python, QtCore and QtNetwork, no window. (In desktop/ui/ because only the UI
package may import Qt.)
"""

from __future__ import annotations

import enum
import hashlib
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QSysInfo, Qt, QTimer, Signal

from desktop.paths import Paths

log = logging.getLogger(__name__)

REACH_SECONDS = 10.0  # the first start may still be loading Qt before it listens
RETRY_SECONDS = 0.1
# After the window is up: importing QtNetwork (~5-10 ms) stays off the start-up path. A second
# start retries meanwhile.
LISTEN_AFTER_MS = 500
SHOW = b"show\n"
SHOWN = b"shown\n"


# The lock files this process holds (a test may make two SingleInstance of one profile).
_held: set[str] = set()


class Claim(enum.Enum):
    OWNER = "owner"  # this process holds the profile's lock
    UNLOCKED = "unlocked"  # no lock file can be made (read-only folder): run without one
    SHOWN = "shown"  # another process has the profile and brought its window forward
    UNREACHABLE = "unreachable"  # another process has the profile and did not answer


def server_name(folder: Path) -> str:
    """A name for the profile's socket: short enough for a Unix socket path in the temp folder
    (~104 bytes) and a Windows pipe name, the same for every spelling of the folder."""
    key = str(folder.resolve()).encode("utf-8", "surrogatepass")
    return "sotay-cns-" + hashlib.sha256(key).hexdigest()[:24]


class SingleInstance(QObject):
    """The profile's lock, and (while held) the socket a second start talks to."""

    show_requested = Signal()

    def __init__(self, folder: Path) -> None:
        super().__init__()
        # Qt's stale-lock check (owner's PID gone or from another boot, or the file older than
        # 30 s) never breaks a live owner's lock: the owner keeps the file open with a native
        # lock (flock) on Unix and without delete sharing on Windows.
        self.lock = QLockFile(str(Paths(folder).lock))
        self.name = server_name(folder)
        self.server: Any = None  # QLocalServer, once listening
        self._clients: list[Any] = []
        self._stopped = False

    def take_or_hand_over(
        self, settings: Path, language: str | None, self_test: bool
    ) -> int | None:
        """None when this process may open the profile; else the exit code, once the process
        holding the profile showed its window, or the user was told it does not answer."""
        claim = self.claim()
        if claim in (Claim.OWNER, Claim.UNLOCKED):
            return None
        if claim is Claim.SHOWN:
            print("already running: brought the open window to the front", flush=True)
            return 0
        if language is None:
            from desktop.settings import Settings

            language = Settings.load(settings).language
        tell_unreachable(language, interactive=not self_test)
        return 3 if self_test else 0  # a self-test that did not run has not passed

    def take(self) -> bool:
        """Take the profile's lock now, if no live process holds it."""
        if self.lock.tryLock(0):
            _held.add(self.lock.fileName())
            return True
        # The lock names this very process as its owner, and no lock of ours holds it: a
        # process that died left it, and the system then gave its number to this one (Wine
        # does at once, Windows can). Qt sees a live owner of the same name and waits 30 s.
        pid, host, _app = self.lock.getLockInfo()
        if (
            self.lock.error() == QLockFile.LockError.LockFailedError
            and pid == os.getpid()
            and host == QSysInfo.machineHostName()
            and self.lock.fileName() not in _held
        ):
            log.info("a lock left by an ended process with this process's number: removed")
            self.lock.removeStaleLockFile()
            if self.lock.tryLock(0):
                _held.add(self.lock.fileName())
                return True
        return False

    def claim(self, timeout: float = REACH_SECONDS) -> Claim:
        """Take the lock, or have the process holding it show its window. Retried: the owner
        may not listen yet, or may be closing (then the lock is free again)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.take():
                return Claim.OWNER
            if self.lock.error() != QLockFile.LockError.LockFailedError:
                return Claim.UNLOCKED  # said in the log by listen(), once logging is set up
            left = deadline - time.monotonic()
            if self._ask_to_show(max(left, RETRY_SECONDS)):
                return Claim.SHOWN
            if time.monotonic() >= deadline:
                return Claim.UNREACHABLE
            time.sleep(RETRY_SECONDS)

    def _ask_to_show(self, timeout: float) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        allow_foreground(self.lock)
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        try:
            if not socket.waitForConnected(int(timeout * 1000)):
                return False  # not listening yet (or gone)
            socket.write(SHOW)
            socket.flush()
            reply = b""
            deadline = time.monotonic() + timeout
            # The owner's GUI thread may be busy starting up: wait for its answer.
            while not reply.endswith(b"\n") and time.monotonic() < deadline:
                if socket.bytesAvailable() == 0:
                    left = deadline - time.monotonic()
                    if not socket.waitForReadyRead(max(1, int(left * 1000))):
                        break  # closed without answering: it is shutting down
                reply += socket.readAll().data()
            return reply == SHOWN
        finally:
            socket.abort()

    def listen(self, after_ms: int = LISTEN_AFTER_MS) -> None:
        """Answer second starts from `after_ms` on, in the event loop. Only the lock's owner
        listens."""
        if not self.lock.isLocked():
            log.warning("no lock file in the profile (%s): not guarded", self.lock.error())
            return
        QTimer.singleShot(after_ms, self, self._listen)

    def _listen(self) -> None:
        from PySide6.QtNetwork import QLocalServer

        if self._stopped:
            return
        # We hold the lock, so a socket left under this name is a crashed owner's.
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._accept)
        if server.listen(self.name):
            log.info("listening for a second start")
        else:
            log.warning("a second start cannot reach this one: %s", server.errorString())
        self.server = server

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            self._clients.append(socket)
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._drop(s))
            self._read(socket)  # its line may have come with the connection

    def _read(self, socket: Any) -> None:
        if not socket.canReadLine():
            return
        if socket.readLine().data() == SHOW:
            self.show_requested.emit()
            socket.write(SHOWN)
            socket.flush()
        socket.disconnectFromServer()

    def _drop(self, socket: Any) -> None:
        if socket in self._clients:
            self._clients.remove(socket)
        socket.deleteLater()

    def stop_listening(self) -> None:
        """As the event loop ends: a second start waiting for an answer that would never come
        is cut off at once, and retries (it takes the lock once released)."""
        self._stopped = True
        for socket in list(self._clients):  # abort() drops it from the list
            socket.abort()
        self._clients.clear()
        if self.server is not None:
            self.server.close()
            self.server.deleteLater()
            self.server = None

    def release(self) -> None:
        """After the database is closed: the next start may take the profile."""
        self.stop_listening()
        self.lock.unlock()
        _held.discard(self.lock.fileName())


def allow_foreground(lock: QLockFile) -> None:
    """Windows lets only the process the user just started take the foreground: pass that
    right on to the owner, so that its window comes forward instead of only flashing."""
    if sys.platform != "win32":
        return
    pid = lock.getLockInfo()[0]  # 0 when unreadable
    if pid > 0:
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(int(pid))  # type: ignore[attr-defined]


def bring_forward(window: Any) -> None:
    """Un-minimise (keeping maximised), raise and activate the main window, and any dialog
    open over it."""
    from PySide6.QtWidgets import QApplication

    log.info("raised by a second launch")
    if window is None:  # still starting: the window will show by itself
        return
    state = window.windowState() & ~Qt.WindowState.WindowMinimized
    window.setWindowState(state | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
    modal = QApplication.activeModalWidget()
    if modal is not None:
        modal.raise_()
        modal.activateWindow()


def tell_unreachable(language: str, interactive: bool) -> None:
    """The app holding the profile did not answer (hung, or a very slow start): say so in
    plain words rather than opening the database a second time."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    import desktop
    from desktop.ui import translations

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationDisplayName(desktop.APP_NAME)
    kept = translations.install(app, language)  # noqa: F841  (alive while the text is shown)
    text = QCoreApplication.translate(
        "Instance",
        "The app is already open on this computer but does not answer. Wait a minute and "
        "start it again. If its window still does not appear, restart the computer.",
    )
    if not interactive:
        print(text, file=sys.stderr, flush=True)
        return
    QMessageBox.information(None, desktop.APP_NAME, text)
