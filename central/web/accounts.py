"""Accounts of the commune and province officials, and their browser sessions.

Passwords are hashed with Argon2id (argon2-cffi, its recommended parameters). A session is a
random cookie; the database keeps only its hash, with the session's CSRF token.

Guessing is slowed without locking anyone out (OWASP's "device cookies"): five wrong passwords
for a username within 15 minutes lock that username for 15 minutes, but only for browsers
where it never signed in; a browser where it did (its `known browser` cookie, given at each
login) still gets in with the right password, and its own wrong passwords are counted apart.
The lock is kept for any username typed, existing or not, so that no answer tells which
names exist. The login page also slows each address down, except for known browsers
(central/deps.py, login_allowed)."""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import case, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from central import tables as T
from central.dashboard import Scope
from central.rollups import utcnow
from sotay.domain.cleaning import clean_line

HASHER = PasswordHasher()
# Verified when the username is unknown, so a wrong name takes as long as a wrong password.
_DUMMY = HASHER.hash(secrets.token_urlsafe(16))

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
MIN_PASSWORD = 10
LOCK_AFTER = 5  # wrong passwords for a username, from browsers it never signed in from
LOCK_FOR = timedelta(minutes=15)
KNOWN_FOR = timedelta(days=90)  # a browser stays known this long after its sign-in
KNOWN_STRIKES = 10  # wrong passwords from a known browser before it is known no more
IDLE = timedelta(hours=8)  # a session unused this long is over
LONGEST = timedelta(days=7)  # and any session after a week


class AccountProblem(ValueError):
    """Why an account could not be made; the message is shown to the admin as it is."""


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    username: str
    full_name: str
    scope: str  # "commune" or "province"
    province_code: int
    commune_code: int | None
    admin: bool

    @property
    def sees(self) -> Scope:
        return Scope(self.province_code, self.commune_code if self.scope == "commune" else None)


def _account(row: Any) -> Account:
    return Account(
        row.id,
        row.username,
        row.full_name,
        row.scope,
        row.province_code,
        row.commune_code,
        bool(row.admin),
    )


def normal_username(name: str) -> str:
    return clean_line(name).strip().lower()


