"""A release's signature (sotay/releases.py): what the laptop and the server accept, and what
they refuse. The keys are made by the tests: no private key is ever in the repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sotay import releases
from sotay.releases import BadRelease, Refusal, Release


@pytest.fixture
def setup_file(tmp_path: Path) -> Path:
    path = tmp_path / "SoTayCNS-0.2.0-setup.exe"
    path.write_bytes(b"MZ" + bytes(range(256)) * 400)
    return path


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def test_a_signed_release_verifies_and_its_file_checks(setup_file, key):
    release = releases.sign(setup_file, "0.2.0", "Sửa lỗi in danh sách.", key)
    assert releases.verify(release, [key.public_key()]) is not None
    releases.check_file(setup_file, release)
    releases.check_offer(release, "0.1.9", releases.WINDOWS, [key.public_key()])


def test_a_signature_by_another_key_is_refused(setup_file, key):
    release = releases.sign(setup_file, "0.2.0", "", Ed25519PrivateKey.generate())
    with pytest.raises(BadRelease) as caught:
        releases.verify(release, [key.public_key()])
    assert caught.value.refusal is Refusal.SIGNATURE


@pytest.mark.parametrize(
    "change",
    [
        {"version": "0.3.0"},  # a server relabelling an installer
        {"size": 10},
        {"sha256": "0" * 64},
        {"notes": "Cài thêm phần mềm này."},  # notes are signed too
        {"platform": "linux-x64"},
    ],
)
def test_every_signed_field_is_covered(setup_file, key, change):
    release = releases.sign(setup_file, "0.2.0", "Bản sửa lỗi.", key)
    forged = Release(**{**release.to_json(), **change})
    with pytest.raises(BadRelease) as caught:
        releases.verify(forged, [key.public_key()])
    assert caught.value.refusal is Refusal.SIGNATURE


def test_a_truncated_or_altered_file_is_refused(setup_file, key):
    release = releases.sign(setup_file, "0.2.0", "", key)
    data = setup_file.read_bytes()
    setup_file.write_bytes(data[: len(data) // 2])
    with pytest.raises(BadRelease) as caught:
        releases.check_file(setup_file, release)
    assert caught.value.refusal is Refusal.SIZE
    setup_file.write_bytes(data[:-1] + b"\x00")
    with pytest.raises(BadRelease) as caught:
        releases.check_file(setup_file, release)
    assert caught.value.refusal is Refusal.HASH


@pytest.mark.parametrize(("offered", "running"), [("0.1.0", "0.1.0"), ("0.1.9", "0.1.10")])
def test_an_older_or_same_version_is_never_offered(setup_file, key, offered, running):
    release = releases.sign(setup_file, offered, "", key)
    with pytest.raises(BadRelease) as caught:
        releases.check_offer(release, running, releases.WINDOWS, [key.public_key()])
    assert caught.value.refusal is Refusal.NOT_NEWER


def test_versions_compare_as_numbers():
    assert releases.is_newer("0.1.10", "0.1.9")
    assert not releases.is_newer("0.2", "0.2.0")
    for bad in ("0.2.0-beta", "", "1", "v0.2.0", "0..2"):
        with pytest.raises(BadRelease):
            releases.parse_version(bad)


def test_no_trusted_key_takes_nothing(setup_file, key):
    release = releases.sign(setup_file, "0.2.0", "", key)
    with pytest.raises(BadRelease) as caught:
        releases.verify(release, [])
    assert caught.value.refusal is Refusal.NO_KEYS


def test_the_shipped_keys_file_reads(tmp_path, key):
    # Every line of the file this build carries is a key (today: none, only comments).
    assert all(releases.key_id(k) for k in releases.trusted_keys())
    keys = tmp_path / "keys.txt"
    keys.write_text(f"# rotation\n{releases.public_text(key.public_key())}  # new\n")
    assert [releases.key_id(k) for k in releases.read_keys(keys)] == [
        releases.key_id(key.public_key())
    ]


def test_a_malformed_manifest_is_refused_with_its_reason():
    good = {"version": "0.2.0", "platform": "windows-x64", "size": 5, "sha256": "a" * 64,
            "notes": "", "signature": ""}  # fmt: skip
    Release.from_json(good)
    for bad in ({**good, "size": "5"}, {**good, "size": True}, {**good, "sha256": "A" * 64},
                {k: v for k, v in good.items() if k != "version"}, [good]):  # fmt: skip
        with pytest.raises(BadRelease) as caught:
            Release.from_json(bad)
        assert caught.value.refusal is Refusal.FORMAT


def test_the_command_line_signs_and_verifies(setup_file, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOTAY_RELEASE_KEY_PASSPHRASE", "mật khẩu dài")
    private = tmp_path / "release.pem"
    assert releases.main(["keygen", str(private)]) == 0
    public_line = capsys.readouterr().out
    assert b"ENCRYPTED" in private.read_bytes()
    keys = tmp_path / "keys.txt"
    keys.write_text(public_line)
    notes = tmp_path / "notes.txt"
    notes.write_text("Bản 0.2.0: in danh sách nhanh hơn.\n", encoding="utf-8")
    args = ["sign", str(setup_file), "--version", "0.2.0", "--notes", str(notes)]
    assert releases.main([*args, "--key", str(private)]) == 0
    manifest = json.loads(releases.manifest_path(setup_file).read_text("utf-8"))
    assert manifest["notes"] == "Bản 0.2.0: in danh sách nhanh hơn."
    assert releases.main(["verify", str(setup_file), "--keys", str(keys)]) == 0
    assert releases.main(["keygen", str(private)]) == 1  # never over an existing key
    setup_file.write_bytes(setup_file.read_bytes() + b"!")
    assert releases.main(["verify", str(setup_file), "--keys", str(keys)]) == 1
    assert "size" in capsys.readouterr().err
