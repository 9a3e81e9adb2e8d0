"""The first start of the day (issue 22): the first screen's reads come before the file's check
at opening, yet nothing is written before the check passed and damage still stops the start;
the daily backup and the scheduled checks run in the background, never holding up a save."""

from __future__ import annotations

import os
import random
import sys
import threading
from pathlib import Path

import pytest

from desktop.store import backup, commands
from desktop.store.db import DatabaseDamaged
from desktop.store.demo import fill_demo
from desktop.store.store import Store
from sotay.domain.models import Resident
from tests.helpers import result
from tests.test_health import rows

WAIT = 30.0  # longer than any test: only first_screen_shown() lets the check begin


def count_residents(conn) -> int:  # type: ignore[no-untyped-def]
    return int(conn.execute("SELECT count(*) FROM resident").fetchone()[0])


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    store = Store(tmp_path / "sotay.sqlite3", tmp_path / "backups")
    result(store.write(lambda db: fill_demo(db, residents=60, trainings=8, assists=20)))
    store.close()
    for made in backup.list_backups(tmp_path / "backups"):
        made.unlink()  # the next start's daily backup is due
    return tmp_path


def open_waiting(profile: Path, wait: float = WAIT) -> Store:
    return Store(profile / "sotay.sqlite3", profile / "backups", wait_for_screen=wait)


def test_the_first_screen_is_read_before_the_check_and_nothing_written_before_it(
    profile: Path,
) -> None:
    store = open_waiting(profile)
    try:
        assert result(store.read(count_residents)) == 60  # served while the check waits
        save = store.write(commands.save_resident, Resident(full_name="Lê Thị Sớm"), None)
        assert not store.opened.done() and not save.done()  # no write before the check
        store.first_screen_shown()
        assert result(store.opened) is None
        result(save)
        assert result(store.read(count_residents)) == 61
    finally:
        store.close()


def test_damage_still_stops_the_start_once_the_first_screen_is_shown(profile: Path) -> None:
    db = profile / "sotay.sqlite3"
    (root,) = rows(db, "SELECT rootpage FROM sqlite_master WHERE name = 'assist'")[0]
    (page_size,) = rows(db, "PRAGMA page_size")[0]
    with db.open("r+b") as f:  # the table's cells overwritten, its page type kept
        f.seek((root - 1) * page_size + 8)
        f.write(random.Random(3).randbytes(page_size - 8))
    before = db.read_bytes()
    store = open_waiting(profile)
    try:
        save = store.write(commands.save_resident, Resident(full_name="Lê Thị Sớm"), None)
        store.first_screen_shown()
        with pytest.raises(DatabaseDamaged):
            result(store.opened)
        with pytest.raises(DatabaseDamaged):
            result(save)
        assert backup.list_backups(profile / "backups") == []  # no copy of the damage either
    finally:
        store.close()
    assert db.read_bytes() == before  # never written to


def test_a_save_is_not_held_up_by_the_daily_backup(
    profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup's copy holds a read of its own connection (a one-step backup does, for
    the whole file: seconds on a large ward); saves go on meanwhile."""
    copying, finish = threading.Event(), threading.Event()
    real = backup.make_backup

    def held(conn, folder, reason):  # type: ignore[no-untyped-def]
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM resident").fetchone()  # the copy's snapshot
        copying.set()
        finish.wait(WAIT)
        conn.commit()
        return real(conn, folder, reason)

    monkeypatch.setattr(backup, "make_backup", held)
    store = Store(profile / "sotay.sqlite3", profile / "backups")
    try:
        assert copying.wait(WAIT)
        result(store.write(commands.save_resident, Resident(full_name="Lê Thị Sớm"), None))
        assert not store.daily_backup.done()  # saved while the copy was under way
        finish.set()
        made = result(store.daily_backup)
        assert made is not None and backup.backup_reason(made) == "daily"
    finally:
        finish.set()
        store.close()


def test_a_failed_daily_backup_is_reported_once_and_tried_after_a_later_save(
    profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    attempts: list[str] = []
    real = backup.make_backup

    def full_disk(conn, folder, reason):  # type: ignore[no-untyped-def]
        attempts.append(reason)
        if len(attempts) == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(conn, folder, reason)

    monkeypatch.setattr(backup, "make_backup", full_disk)
    monkeypatch.setattr("desktop.store.store.BACKUP_RETRY_S", 0.0)
    store = Store(profile / "sotay.sqlite3", profile / "backups")
    try:
        with pytest.raises(OSError):
            result(store.daily_backup)
        result(store.write(commands.save_resident, Resident(full_name="Lê Thị Sớm"), None))
        store.full_check().result()  # the backup was queued on the same background thread
        assert attempts == ["daily", "daily"]
        daily = [p for p in backup.list_backups(profile / "backups")]
        assert [backup.backup_reason(p) for p in daily] == ["daily"]
    finally:
        store.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's per-thread nice value")
def test_the_background_work_runs_at_low_priority(profile: Path) -> None:
    store = Store(profile / "sotay.sqlite3", profile / "backups")
    try:
        result(store.daily_backup)
        # Each thread's own id, asked of it (other tests' stores may still be closing).
        worker = store._check_pool().submit(threading.get_native_id).result()
        writer = result(store.write(lambda _db: threading.get_native_id()))
        reader = result(store.read(lambda _conn: threading.get_native_id()))
        assert os.getpriority(os.PRIO_PROCESS, worker) == 19
        assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == 0
        for leaders in (writer, reader):  # the leader's own work keeps its priority
            assert os.getpriority(os.PRIO_PROCESS, leaders) == 0
    finally:
        store.close()


def test_the_overview_painted_lets_the_check_and_the_daily_backup_run(
    qtbot, qapp, tmp_path: Path, controllers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the app: the check waits for the overview's figures, not for its time limit."""
    from desktop.settings import Settings
    from tests.helpers import seeded_store
    from tests.qt_helpers import make_controller

    store, leader = seeded_store(tmp_path)
    store.close()
    for made in backup.list_backups(tmp_path / "backups"):
        made.unlink()
    monkeypatch.setattr("desktop.app.SCREEN_WAIT_S", 3600.0)
    monkeypatch.setattr("desktop.store.store.BACKUP_AFTER_S", 0.0)
    settings = Settings(language="vi", member_id=leader)
    controller = make_controller(qapp, tmp_path, settings, controllers)
    controller.start()
    qtbot.waitUntil(controller.store.opened.done, timeout=10000)
    assert controller.store.opened.exception() is None
    assert controller.window.overview.figures["trainings_held"].text() != "–"
    qtbot.waitUntil(controller.store.daily_backup.done, timeout=10000)
    made = controller.store.daily_backup.result()
    assert made is not None and made.exists()


def test_a_slow_summary_read_aside_does_not_hold_the_screens_reads(profile: Path) -> None:
    """The figures of a whole year beside this month's take a while on a large ward: the
    lists' and the figures' own reads do not wait behind them."""
    store = Store(profile / "sotay.sqlite3", profile / "backups")
    going, finish = threading.Event(), threading.Event()

    def slow(conn) -> int:  # type: ignore[no-untyped-def]
        going.set()
        finish.wait(WAIT)
        return count_residents(conn)

    try:
        summary = store.read_aside(slow)
        assert going.wait(WAIT)
        assert result(store.read(count_residents)) == 60  # while the summary is under way
        assert not summary.done()
        finish.set()
        assert result(summary) == 60
    finally:
        finish.set()
        store.close()