def create(
    conn: Connection,
    username: str,
    full_name: str,
    password: str,
    *,
    commune_code: int | None = None,
    province_code: int | None = None,
    admin: bool = False,
) -> Account:
    """A commune account (`commune_code`) or a province account (`province_code`)."""
    from central.teams import UnknownCommune, commune, province

    username = normal_username(username)
    if (
        not username
        or len(username) > 64
        or not username.replace(".", "").replace("_", "").replace("-", "").isalnum()
    ):
        raise AccountProblem(
            "Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch dưới (tối đa 64 ký tự)."
        )
    if len(password) < MIN_PASSWORD:
        raise AccountProblem(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
    if (commune_code is None) == (province_code is None):
        raise AccountProblem("Tài khoản thuộc một xã/phường hoặc một tỉnh/thành phố.")
    if commune_code is not None:
        try:
            code, _name, prov, _pname = commune(commune_code)
        except UnknownCommune:
            raise AccountProblem(f"Không có xã/phường mã {commune_code}.") from None
        scope, province_code, commune_code = "commune", prov, code
    else:
        assert province_code is not None
        if province(province_code) is None:
            raise AccountProblem(f"Không có tỉnh/thành phố mã {province_code}.")
        scope = "province"
    taken = conn.scalar(select(func.count()).where(T.account.c.username == username))
    if taken:
        raise AccountProblem(f"Tên đăng nhập “{username}” đã có.")
    row = {
        "id": str(uuid.uuid4()),
        "username": username,
        "full_name": clean_line(full_name)[:200] or username,
        "password_hash": HASHER.hash(password),
        "scope": scope,
        "province_code": province_code,
        "commune_code": commune_code,
        "admin": admin,
        "created_at": utcnow(),
    }
    conn.execute(insert(T.account).values(**row))
    return _account(type("Row", (), row))


def set_password(conn: Connection, username: str, password: str) -> bool:
    if len(password) < MIN_PASSWORD:
        raise AccountProblem(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
    done = conn.execute(
        update(T.account)
        .where(T.account.c.username == normal_username(username))
        .values(password_hash=HASHER.hash(password))
    )
    if done.rowcount:
        account_id = conn.scalar(
            select(T.account.c.id).where(T.account.c.username == normal_username(username))
        )
        # A new password (after a leak, say): every browser types it again.
        conn.execute(delete(T.web_session).where(T.web_session.c.account_id == account_id))
        conn.execute(delete(T.known_browser).where(T.known_browser.c.account_id == account_id))
        unlock(conn, username)
    return done.rowcount == 1


def list_accounts(conn: Connection, scope: Scope | None = None) -> list[dict[str, Any]]:
    a = T.account.c
    query = select(T.account).order_by(a.province_code, a.commune_code, a.username)
    if scope is not None:
        query = query.where(a.province_code == scope.province_code)
        if scope.commune_code is not None:
            query = query.where(a.commune_code == scope.commune_code)
    people = [dict(r._mapping) for r in conn.execute(query)]
    for person in people:
        person["locked_until"] = lock_of(conn, person["username"])
    return people


def disable(conn: Connection, username: str) -> bool:
    a = T.account.c
    account_id = conn.scalar(select(a.id).where(a.username == normal_username(username)))
    if account_id is None:
        return False
    conn.execute(update(T.account).where(a.id == account_id).values(disabled_at=utcnow()))
    conn.execute(delete(T.web_session).where(T.web_session.c.account_id == account_id))
    return True


def find_login(conn: Connection, username: str) -> Any:
    """The account row a login names (None: unknown or disabled)."""
    row = conn.execute(
        select(T.account).where(T.account.c.username == normal_username(username))
    ).one_or_none()
    return None if row is None or row.disabled_at is not None else row


def check_password(row: Any, password: str) -> tuple[Account | None, str | None]:
    """The account when the password opens it, and its newer hash when Argon2's parameters
    changed. Slow on purpose (Argon2): run it outside any write transaction, so a login
    never holds up the laptops' pushes. An unknown name takes as long as a wrong password."""
    if row is None:
        with contextlib.suppress(VerificationError):
            HASHER.verify(_DUMMY, password)
        return None, None
    try:
        HASHER.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None, None
    newer = HASHER.hash(password) if HASHER.check_needs_rehash(row.password_hash) else None
    return _account(row), newer


def _name_key(username: str) -> str:
    return hashlib.sha256(("login:" + normal_username(username)).encode()).hexdigest()


def lock_of(conn: Connection, username: str) -> datetime | None:
    """When the username's lock for unknown browsers ends, if it is locked now."""
    g = T.login_guard.c
    until = conn.scalar(select(g.locked_until).where(g.name_hash == _name_key(username)))
    return until if until is not None and until > utcnow() else None


def known_browser(conn: Connection, cookie: str, account_id: str | None) -> bool:
    """Whether this browser signed in to this account before (and not too long ago)."""
    if not cookie or len(cookie) > 100 or account_id is None:
        return False
    k = T.known_browser.c
    row = conn.execute(
        select(k.account_id, k.created_at).where(k.token_hash == _digest(cookie))
    ).one_or_none()
    return (
        row is not None and row.account_id == account_id and utcnow() - row.created_at < KNOWN_FOR
    )


def count_failure(conn: Connection, username: str, known_cookie: str = "") -> datetime | None:
    """A wrong password: counted against the known browser it came from, else against the
    username typed (existing or not). Returns when the lock ends if this one locked it.
    Counted in the database, not from a row read before the slow check: guesses sent in
    parallel each count."""
    now = utcnow()
    if known_cookie:
        k = T.known_browser.c
        digest = _digest(known_cookie)
        conn.execute(
            update(T.known_browser).where(k.token_hash == digest).values(failures=k.failures + 1)
        )
        conn.execute(
            delete(T.known_browser).where(k.token_hash == digest, k.failures >= KNOWN_STRIKES)
        )
        return None
    g = T.login_guard.c
    key = _name_key(username)
    # Names typed once and long quiet go: a script spraying names never grows the table.
    conn.execute(
        delete(T.login_guard).where(
            g.updated_at < now - 4 * LOCK_FOR,
            (g.locked_until.is_(None)) | (g.locked_until < now),
        )
    )
    fresh = g.updated_at >= now - LOCK_FOR  # an old count starts again
    counted = conn.execute(
        update(T.login_guard)
        .where(g.name_hash == key)
        .values(failures=case((fresh, g.failures + 1), else_=1), updated_at=now)
    )
    if counted.rowcount == 0:
        # The first for this name; a parallel guess may make the row first (then count here).
        made = _insert_new(conn.dialect.name, T.login_guard).values(
            name_hash=key, failures=1, updated_at=now
        )
        if conn.execute(made.on_conflict_do_nothing()).rowcount == 0:
            conn.execute(
                update(T.login_guard).where(g.name_hash == key).values(failures=g.failures + 1)
            )
    failures = conn.scalar(select(g.failures).where(g.name_hash == key)) or 0
    if failures < LOCK_AFTER:
        return None
    until = now + LOCK_FOR
    conn.execute(
        update(T.login_guard)
        .where(g.name_hash == key)
        .values(failures=0, locked_until=until, updated_at=now)
    )
    return until


def _insert_new(dialect: str, table: Any) -> Any:
    from sqlalchemy.dialects import postgresql, sqlite

    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


def record_sign_in(
    conn: Connection, account: Account, username: str, newer_hash: str | None, known: bool
) -> bool:
    """Write a right password. False when it came from an unknown browser after a guess
    checked at the same time locked the username (the lock stands)."""
    if not known:
        if lock_of(conn, username) is not None:
            return False
        unlock(conn, username)  # its count starts again
    if newer_hash is not None:
        conn.execute(
            update(T.account).where(T.account.c.id == account.id).values(password_hash=newer_hash)
        )
    return True


def remember_browser(conn: Connection, account_id: str) -> str:
    """A browser where the account signed in: the cookie that makes it known."""
    cookie = secrets.token_urlsafe(32)
    k = T.known_browser.c
    now = utcnow()
    conn.execute(delete(T.known_browser).where(k.created_at < now - KNOWN_FOR))
    conn.execute(
        insert(T.known_browser).values(
            token_hash=_digest(cookie), account_id=account_id, failures=0, created_at=now
        )
    )
    return cookie


def unlock(conn: Connection, username: str) -> bool:
    """The username's lock and count, gone (an admin's "Mở khóa", a new password)."""
    g = T.login_guard.c
    done = conn.execute(delete(T.login_guard).where(g.name_hash == _name_key(username)))
    return done.rowcount == 1


def _digest(cookie: str) -> str:
    return hashlib.sha256(cookie.encode()).hexdigest()


def open_session(conn: Connection, account_id: str) -> tuple[str, str]:
    """A new session: (cookie value, CSRF token). Always a new id: a session id planted in
    the browser before the login is never the one that gets signed in (fixation)."""
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    conn.execute(
        insert(T.web_session).values(
            id_hash=_digest(cookie), account_id=account_id, csrf=csrf, created_at=now, seen_at=now
        )
    )
    return cookie, csrf


@dataclass(frozen=True, slots=True)
class Session:
    account: Account
    csrf: str
    seen_at: datetime


def find_session(conn: Connection, cookie: str) -> Session | None:
    if not cookie or len(cookie) > 100:
        return None
    s, a = T.web_session.c, T.account.c
    row = conn.execute(
        select(T.account, s.csrf, s.created_at, s.seen_at)
        .join(T.web_session, s.account_id == a.id)
        .where(s.id_hash == _digest(cookie))
    ).one_or_none()
    if row is None or row.disabled_at is not None:
        return None
    now = utcnow()
    if now - row.seen_at > IDLE or now - row.created_at > LONGEST:
        return None
    return Session(_account(row), row.csrf, row.seen_at)


def touch_session(conn: Connection, cookie: str) -> None:
    """Mark the session used (at most once a minute, so reads rarely write)."""
    s = T.web_session.c
    now = utcnow()
    conn.execute(
        update(T.web_session)
        .where(s.id_hash == _digest(cookie), s.seen_at < now - timedelta(minutes=1))
        .values(seen_at=now)
    )


def close_session(conn: Connection, cookie: str) -> None:
    conn.execute(delete(T.web_session).where(T.web_session.c.id_hash == _digest(cookie)))


def forget_old_sessions(conn: Connection) -> None:
    s = T.web_session.c
    now = utcnow()
    conn.execute(
        delete(T.web_session).where((s.seen_at < now - IDLE) | (s.created_at < now - LONGEST))
    )
