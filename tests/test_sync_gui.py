"""Sync in the real window (pytest-qt): connecting through the dialog, the status bar as the
sync thread moves, records from another laptop appearing on screen, and the list of changes
that need attention."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.settings import Settings
from desktop.store import commands
from desktop.ui.sync import AttentionDialog, ConnectDialog
from desktop.ui.team import TeamDialog, WhoDialog
from sotay.domain.models import Gender, Resident
from tests.helpers import result, seeded_store
from tests.qt_helpers import make_controller


def when_shown(kind: type, handler) -> None:
    """Run `handler` on the next modal dialog of `kind` (exec() blocks the test)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, kind) or not modal.isVisible():
            QTimer.singleShot(20, poll)
            return
        handler(modal)

    QTimer.singleShot(0, poll)


pytestmark = pytest.mark.parametrize("central", ["sqlite"], indirect=True)


def started(qtbot, qapp, tmp_path, made, language: str = "en"):
    store, leader = seeded_store(tmp_path)
    result(store.write(commands.save_resident, Resident(full_name="Đặng Thị Hoa"), leader))
    store.close()
    controller = make_controller(
        qapp, tmp_path, Settings(language=language, member_id=leader), made
    )
    controller.start()
    qtbot.waitUntil(lambda: controller.window.isEnabled(), timeout=10000)
    qtbot.waitUntil(lambda: controller.sync is not None, timeout=10000)
    return controller, leader


def test_connect_through_the_dialog_then_the_status_bar_says_synced(
    qtbot,
    qapp,
    tmp_path,
    controllers,
    central,
):
    team = central.admin_ops.team()
    controller, _leader = started(qtbot, qapp, tmp_path, controllers)
    window = controller.window
    label = window.sync_label
    # Its history waits to go up.
    qtbot.waitUntil(lambda: "Not connected" in label.text() and "waiting" in label.text())
    assert not window.sync_now_action.isEnabled()

    dialog = ConnectDialog(controller.sync, parent=window)
    dialog.show()
    qtbot.keyClicks(dialog.address, central.url.removeprefix("http://"))
    qtbot.keyClicks(dialog.code, "WRONG-CODE")
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10000)
    assert "not known" in dialog.error.text()
    assert not dialog.connect_button.isEnabled()

    dialog.code.clear()
    qtbot.keyClicks(dialog.code, central.admin_ops.code(team.id).lower())  # any case will do
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.found.isVisible(), timeout=10000)
    assert team.name in dialog.found.text() and "Ba Đình" in dialog.found.text()
    assert dialog.connect_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.connect_button.click()
    assert dialog.where == "file"  # no keyring on a test machine: the user is told

    qtbot.waitUntil(lambda: "Synced at" in label.text(), timeout=20000)
    assert "waiting" not in label.text()
    assert window.sync_now_action.isEnabled()
    on_server = central.admin_ops.scalar(
        "SELECT COUNT(*) FROM record WHERE team_id = :t AND entity = 'resident'", t=team.id
    )
    assert on_server == 1

    # A save shows as waiting at once, then goes by itself shortly after.
    controller.sync.after_save = 0.5
    shown: list[str] = []
    controller.sync_bridge.status.connect(lambda _s: shown.append(label.text()))
    result(controller.store.write(commands.save_resident, Resident(full_name="Lê Văn Tư"), None))
    qtbot.waitUntil(lambda: any("1 change(s) waiting" in t for t in shown), timeout=10000)
    qtbot.waitUntil(lambda: "Synced at" in label.text() and "waiting" not in label.text())
    assert (
        central.admin_ops.scalar(
            "SELECT COUNT(*) FROM record WHERE team_id = :t AND entity = 'resident'", t=team.id
        )
        == 2
    )
    controller.window.close()
    controller.stop_sync()
    controller.store.close()


