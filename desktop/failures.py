"""Failures the world causes, told apart by kind: a full disk, a read-only folder, a busy or
damaged data file, and (raised by sync) the network and the central service. No Qt.

Kinds come from exception types and error codes, never from message text: SQLite's and the
system's messages change with versions and with the language of Windows. An exception
`classify` does not know is a bug.
"""

from __future__ import annotations

import errno
import sqlite3
from enum import StrEnum


class Failure(StrEnum):
    # The disk and the data file.
    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"  # write-protected disk, read-only file or folder, no permission
    BUSY = "busy"  # another connection (another copy of the app) holds the data file
    IO_ERROR = "io_error"  # a read or write failed: a removed drive, a bad sector, no such file
    DAMAGED = "damaged"  # the data file fails SQLite's checks
    NEWER_DATA = "newer_data"  # a newer version of the app wrote the data file
    # The network and the central service: sync raises exceptions carrying these as `failure`.
    OFFLINE = "offline"  # no network, or the service's address cannot be reached
    TIMEOUT = "timeout"
    PORTAL = "portal"  # a Wi-Fi login page answered instead of the service
    UNAUTHORIZED = "unauthorized"  # the laptop's credentials were refused
    REVOKED = "revoked"  # the laptop was removed from the team
    SERVER_BUSY = "server_busy"  # try again later
    SERVER_ERROR = "server_error"
    SERVER_FULL = "server_full"
    BAD_CODE = "bad_code"  # a joining code that does not exist
    CODE_EXPIRED = "code_expired"
    CODE_USED = "code_used"
    WRONG_SERVER = "wrong_server"  # the address answers, but not as our central service
    CLOCK_SKEW = "clock_skew"  # the laptop's clock is too far from the service's
    STALE = "stale"  # the record changed since the form loaded it
    REPAIRING = "repairing"  # a rebuilt index is being checked: saves wait a moment
    OTHER_TEAM = "other_team"  # the profile holds another team's records
    DEMO = "demo"  # a demo profile's made-up data must never reach a real service


# By SQLite's primary result code: an extended code (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED,
# SQLITE_BUSY_SNAPSHOT...) carries it in its low byte.
SQLITE_KINDS: dict[int, Failure] = {
    sqlite3.SQLITE_FULL: Failure.DISK_FULL,
    sqlite3.SQLITE_BUSY: Failure.BUSY,
    sqlite3.SQLITE_LOCKED: Failure.BUSY,
    sqlite3.SQLITE_READONLY: Failure.READ_ONLY,
    sqlite3.SQLITE_PERM: Failure.READ_ONLY,
    sqlite3.SQLITE_IOERR: Failure.IO_ERROR,
    sqlite3.SQLITE_CANTOPEN: Failure.IO_ERROR,
    sqlite3.SQLITE_CORRUPT: Failure.DAMAGED,
    sqlite3.SQLITE_NOTADB: Failure.DAMAGED,
}

# Windows' own error codes arrive mapped to these (ERROR_DISK_FULL to ENOSPC, ERROR_WRITE_PROTECT
# and ERROR_ACCESS_DENIED to EACCES).
ERRNO_KINDS: dict[int, Failure] = {
    errno.ENOSPC: Failure.DISK_FULL,
    errno.EROFS: Failure.READ_ONLY,
    errno.EACCES: Failure.READ_ONLY,
    errno.EPERM: Failure.READ_ONLY,
}
if hasattr(errno, "EDQUOT"):  # a disk quota: full, for this user
    ERRNO_KINDS[errno.EDQUOT] = Failure.DISK_FULL


def classify(exc: BaseException) -> Failure | None:
    """The kind of a failure the world causes, or None for anything else (a bug)."""
    # The app's own exceptions carry their kind (the store's DatabaseDamaged and
    # ReadOnlyProfile, sync's): this module needs none of them, and sits beneath them all.
    kind = getattr(exc, "failure", None)
    if isinstance(kind, Failure):
        return kind
    if isinstance(exc, sqlite3.Error):
        # Absent on errors the sqlite3 module raises itself (a closed connection: a bug).
        code = getattr(exc, "sqlite_errorcode", None)
        return SQLITE_KINDS.get(code & 0xFF) if isinstance(code, int) else None
    if isinstance(exc, OSError):
        import socket  # here: kept off the app's start-up

        # The network's OSErrors are not the disk's: a refused connection is no I/O error.
        if isinstance(exc, TimeoutError):
            return Failure.TIMEOUT
        if isinstance(exc, ConnectionError | socket.gaierror | socket.herror):
            return Failure.OFFLINE
        return ERRNO_KINDS.get(exc.errno, Failure.IO_ERROR) if exc.errno else Failure.IO_ERROR
    return None
