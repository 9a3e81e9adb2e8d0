"""The sync protocol, shared by the laptop (desktop/sync) and the central service (central/).

Standard library (and sotay.domain.fields) only: the central service imports this module
without PySide6, and the laptop imports it without FastAPI.

A laptop pushes its outbox as batches of changes; the server answers one receipt per change.
It pulls the team's other changes after a cursor the server issued. See `central/ingest.py`
for the rules a change is judged by.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

# Re-exported: both sides read the record fields from here.
from sotay.domain.fields import COMMON as COMMON
from sotay.domain.fields import FIELDS as FIELDS

API_VERSION = 1

# --- entities -----------------------------------------------------------------------------------

# What travels for each kind of record (defined with the records: the store needs it too).
ENTITIES: tuple[str, ...] = tuple(FIELDS)


class Op(StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"


class Status(StrEnum):
    ACCEPTED = "accepted"  # applied; `version` is the record's new server version
    DUPLICATE = "duplicate"  # already there (a retried batch, or the same content)
    CONFLICT = "conflict"  # based on a version another laptop has changed since
    REJECTED = "rejected"  # refused for good (`code`, `message`); never retried as it is


ACKNOWLEDGED = (Status.ACCEPTED, Status.DUPLICATE)


class Reject(StrEnum):
    """Codes of rejected changes (the laptop shows them in its "needs attention" list)."""

    UNKNOWN_ENTITY = "unknown_entity"
    INVALID = "invalid"  # a field is missing, of the wrong type or too long
    WRONG_TEAM = "wrong_team"  # a team record that is not the laptop's own team
    BAD_VERSION = "bad_version"  # a base_version no record gets to (or past the column's limit)


def invalid_message(parts: Iterable[tuple[str, str]]) -> str:
    """The message of an `invalid` rejection: "where: why; where: why" (the field's path, then
    the validator's words). Read back by invalid_parts, on the laptop and the dashboard."""
    return "; ".join(f"{where}: {why}" for where, why in parts)


def invalid_parts(message: str) -> list[tuple[str, str]]:
    """(where, why) of each part of an `invalid` rejection's message; ("", part) for a part
    that names no field."""
    found = []
    for part in message.split("; "):
        if part.strip():
            where, sep, why = part.partition(": ")
            found.append((where.strip(), why) if sep else ("", part))
    return found


# --- limits -------------------------------------------------------------------------------------

BATCH_CHANGES = 500  # changes per push
BATCH_BYTES = 256 * 1024  # uncompressed JSON per push, before the client splits
MAX_BODY = 2 * 1024 * 1024  # a request body on the wire (compressed)
MAX_INFLATED = 16 * 1024 * 1024  # a request body once inflated (a gzip bomb stops here)
PULL_LIMIT = 2000  # records per pull page (the server may return fewer)
FETCH_LIMIT = 500  # records asked for by id in one fetch (the repair of missing records)
MAX_TEXT = 2000  # any text field, in characters
# Versions are 32-bit columns. A base_version the server cannot check against a version it
# holds (a record it does not have, or lost to a restore) is taken up to VERSION_CEILING only:
# no record is edited a billion times, and the ones above it leave room for every later edit.
MAX_VERSION = 2**31 - 1
VERSION_CEILING = 2**30

# --- enrolment codes ----------------------------------------------------------------------------

# Read aloud over the phone and typed by a volunteer: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V.
CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
CODE_LENGTH = 8


def normalise_code(text: str) -> str:
    """What the user typed, as the server compares it: upper case, no spaces or dashes."""
    return "".join(c for c in text.upper() if c.isascii() and c.isalnum())


def format_code(code: str) -> str:
    """ABCD-EFGH: easier to read aloud."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


# --- hashing ------------------------------------------------------------------------------------


def canonical(value: Any) -> bytes:
    # ASCII escapes: any string hashes, even one the server will refuse to store.
    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":")).encode()


# Who recorded a record and when (by a laptop's clock) is not its content: two laptops that
# seed the same catalogue item, or save the same state, make the same change.
NOT_CONTENT = ("created_at", "recorded_by")


def change_hash(entity: str, record_id: str, op: str, payload: dict[str, Any]) -> str:
    """Identifies a change's content: a retried change hashes the same."""
    content = {k: v for k, v in payload.items() if k not in NOT_CONTENT}
    return hashlib.sha256(canonical([entity, record_id, op, content])).hexdigest()[:32]


def token_hash(token: str) -> str:
    """The server keeps only this of a device token."""
    return hashlib.sha256(token.encode()).hexdigest()


# --- headers ------------------------------------------------------------------------------------

SERVER_HEADER = "X-Sotay-Server"  # every answer of ours carries the server id
BATCH_HEADER = "X-Sotay-Batch"  # a push answer echoes the batch id here and in its body
# What a laptop already holds from this server, sent on push and pull: the server's id, the
# cursor of the team's feed and the last seq of its own outbox the server acknowledged. A
# server behind that was restored from a backup nobody announced (central/restored.py). A
# header, not a body field: servers from before it ignore it (the push body is strict).
KNOWN_HEADER = "X-Sotay-Known"


def known_header(server_id: str, cursor: str, acked: int) -> str:
    return f"server={server_id}; cursor={cursor}; acked={acked}"


def read_known(text: str) -> dict[str, str]:
    """The parts of a KNOWN_HEADER value; a part that does not read is left out."""
    parts = {}
    for part in text.split(";"):
        key, sep, value = part.strip().partition("=")
        if sep and key in ("server", "cursor", "acked"):
            parts[key] = value.strip()
    return parts
