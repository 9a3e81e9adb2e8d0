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

from desktop import app
from desktop.store import backup
from desktop.ui.update import UpdateDialog
from sotay import releases
from tests.test_sync_gui import started, when_shown

pytestmark = pytest.mark.parametrize("central", ["sqlite"], indirect=True)

NEW = "9.0.0"  # newer than this checkout's version
NOTES = "Bản 9.0.0: in danh sách nhanh hơn."


@pytest.fixture
def published(central, tmp_path, monkeypatch) -> Any:
    """Version NEW, signed with a key made here, published on the commune's server (which
    trusts that key through its extra keys file); the laptop's updates trust it too."""
    key = Ed25519PrivateKey.generate()
    keys = tmp_path / "keys.txt"
    keys.write_text(releases.public_text(key.public_key()) + "\n")
    setup = tmp_path / "dist" / f"SoTayCNS-{NEW}-setup.exe"
    setup.parent.mkdir()
    setup.write_bytes(b"MZ" + bytes(range(256)) * 2400)  # ~600 KB: three ranges
    releases.write_manifest(setup, releases.sign(setup, NEW, NOTES, key))
    monkeypatch.setenv("SOTAY_CENTRAL_RELEASE_KEYS", str(keys))
    central.admin("release", "publish", str(setup))

    def updates(controller: app.Controller) -> Any:
        from desktop.update import Updates

        return Updates(controller.paths.updates, platform=releases.WINDOWS, keys=[key.public_key()])

    monkeypatch.setattr(app.Controller, "updates_factory", updates)
    yield setup
    central.admin("release", "hold", NEW)  # the shared service offers nothing after this test


def test_the_leader_updates_from_the_status_bar(
    qtbot, qapp, tmp_path, controllers, central, published, monkeypatch
):
    team = central.admin_ops.team()
    profile = tmp_path / "profile"
    profile.mkdir()
    controller, _leader = started(qtbot, qapp, profile, controllers)
    window = controller.window
    assert not window.update_button.isVisible()
    service = controller.sync
    service.connect(service.offer(central.url, central.admin_ops.code(team.id)), "Laptop tổ 1")
    service.sync_now()
    # After the sync: the offer, then its download in the background, checked whole.
    qtbot.waitUntil(lambda: window.update_button.isVisible(), timeout=20000)
    assert NEW in window.update_button.text()
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
