"""Damage outside the tables (an index, the search index) is rebuilt from the tables, keeping
the work saved since the last backup; only damage in a table offers a backup.

The damage is made for real: bytes of the data file's pages overwritten (found with dbstat),
or the search index's own blocks garbled through SQL, then the app started as main() does.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.settings import Settings
from desktop.store import commands
from sotay.domain.models import Resident
from tests.helpers import result, seeded_store
from tests.qt_helpers import make_controller, type_text, when_modal

BEFORE, SINCE = 300, 25  # residents in the last backup, and saved after it


@pytest.fixture(scope="module")
def profile_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mend")
    store, leader = seeded_store(folder)

    def add(db: Any, names: list[str]) -> None:
        for name in names:
            commands.save_resident(db, Resident(full_name=name), leader)

    result(store.write(add, [f"Nguyễn Văn Trước {i}" for i in range(BEFORE)]))
    result(store.backup_now("daily"))  # today's: no other is made at the next start
    result(store.write(add, [f"Lê Thị Sau {i}" for i in range(SINCE)]))
    store.close()  # the WAL emptied into the file: its pages are where dbstat says
    (folder / "leader").write_text(leader)
    return folder


@pytest.fixture
def profile(profile_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "profile"
    shutil.copytree(profile_template, target)
    return target


def leaf_pages(db: Path, name: str) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        return [
            p
            for (p,) in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
                (name,),
            )
        ]
    finally:
        conn.close()


def overwrite_page(db: Path, name: str) -> None:
    """A leaf page of b-tree `name` overwritten with random bytes (a torn write)."""
    pages = leaf_pages(db, name)
    page = pages[len(pages) // 2]
    with db.open("r+b") as f:
        f.seek((page - 1) * 4096)
        f.write(random.Random(page).randbytes(4096))


def garble_search_blocks(db: Path) -> None:
    """The search index's blocks garbled, its pages sound: quick_check passes, a search
    meets the damage."""
    conn = sqlite3.connect(db)
    conn.execute("UPDATE resident_fts_data SET block = randomblob(length(block)) WHERE id > 10")
    conn.commit()
    conn.close()


def count(controller: Any, sql: str) -> int:
    return result(controller.store.read(lambda c: c.execute(sql).fetchone()[0]))


def start(qtbot: Any, qapp: Any, profile: Path, made: list) -> tuple[Any, list[str]]:
    """The app on `profile`; every message box it shows is read and answered (an offer of a
    backup is taken, so that what it would lose shows)."""
    leader = (profile / "leader").read_text()
    controller = make_controller(qapp, profile, Settings(language="en", member_id=leader), made)
    said: list[str] = []

    def answer(box: Any) -> None:
        said.append(box.text())
        when_modal(qtbot, answer, QMessageBox)  # and the next one
        restore = [b for b in box.buttons() if b.text() == "Restore the backup"]
        (restore[0] if restore else box.buttons()[0]).click()

    when_modal(qtbot, answer, QMessageBox)
    controller.start()
    return controller, said


def search(qtbot: Any, window: Any, text: str) -> Any:
    """Type `text` into the residents list's search box."""
    from desktop.ui.main_window import LIST_PAGES

    window.go_to(1 + list(LIST_PAGES).index("residents"))
    page = window.current_list()
    qtbot.waitUntil(lambda: page.model is not None, timeout=10000)
    type_text(page.search, text)
    return page


def all_kept(qtbot: Any, controller: Any, profile: Path, said: list[str]) -> None:
    assert not any("backup is from" in text for text in said), said  # no offer
    assert count(controller, "SELECT count(*) FROM resident") == BEFORE + SINCE
    page = search(qtbot, controller.window, "le thi sau")  # saved after the backup
    qtbot.waitUntil(lambda: page.model.rowCount() == SINCE, timeout=10000)


