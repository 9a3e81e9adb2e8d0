"""Updates through the commune's server, without Qt: learn of a newer signed release, download
its installer in ranges across restarts and bad links, and check it before anyone runs it.

The profile's `updates/` folder holds at most one offer:

    SoTayCNS-0.2.0-setup.exe.release.json   the offer's signed manifest (kept as the server sent it)
    SoTayCNS-0.2.0-setup.exe.part           the bytes so far: a restart goes on from its size
    SoTayCNS-0.2.0-setup.exe                the whole file, its size, hash and signature checked

Nothing is downloaded before the manifest's signature verifies under a key this build carries
(sotay/releases.py), and the `.part` becomes the installer only once it is exactly the signed
file. A server, mistaken or compromised, can make the laptop download at most the size some
signed release states, and never run anything the project did not sign.

The sync service (desktop/sync/service.py) drives this on its own thread, between syncs; the
window reads `UpdateStatus` from the sync status; `sotay-cns --update` runs it once.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import EllipsisType
from typing import TYPE_CHECKING, Any

import desktop
from desktop.failures import Failure, classify
from sotay import releases
from sotay.releases import BadRelease, Refusal, Release

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from desktop.sync.client import Client

log = logging.getLogger(__name__)

RANGE_BYTES = 256 * 1024  # the most a laptop asks for at once (the wire contract)
SYNC_EVERY = 4 * 1024 * 1024  # fsync the .part this often: a power cut loses at most this
PART = ".part"
BUSY_WAIT_MAX = 30.0  # a longer Retry-After ends this try; the next idle time goes on


def _wait(seconds: float, should_stop: Callable[[], bool]) -> bool:
    """Sleep `seconds`, in short steps; True when `should_stop()` said so meanwhile."""
    import time

    until = time.monotonic() + seconds
    while (left := until - time.monotonic()) > 0:
        if should_stop():
            return True
        time.sleep(min(left, 0.1))
    return should_stop()


def current_platform() -> str | None:
    """What this install updates itself as: the frozen Windows build only. A source checkout
    (or any other system) updates with git or its packages: None."""
    if getattr(sys, "frozen", False) and sys.platform == "win32":
        return releases.WINDOWS
    return None


def setup_name(version: str) -> str:
    return f"SoTayCNS-{version}-setup.exe"


@dataclass(frozen=True, slots=True)
class UpdateStatus:
    release: Release | None = None  # a newer version on offer, its signature verified
    downloaded: int = 0  # bytes of its installer on disk
    ready: Path | None = None  # the installer, checked whole: ready to run
    problem: str | None = None  # a Refusal or a Failure value: why the last try failed

    @property
    def size(self) -> int:
        return self.release.size if self.release is not None else 0


class Updates:
    """One profile's updates. Thread-safe: the sync thread checks and downloads, the window
    may ask `ready()` (on a worker: it reads the whole file)."""

    def __init__(
        self,
        folder: Path,
        running: str = desktop.__version__,
        platform: str | EllipsisType | None = ...,
        keys: list[Ed25519PublicKey] | None = None,
        *,
        range_bytes: int = RANGE_BYTES,
    ) -> None:
        self.folder = folder
        self.running = running
        self.platform: str | None = current_platform() if platform is ... else platform
        self.keys = releases.trusted_keys() if keys is None else list(keys)
        self.range_bytes = max(1, min(range_bytes, RANGE_BYTES))
        self._lock = threading.RLock()
        self._status = UpdateStatus()
        # An offer whose file was refused (size, hash): not downloaded again this session
        # while the server offers the very same one (a restart tries once more).
        self._refused: Release | None = None
        if self.platform is not None:
            self._load()

    # --- what is known ----------------------------------------------------------------------------

    def status(self) -> UpdateStatus:
        return self._status

    @property
    def wants_download(self) -> bool:
        """An offer whose installer is not all here yet, and no refusal of its file."""
        s = self._status
        return s.release is not None and s.ready is None and s.release != self._refused

    def _paths(self, release: Release) -> tuple[Path, Path, Path]:
        setup = self.folder / setup_name(release.version)
        return releases.manifest_path(setup), setup.with_name(setup.name + PART), setup

    def _load(self) -> None:
        """What an earlier session left: the offer still valid, how much of it is here."""
        found: Release | None = None
        for manifest in sorted(self.folder.glob("*" + releases.MANIFEST_SUFFIX)):
            try:
                release = releases.read_manifest(manifest)
                self._acceptable(release)
            except BadRelease as exc:
                # Installed since (not newer), or signed by a key this build no longer trusts.
                log.info("update: dropping %s (%s)", manifest.name, exc.refusal)
                self._remove(release_files(manifest))
                continue
            if found is None or releases.is_newer(release.version, found.version):
                if found is not None:
                    self._remove(self._paths(found))
                found = release
            else:
                self._remove(self._paths(release))
        self._set(found)

    def _acceptable(self, release: Release) -> None:
        assert self.platform is not None
        releases.check_offer(release, self.running, self.platform, self.keys)

    def _set(self, release: Release | None, problem: str | None = None) -> UpdateStatus:
        if release is None:
            self._status = UpdateStatus(problem=problem)
            return self._status
        _, part, setup = self._paths(release)
        if setup.exists():
            self._status = UpdateStatus(release, release.size, setup, problem)
        else:
            self._status = UpdateStatus(release, _size(part), None, problem)
        return self._status

    def _problem(self, problem: str | None) -> UpdateStatus:
        self._status = replace(self._status, problem=problem)
        return self._status

    # --- the server's offer ---------------------------------------------------------------------

    def check(self, client: Client) -> UpdateStatus:
        """Ask the server what it offers; keep a newer, signed offer's manifest. Network
        failures are recorded as the problem (the offer known so far stays)."""
        from desktop.sync.client import SyncError

        if self.platform is None:
            return self._status
        with self._lock:
            try:
                answer = client.latest(self.platform)
            except SyncError as exc:
                log.info("update: check failed (%s)", exc.failure)
                return self._problem(exc.failure)
            if answer is None:  # the commune offers nothing (or held back what it offered)
                return self._drop()
            try:
                release = Release.from_json(answer)
                self._acceptable(release)
            except BadRelease as exc:
                if exc.refusal is Refusal.NOT_NEWER:
                    return self._drop()  # what runs is as new: nothing to do, quietly
                log.warning("update: offer refused (%s)", exc)
                self._drop()
                return self._problem(exc.refusal)
            return self._keep(release)

    def _keep(self, release: Release) -> UpdateStatus:
        current = self._status.release
        if current == release:
            problem = self._status.problem if release == self._refused else None
            return self._set(release, problem)
        manifest = self._paths(release)[0]
        for path in self.folder.glob("*"):  # another offer's files (or a different file
            if path.name.startswith("SoTayCNS-"):  # under the same version): gone
                self._remove([path])
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(manifest, json.dumps(release.to_json(), ensure_ascii=False))
        except OSError as exc:
            self._status = UpdateStatus()
            return self._problem(classify(exc) or Failure.IO_ERROR)
        log.info("update: %s offered (%d bytes)", release.version, release.size)
        return self._set(release)

    def _drop(self) -> UpdateStatus:
        current = self._status.release
        if current is not None:
            log.info("update: %s no longer offered", current.version)
            self._remove(self._paths(current))
        self._refused = None
        return self._set(None)

    # --- the download ---------------------------------------------------------------------------

    def download(
        self,
        client: Client,
        should_stop: Callable[[], bool] = lambda: False,
        progress: Callable[[UpdateStatus], None] | None = None,
    ) -> UpdateStatus:
        """Download the offered installer from where the `.part` ends, one range at a time,
        until it is whole (then checked), `should_stop()` says so (between ranges), or a
        failure: recorded as the problem, the bytes so far kept."""
        from desktop.sync.client import RangeEnd, SyncError, Withdrawn

        with self._lock:
            if not self.wants_download:
                return self._status
            release = self._status.release
            assert release is not None
            _, part, _ = self._paths(release)
            try:
                with _Part(part) as out:
                    while out.size < release.size:
                        if should_stop():
                            return self._set(release)
                        end = min(out.size + self.range_bytes, release.size) - 1
                        try:
                            data, total = client.file_range(
                                release.platform, release.version, out.size, end
                            )
                        except RangeEnd:
                            break  # the server's file ends here: judged below (size)
                        except SyncError as exc:
                            # The server's pace for this laptop (its rate limit: each range
                            # counts): wait as asked, unless a sync wants the line first.
                            if exc.retry_after is None or exc.retry_after > BUSY_WAIT_MAX:
                                raise
                            if _wait(exc.retry_after, should_stop):
                                return self._set(release)
                            continue
                        if total is not None and total != release.size:
                            log.warning("update: the server's file is %d bytes", total)
                        out.append(data[: release.size - out.size])
                        if not data or (total is not None and out.size >= total):
                            break  # nothing more to come
                        self._status = replace(self._status, downloaded=out.size, problem=None)
                        if progress is not None:
                            progress(self._status)
            except Withdrawn:
                return self._drop()
            except SyncError as exc:
                log.info("update: download stopped (%s)", exc.failure)
                self._set(release)
                return self._problem(exc.failure)
            except OSError as exc:  # the .part could not be written (a full disk...)
                kind = classify(exc) or Failure.IO_ERROR
                log.warning("update: writing %s failed (%s)", part.name, kind)
                self._set(release)
                return self._problem(kind)
            return self._finish(release)

    def _finish(self, release: Release) -> UpdateStatus:
        """The whole `.part` checked against the signed manifest, then renamed."""
        _, part, setup = self._paths(release)
        try:
            releases.check_file(part, release)
        except BadRelease as exc:
            log.warning("update: %s refused (%s)", part.name, exc)
            self._remove([part])
            self._refused = release
            self._set(release)
            return self._problem(exc.refusal)
        except OSError as exc:
            return self._problem(classify(exc) or Failure.IO_ERROR)
        os.replace(part, setup)
        _sync_folder(self.folder)
        log.info("update: %s downloaded and checked", release.version)
        return self._set(release)

    def ready(self) -> Path | None:
        """The installer, checked again now (size, hash, signature): the one to run, or None.
        A file that fails is removed, and the problem says why."""
        if self._status.ready is None:
            return None  # not waiting for a download under way to say so
        with self._lock:
            release = self._status.release
            setup = self._status.ready
            if release is None or setup is None:
                return None
            try:
                self._acceptable(release)
                releases.check_file(setup, release)
            except BadRelease as exc:
                log.warning("update: %s no longer checks (%s)", setup.name, exc)
                self._remove([setup])
                self._set(release)
                self._problem(exc.refusal)
                return None
            except OSError as exc:
                self._set(release)
                self._problem(classify(exc) or Failure.IO_ERROR)
                return None
            return setup

    def _remove(self, paths: Any) -> None:
        remove_files(paths)


def remove_files(paths: Any) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            try:
                path.unlink()
            except OSError as exc:  # held by an antivirus a moment: tried again later
                log.warning("update: cannot remove %s (%s)", path.name, exc)


def release_files(manifest: Path) -> list[Path]:
    setup = manifest.with_name(manifest.name.removesuffix(releases.MANIFEST_SUFFIX))
    return [manifest, setup.with_name(setup.name + PART), setup]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


class _Part:
    """The `.part`, opened for appending: its size is what is on disk (a write cut by a full
    disk keeps the bytes it wrote, a correct beginning of the file)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = 0
        self.unsynced = 0
        self.fd = -1

    def __enter__(self) -> _Part:
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | _BINARY, 0o600)
        self.size = os.fstat(self.fd).st_size
        return self

    def append(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                n = os.write(self.fd, view)
            finally:
                self.size = os.fstat(self.fd).st_size
            if n <= 0:  # nothing written and no error: as full as a disk gets
                raise OSError(errno.ENOSPC, "no space left")
            view = view[n:]
        self.unsynced += len(data)
        if self.unsynced >= SYNC_EVERY:
            os.fsync(self.fd)
            self.unsynced = 0

    def __exit__(self, *exc: object) -> None:
        try:
            if self.unsynced:
                with contextlib.suppress(OSError):  # a full disk: what is there stays
                    os.fsync(self.fd)
        finally:
            os.close(self.fd)


_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """A rename made durable (POSIX; Windows' NTFS journals its metadata itself)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
