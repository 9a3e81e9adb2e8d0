"""Wiring: arguments, paths, logging, crash handler, translations, fonts, the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import desktop
from desktop.paths import Paths
from desktop.settings import Settings

log = logging.getLogger("desktop")
# Start-up's parts, as --self-test prints them for bench/run.py (README, "Start-up"): from
# this module's import (the interpreter is up) to each step's end.
STARTED = time.perf_counter()
_steps: list[tuple[str, float]] = []


def step_done(name: str) -> None:
    """`name` without a comma: steps_text() separates the steps with commas."""
    _steps.append((name, time.perf_counter()))


def steps_text() -> str:
    parts, before = [], STARTED
    for name, at in _steps:
        parts.append(f"{name} {(at - before) * 1000:.0f}")
        before = at
    return ", ".join(parts)


SELF_TEST_TIMEOUT_MS = 60_000
SYNC_START_MS = 800  # after the window is up: sync's imports stay off the start-up path
# The file's check at opening waits at most this long for the overview's figures (a cold disk
# reads them first); saves wait for the check either way.
SCREEN_WAIT_S = 5.0


def folder(text: str) -> Path:
    """A folder named on the command line; an empty name (a script's variable left unset)
    would be the current folder, where nothing was asked to be saved."""
    if not text.strip():
        raise argparse.ArgumentTypeError("a folder's name is needed")
    return Path(text)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="sotay-cns", description=desktop.APP_NAME)
    p.add_argument("--data-dir", type=Path, help="use this folder as an isolated profile")
    p.add_argument(
        "--demo",
        action="store_true",
        help="fill a new profile with realistic synthetic data to try the app",
    )
    p.add_argument(
        "--self-test",
        action="store_true",
        help="open the main window in a throw-away profile, then exit 0",
    )
    p.add_argument(
        "--self-test-files",
        type=folder,
        metavar="FOLDER",
        help="with --self-test: also save its PDF and XLSX in this folder",
    )
    p.add_argument("--lang", choices=("vi", "en"), help="language for this run")
    p.add_argument(
        "--connect",
        nargs=2,
        metavar=("ADDRESS", "CODE"),
        help="connect this laptop to the commune's server with a one-time code, sync once, "
        "and exit (no window: for setting up many laptops)",
    )
    p.add_argument("--sync", action="store_true", help="sync once with the commune and exit")
    p.add_argument(
        "--update",
        action="store_true",
        help="sync once, download a newer version the commune's server offers and check it "
        "(size, hash, signature), then exit; it does not install it",
    )
    p.add_argument(
        "--install",
        action="store_true",
        help="with --update: then install it (a backup first; the installer runs silently "
        "once this process has ended)",
    )
    return p.parse_args(argv)


LOG_MAX_BYTES = 1_000_000
LOG_KEEP = 3


def setup_logging(current: Path) -> bool:
    """A log file rotated at start (sotay.log, .1, .2, .3), no larger than ~1 MB a session.
    Messages name records by id only, never a resident's details.

    (Rotating at start keeps logging.handlers and its socket/pickle imports, ~7 ms, off the
    start-up path.)

    False when the folder cannot be written to (a write-protected stick): the log goes to
    the console then, and the app still starts."""

    def older(n: int) -> Path:
        return current.with_name(f"{current.name}.{n}")

    try:
        current.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if current.exists() and current.stat().st_size > LOG_MAX_BYTES:
            for n in range(LOG_KEEP - 1, 0, -1):
                if older(n).exists():
                    older(n).replace(older(n + 1))
            current.replace(older(1))
        handler: logging.Handler = logging.FileHandler(current, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
        written = False
    else:
        written = True
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return written


def self_test_printing(files: Path | None = None) -> bool:
    """A one-page attendance sheet made and opened with QtPdf, and the team report as XLSX:
    fonts, reportlab, openpyxl and QtPdf are all there (the bundle must carry them). With
    `files`, both are saved there, as the app saves them (whole or not at all)."""
    import zipfile
    from datetime import date
    from io import BytesIO

    from desktop.printing.documents import write_file
    from sotay.domain.indicators import Overview
    from sotay.domain.periods import Period, PeriodKind
    from sotay.printing import report, sheets
    from sotay.printing.data import Letterhead, Person, TrainingSheet

    person = Person("Đặng Thị Hương", 1950, "female", "Khu phố 1", "")
    sheet = TrainingSheet(
        "self-test",
        date.today(),
        "08:00",
        "09:00",
        "Nhà văn hóa",
        "held",
        ["Kỹ năng số cơ bản"],
        [],
        [person],
    )
    head = Letterhead("Phường Ba Đình", "Thành phố Hà Nội", "Tổ CNSCĐ")
    pdf = sheets.attendance_sheet(head, sheet, sheets.SheetKind.AFTER)
    today = date.today()
    month = Period(PeriodKind.MONTH, today.year, today.month)
    xlsx = report.team_report_xlsx(head, Overview(month))
    with zipfile.ZipFile(BytesIO(xlsx)) as book:
        xlsx_ok = "xl/workbook.xml" in book.namelist() and book.testzip() is None
    pdf_ok = _qtpdf_pages(pdf) == 1
    if files is not None:
        print("self-test: saved", write_file(files / "sotay-self-test.pdf", pdf), flush=True)
        print("self-test: saved", write_file(files / "sotay-self-test.xlsx", xlsx), flush=True)
    return pdf_ok and xlsx_ok


def _qtpdf_pages(pdf: bytes) -> int:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    return document.pageCount()


def self_test_report() -> None:
    """Where this computer keeps what the app relies on: the Documents folder the save dialogs
    start in, the screen and its scale (Windows' 125 %, 150 %), and the keyring back-end that
    keeps the device token."""
    from PySide6.QtCore import QStandardPaths

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    print("self-test: documents", documents, flush=True)
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    if screen is None:
        print("self-test: no screen known (laid out for 1366x768)", flush=True)
    else:
        size = screen.geometry()
        print(
            f"self-test: screen {size.width()}x{size.height()} at scale "
            f"{screen.devicePixelRatio():g}",
            flush=True,
        )
    try:
        import keyring

        chosen = keyring.get_keyring()
        backend = f"{type(chosen).__module__}.{type(chosen).__name__}"
    except Exception as exc:  # a broken keyring must not stop the self-test: it is reported
        backend = f"none ({type(exc).__name__})"
    print("self-test: keyring", backend, flush=True)


def fill_demo_if_empty(db: Any) -> None:
    from desktop.store.demo import fill_demo

    if db.conn.execute("SELECT 1 FROM team LIMIT 1").fetchone() is None:
        fill_demo(db)


class Controller:
    """Owns the store and the main window; rebuilds the window when the language changes or
    after a damaged database was restored from a backup."""

    def __init__(
        self,
        app: Any,
        paths: Paths,
        settings: Settings,
        *,
        demo: bool = False,
        self_test: bool = False,
    ) -> None:
        from concurrent.futures import ThreadPoolExecutor  # here: kept off a second start's path

        self.app, self.paths, self.settings = app, paths, settings
        self.demo, self.self_test = demo, self_test
        self.self_test_files: Path | None = None  # --self-test-files: save its PDF and XLSX
        self.translators: list[Any] = []  # Qt drops a translator nobody references
        self.store: Any = None
        self.window: Any = None
        self.sync: Any = None  # desktop.sync.service.SyncService, once the window is ready
        self.sync_bridge: Any = None
        self.recovering = False  # the backup offer is on screen: once, however many reads fail
        # An update the leader said yes to: (the checked installer, open the app again after
        # it). main() hands over to it once the app has closed (desktop/update/handover.py).
        self.install_on_exit: tuple[Path, bool] | None = None
        self.update_outcome: Any = None  # read_update_outcome(), until said
        # Looking through the backups after damage, and putting one in place: the
        # Controller's, since the work outlives the window it replaces.
        self.restore_lane = ThreadPoolExecutor(1, thread_name_prefix="restore")

    def install_translators(self) -> None:
        from desktop.ui import translations

        for t in self.translators:
            self.app.removeTranslator(t)
        self.translators = translations.install(self.app, self.settings.language)

    def start(self, store: Any = None, *, start_empty: bool = False, mend: bool = False) -> None:
        from concurrent.futures import Future

        from PySide6.QtCore import QTimer

        from desktop.store.store import Store, settle
        from desktop.ui.tasks import when_done

        self.store = store or Store(
            self.paths.db,
            self.paths.backups,
            start_empty=start_empty,
            mend=mend,
            wait_for_screen=SCREEN_WAIT_S,
        )
        # A read or a write that meets a damaged page, at any time: the backup offer, once.
        damaged: Future[BaseException] = Future()
        self.store.on_damage(lambda exc: settle(damaged, exc))
        when_done(damaged, self.open_failed)
        # Read before the sync thread can start: its updates tidy the same folder, installed
        # releases' notes included.
        self.update_outcome = self.update_outcome or self.read_update_outcome()
        self.show_window()
        # From the event loop, never inside start(): a small file is open before start()
        # returns (a done future's callback runs at once), and a message shown then would
        # hold main() before it listens for a second start (found by the Windows check).
        when_done(self.store.opened, lambda _v: QTimer.singleShot(0, self.opened), lambda _e: None)
        when_done(self.store.daily_backup, None, self.daily_backup_failed)

    def opened(self) -> None:
        """Say what did not stop the start but must be known: a profile that can only be
        read, a daily backup that could not be made, an update installed or not."""
        self.say_update_outcome()
        if self.self_test or self.window is None:
            return
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QMessageBox

        from desktop.ui.tasks import kind_text

        store = self.store
        if store.mended:
            from desktop.ui.recovery import say_mended

            say_mended(self.window, search=store.mended_search)
        if store.read_only:
            QMessageBox.information(
                self.window,
                QCoreApplication.translate("Controller", "Opened for reading only"),
                QCoreApplication.translate(
                    "Controller",
                    "The data folder cannot be written to (a write-protected disk or USB "
                    "stick, or no permission). You can look at the team's records and print "
                    "them, but not record anything. To record again, copy the folder to the "
                    "laptop's own disk or ask for help with its permissions.",
                ),
            )
        if store.writer_failed is not None:
            from desktop.failures import classify

            QMessageBox.warning(
                self.window,
                QCoreApplication.translate("Controller", "Saving is paused"),
                QCoreApplication.translate(
                    "Controller",
                    "The data file cannot be written to now, so nothing new can be saved. You "
                    "can look at the records. Once the cause below is put right, save again: "
                    "no restart is needed.",
                )
                + "\n\n"
                + (kind_text(classify(store.writer_failed), store.writer_failed) or ""),
            )

    def daily_backup_failed(self, exc: BaseException) -> None:
        """Said once; the backup is tried again after later saves."""
        if self.self_test or self.window is None:
            return
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QMessageBox

        from desktop.failures import classify
        from desktop.ui.tasks import kind_text

        QMessageBox.warning(
            self.window,
            QCoreApplication.translate("Controller", "The daily backup was not made"),
            QCoreApplication.translate(
                "Controller",
                "Today's backup of the data could not be made. Your records are safe and "
                "you can go on working; the backup is tried again later.",
            )
            + "\n\n"
            + (kind_text(classify(exc), exc) or ""),
        )

    def read_update_outcome(self) -> Any:
        """The first start after the installer ran: what changed, or why nothing did (said
        once: the note is removed as it is read)."""
        # One stat on every start; the module (and its cryptography) only after an update.
        if not (self.paths.updates / "attempt.json").exists():
            return None
        from desktop.update.handover import outcome

        try:
            result = outcome(self.paths.updates, desktop.__version__)
        except OSError as exc:
            log.warning("update outcome unknown: %s", exc)
            return None
        if result is not None:
            log.info("update outcome: %s", type(result).__name__)
        return result

    def say_update_outcome(self) -> None:
        result, self.update_outcome = self.update_outcome, None
        if result is None:
            return
        if self.self_test:
            print(f"self-test: {type(result).__name__.lower()} {result.version}", flush=True)
        elif self.window is not None:
            from desktop.ui.update import show_outcome

            show_outcome(self.window, result)

    def update_chosen(self, choice: int) -> None:
        """The leader chose when to install the downloaded update."""
        from desktop.ui.update import UpdateDialog

        update = self.sync.status.update if self.sync is not None else None
        if update is None or update.ready is None:
            return
        now = choice == UpdateDialog.NOW
        self.install_on_exit = (update.ready, now)
        if now:
            self.window.close()  # main() makes the backup, closes, then hands over

    def show_window(self) -> None:
        from desktop.ui.main_window import MainWindow

        prepare = None
        if self.demo:
            prepare = fill_demo_if_empty
        self.window = MainWindow(
            self.store, self.paths, self.settings, prepare, interactive=not self.self_test
        )
        self.window.settings_changed.connect(self.settings_changed)
        self.window.open_failed.connect(self.open_failed)
        self.window.restore_wanted.connect(self.restore_backup)
        if self.self_test:
            self.window.ready.connect(self.self_test_ready)
            self.window.overview.figures_painted.connect(self.self_test_passed)
        else:
            self.window.sync_wanted.connect(self.start_sync)
            self.window.update_chosen.connect(self.update_chosen)
            self.window.update_on_close = self.install_on_exit is not None
            if self.sync is None:
                from PySide6.QtCore import QTimer

                QTimer.singleShot(SYNC_START_MS, self.start_sync)
        self.attach_sync()
        self.window.show_remembered()
        if self.self_test:
            step_done("window")
        self.window.start()

    def restore_backup(self, chosen: Path) -> None:
        """The user chose a backup to go back to (File → Restore a backup…)."""
        from desktop.ui.restore import restore

        restore(self, chosen)

    def start_sync(self) -> None:
        """Sync runs on its own thread once the window is usable (its first cycle pays for
        importing the HTTP client, off the start-up path)."""
        if self.sync is not None or self.store is None:
            return
        from desktop.sync.service import SyncService
        from desktop.ui.sync import SyncBridge

        self.sync_bridge = SyncBridge(self.store)
        self.sync = SyncService(
            self.store,
            self.paths.data,
            on_status=self.sync_bridge.status.emit,
            updates_factory=self.updates_factory,
        )
        self.attach_sync()
        self.sync.start()

    def updates_factory(self) -> Any:
        """The updates of this profile (on the sync thread): the Windows build's only."""
        from desktop.update import Updates

        return Updates(self.paths.updates)

    def attach_sync(self) -> None:
        """Connect the (new) window to the sync service's news: slots of a QObject living on
        the GUI thread, so the sync thread's signals arrive queued."""
        if self.sync is None or self.window is None:
            return
        self.sync_bridge.status.connect(self.window.set_sync_status)
        self.sync_bridge.pulled.connect(self.window.records_pulled)
        self.window.set_sync(self.sync)

    def stop_sync(self) -> None:
        if self.sync is not None:
            self.sync.stop()
            self.sync = None
            self.sync_bridge = None

    def settings_changed(self, key: str) -> None:
        try:
            self.settings.save(self.paths.settings)
        except OSError as exc:
            log.warning("settings not saved: %s", exc)
        if key in ("font_step", "high_contrast"):
            from desktop.ui import theme

            theme.apply(self.app, self.settings)
        elif key == "language":
            self.install_translators()
            old = self.window
            geometry = old.saveGeometry()
            self.show_window()
            self.window.restoreGeometry(geometry)
            old.deleteLater()

    def open_failed(self, exc: BaseException) -> None:
        from desktop.store.db import DatabaseDamaged, NewerData, ReadOnlyProfile

        if self.self_test:
            log.error("self-test: database did not open: %s", exc)
            self.app.exit(1)
            return
        if isinstance(exc, (ReadOnlyProfile, NewerData)):  # not to be read as it is: say so, stop
            from PySide6.QtCore import QCoreApplication, QTimer

            from desktop.ui.tasks import show_failure

            title = QCoreApplication.translate("Errors", "Cannot open the data")
            show_failure(self.window, exc, title if isinstance(exc, NewerData) else None)
            QTimer.singleShot(0, lambda: self.app.exit(4))  # exec() may not have begun yet
            return
        if not isinstance(exc, DatabaseDamaged):
            from desktop.ui.tasks import show_failure

            show_failure(self.window, exc)
            return
        from desktop.ui.recovery import recover

        recover(self, exc)

    def reopen(self, *, start_empty: bool = False, mend: bool = False) -> None:
        from PySide6.QtWidgets import QApplication

        # Forms open over the old window (a read in one met the damage): closed without a
        # question, their store is gone; what they held is in the data being replaced.
        for _ in range(20):
            modal = QApplication.activeModalWidget()
            if modal is None:
                break
            modal.done(0)
        old = self.window
        self.stop_sync()
        self.store.close()
        self.recovering = False
        self.start(start_empty=start_empty, mend=mend)
        old.deleteLater()

    def self_test_ready(self) -> None:
        step_done("team and lists")
        print("self-test: window ready", flush=True)  # bench/run.py times start-up to here

    def self_test_passed(self) -> None:
        """The overview's figures are painted: the start a leader waits for is over."""
        ok = self.window.isVisible() and (
            self.settings.language == "en" or len(self.translators) == 2
        )
        step_done("figures painted")
        self.say_update_outcome()  # once: opened() may come after the self-test's end
        print("self-test: figures shown", flush=True)  # ... and to here
        print("self-test: start-up ms:", steps_text(), flush=True)
        self_test_report()
        ok = ok and self_test_printing(self.self_test_files)
        print("self-test:", "ok" if ok else "FAILED", flush=True)
        self.app.exit(0 if ok else 1)


def backed_up_for_update(store: Any) -> bool:
    """A backup of the data just before the installer runs; no update without it."""
    try:
        store.backup_now("preupdate").result(timeout=120)
    except Exception as exc:  # a full disk, a read-only profile: the update waits
        log.warning("update not installed: the backup before it failed (%s)", exc)
        return False
    return True


def install_update(setup: Path, relaunch: bool) -> None:
    from desktop.update.handover import hand_over

    try:
        hand_over(setup, desktop.__version__, relaunch=relaunch)
    except Exception as exc:  # refused or not started: this version goes on working
        log.warning("update not installed: %s", exc)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    throwaway = None
    data_dir = args.data_dir
    if args.self_test and data_dir is None:
        import tempfile

        # Windows cannot delete a file that is still open (an antivirus may hold the log a
        # moment): a leftover in the temp folder must not fail a self-test that passed.
        throwaway = tempfile.TemporaryDirectory(
            prefix="sotay-selftest-", ignore_cleanup_errors=True
        )
        data_dir = Path(throwaway.name)
    if hasattr(os, "umask"):
        os.umask(0o077)  # the data, its backups, the log and the PDFs: this user's only
    try:
        paths = Paths.for_profile(data_dir)
    except OSError:  # cannot even be made: the store says so in plain words, below
        paths = Paths.for_profile(data_dir, create=False)
    if args.connect or args.sync or args.update:
        from desktop.ui import headless

        def prepare() -> None:  # once the profile's lock is held
            paths.secure()
            setup_logging(paths.log)

        language = args.lang or Settings.load(paths.settings).language
        if args.connect:
            return headless.connect(paths, *args.connect, language, prepare)
        if args.update:
            return headless.update_once(paths, language, prepare, install=args.install)
        return headless.sync_once(paths, language, prepare)
    from desktop.ui import instance

    # One app per profile, decided before anything in it is touched (the log, the database).
    single = instance.SingleInstance(paths.data)
    handed_over = single.take_or_hand_over(paths.settings, args.lang, args.self_test)
    if handed_over is not None:
        return handed_over
    paths.secure()
    setup_logging(paths.log)
    log.info("starting %s %s", desktop.APP_NAME, desktop.__version__)
    step_done("lock and log")
    from desktop.store.store import Store

    # Opened first: the file is checked and migrated while Qt and the screens load.
    store = Store(paths.db, paths.backups, wait_for_screen=SCREEN_WAIT_S)
    step_done("data file (opens on its own thread)")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui import crash, theme

    # Fusion from the start: Windows' own style would be made first, then replaced
    # (theme.apply), at every start.
    app = QApplication([*sys.argv[:1], "-style", "Fusion"])
    app.setApplicationName(desktop.APP_ID)
    app.setApplicationDisplayName(desktop.APP_NAME)
    theme.set_app_icon(app)
    crash.install(interactive=not args.self_test)
    settings = Settings.load(paths.settings)
    if args.lang:
        settings.language = args.lang
    family = theme.load_fonts() or theme.UI_FAMILY
    theme.UI_FAMILY = family
    theme.apply(app, settings, family)
    controller = Controller(app, paths, settings, demo=args.demo, self_test=args.self_test)
    controller.self_test_files = args.self_test_files
    controller.install_translators()
    step_done("Qt with fonts and look")
    if args.self_test:
        # From inside the event loop: on a small profile the window can be ready before
        # exec() would start (callbacks of futures already done run at once), and the
        # self-test's app.exit() would then be lost (a 60 s hang, exit 2).
        QTimer.singleShot(0, lambda: controller.start(store))
    else:
        controller.start(store)
    single.show_requested.connect(lambda: instance.bring_forward(controller.window))
    single.listen()
    if args.self_test:
        QTimer.singleShot(SELF_TEST_TIMEOUT_MS, lambda: app.exit(2))
    code = app.exec()
    single.stop_listening()
    controller.stop_sync()
    installing = controller.install_on_exit
    if installing is not None and not backed_up_for_update(controller.store):
        installing = None  # tried again when the leader next says yes
    controller.store.close()
    controller.restore_lane.shutdown(wait=False)  # the interpreter still waits for its work
    single.release()
    if installing is not None:  # the data file closed and the profile free: the installer's
        install_update(*installing)
    logging.shutdown()  # the log file closed first: Windows cannot delete an open file
    if throwaway is not None:
        throwaway.cleanup()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