@pytest.mark.parametrize("damage", ["pages", "blocks"])
def test_a_damaged_search_index_is_rebuilt_and_nothing_is_lost(
    qtbot: Any, qapp: Any, profile: Path, controllers: list, damage: str
) -> None:
    db = profile / "sotay.sqlite3"
    if damage == "pages":  # met by the check at start
        overwrite_page(db, "resident_fts_data")
    else:  # met by the first search
        garble_search_blocks(db)
    controller, said = start(qtbot, qapp, profile, controllers)
    first = controller.window
    qtbot.waitUntil(lambda: controller.window.isEnabled(), timeout=15000)
    if damage == "blocks":
        search(qtbot, first, "le thi sau")
        qtbot.waitUntil(lambda: controller.window is not first, timeout=15000)
        qtbot.waitUntil(lambda: controller.store.opened.done(), timeout=30000)
    qtbot.waitUntil(lambda: bool(said), timeout=30000)
    assert "search index" in said[0] and "Nothing was lost" in said[0], said
    all_kept(qtbot, controller, profile, said)
    check = "SELECT group_concat(integrity_check) FROM pragma_integrity_check"
    assert count(controller, check) == "ok"


@pytest.mark.parametrize("index", ["resident_sort", "sqlite_autoindex_resident_1"])
def test_a_damaged_index_is_rebuilt_at_start_and_nothing_is_lost(
    qtbot: Any, qapp: Any, profile: Path, controllers: list, index: str
) -> None:
    overwrite_page(profile / "sotay.sqlite3", index)
    controller, said = start(qtbot, qapp, profile, controllers)
    qtbot.waitUntil(lambda: bool(said), timeout=30000)
    assert "An index" in said[0] and "Nothing was lost" in said[0], said
    qtbot.waitUntil(lambda: controller.window.isEnabled(), timeout=15000)
    all_kept(qtbot, controller, profile, said)
    kept = list(profile.glob("sotay.damaged-*.sqlite3"))
    assert len(kept) <= 1  # rebuilt into a new file when its pages stop REINDEX: kept aside


def test_damage_in_a_table_still_offers_the_backup(
    qtbot: Any, qapp: Any, profile: Path, controllers: list
) -> None:
    overwrite_page(profile / "sotay.sqlite3", "resident")
    controller, said = start(qtbot, qapp, profile, controllers)
    damaged = controller.store
    qtbot.waitUntil(lambda: bool(said), timeout=30000)
    assert "damaged" in said[0] and "backup is from" in said[0]
    qtbot.waitUntil(lambda: controller.store is not damaged, timeout=15000)
    qtbot.waitUntil(lambda: controller.window.isEnabled(), timeout=15000)
    assert count(controller, "SELECT count(*) FROM resident") == BEFORE  # the backup's
    assert len(list(profile.glob("sotay.damaged-*.sqlite3"))) == 1  # kept as it was


def test_an_index_missing_entries_is_found_soon_after_start_and_rebuilt(
    qtbot: Any, qapp: Any, profile: Path, controllers: list
) -> None:
    """Damage quick_check does not see (an index that missed writes: lists miss records) was
    found only by the week's full check; now by counting the indexes after the first screen."""
    from tests.test_health import behind_the_index, integrity

    db = profile / "sotay.sqlite3"
    behind_the_index(  # resident_sort misses the residents saved while it was "WHERE 0"
        db,
        "resident_sort",
        lambda sql: sql.replace("WHERE deleted_at IS NULL", "WHERE 0"),
        lambda c: c.execute("UPDATE resident SET sort_key = sort_key || ' ' WHERE rid % 10 = 0"),
    )
    assert any("resident_sort" in line for line in integrity(db))
    controller, said = start(qtbot, qapp, profile, controllers)
    qtbot.waitUntil(lambda: bool(said), timeout=30000)  # no check asked for from the menu
    assert "rebuilt" in said[0] and "nothing was lost" in said[0], said
    qtbot.waitUntil(lambda: integrity(db) == ["ok"], timeout=15000)
    all_kept(qtbot, controller, profile, said)
