"""Backups, damage detection and restore. A damaged database is never written to."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils.migrations import Migrations

from desktop.store import commands, schema
from desktop.store.backup import (
    KEEP,
    backup_time,
    daily_due,
    list_backups,
    make_backup,
    newest_good_backup,
    restore,
)
from desktop.store.db import DatabaseDamaged, check_health
from desktop.store.migrations import migrations
from desktop.store.store import Store
from sotay.domain.models import Resident

TIMEOUT = 10
PAGE = 4096


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_db(path: Path, n: int = 100, tag: str = "x") -> Path:
    """A plain database with `n` rows in an indexed table (n=50_000 is a few hundred pages)."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA page_size={PAGE}")
    conn.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    conn.execute("CREATE INDEX item_name ON item(name)")
    conn.executemany(
        "INSERT INTO item(id, name) VALUES (?, ?)",
        ((i, f"{tag}-{i:06d}-Nguyễn Thị Hương") for i in range(n)),
    )
    conn.commit()
    conn.close()
    return path


def items(path: Path) -> list[tuple]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id, name FROM item ORDER BY id").fetchall()
    finally:
        conn.close()


def damage_middle(path: Path, pages: int = 4) -> None:
    """Overwrite whole pages in the middle of the file with random bytes."""
    size = path.stat().st_size
    assert size > 20 * PAGE, "needs a multi-page database"
    offset = (size // 2) // PAGE * PAGE
    with path.open("r+b") as f:
        f.seek(offset)
        f.write(random.Random(7).randbytes(pages * PAGE))


def garbage(path: Path, n: int = 64 * 1024) -> Path:
    path.write_bytes(random.Random(1).randbytes(n))
    return path


@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> Path:
    """50,000 rows, made once; tests copy it."""
    return make_db(tmp_path_factory.mktemp("big") / "big.sqlite3", n=50_000, tag="big")


def copy(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes())
    return dst


# --- make_backup and rotation -------------------------------------------------------------------


def test_make_backup_is_a_readable_copy(tmp_path):
    db = make_db(tmp_path / "live.sqlite3", n=2000)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    # a change still in the WAL, not yet checkpointed, must be in the backup
    conn.execute("INSERT INTO item(id, name) VALUES (99999, 'in the wal')")
    conn.commit()
    try:
        target = make_backup(conn, tmp_path / "backups", "manual")
    finally:
        conn.close()
    assert target.parent == tmp_path / "backups"
    assert target.name.startswith("sotay-") and target.name.endswith("-manual.sqlite3")
    check_health(target)
    assert items(target) == items(db)
    assert (99999, "in the wal") in items(target)
    probe = sqlite3.connect(target)
    assert probe.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # self-contained
    probe.close()
    assert not list((tmp_path / "backups").glob("*.partial"))
    assert not list((tmp_path / "backups").glob("*-wal"))
    assert list_backups(tmp_path / "backups") == [target]
    assert abs(backup_time(target) - datetime.now(UTC)) < timedelta(minutes=1)


def test_rotation_keeps_the_newest_per_reason(tmp_path):
    db = make_db(tmp_path / "live.sqlite3", n=10)
    folder = tmp_path / "backups"
    conn = sqlite3.connect(db)
    made: dict[str, list[Path]] = {reason: [] for reason in KEEP}
    try:
        for i in range(12):
            for reason in KEEP:
                made[reason].append(make_backup(conn, folder, reason))
            if i == 0:
                made.setdefault("odd", []).append(make_backup(conn, folder, "odd"))
    finally:
        conn.close()
    for reason, keep in KEEP.items():
        assert keep < 12
        kept = sorted(folder.glob(f"sotay-*-{reason}.sqlite3"))
        assert kept == sorted(made[reason][-keep:]), reason
    assert list(folder.glob("sotay-*-odd.sqlite3")) == made["odd"]  # other reasons untouched
    everything = list_backups(folder)
    assert len(everything) == sum(KEEP.values()) + 1
    assert everything == sorted(everything, key=backup_time, reverse=True)  # newest first


# --- daily_due ----------------------------------------------------------------------------------


def fake_backup(folder: Path, when: datetime, reason: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"sotay-{when.strftime('%Y%m%d-%H%M%S-%f')}-{reason}.sqlite3"
    path.write_bytes(b"")
    assert backup_time(path) == when
    return path


def test_daily_due(tmp_path):
    folder = tmp_path / "backups"
    t0 = datetime(2025, 3, 1, 10, 0, 0, tzinfo=UTC)
    assert daily_due(folder, t0)  # no folder yet
    folder.mkdir()
    assert daily_due(folder, t0)  # empty
    fake_backup(folder, t0, "manual")
    fake_backup(folder, t0, "premigration")
    assert daily_due(folder, t0)  # other reasons don't count
    fake_backup(folder, t0 - timedelta(days=5), "daily")
    assert daily_due(folder, t0)
    fake_backup(folder, t0, "daily")
    assert not daily_due(folder, t0)
    assert not daily_due(folder, t0 + timedelta(hours=23, minutes=59, seconds=59))
    assert daily_due(folder, t0 + timedelta(days=1))
    assert daily_due(folder, t0 + timedelta(days=3))


# --- check_health -------------------------------------------------------------------------------


def test_check_health_accepts_good_and_missing(tmp_path, big_db):
    check_health(big_db)
    check_health(tmp_path / "does-not-exist.sqlite3")
    assert not (tmp_path / "does-not-exist.sqlite3").exists()


def test_check_health_garbage(tmp_path):
    with pytest.raises(DatabaseDamaged):
        check_health(garbage(tmp_path / "garbage.sqlite3"))


def test_check_health_damaged_pages(tmp_path, big_db):
    db = copy(big_db, tmp_path / "damaged.sqlite3")
    damage_middle(db)
    before = sha256(db)
    with pytest.raises(DatabaseDamaged):
        check_health(db)
    assert sha256(db) == before


def test_check_health_truncated(tmp_path, big_db):
    db = copy(big_db, tmp_path / "short.sqlite3")
    with db.open("r+b") as f:
        f.truncate(db.stat().st_size // 2)
    with pytest.raises(DatabaseDamaged):
        check_health(db)


# --- newest_good_backup and restore -------------------------------------------------------------


def three_backups(tmp_path: Path) -> tuple[Path, list[Path]]:
    folder = tmp_path / "backups"
    made = []
    for n in (1000, 2000, 3000):
        db = make_db(tmp_path / f"v{n}.sqlite3", n=n, tag=f"v{n}")
        conn = sqlite3.connect(db)
        made.append(make_backup(conn, folder, "daily"))
        conn.close()
    return folder, made


def test_newest_good_backup(tmp_path):
    folder, (old, mid, new) = three_backups(tmp_path)
    assert newest_good_backup(folder) == new
    damage_middle(new)
    assert newest_good_backup(folder) == mid
    garbage(mid)
    assert newest_good_backup(folder) == old
    garbage(old)
    assert newest_good_backup(folder) is None
    assert newest_good_backup(tmp_path / "nowhere") is None


def test_restore_keeps_the_damaged_file_aside(tmp_path, big_db):
    folder, (_, mid, new) = three_backups(tmp_path)
    damage_middle(new)
    (tmp_path / "data").mkdir()
    live = copy(big_db, tmp_path / "data" / "sotay.sqlite3")
    damage_middle(live)
    (live.parent / (live.name + "-wal")).write_bytes(b"old wal")
    damaged_sha = sha256(live)
    with pytest.raises(DatabaseDamaged):
        check_health(live)

    good = newest_good_backup(folder)
    assert good == mid
    aside = restore(good, live)

    assert aside.exists() and aside != live and aside.parent == live.parent
    assert "damaged" in aside.name
    assert sha256(aside) == damaged_sha  # kept as it was, not deleted
    assert (aside.parent / (aside.name + "-wal")).read_bytes() == b"old wal"
    assert not (live.parent / (live.name + "-wal")).exists()
    check_health(live)
    assert items(live) == items(mid)
    assert len(items(live)) == 2000
    check_health(mid)  # the backup itself is untouched and still usable


# --- the Store and damage -----------------------------------------------------------------------


def store_files(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    return data / "sotay.sqlite3", tmp_path / "backups"


def app_db(path: Path, backups: Path, n: int) -> None:
    """One of the app's own (WAL) files with `n` residents, closed cleanly."""

    def many(db):
        for i in range(n):
            commands.save_resident(db, Resident(full_name=f"Nguyễn Văn Số {i}"), None)

    s = Store(path, backups)
    s.write(many).result(TIMEOUT)
    s.close()
    shutil.rmtree(backups, ignore_errors=True)


@pytest.mark.parametrize("kind", ["garbage", "damaged pages", "damaged app db"])
def test_store_never_writes_to_a_damaged_file(tmp_path, big_db, kind):
    path, backups = store_files(tmp_path)
    if kind == "garbage":
        garbage(path)
    elif kind == "damaged pages":
        copy(big_db, path)
        damage_middle(path)
    else:
        app_db(path, backups, 2000)
        damage_middle(path)
    before = sha256(path)

    store = Store(path, backups)
    try:
        with pytest.raises(DatabaseDamaged):
            store.opened.result(timeout=TIMEOUT)
        with pytest.raises(DatabaseDamaged):
            store.write(commands.save_resident, Resident(full_name="An"), None).result(TIMEOUT)
        with pytest.raises(DatabaseDamaged):
            store.read(lambda c: c.execute("SELECT 1").fetchone()).result(TIMEOUT)
        with pytest.raises(DatabaseDamaged):
            store.backup_now().result(TIMEOUT)
    finally:
        store.close()
    assert sha256(path) == before
    assert list_backups(backups) == []


def test_store_backups_daily_and_manual(tmp_path):
    path, backups = store_files(tmp_path)
    s = Store(path, backups)
    s.opened.result(TIMEOUT)
    s.write(commands.save_resident, Resident(full_name="Đặng Văn Bình"), None).result(TIMEOUT)
    assert list_backups(backups) == []  # a fresh file: nothing worth a backup yet
    manual = s.backup_now().result(TIMEOUT)
    s.close()
    assert manual.name.endswith("-manual.sqlite3")
    check_health(manual)

    s = Store(path, backups)  # second start: the daily one is due, made in the background
    s.opened.result(TIMEOUT)
    made = s.daily_backup.result(TIMEOUT)
    s.close()
    daily = [p for p in list_backups(backups) if p.stem.endswith("-daily")]
    assert daily == [made]
    conn = sqlite3.connect(daily[0])
    assert conn.execute("SELECT full_name FROM resident").fetchall() == [("Đặng Văn Bình",)]
    conn.close()

    s = Store(path, backups)  # same day: not again
    s.opened.result(TIMEOUT)
    s.close()
    assert len([p for p in list_backups(backups) if p.stem.endswith("-daily")]) == 1


def test_premigration_backup(tmp_path, monkeypatch):
    """An older schema: a db with every current migration, then a new migration registered."""
    path, backups = store_files(tmp_path)
    s = Store(path, backups)
    s.opened.result(TIMEOUT)
    s.write(commands.save_resident, Resident(full_name="Trần Thị Lan"), None).result(TIMEOUT)
    s.close()

    def m999_extra(db):
        db.conn.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(
        migrations,
        "_migrations",
        [*migrations._migrations, Migrations._Migration("m999", m999_extra)],
    )
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, "m999"))
    s = Store(path, backups)
    s.opened.result(TIMEOUT)
    s.close()

    pre = [p for p in list_backups(backups) if p.stem.endswith("-premigration")]
    assert len(pre) == 1
    conn = sqlite3.connect(pre[0])
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "extra" not in tables  # taken before the migration ran
        assert "m999" not in {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
        assert conn.execute("SELECT full_name FROM resident").fetchall() == [("Trần Thị Lan",)]
    finally:
        conn.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM extra").fetchone() == (0,)
        assert "m999" in {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    finally:
        conn.close()

    # nothing pending any more: no second pre-migration backup
    s = Store(path, backups)
    s.opened.result(TIMEOUT)
    s.close()
    assert len([p for p in list_backups(backups) if p.stem.endswith("-premigration")]) == 1


def test_failed_migration_changes_nothing(tmp_path, monkeypatch):
    path, backups = store_files(tmp_path)
    s = Store(path, backups)
    s.opened.result(TIMEOUT)
    s.write(commands.save_resident, Resident(full_name="Lý Văn Tư"), None).result(TIMEOUT)
    s.close()

    def m999_broken(db):
        db.conn.execute("CREATE TABLE half (id INTEGER PRIMARY KEY)")
        raise RuntimeError("broken migration")

    monkeypatch.setattr(
        migrations,
        "_migrations",
        [*migrations._migrations, Migrations._Migration("m999", m999_broken)],
    )
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, "m999"))
    s = Store(path, backups)
    with pytest.raises(RuntimeError, match="broken migration"):
        s.opened.result(TIMEOUT)
    s.close()
    monkeypatch.undo()

    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "half" not in tables
        assert conn.execute("SELECT full_name FROM resident").fetchall() == [("Lý Văn Tư",)]
    finally:
        conn.close()
    assert len([p for p in list_backups(backups) if p.stem.endswith("-premigration")]) == 1
