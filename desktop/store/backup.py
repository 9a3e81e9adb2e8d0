"""Rotating backups made with SQLite's online backup API (never a plain file copy)."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.paths import secure_dir, secure_file
from desktop.store.db import DatabaseDamaged, check_health

log = logging.getLogger(__name__)

KEEP = {"daily": 7, "premigration": 3, "preupdate": 3, "manual": 10}
_STAMP = "%Y%m%d-%H%M%S-%f"
# A copy not finished by then was cut short (a crash, a full disk). Younger ones may be another
# process's copy under way (two processes on one profile: one left hung, the lock taken over).
STALE_PARTIAL_S = 3600


def make_backup(conn: sqlite3.Connection, folder: Path, reason: str) -> Path:
    """A verified copy, or an exception and nothing left behind (a full disk, a removed
    drive). Never a half-written file that looks like a backup. The name carries the process:
    two processes backing up one profile in the same instant (Windows' clock moves in steps
    of up to 16 ms) never write one file."""
    secure_dir(folder)
    clean_partials(folder)
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = folder / f"sotay-{stamp}-{os.getpid()}-{reason}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        dest = sqlite3.connect(partial)
        try:
            with _written_out_as_it_goes(partial):
                conn.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        secure_file(partial)
        try:
            check_health(partial)
        except DatabaseDamaged as exc:
            # The copy, not the data file, failed (a bad backup drive): an I/O failure like a
            # full disk, never a reason to offer restoring an older backup over good data.
            raise OSError(errno.EIO, "the backup copy failed its check") from exc
    except BaseException:
        _remove(partial)
        raise
    partial.replace(target)  # a backup either exists whole or not at all
    _rotate(folder, reason)
    log.info("backup made (%s): %s", reason, target.name)
    return target


@contextmanager
def _written_out_as_it_goes(path: Path) -> Iterator[None]:
    """A copy of a large ward is ~130 MB of dirty pages: handed to the disk while it is being
    written (and dropped from the cache: an old laptop's memory is better spent on the data),
    so that a save's own flush meanwhile does not wait behind all of it at the copy's end.
    Where posix_fadvise is missing (Windows, whose background mode lowers the copy's writes
    already), nothing."""
    if not hasattr(os, "posix_fadvise"):
        yield
        return
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(0.05):
            try:
                fd = os.open(path, os.O_RDONLY)
            except OSError:
                continue  # not made yet
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)  # starts the writeback
            except OSError:
                pass
            finally:
                os.close(fd)

    writer = threading.Thread(target=run, name="backup-writeback", daemon=True)
    writer.start()
    try:
        yield
    finally:
        stop.set()
        writer.join()


def clean_partials(folder: Path) -> None:
    """Copies cut short by a crash or a full disk: never backups, only wasted space. Only old
    ones: a young one may be another process's copy, being written."""
    if not folder.exists():
        return
    now = time.time()
    for leftover in folder.glob("*.partial*"):  # with its -journal, if any
        try:
            stale = now - leftover.stat().st_mtime > STALE_PARTIAL_S
        except OSError:  # gone meanwhile: finished or cleaned by the other
            continue
        if stale:
            _remove(leftover)


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-journal")):
        try:
            p.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove %s: %s", p.name, exc.strerror)


def set_aside(db_path: Path, why: str) -> Path:
    """Move the data file (and its WAL) out of the way, never deleting it."""
    stamp = datetime.now(UTC).strftime(_STAMP)
    aside = db_path.with_name(f"{db_path.stem}.{why}-{stamp}{db_path.suffix}")
    if db_path.exists():
        db_path.replace(aside)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            side.replace(aside.with_name(aside.name + suffix))
    return aside


def _rotate(folder: Path, reason: str) -> None:
    """The oldest of a kind go. One another process is reading (Windows refuses to delete an
    open file), or has deleted already, is left to the next rotation: the backup just made
    stands either way."""
    kept = [p for p in list_backups(folder) if backup_reason(p) == reason]
    for old in kept[KEEP.get(reason, 5) :]:
        try:
            old.unlink(missing_ok=True)
        except OSError as exc:
            log.info("old backup %s not removed now: %s", old.name, exc.strerror)


def list_backups(folder: Path) -> list[Path]:
    """Newest first."""
    return sorted(folder.glob("sotay-*.sqlite3"), reverse=True) if folder.exists() else []


def backup_time(path: Path) -> datetime:
    # Parsed by hand: datetime.strptime's first call imports _strptime (~30 ms at start-up).
    day, clock, micro = path.stem.split("-")[1:4]
    return datetime(
        int(day[:4]),
        int(day[4:6]),
        int(day[6:8]),
        int(clock[:2]),
        int(clock[2:4]),
        int(clock[4:6]),
        int(micro),
        tzinfo=UTC,
    )


def daily_due(folder: Path, now: datetime | None = None) -> bool:
    now = now or datetime.now(UTC)
    daily = [p for p in list_backups(folder) if backup_reason(p) == "daily"]
    return not daily or now - backup_time(daily[0]) >= timedelta(days=1)


def newest_good_backup(folder: Path) -> Path | None:
    for candidate in list_backups(folder):
        if not candidate.exists():
            continue  # rotated out by another process since it was listed
        try:
            check_health(candidate)
        except DatabaseDamaged:
            log.warning("backup %s is damaged too, skipping", candidate.name)
            continue
        return candidate
    return None


def restore(backup: Path, db_path: Path, *, aside_as: str = "damaged") -> Path:
    """Put `backup` in place of the database. The current file is kept aside, never deleted,
    named for why: "damaged", or "before-restore" when the user chose an older backup."""
    # Opened and read before the data file is moved: a backup gone meanwhile (another
    # process rotated it out) leaves the data file where it is. Once open, Windows keeps it.
    src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        src.close()
        raise
    aside = set_aside(db_path, aside_as)
    dest = sqlite3.connect(db_path)
    try:
        src.backup(dest)
        # An older copy: its outbox numbering and sync position went back in time.
        from desktop.store.syncdata import mark_restored_copy

        with dest:
            mark_restored_copy(dest)
    finally:
        src.close()
        dest.close()
    return aside


def backup_reason(path: Path) -> str:
    """Why a backup was made: "daily", "premigration", "manual" (the end of its name, after
    its time and, since they carry it, the id of the process that made it)."""
    parts = path.stem.split("-")
    return parts[-1] if len(parts) > 4 else ""
