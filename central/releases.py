"""The app's installers the service hosts (issue 20): published from the command line or the
web administration, offered to the laptops or held back, rolled back.

A release is published only when its signed manifest verifies under a trusted key and the file
is exactly the signed one. That check only catches a mistake early (a wrong file, an unsigned
build): the laptop checks the same signature against the keys the app itself carries before it
runs anything, so a server, mistaken or compromised, can offer nothing the project did not sign.

The files are kept under the data folder's releases/, named by their SHA-256, each written to
a temporary name and renamed once complete and checked: never a half-written installer under
its name. A row is added only once its file is there."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Engine, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from central import tables as T
from central.config import Config
from sotay import releases
from sotay.releases import APP, BadRelease, Refusal, Release

log = logging.getLogger("central")

OFFERED, HELD = "offered", "held"
FOLDER = "releases"  # under the data folder
# A platform's name goes into the file's URL: letters, digits and dashes (windows-x64).
PLATFORM = r"^[a-z0-9][a-z0-9_-]{0,39}$"
VERSION = r"^\d{1,4}(\.\d{1,4}){1,3}$"  # sotay.releases' own rule
_PLATFORM = re.compile(PLATFORM)


class Conflict(Exception):
    """This version is published already, with other bytes: a release never changes."""


@dataclass(frozen=True, slots=True)
class Stored:
    release: Release
    key_id: str
    state: str
    published_at: datetime
    published_by: str

    def as_json(self) -> dict[str, Any]:
        """What GET /v1/app/latest answers: the signed manifest and where its file is."""
        r = self.release
        return {**r.to_json(), "url": f"/v1/app/file/{r.platform}/{r.version}"}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def folder(config: Config) -> Path:
    return config.data_dir / FOLDER


def file_path(config: Config, sha256: str) -> Path:
    return folder(config) / sha256


def keys(config: Config) -> list[Ed25519PublicKey]:
    """The keys this build carries, and those of the extra keys file if one is named."""
    trusted = releases.trusted_keys()
    if config.release_keys is not None:
        trusted += releases.read_keys(config.release_keys)
    return trusted


def _stored(row: Any) -> Stored:
    release = Release(
        version=row.version,
        platform=row.platform,
        size=row.size,
        sha256=row.sha256,
        notes=row.notes,
        signature=row.signature,
        app=APP,
    )
    return Stored(release, row.key_id, row.state, row.published_at, row.published_by)


def find(conn: Connection, platform: str, version: str) -> Stored | None:
    row = conn.execute(
        select(T.app_release).where(
            T.app_release.c.platform == platform, T.app_release.c.version == version
        )
    ).first()
    return _stored(row) if row is not None else None


def listed(conn: Connection, platform: str | None = None) -> list[Stored]:
    """Every release (of one platform), newest version first."""
    query = select(T.app_release)
    if platform is not None:
        query = query.where(T.app_release.c.platform == platform)
    rows = [_stored(r) for r in conn.execute(query)]
    rows.sort(key=lambda s: (s.release.platform, releases.parse_version(s.release.version)))
    rows.reverse()
    return rows


def offered(conn: Connection, platform: str) -> Stored | None:
    """The release laptops are told of: the highest offered version (by number, not text:
    0.10 is newer than 0.9)."""
    return next((s for s in listed(conn, platform) if s.state == OFFERED), None)


def check(release: Release, trusted: list[Ed25519PublicKey]) -> Ed25519PublicKey:
    """The manifest is the app's, for a platform a URL can name, signed by a trusted key."""
    if release.app != APP:
        raise BadRelease(Refusal.PLATFORM, f"a release of {release.app!r}, not of {APP}")
    if not _PLATFORM.match(release.platform):
        raise BadRelease(Refusal.PLATFORM, f"platform {release.platform!r}")
    return releases.verify(release, trusted)


