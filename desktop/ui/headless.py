"""`sotay-cns --connect ADDRESS CODE`: connect a laptop to the commune's server without opening
the window, as the commune's IT person does after a silent install on twenty laptops:

    SoTayCNS-0.2.0-setup.exe /S
    cd "%LOCALAPPDATA%\\Programs\\SoTayCNS"
    sotay-cns-cmd.exe --connect http://192.168.1.10:8700 ABCD-EFGH

It says which commune and team the code is for, connects, syncs once (the team's records come
to the laptop, the laptop's go to the server), and exits 0 when synced. `--sync` syncs once
(a way to see that a laptop still reaches the server). `--update` syncs once, asks the server
for a newer app and downloads it whole, checked (see `update_once`). On Windows
`sotay-cns-cmd.exe` is the console twin of the windowed `sotay-cns.exe`: a Command Prompt waits
for it, shows its words and gets its exit code. Words in the app's language, through its
translations; only QtCore is loaded (no window, no display needed).
"""

from __future__ import annotations

import logging
import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLockFile

from desktop.paths import Paths
from desktop.ui import translations

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_BUSY = 0, 1, 3


NOT_CONNECTED = QT_TRANSLATE_NOOP("Headless", "Not connected: %1")
NOT_SYNCED = QT_TRANSLATE_NOOP("Headless", "Not synced: %1")


def connect(paths: Paths, url: str, code: str, language: str, prepare: Callable[[], None]) -> int:
    work = lambda service: _connect(service, url, code)  # noqa: E731
    return _alone(paths, language, prepare, work, NOT_CONNECTED)


def sync_once(paths: Paths, language: str, prepare: Callable[[], None]) -> int:
    """`sotay-cns --sync`: one sync now, and what came of it (exit 0 when synced)."""
    return _alone(paths, language, prepare, lambda s: _said(s.run_once()), NOT_SYNCED)


UPDATE_TRIES = 5  # a cut range is asked for again this many times in a row


def update_once(
    paths: Paths, language: str, prepare: Callable[[], None], install: bool = False
) -> int:
    """`sotay-cns --update`: sync once, ask for a newer app, download it to the end and check
    it (size, hash, signature). Then one line for scripts and the Windows check, not
    translated: `update: ready VERSION PATH`, `update: none`, `update: refused REASON` (a
    Refusal: the offer or its file is not the signed one) or `update: failed REASON` (a
    Failure: the network, the server, the disk). Exit 0 when ready or none. The installer is
    not run here, unless `install` (`--update --install`): then a backup is made, the data
    file closed, the profile's lock released, and the installer started silently, which
    waits for this process to end (`update: installing VERSION`)."""
    from desktop.update import Updates

    chosen: list[Path] = []

    def work(service: Any) -> int:
        code = _update(service)
        ready = service.updates.status().ready if service.updates is not None else None
        if install and code == EXIT_OK and ready is not None:
            service.store.backup_now("preupdate").result(timeout=300)  # no update without it
            chosen.append(ready)
        return code

    code = _alone(paths, language, prepare, work, NOT_SYNCED, updates=Updates(paths.updates))
    if not chosen:
        return code
    import desktop
    from desktop.failures import classify
    from desktop.update.handover import hand_over
    from sotay.releases import BadRelease

    try:
        release = hand_over(chosen[0], desktop.__version__, relaunch=False)
    except (BadRelease, OSError) as exc:
        say(f"update: failed {getattr(exc, 'refusal', None) or classify(exc) or 'io_error'}")
        return EXIT_FAILED
    say(f"update: installing {release.version}")
    return EXIT_OK


def _update(service: Any) -> int:
    from sotay.releases import Refusal

    if _said(service.run_once()) != EXIT_OK:
        say(f"update: failed {service.status.failure or 'not_synced'}")
        return EXIT_FAILED
    if service.updates is None:  # an install that does not update itself (a checkout)
        say("update: none")
        return EXIT_OK
    refusals = set(Refusal)
    update = service.status.update
    tries = 0
    while update.release is not None and update.ready is None and tries < UPDATE_TRIES:
        if update.problem in refusals:
            break  # the offer or its file is not the signed one: asking again gets the same
        if update.problem is not None:
            tries += 1
            log.info("update: trying again after %s", update.problem)
        update = service.download_update(lambda: False)
    if update.ready is not None and service.updates.ready() is not None:
        say(f"update: ready {update.release.version} {update.ready}")
        return EXIT_OK
    update = service.updates.status()
    if update.problem is None and update.release is None:
        say("update: none")
        return EXIT_OK
    kind = "refused" if update.problem in refusals else "failed"
    say(f"update: {kind} {update.problem}")
    return EXIT_FAILED