def test_records_from_another_laptop_appear_and_a_refused_change_needs_attention(
    qtbot,
    qapp,
    tmp_path,
    controllers,
    central,
    laptops,
):
    team = central.admin_ops.team()
    controller, _leader = started(qtbot, qapp, tmp_path / "gui", controllers)
    window = controller.window
    offer = controller.sync.offer(central.url, central.admin_ops.code(team.id))
    controller.sync.connect(offer, "leader")
    qtbot.waitUntil(lambda: "Synced at" in window.sync_label.text(), timeout=20000)
    # The laptop's team is now the one the commune's server knows.
    qtbot.waitUntil(lambda: window.status.text().startswith(team.name), timeout=10000)

    # The deputy's laptop records a resident; after a sync it is in the leader's list.
    deputy = laptops("deputy")
    deputy.connect(central.url, central.admin_ops.code(team.id))
    deputy.sync.run_once()
    deputy.write(
        commands.save_resident, Resident(full_name="Phan Văn Mười", gender=Gender.MALE), None
    )
    deputy.sync.run_once()
    window.nav.setCurrentRow(3)
    page = window.residents
    qtbot.waitUntil(lambda: page.model is not None and page.model.rowCount() == 1, timeout=10000)
    controller.sync.sync_now()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=20000)

    # A change the server refuses (made by an older app, say) goes to the attention list.
    def bad(db) -> None:
        db.conn.execute(
            "INSERT INTO outbox(entity, entity_id, op, payload, version, created_at)"
            " VALUES ('resident', ?, 'upsert', ?, 1, '2026-11-23')",
            (
                "0193a1b2-0000-7000-8000-00000000abcd",
                json.dumps({"full_name": "Ngô Thị Bảy", "birth_year": "một chín năm mươi"}),
            ),
        )

    result(controller.store.write(bad))
    controller.sync.sync_now()
    qtbot.waitUntil(lambda: "1 need(s) attention" in window.sync_label.text(), timeout=20000)
    assert window.attention_action.isEnabled()
    dialog = AttentionDialog(controller.store, window.roster, window)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    assert "Refused" in dialog.table.item(0, 0).text()
    assert dialog.table.item(0, 1).text() == "Ngô Thị Bảy"
    assert dialog.table.item(0, 2).text() == ("The server found data it cannot take in: Birth year")
    assert dialog.dismiss.isVisible() and not dialog.keep.isVisible()
    dialog.dismiss.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=10000)
    dialog.close()
    controller.sync.sync_now()
    qtbot.waitUntil(lambda: "attention" not in window.sync_label.text(), timeout=20000)
    controller.window.close()
    controller.stop_sync()
    controller.store.close()


def test_a_new_laptop_connects_from_the_first_start_and_gets_the_team(
    qtbot,
    qapp,
    tmp_path,
    controllers,
    central,
    laptops,
):
    team = central.admin_ops.team()
    leader = laptops("leader")
    leader.set_up()
    leader.connect(central.url, central.admin_ops.code(team.id))
    leader.sync.run_once()
    code = central.admin_ops.code(team.id)

    controller = make_controller(qapp, tmp_path / "new", Settings(language="vi"), controllers)
    (tmp_path / "new").mkdir()

    # Each handler arms the next one before it acts: each dialog's exec() nests the loop.
    def team_dialog(dialog) -> None:  # first start: connect instead of setting up
        when_shown(ConnectDialog, connect_dialog)
        dialog.join_button.click()

    def connect_dialog(dialog) -> None:
        dialog.address.setText(central.url)
        dialog.code.setText(code)
        dialog.check_button.click()
        qtbot.waitUntil(lambda: dialog.connect_button.isEnabled(), timeout=10000)
        when_shown(QMessageBox, connected)
        dialog.connect_button.click()

    def connected(box) -> None:
        when_shown(WhoDialog, who)
        box.accept()

    def who(dialog) -> None:  # the members arrived: who is using this laptop?
        dialog.accept()

    when_shown(TeamDialog, team_dialog)
    controller.start()
    qtbot.waitUntil(
        lambda: (
            bool(controller.window.roster.members)
            and controller.window.roster.team.name == team.name
        ),
        timeout=30000,
    )
    assert [m.full_name for m in controller.window.roster.members] == ["Trần Thị Lan"]
    qtbot.waitUntil(lambda: "Đã đồng bộ" in controller.window.sync_label.text(), timeout=20000)
    controller.window.close()
    controller.stop_sync()
    controller.store.close()
