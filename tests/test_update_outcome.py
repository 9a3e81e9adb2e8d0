"""The first start after an update, in the real window: the leader reads what changed (the
signed notes), or that the installer did not install; said once."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QMessageBox

import desktop
from desktop.settings import Settings
from sotay import releases
from tests.helpers import seeded_store
from tests.qt_helpers import make_controller, when_modal


def attempted(profile, version: str, notes: str) -> None:
    """What the app left before it handed over to the installer of `version`."""
    updates = profile / "updates"
    updates.mkdir()
    setup = updates / f"SoTayCNS-{version}-setup.exe"
    setup.write_bytes(b"MZ" + b"\0" * 100)
    releases.write_manifest(
        setup, releases.sign(setup, version, notes, Ed25519PrivateKey.generate())
    )
    (updates / "attempt.json").write_text(json.dumps({"version": version, "from": "0.0.9"}))


def start(qtbot, qapp, profile, controllers) -> list[str]:
    store, leader = seeded_store(profile)
    store.close()
    said: list[str] = []

    def read(box) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        box.accept()

    when_modal(qtbot, read)
    controller = make_controller(
        qapp, profile, Settings(language="en", member_id=leader), controllers
    )
    controller.start()
    qtbot.waitUntil(lambda: bool(said), timeout=10000)
    controller.window.close()
    controller.store.close()
    return said


def test_the_first_start_of_the_new_version_says_what_changed(qtbot, qapp, tmp_path, controllers):
    attempted(tmp_path, desktop.__version__, "Bản mới: in danh sách nhanh hơn.")
    said = start(qtbot, qapp, tmp_path, controllers)
    assert f"now version {desktop.__version__}" in said[0]
    assert "Bản mới: in danh sách nhanh hơn." in said[0]
    # Said once: the note and the installed installer are gone.
    assert list((tmp_path / "updates").iterdir()) == []


def test_an_update_that_did_not_install_is_said(qtbot, qapp, tmp_path, controllers):
    attempted(tmp_path, "99.0.0", "")
    said = start(qtbot, qapp, tmp_path, controllers)
    assert "99.0.0 could not be installed" in said[0]
    assert desktop.__version__ in said[0]
    assert (tmp_path / "updates" / "SoTayCNS-99.0.0-setup.exe").exists()  # tried again later
