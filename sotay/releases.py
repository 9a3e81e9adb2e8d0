"""Signed releases: what a release's signature covers, how a laptop and a server check it, and
which keys they trust.

The project signs each installer's *manifest* (version, platform, size, SHA-256, release notes)
with its Ed25519 release key, which is kept off-line and never enters the repository (README,
"Updates"). The laptop app and the central service carry the public keys
(`sotay/release_keys.txt`) and take a release only when its signature verifies under one of
them, and the installer only when its size and hash are the signed ones: a server, mistaken or
compromised, can offer nothing the project did not sign.

    python -m sotay.releases keygen KEYFILE            # a new key pair (the public line printed)
    python -m sotay.releases sign SETUP --version V --notes NOTES --key KEYFILE
                                                       # writes SETUP.release.json
    python -m sotay.releases verify SETUP              # checks SETUP against its manifest
"""

from __future__ import annotations

import argparse
import base64
import binascii
import enum
import getpass
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

APP = "sotay-cns"
WINDOWS = "windows-x64"  # the one platform with an installer today
MANIFEST_SUFFIX = ".release.json"  # beside the installer: SoTayCNS-0.2.0-setup.exe.release.json
KEYS_FILE = Path(__file__).with_name("release_keys.txt")
# What the signature covers starts with this, so no other Ed25519 message of the project's key
# can ever pass for a release.
DOMAIN = b"sotay-cns release v1\n"
MAX_NOTES = 20_000  # characters: notes are read on screen, not a book
_VERSION = re.compile(r"^\d{1,4}(\.\d{1,4}){1,3}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1 << 20


class Refusal(enum.StrEnum):
    """Why a release or its file is refused: the laptop words each one for its user."""

    FORMAT = "format"  # the manifest is not one (a field missing, of the wrong kind)
    SIGNATURE = "signature"  # signed by no trusted key, or not signed over these fields
    NO_KEYS = "no_keys"  # this build trusts no key at all
    SIZE = "size"  # the file is not the signed size (cut short, or longer)
    HASH = "hash"  # the file's SHA-256 is not the signed one
    PLATFORM = "platform"  # a release for another platform
    NOT_NEWER = "not_newer"  # not newer than what runs: a laptop never goes back


class BadRelease(ValueError):
    def __init__(self, refusal: Refusal, detail: str = "") -> None:
        super().__init__(f"{refusal}: {detail}" if detail else str(refusal))
        self.refusal = refusal


def parse_version(text: str) -> tuple[int, ...]:
    """`0.1.10` -> (0, 1, 10): numbers compared as numbers (0.1.10 is newer than 0.1.9)."""
    if not isinstance(text, str) or not _VERSION.match(text):
        raise BadRelease(Refusal.FORMAT, f"version {text!r}")
    parts = tuple(int(p) for p in text.split("."))
    return parts + (0,) * (4 - len(parts))  # 0.2 == 0.2.0


def is_newer(version: str, than: str) -> bool:
    return parse_version(version) > parse_version(than)


@dataclass(frozen=True)
class Release:
    version: str
    platform: str
    size: int
    sha256: str  # hex, lower case
    notes: str  # what changed, in Vietnamese: shown after the update
    signature: str = ""  # base64 of the Ed25519 signature of message()
    app: str = APP

    def message(self) -> bytes:
        """The signed bytes: every field but the signature, as canonical JSON."""
        fields = {k: v for k, v in asdict(self).items() if k != "signature"}
        return DOMAIN + json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Release:
        """A manifest from a file or a server's answer, its fields' kinds checked (not its
        signature: `verify`)."""
        if not isinstance(data, dict):
            raise BadRelease(Refusal.FORMAT, "not an object")
        try:
            release = cls(
                version=data["version"],
                platform=data["platform"],
                size=data["size"],
                sha256=data["sha256"],
                notes=data.get("notes", ""),
                signature=data["signature"],
                app=data.get("app", APP),
            )
        except KeyError as exc:
            raise BadRelease(Refusal.FORMAT, f"{exc.args[0]} missing") from None
        parse_version(release.version)
        if not all(isinstance(v, str) for v in (release.platform, release.notes, release.app)):
            raise BadRelease(Refusal.FORMAT, "platform, notes and app are text")
        if type(release.size) is not int or release.size <= 0:
            raise BadRelease(Refusal.FORMAT, "size")
        if not isinstance(release.sha256, str) or not _SHA256.match(release.sha256):
            raise BadRelease(Refusal.FORMAT, "sha256")
        if not isinstance(release.signature, str) or len(release.notes) > MAX_NOTES:
            raise BadRelease(Refusal.FORMAT, "signature or notes")
        return release


# --- keys ------------------------------------------------------------------------------------


def public_key(text: str) -> Ed25519PublicKey:
    """A key as `release_keys.txt` writes it: 32 bytes in base64."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"not an Ed25519 public key: {text[:20]!r}") from exc


def public_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def key_id(key: Ed25519PublicKey) -> str:
    """A short name for a key, for logs and the README: the start of its bytes' SHA-256."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def read_keys(path: Path) -> list[Ed25519PublicKey]:
    """One key per line; `#` starts a comment. Two keys during a rotation (README)."""
    keys = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            keys.append(public_key(text))
    return keys


def trusted_keys() -> list[Ed25519PublicKey]:
    """The keys this build carries (a missing file: none, so nothing is ever taken)."""
    try:
        return read_keys(KEYS_FILE)
    except FileNotFoundError:
        return []


# --- checking --------------------------------------------------------------------------------


def verify(release: Release, keys: Iterable[Ed25519PublicKey] | None = None) -> Ed25519PublicKey:
    """The trusted key that signed `release`, or BadRelease."""
    keys = list(trusted_keys() if keys is None else keys)
    if not keys:
        raise BadRelease(Refusal.NO_KEYS)
    try:
        signature = base64.b64decode(release.signature, validate=True)
    except (binascii.Error, ValueError):
        raise BadRelease(Refusal.SIGNATURE, "not base64") from None
    message = release.message()
    for key in keys:
        try:
            key.verify(signature, message)
        except InvalidSignature:
            continue
        return key
    raise BadRelease(Refusal.SIGNATURE, "signed by no trusted key")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path, release: Release) -> None:
    """The installer is exactly the signed one: its size first (cheap: a cut download), then
    its hash."""
    size = path.stat().st_size
    if size != release.size:
        raise BadRelease(Refusal.SIZE, f"{size} bytes, {release.size} signed")
    if file_sha256(path) != release.sha256:
        raise BadRelease(Refusal.HASH)


