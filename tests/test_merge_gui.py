"""A team set up twice, on screen (pytest-qt, real widgets): the bar that says some
neighbourhoods and members appear twice, the list of pairs, the merge, and the store after."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from desktop.settings import Settings
from desktop.store import commands, duplicates
from desktop.store.store import Store
from desktop.ui.merge import MergeDialog
from desktop.ui.team import WhoDialog
from sotay.domain.models import Member, Neighbourhood, Resident, Role
from tests.helpers import result, roster
from tests.qt_helpers import started_window, when_modal


def set_up_twice(store: Store) -> dict[str, str]:
    """The team of tests.helpers.set_up_team, with the other laptop's "Khu phố 3" and
    "Trần Thị Lan" (as a sync brings them) and a resident of that "Khu phố 3"."""
    r = roster(store)
    ids = {
        "lan": next(m.id for m in r.members if m.full_name == "Trần Thị Lan"),
        "kp3": next(n.id for n in r.neighbourhoods if n.name == "Khu phố 3"),
    }
    place = Neighbourhood(name="Khu phố 3")
    twin = Member(full_name="Trần Thị Lan", role=Role.MEMBER, phone="0987654321")
    result(store.write(commands.save_neighbourhood, place))
    result(store.write(commands.save_member, twin))
    hoa = Resident(full_name="Nguyễn Thị Hoa", neighbourhood_id=place.id)
    result(store.write(commands.save_resident, hoa, twin.id))
    return ids | {"place": place.id, "twin": twin.id, "hoa": hoa.id}


def query(store: Store, sql: str, *params: object) -> list[tuple]:
    return result(store.read(lambda c: [tuple(r) for r in c.execute(sql, params)]))


def test_the_bar_shows_the_pairs_and_one_press_merges_them(
    qtbot, team_store: Store, tmp_path: Path
) -> None:
    ids = set_up_twice(team_store)
    # Recording as the other laptop's Lan: after the merge, as the Lan kept.
    window = started_window(qtbot, team_store, tmp_path, Settings(member_id=ids["twin"]))
    qtbot.waitUntil(lambda: window.merge_bar.isVisible())
    assert "appear twice" in window.merge_bar.findChild(type(window.status)).text()
    shown: list[list[str]] = []

    def merge(dialog) -> None:
        assert isinstance(dialog, MergeDialog)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
        for r in range(2):
            combo = dialog.table.cellWidget(r, 1)
            shown.append(
                [
                    dialog.table.item(r, 0).text(),
                    combo.currentText(),
                    dialog.table.item(r, 2).text(),
                ]
            )
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, merge, MergeDialog)
    qtbot.mouseClick(window.merge_button, Qt.MouseButton.LeftButton)
    assert shown == [
        ["Neighbourhood", "Khu phố 3 · 0 resident(s)", "Khu phố 3 · 1 resident(s)"],
        [
            "Member",
            "Trần Thị Lan · 0912345678 · 0 session(s) led or helped",
            "Trần Thị Lan · 0987654321 · 0 session(s) led or helped",
        ],
    ]
    qtbot.waitUntil(lambda: not window.merge_bar.isVisible())
    assert "other laptops get it" in window.statusBar().currentMessage()
    assert query(team_store, "SELECT neighbourhood_id FROM resident") == [(ids["kp3"],)]
    assert query(team_store, "SELECT id FROM neighbourhood WHERE deleted_at IS NOT NULL") == [
        (ids["place"],)
    ]
    assert query(team_store, "SELECT id FROM member WHERE deleted_at IS NOT NULL") == [
        (ids["twin"],)
    ]
    assert query(team_store, "SELECT COUNT(*) FROM outbox WHERE op = 'delete'") == [(2,)]
    qtbot.waitUntil(lambda: window.who.count() == 2)  # Lan once, and Minh
    assert window.settings.member_id == ids["lan"]
    assert window.who.currentData() == ids["lan"]


def test_the_leader_chooses_which_to_keep_and_leaves_a_pair_apart(qtbot, team_store: Store) -> None:
    ids = set_up_twice(team_store)
    dialog = MergeDialog(team_store, ids["lan"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    # The member: the other laptop's Lan is kept (its phone is the right one).
    combo = dialog.table.cellWidget(1, 1)
    assert isinstance(combo, QComboBox) and combo.count() == 2
    combo.setCurrentIndex(1)
    assert dialog.table.item(1, 2).text().startswith("Trần Thị Lan · 0912345678")
    # The neighbourhood: two places that share a name, said so; not asked again.
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.apart_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.table.item(0, 0).text() == "Member"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert query(team_store, "SELECT id FROM member WHERE deleted_at IS NOT NULL") == [
        (ids["lan"],)
    ]
    assert query(team_store, "SELECT COUNT(*) FROM neighbourhood WHERE deleted_at IS NULL") == [
        (3,)
    ]
    assert result(team_store.read(duplicates.duplicate_pairs)) == []


def test_recording_as_a_member_merged_on_another_laptop_goes_on_as_the_one_kept(
    qtbot, team_store: Store, tmp_path: Path
) -> None:
    ids = set_up_twice(team_store)
    pairs = result(team_store.read(duplicates.duplicate_pairs))
    chosen = [(p.kind, p.keep.id, p.drop.id) for p in pairs]
    result(team_store.write(duplicates.merge_pairs, chosen, ids["lan"]))  # as a pull brings it
    asked: list[object] = []

    def who(dialog) -> None:
        asked.append(dialog)
        dialog.reject()

    when_modal(qtbot, who, WhoDialog)
    window = started_window(qtbot, team_store, tmp_path, Settings(member_id=ids["twin"]))
    assert not asked  # never "who is recording?": the same person goes on
    assert window.settings.member_id == ids["lan"]
    assert window.who.currentData() == ids["lan"]
    assert not window.merge_bar.isVisible()
