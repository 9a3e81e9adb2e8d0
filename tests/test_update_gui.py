"""An update in the real window (pytest-qt) from the real central service on 127.0.0.1: the
status bar learns of a newer version after a sync, the dialog shows its signed notes and the
download, and the leader's "now" closes the app, makes the backup and hands over to the
checked installer. Only starting the installer is replaced (no Windows installer runs on
Linux): `make windows-check` runs the real one under Wine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QMessageBox

from desktop import app
from desktop.store import backup
from desktop.ui.update import UpdateDialog
from sotay import releases
from tests.test_sync_gui import started, when_shown

pytestmark = pytest.mark.parametrize("central", ["sqlite"], indirect=True)

NEW = "9.0.0"  # newer than this checkout's version
NOTES = "Bản 9.0.0: in danh sách nhanh hơn."


def publish(central, folder: Path, monkeypatch, version: str, signer, trusted) -> Path:
    """`version`, signed by `signer`, published on the commune's server (which takes that key
    through its extra keys file); the laptop's updates trust `trusted` alone."""
    keys = folder / "keys.txt"
    keys.write_text(releases.public_text(signer.public_key()) + "\n")
    setup = folder / "dist" / f"SoTayCNS-{version}-setup.exe"
    setup.parent.mkdir()
    setup.write_bytes(b"MZ" + bytes(range(256)) * 2400)  # ~600 KB: three ranges
    releases.write_manifest(setup, releases.sign(setup, version, NOTES, signer))
    monkeypatch.setenv("SOTAY_CENTRAL_RELEASE_KEYS", str(keys))
    central.admin("release", "publish", str(setup))

    def updates(controller: app.Controller) -> Any:
        from desktop.update import Updates

        return Updates(controller.paths.updates, platform=releases.WINDOWS, keys=[trusted])

    monkeypatch.setattr(app.Controller, "updates_factory", updates)
    return setup


@pytest.fixture
def published(central, tmp_path, monkeypatch) -> Any:
    key = Ed25519PrivateKey.generate()
    yield publish(central, tmp_path, monkeypatch, NEW, key, key.public_key())
    central.admin("release", "hold", NEW)  # the shared service offers nothing after this test


def connected(qtbot, qapp, tmp_path, controllers, central) -> Any:
    team = central.admin_ops.team()
    profile = tmp_path / "profile"
    profile.mkdir()
    controller, _leader = started(qtbot, qapp, profile, controllers)
    assert not controller.window.update_button.isVisible()
    service = controller.sync
    service.connect(service.offer(central.url, central.admin_ops.code(team.id)), "Laptop tổ 1")
    service.sync_now()
    return controller


def test_the_leader_updates_from_the_status_bar(
    qtbot, qapp, tmp_path, controllers, central, published, monkeypatch
):
    controller = connected(qtbot, qapp, tmp_path, controllers, central)
    window = controller.window
    # After the sync: the offer, then its download in the background, checked whole.
    qtbot.waitUntil(lambda: window.update_button.isVisible(), timeout=20000)
    assert NEW in window.update_button.text()
    assert window.update_action.isEnabled()  # Sync → Update the app…, from the keyboard
    qtbot.waitUntil(lambda: window.sync_status.update.ready is not None, timeout=30000)
    ready: Path = window.sync_status.update.ready
    assert ready.read_bytes() == published.read_bytes()

    # "When I close the app": nothing closes now; the status bar says what will happen.
    seen: list[str] = []

    def on_close(dialog: UpdateDialog) -> None:
        seen.append(dialog.notes.toPlainText())
        assert dialog.now_button.isEnabled()
        dialog.close_button.click()

    when_shown(UpdateDialog, on_close)
    window.update_button.click()
    assert seen == [NOTES]
    assert controller.install_on_exit == (ready, False)
    assert "when the app is closed" in window.update_button.text()
    assert window.isVisible()

    # Then "now": the window closes; the backup comes first, then the installer starts.
    when_shown(UpdateDialog, lambda dialog: dialog.now_button.click())
    window.update_button.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert controller.install_on_exit == (ready, True)
    controller.stop_sync()
    assert app.backed_up_for_update(controller.store)  # what main() does once closed
    kinds = [backup.backup_reason(p) for p in backup.list_backups(controller.paths.backups)]
    assert "preupdate" in kinds
    commands: list[list[str]] = []
    keys = list(controller.updates_factory().keys)
    with monkeypatch.context() as patch:
        patch.setattr("subprocess.Popen", lambda command, **_options: commands.append(command))
        patch.setattr(releases, "trusted_keys", lambda: keys)
        app.install_update(*controller.install_on_exit)
    assert commands == [[str(ready), "/S", "/UPDATE", "/RELAUNCH"]]


def test_an_update_signed_by_another_key_is_refused_and_said(
    qtbot, qapp, tmp_path, controllers, central, monkeypatch
):
    # The commune's server was given an installer the project did not sign (a mistake, or an
    # attack on the server): the laptop downloads nothing and the leader is told why.
    ours, theirs = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    publish(central, tmp_path, monkeypatch, "9.1.0", theirs, ours.public_key())
    try:
        controller = connected(qtbot, qapp, tmp_path, controllers, central)
        window = controller.window
        qtbot.waitUntil(lambda: window.update_button.isVisible(), timeout=20000)
        assert window.update_button.text() == "Update refused"
        said: list[str] = []

        def read(box: QMessageBox) -> None:
            said.append(box.text())
            box.accept()

        when_shown(QMessageBox, read)
        window.update_button.click()
        assert "not signed by the makers" in said[0]
        assert not any(controller.paths.updates.glob("*.exe*"))  # nothing downloaded
    finally:
        central.admin("release", "hold", "9.1.0")