def check_offer(release: Release, running: str, platform: str, keys: Any = None) -> None:
    """What a laptop checks before it downloads a byte: newer than what runs, for this
    platform, signed by a trusted key."""
    if release.app != APP or release.platform != platform:
        raise BadRelease(Refusal.PLATFORM, f"{release.app} {release.platform}")
    if not is_newer(release.version, running):
        raise BadRelease(Refusal.NOT_NEWER, f"{release.version} <= {running}")
    verify(release, keys)


# --- signing (the project's release machine) ---------------------------------------------------


def sign(
    path: Path, version: str, notes: str, key: Ed25519PrivateKey, platform: str = WINDOWS
) -> Release:
    parse_version(version)
    unsigned = Release(version, platform, path.stat().st_size, file_sha256(path), notes)
    signature = base64.b64encode(key.sign(unsigned.message())).decode()
    release = Release(**{**asdict(unsigned), "signature": signature})
    verify(release, [key.public_key()])
    return release


def manifest_path(setup: Path) -> Path:
    return setup.with_name(setup.name + MANIFEST_SUFFIX)


def write_manifest(setup: Path, release: Release) -> Path:
    path = manifest_path(setup)
    path.write_text(json.dumps(release.to_json(), ensure_ascii=False, indent=2), "utf-8")
    return path


def read_manifest(path: Path) -> Release:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRelease(Refusal.FORMAT, f"{path.name}: {exc}") from None
    return Release.from_json(data)


def new_private_key(path: Path, passphrase: bytes | None) -> Ed25519PrivateKey:
    """A new key in PKCS#8 PEM, encrypted when given a passphrase; never over an old one."""
    key = Ed25519PrivateKey.generate()
    algorithm: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, algorithm
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return key


def load_private_key(path: Path, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), passphrase)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 key")
    return key


def _passphrase(prompt: str, ask: bool) -> bytes | None:
    """From SOTAY_RELEASE_KEY_PASSPHRASE, else asked at the terminal (empty: no passphrase)."""
    given = os.environ.get("SOTAY_RELEASE_KEY_PASSPHRASE")
    if given is not None:
        return given.encode() or None
    if not ask or not sys.stdin.isatty():
        return None
    return getpass.getpass(prompt).encode() or None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m sotay.releases", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("keygen", help="make a release key pair")
    g.add_argument("key", type=Path, help="the private key file to write (PEM)")
    s = sub.add_parser("sign", help="sign an installer: writes INSTALLER.release.json")
    s.add_argument("setup", type=Path)
    s.add_argument("--version", required=True)
    s.add_argument("--notes", type=Path, required=True, help="release notes (UTF-8 text)")
    s.add_argument("--key", type=Path, required=True)
    s.add_argument("--platform", default=WINDOWS)
    v = sub.add_parser("verify", help="check an installer against its manifest and the keys")
    v.add_argument("setup", type=Path)
    v.add_argument("--keys", type=Path, help="a keys file instead of this build's")
    args = p.parse_args(argv)
    try:
        if args.command == "keygen":
            key = new_private_key(args.key, _passphrase("Passphrase (empty: none): ", True))
            print(f"{public_text(key.public_key())}  # key {key_id(key.public_key())}")
            return 0
        if args.command == "sign":
            key = load_private_key(args.key, _passphrase("Passphrase: ", True))
            notes = args.notes.read_text(encoding="utf-8").strip()
            release = sign(args.setup, args.version, notes, key, args.platform)
            print(write_manifest(args.setup, release))
            return 0
        release = read_manifest(manifest_path(args.setup))
        signer = verify(release, read_keys(args.keys) if args.keys else None)
        check_file(args.setup, release)
        print(f"{args.setup.name}: {release.version}, signed by key {key_id(signer)}")
        return 0
    except (BadRelease, OSError, ValueError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