def store_file(config: Config, source: IO[bytes], release: Release) -> Path:
    """Copy `source` under its hash, checked against the signed size and hash once copied (what
    is stored is what was checked), written to a temporary name and renamed when whole."""
    where = folder(config)
    where.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=where, prefix=".incoming-")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(source, out, releases.CHUNK)
            out.flush()
            os.fsync(out.fileno())
        releases.check_file(temporary, release)
        final = file_path(config, release.sha256)
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):  # the rename itself survives a power cut
        dir_fd = os.open(where, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return final


def check_stream(source: IO[bytes], release: Release) -> None:
    """check_file, for bytes not kept."""
    digest, size = hashlib.sha256(), 0
    while block := source.read(releases.CHUNK):
        digest.update(block)
        size += len(block)
    if size != release.size:
        raise BadRelease(Refusal.SIZE, f"{size} bytes, {release.size} signed")
    if digest.hexdigest() != release.sha256:
        raise BadRelease(Refusal.HASH)


def publish(
    config: Config,
    source: IO[bytes],
    release: Release,
    by: str,
    *,
    current: Engine,
    writing: Callable[[], AbstractContextManager[Connection]],
    hold: bool = False,
) -> tuple[Stored, bool]:
    """Check and store a release: (what is stored, whether it is new). The same version with
    the same bytes again changes nothing; with other bytes it is refused (Conflict). The file
    is copied and hashed before the write transaction, which then only adds its row (on SQLite
    the writers queue: a push must not wait for an installer's copy)."""
    signer = check(release, keys(config))
    with current.connect() as conn:
        known = find(conn, release.platform, release.version)
    if known is not None and known.release.sha256 != release.sha256:
        raise Conflict(f"{release.platform} {release.version} is published already, another file")
    if known is None or not file_path(config, release.sha256).is_file():
        store_file(config, source, release)  # or put back, when its file had gone
    else:  # stored already: still said when the file given is not the signed one
        check_stream(source, release)
    row = {
        "platform": release.platform,
        "version": release.version,
        "size": release.size,
        "sha256": release.sha256,
        "notes": release.notes,
        "signature": release.signature,
        "key_id": releases.key_id(signer),
        "state": HELD if hold else OFFERED,
        "published_at": utcnow(),
        "published_by": by,
    }
    try:
        with writing() as conn:
            known = find(conn, release.platform, release.version)
            if known is None:
                conn.execute(T.app_release.insert().values(**row))
                stored = find(conn, release.platform, release.version)
    except IntegrityError:  # published at this moment by someone else: said, not a 500
        raise Conflict(
            f"{release.platform} {release.version} was being published already"
        ) from None
    if known is not None:
        if known.release.sha256 != release.sha256:
            raise Conflict(
                f"{release.platform} {release.version} is published already, another file"
            )
        return known, False
    log.info(
        "release %s %s published by %s (%s)", release.platform, release.version, by, row["state"]
    )
    assert stored is not None
    return stored, True


def refusal(exc: BadRelease) -> str:
    """Why a release is refused, in one line for the command line."""
    detail = str(exc).split(": ", 1)[1] if ": " in str(exc) else ""
    return {
        Refusal.FORMAT: f"the manifest is not a release manifest ({detail})",
        Refusal.SIGNATURE: "the manifest is not signed by a trusted release key",
        Refusal.NO_KEYS: "this service trusts no release key (sotay/release_keys.txt has none;"
        " --release-keys FILE adds some)",
        Refusal.SIZE: f"the file is not the signed size ({detail}): cut short, or another file",
        Refusal.HASH: "the file's SHA-256 is not the signed one: damaged, or another file",
        Refusal.PLATFORM: f"not a release this service can offer ({detail})",
    }.get(exc.refusal, str(exc))


def set_state(conn: Connection, platform: str, version: str, state: str) -> bool:
    """Offer or hold one release; False when there is no such release."""
    done = conn.execute(
        update(T.app_release)
        .where(T.app_release.c.platform == platform, T.app_release.c.version == version)
        .values(state=state)
    )
    if done.rowcount:
        log.info("release %s %s now %s", platform, version, state)
    return bool(done.rowcount)


def rollback(conn: Connection, platform: str) -> tuple[Stored | None, Stored | None]:
    """The offered release is held: (the one held, the one now offered), either None. A laptop
    that took the held one keeps it (it never downgrades); the others are not offered it."""
    current = offered(conn, platform)
    if current is None:
        return None, None
    set_state(conn, platform, current.release.version, HELD)
    return current, offered(conn, platform)