def _alone(
    paths: Paths,
    language: str,
    prepare: Callable[[], None],
    work: Callable[[Any], int],
    failed: str,
    updates: Any = None,
) -> int:
    """`work(sync service)` with the profile's lock held: never beside an open window on the
    same data, whose files and log `prepare` touches only once the lock is ours."""
    from desktop.ui.instance import SingleInstance

    app = QCoreApplication.instance() or QCoreApplication(["sotay-cns"])
    kept = translations.install(app, language)  # noqa: F841  (alive until the words are said)
    single = SingleInstance(paths.data)
    if not single.take() and single.lock.error() == QLockFile.LockError.LockFailedError:
        say(
            QCoreApplication.translate(
                "Headless", "Sổ tay CNS is open with this profile. Close it, then try again."
            )
        )
        return EXIT_BUSY
    try:
        prepare()
        return _with_service(paths, work, failed, updates)
    finally:
        single.release()


def _with_service(
    paths: Paths, work: Callable[[Any], int], failed: str, updates: Any = None
) -> int:
    from desktop.store.store import Store
    from desktop.sync.client import SyncError
    from desktop.sync.service import SyncService
    from desktop.ui.sync import failure_text
    from desktop.ui.tasks import known_failure_text

    store = Store(paths.db, paths.backups)
    service: Any = None
    try:
        store.opened.result(timeout=300)
        service = SyncService(store, paths.data, updates=updates)
        return work(service)
    except SyncError as exc:  # the network or the server: said in the window's words
        log.info("command line: sync failed (%s)", exc.failure)
        text = failure_text(exc.failure)
    except Exception as exc:  # the data file, or a bug: logged whole, said plainly
        log.exception("command line: failed")
        text = known_failure_text(exc) or repr(exc)
    finally:
        if service is not None:
            service.stop()
        store.close()
    say(QCoreApplication.translate("Headless", failed).replace("%1", text))
    return EXIT_FAILED


def _connect(service: Any, url: str, code: str) -> int:
    offer = service.offer(url, code)
    team = offer.team
    say(
        QCoreApplication.translate("Headless", "The code is for the team %1 of %2, %3.")
        .replace("%1", team["name"])
        .replace("%2", team["commune_name"])
        .replace("%3", team["province_name"])
    )
    where = service.connect(offer, platform.node()[:60] or "laptop")
    say(
        QCoreApplication.translate(
            "Headless", "Connected. The laptop's key is kept in Windows Credential Manager."
        )
        if where == "keyring" and sys.platform == "win32"
        else QCoreApplication.translate(
            "Headless", "Connected. The laptop's key is kept in the system's keyring."
        )
        if where == "keyring"
        else QCoreApplication.translate(
            "Headless",
            "Connected. This computer has no keyring: the laptop's key is kept in a file "
            "of the profile that only this user can read.",
        )
    )
    return _said(service.run_once())


def _said(status: Any) -> int:
    from desktop.sync.service import State
    from desktop.ui.sync import failure_text

    if status.state == State.SYNCED:
        say(
            QCoreApplication.translate("Headless", "Synced: %1 changes waiting, %2 to review.")
            .replace("%1", str(status.waiting))
            .replace("%2", str(status.attention))
        )
        return EXIT_OK
    if status.state == State.NOT_CONNECTED:
        say(
            QCoreApplication.translate(
                "Headless", "This laptop is not connected to the commune's server."
            )
        )
        return EXIT_FAILED
    say(
        QCoreApplication.translate("Headless", NOT_SYNCED).replace(
            "%1", failure_text(status.failure)
        )
    )
    return EXIT_FAILED


def say(text: str) -> None:
    print(text, flush=True)
