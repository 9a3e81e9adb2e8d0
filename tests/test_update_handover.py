"""The hand-over to a downloaded installer (desktop/update/handover.py) and what the next start
makes of it. Starting a process is the edge here (no Windows installer runs on Linux): the
Windows check runs the real one (tests/windows/test_installed_app.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.update import handover
from sotay import releases
from sotay.releases import BadRelease, Refusal


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def downloaded(folder: Path, key: Ed25519PrivateKey, version: str = "0.2.0") -> Path:
    folder.mkdir(exist_ok=True)
    setup = folder / f"SoTayCNS-{version}-setup.exe"
    setup.write_bytes(b"MZ" + b"\x90" * 5000)
    notes = f"Bản {version}: in danh sách nhanh hơn."
    releases.write_manifest(setup, releases.sign(setup, version, notes, key))
    return setup


class Started(list):
    def __call__(self, command: list[str], **options: Any) -> None:
        self.append((command, options))


def test_the_installer_starts_silently_and_the_next_start_says_what_changed(tmp_path, key):
    updates = tmp_path / "updates"
    setup = downloaded(updates, key)
    started = Started()
    release = handover.hand_over(
        setup, "0.1.0", relaunch=True, keys=[key.public_key()], start=started
    )
    assert release.version == "0.2.0"
    [(command, options)] = started
    assert command == [str(setup), "/S", "/UPDATE", "/RELAUNCH"]
    assert options["close_fds"]
    # The new version starts: it says so once, with the notes, and the installer is gone.
    result = handover.outcome(updates, "0.2.0")
    assert result == handover.Updated("0.2.0", "Bản 0.2.0: in danh sách nhanh hơn.")
    assert list(updates.iterdir()) == []
    assert handover.outcome(updates, "0.2.0") is None


def test_an_installer_that_did_not_install_is_said_once(tmp_path, key):
    updates = tmp_path / "updates"
    setup = downloaded(updates, key)
    handover.hand_over(setup, "0.1.0", relaunch=False, keys=[key.public_key()], start=Started())
    assert handover.outcome(updates, "0.1.0") == handover.NotUpdated("0.2.0")
    assert setup.exists()  # still checked and ready: the leader can try again
    assert handover.outcome(updates, "0.1.0") is None


def test_a_file_changed_after_its_download_is_never_started(tmp_path, key):
    updates = tmp_path / "updates"
    setup = downloaded(updates, key)
    setup.write_bytes(setup.read_bytes()[:-1] + b"!")
    started = Started()
    with pytest.raises(BadRelease) as caught:
        handover.hand_over(setup, "0.1.0", relaunch=True, keys=[key.public_key()], start=started)
    assert caught.value.refusal is Refusal.HASH
    assert started == []
    assert handover.outcome(updates, "0.1.0") is None  # nothing was attempted


def test_an_installer_signed_by_another_key_is_never_started(tmp_path, key):
    setup = downloaded(tmp_path / "updates", Ed25519PrivateKey.generate())
    started = Started()
    with pytest.raises(BadRelease) as caught:
        handover.hand_over(setup, "0.1.0", relaunch=True, keys=[key.public_key()], start=started)
    assert caught.value.refusal is Refusal.SIGNATURE
    assert started == []
