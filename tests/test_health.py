"""The full check of the data file, index repairs, restoring a chosen backup, WAL checkpoints.

Damage is made for real, through SQLite itself: an index's definition is changed behind its
back (writable_schema) while rows are written, then put back. The index then misses entries,
or a UNIQUE index holds duplicates: exactly what a torn write leaves, and what quick_check
(run at every start) does not look for.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.paths import Paths
from desktop.settings import Settings
from desktop.store import backup, commands, health
from desktop.store.db import check_health
from desktop.store.demo import fill_demo
from desktop.store.health import FaultFound
from desktop.store.store import Store
from sotay.domain.models import Resident
from tests.helpers import result

RESIDENTS, TRAININGS, ASSISTS = 60, 6, 25


def demo(db: Any) -> None:
    fill_demo(db, residents=RESIDENTS, trainings=TRAININGS, assists=ASSISTS)


def open_store(folder: Path) -> Store:
    store = Store(folder / "sotay.sqlite3", folder / "backups")
    result(store.opened)
    return store


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    """A profile holding a team's (small) year of work; its store closed."""
    store = open_store(tmp_path)
    result(store.write(demo))
    store.close()
    return tmp_path


def ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def rows(path: Path, sql: str) -> list[tuple]:
    conn = ro(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def behind_the_index(
    db: Path, index: str, hide: Callable[[str], str], work: Callable[[sqlite3.Connection], Any]
) -> None:
    """Run `work` while SQLite reads `index` as hide(its definition), then restore it."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA writable_schema=ON")
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (index,)).fetchone()
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (hide(sql), index))
    conn.commit()
    conn.close()
    conn = sqlite3.connect(db)  # reads the altered schema
    work(conn)
    conn.commit()
    conn.close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql, index))
    conn.commit()
    conn.close()


def damage_index(db: Path) -> None:
    """resident_dup misses the new birth years of a few residents (a partial index WHERE 0
    is not maintained)."""
    behind_the_index(
        db,
        "resident_dup",
        lambda sql: sql + " WHERE 0",
        lambda c: c.execute("UPDATE resident SET birth_year = birth_year + 1 WHERE rid % 10 = 0"),
    )


def duplicate_attendance(db: Path) -> None:
    """attendance_pair is UNIQUE; a second row for the same training and resident gets in
    while it is not. REINDEX cannot rebuild it: the table itself is at fault."""
    behind_the_index(
        db,
        "attendance_pair",
        lambda sql: sql.replace("UNIQUE INDEX", "INDEX"),
        lambda c: c.execute(
            "INSERT INTO attendance(id, training_id, resident_id, present, created_at, "
            "updated_at) SELECT 'twin', training_id, resident_id, present, created_at, "
            "updated_at FROM attendance LIMIT 1"
        ),
    )


def quick_check(db: Path) -> list[str]:
    return [r[0] for r in rows(db, "PRAGMA quick_check")]


def integrity(db: Path) -> list[str]:
    return [r[0] for r in rows(db, "PRAGMA integrity_check")]


def rename_one(db: Any) -> None:
    db.conn.execute("UPDATE team SET name = name || ' mới'")


# --- the full check in the store ----------------------------------------------------------------


def test_a_damaged_index_is_found_writes_stop_and_rebuilding_repairs_it(profile: Path) -> None:
    db = profile / "sotay.sqlite3"
    damage_index(db)
    assert quick_check(db) == ["ok"]  # what every start runs does not see it
    assert any("missing from index resident_dup" in p for p in integrity(db))

    store = open_store(profile)
    try:
        found = result(store.full_check(repair=False))
        assert not found.ok and found.repairable
        assert found.indexes == {"resident_dup"}
        assert any(p.startswith("row ") and "resident_dup" in p for p in found.problems)
        assert store.fault == found
        # Nothing is written over it: the next save (by the screens, sync or a backup)
        # rebuilds the index first, then writes.
        result(store.write(rename_one, origin="sync"))
        assert store.fault is None
        assert integrity(db) == ["ok"]  # a connection of its own agrees
        assert rows(db, "SELECT name FROM team")[0][0].endswith(" mới")
        result(store.backup_now())
        with pytest.raises(ValueError):
            result(store.repair())  # nothing left to repair
        checked = result(store.full_check())
        assert checked.ok and checked.counts == health.Counts(RESIDENTS, TRAININGS, ASSISTS)
        assert health.last_full_check(db) is not None
    finally:
        store.close()


def test_the_full_check_repairs_a_damaged_index_by_itself(profile: Path) -> None:
    damage_index(profile / "sotay.sqlite3")
    store = open_store(profile)
    damage: list[BaseException] = []
    store.on_damage(damage.append)
    try:
        checked = result(store.full_check())
        assert checked.ok and checked.repaired == {"resident_dup"}
        assert damage == []  # no backup offer for what was repaired
        # The lists find every resident again through the rebuilt index.
        by_index = result(
            store.read(
                lambda c: c.execute(
                    "SELECT count(*) FROM resident INDEXED BY resident_dup "
                    "WHERE name_folded > '' AND birth_year IS NOT NULL"
                ).fetchone()[0]
            )
        )
        by_table = result(
            store.read(
                lambda c: c.execute(
                    "SELECT count(*) FROM resident NOT INDEXED "
                    "WHERE name_folded > '' AND birth_year IS NOT NULL"
                ).fetchone()[0]
            )
        )
        assert by_index == by_table > 0
    finally:
        store.close()


def test_damage_rebuilding_cannot_undo_goes_to_the_backup_offer(profile: Path) -> None:
    db = profile / "sotay.sqlite3"
    duplicate_attendance(db)
    assert quick_check(db) == ["ok"]
    store = open_store(profile)
    damage: list[BaseException] = []
    store.on_damage(damage.append)
    try:
        checked = result(store.full_check())
        assert not checked.ok and not checked.repaired
        assert any("non-unique entry in index attendance_pair" in p for p in checked.problems)
        assert len(damage) == 1 and isinstance(damage[0], FaultFound)
        with pytest.raises(FaultFound):  # still refused: it was not repaired
            result(store.write(rename_one))
        assert rows(db, "SELECT count(*) FROM attendance WHERE id = 'twin'") == [(1,)]
    finally:
        store.close()


def test_a_damaged_table_is_not_taken_for_an_index(profile: Path) -> None:
    db = profile / "sotay.sqlite3"
    (root,) = rows(db, "SELECT rootpage FROM sqlite_master WHERE name = 'assist'")[0]
    (page_size,) = rows(db, "PRAGMA page_size")[0]
    with db.open("r+b") as f:  # the table's cells overwritten, its page type kept
        f.seek((root - 1) * page_size + 8)
        f.write(random.Random(3).randbytes(page_size - 8))
    checked = health.full_check(db)
    assert not checked.ok
    assert not checked.repairable and checked.indexes == frozenset()


def test_a_clean_check_counts_what_it_checked_and_is_not_due_again_for_a_week(
    profile: Path,
) -> None:
    db = profile / "sotay.sqlite3"
    store = open_store(profile)
    try:
        first = result(store.check_if_due(timedelta(days=7)))  # never checked: due
        assert first is not None and first.ok
        assert first.counts == health.Counts(RESIDENTS, TRAININGS, ASSISTS)
        assert result(store.check_if_due(timedelta(days=7))) is None
        health.note_full_check(db, datetime.now(UTC) - timedelta(days=8))
        assert result(store.check_if_due(timedelta(days=7))) is not None
    finally:
        store.close()
    # Another file put in place (any restore): its check is due at once.
    copy = profile / "copy.sqlite3"
    shutil.copyfile(db, copy)
    copy.replace(db)
    assert health.last_full_check(db) is None


def test_closing_ends_a_check_under_way(profile: Path) -> None:
    store = open_store(profile)
    check = store.full_check()
    store.close()  # a check under way is interrupted (or done): its connection is closed
    assert check.done()
    with pytest.raises(RuntimeError):
        store.full_check()


# --- WAL checkpoints ----------------------------------------------------------------------------


def wal(db: Path) -> Path:
    return db.with_name(db.name + "-wal")


def add_residents(db: Any, n: int) -> None:
    for i in range(n):
        commands.save_resident(db, Resident(full_name=f"Nguyễn Văn Thử {i}"), None)


def test_a_checkpoint_empties_the_wal_into_the_data_file(profile: Path) -> None:
    db = profile / "sotay.sqlite3"
    store = open_store(profile)
    try:
        result(store.write(add_residents, 40))
        assert wal(db).stat().st_size > 0
        assert result(store.checkpoint()) is True
        assert wal(db).stat().st_size == 0
        # The data file alone, without its WAL, holds every record.
        alone = profile / "alone.sqlite3"
        shutil.copyfile(db, alone)
        count = "SELECT count(*) FROM resident WHERE deleted_at IS NULL"
        assert rows(alone, count) == [(RESIDENTS + 40,)]
    finally:
        store.close()


def test_a_checkpoint_does_not_wait_long_for_a_reader(profile: Path) -> None:
    db = profile / "sotay.sqlite3"
    store = open_store(profile)
    reader = ro(db)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM resident").fetchone()  # holds a snapshot
        result(store.write(add_residents, 5))
        started = datetime.now(UTC)
        assert result(store.checkpoint()) is False  # the reader keeps its part
        assert datetime.now(UTC) - started < timedelta(seconds=2)
        reader.execute("COMMIT")
        assert result(store.checkpoint()) is True
    finally:
        reader.close()
        store.close()


def test_closing_empties_the_wal_even_while_another_connection_is_open(profile: Path) -> None:
    db = profile / "sotay.sqlite3"
    store = open_store(profile)
    other = ro(db)  # another process, say: SQLite then leaves the WAL as it is at close
    try:
        other.execute("SELECT count(*) FROM team").fetchone()
        result(store.write(add_residents, 40))
        assert wal(db).stat().st_size > 0
        store.close()
        assert wal(db).stat().st_size == 0
        alone = profile / "alone.sqlite3"
        shutil.copyfile(db, alone)
        count = "SELECT count(*) FROM resident WHERE deleted_at IS NULL"
        assert rows(alone, count) == [(RESIDENTS + 40,)]
    finally:
        other.close()
        store.close()


# --- through the real GUI -----------------------------------------------------------------------


def when_modal(
    qtbot: Any, handler: Callable[[QWidget], None], kind: type = QWidget, name: str = ""
) -> None:
    """Run `handler` on the next modal widget of `kind` (and object name) that opens."""

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, kind) or (name and modal.objectName() != name):
            QTimer.singleShot(20, poll)
            return
        handler(modal)

    QTimer.singleShot(0, poll)


def leader_id(store: Store) -> str:
    return result(store.read(lambda c: c.execute("SELECT id FROM member LIMIT 1").fetchone()[0]))


@pytest.fixture
def window(qtbot: Any, profile: Path) -> Iterator[Any]:
    from desktop.ui.main_window import MainWindow

    store = open_store(profile)
    settings = Settings(language="en", member_id=leader_id(store))
    win = MainWindow(store, Paths(profile), settings)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.start()
    yield win
    store.close()


def test_check_data_from_the_menu_says_what_it_checked(qtbot: Any, window: Any) -> None:
    said: list[str] = []
    when_modal(qtbot, lambda box: (said.append(box.text()), box.accept()), QMessageBox)
    window.check_action.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=10000)
    assert "passed the full check" in said[0]
    assert f"{RESIDENTS} residents, {TRAININGS} trainings and {ASSISTS} help sessions" in said[0]
    qtbot.waitUntil(lambda: window.check_action.isEnabled(), timeout=5000)


def test_check_data_from_the_menu_rebuilds_a_damaged_index(qtbot: Any, profile: Path) -> None:
    from desktop.ui.main_window import MainWindow

    damage_index(profile / "sotay.sqlite3")
    store = open_store(profile)
    try:
        win = MainWindow(store, Paths(profile), Settings(member_id=leader_id(store)))
        qtbot.addWidget(win)
        win.show()
        with qtbot.waitSignal(win.ready, timeout=10000):
            win.start()
        said: list[str] = []
        when_modal(qtbot, lambda box: (said.append(box.text()), box.accept()), QMessageBox)
        win.check_action.trigger()
        qtbot.waitUntil(lambda: bool(said), timeout=10000)
        assert "rebuilt" in said[0] and "nothing was lost" in said[0]
        assert store.fault is None
        assert integrity(profile / "sotay.sqlite3") == ["ok"]
    finally:
        store.close()


def make_controller(qapp: Any, profile: Path) -> Any:
    from desktop.app import Controller

    store = open_store(profile)
    leader = leader_id(store)
    store.close()
    return Controller(qapp, Paths(profile), Settings(language="en", member_id=leader))


def close_controller(controller: Any) -> None:
    controller.stop_sync()
    if controller.window is not None:
        controller.window.close()
    controller.store.close()


def test_damage_the_check_cannot_repair_offers_a_sound_backup(
    qtbot: Any, qapp: Any, profile: Path
) -> None:
    db = profile / "sotay.sqlite3"
    store = open_store(profile)
    good = result(store.daily_backup)  # today's (made in the background): none at the next start
    assert good is not None
    result(store.write(add_residents, 1))
    store.close()
    duplicate_attendance(db)
    controller = make_controller(qapp, profile)
    said: list[str] = []

    def restore(box: Any) -> None:
        said.append(box.text())
        next(b for b in box.buttons() if b.text() == "Restore the backup").click()

    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.window.isEnabled(), timeout=10000)
        first = controller.window
        when_modal(qtbot, restore, QMessageBox)
        first.check_action.trigger()
        qtbot.waitUntil(lambda: bool(said) and controller.window is not first, timeout=15000)
        assert "cannot repair" in said[0]
        assert backup.backup_time(good).astimezone().strftime("%d/%m/%Y %H:%M") in said[0]
        qtbot.waitUntil(lambda: controller.window.isEnabled(), timeout=10000)
        count = "SELECT count(*) FROM resident WHERE deleted_at IS NULL"
        assert result(controller.store.read(lambda c: c.execute(count).fetchone()[0])) == RESIDENTS
        assert integrity(db) == ["ok"]
        aside = list(profile.glob("sotay.damaged-*.sqlite3"))
        assert len(aside) == 1  # kept, as it was
        assert rows(aside[0], "SELECT count(*) FROM attendance WHERE id = 'twin'") == [(1,)]
    finally:
        close_controller(controller)


def damage_copy(src: Path, dst: Path) -> Path:
    data = bytearray(src.read_bytes())
    page = 4096
    data[page : 3 * page] = random.Random(5).randbytes(2 * page)
    dst.write_bytes(bytes(data))
    return dst


def test_restore_a_chosen_backup_from_the_menu(qtbot: Any, qapp: Any, profile: Path) -> None:
    from desktop.ui.restore import RestoreDialog

    db = profile / "sotay.sqlite3"
    store = open_store(profile)
    result(store.write(add_residents, 1))
    manual = result(store.backup_now("manual"))  # RESIDENTS + 1
    result(store.write(add_residents, 2))
    before_update = result(store.backup_now("premigration"))  # RESIDENTS + 3
    result(store.write(add_residents, 4))  # RESIDENTS + 7: the work since
    store.close()
    folder = profile / "backups"
    broken = damage_copy(manual, folder / "sotay-20200101-080000-000000-daily.sqlite3")
    assert backup.list_backups(folder)[-1] == broken
    with pytest.raises(Exception):  # noqa: B017 - damaged as far as SQLite can tell
        check_health(broken)

    controller = make_controller(qapp, profile)
    said: list[str] = []
    seen: dict[str, list[str]] = {}

    def choose(dialog: Any) -> None:
        assert isinstance(dialog, RestoreDialog)
        qtbot.waitUntil(lambda: dialog.ready, timeout=10000)
        for row, path in enumerate(dialog.paths):
            seen[path.name] = [dialog.table.item(row, c).text() for c in range(6)]
        row = dialog.paths.index(broken)
        dialog.select(row)
        assert dialog.selected() is None and not dialog.restore_button.isEnabled()
        when_modal(qtbot, confirm, QMessageBox, "confirmRestore")
        dialog.select(dialog.paths.index(manual))
        assert dialog.restore_button.isEnabled()
        dialog.restore_button.click()

    def confirm(box: Any) -> None:
        said.append(box.text())
        when_modal(qtbot, done, QMessageBox)
        next(b for b in box.buttons() if b.text() == "Restore").click()

    def done(box: Any) -> None:
        said.append(box.text())
        box.accept()

    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.window.isEnabled(), timeout=10000)
        first = controller.window
        when_modal(qtbot, choose, RestoreDialog)
        first.restore_action.trigger()
        qtbot.waitUntil(lambda: len(said) == 2, timeout=15000)
    finally:
        close_controller(controller)

    # Every backup listed, with its kind and what it holds; the damaged one says so.
    when_manual = backup.backup_time(manual).astimezone().strftime("%d/%m/%Y %H:%M")
    assert seen[manual.name][:2] == [when_manual, "Made by hand"]
    assert seen[manual.name][3:] == [str(RESIDENTS + 1), str(TRAININGS), str(ASSISTS)]
    assert seen[before_update.name][1] == "Before an update"
    assert seen[before_update.name][3:] == [str(RESIDENTS + 3), str(TRAININGS), str(ASSISTS)]
    assert seen[broken.name][1] == "Daily"
    assert seen[broken.name][3] == "Damaged: cannot be restored"
    assert all(seen[name][2] not in ("", "…") for name in seen)  # sizes
    # The confirmation said what happens; the data is now the chosen backup's.
    assert "replaced" in said[0] and "kept" in said[0] and when_manual in said[0]
    assert "now your data" in said[1]
    ids = "SELECT id FROM resident ORDER BY id"
    assert rows(db, ids) == rows(manual, ids)
    # The file as it was is kept aside, named for why.
    aside = list(profile.glob("sotay.before-restore-*.sqlite3"))
    assert len(aside) == 1 and aside[0].name in said[1]
    live = "SELECT count(*) FROM resident WHERE deleted_at IS NULL"
    assert rows(aside[0], live) == [(RESIDENTS + 7,)]
    assert not list(profile.glob("sotay.damaged-*"))
