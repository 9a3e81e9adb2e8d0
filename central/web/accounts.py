"""Accounts of the commune and province officials, and their browser sessions.

Passwords are hashed with Argon2id (argon2-cffi, its recommended parameters). A session is a
random cookie; the database keeps only its hash, with the session's CSRF token. Five wrong
passwords in a row lock the account for 15 minutes (the login page also slows each address
down: central/deps.py, login_allowed)."""

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
from sqlalchemy import delete, func, insert, select, update
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
LOCK_AFTER = 5
LOCK_FOR = timedelta(minutes=15)
FAILED = "failed"  # what judge_login asks record_login to count
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
        "failed_logins": 0,
    }
    conn.execute(insert(T.account).values(**row))
    return _account(type("Row", (), row))


def set_password(conn: Connection, username: str, password: str) -> bool:
    if len(password) < MIN_PASSWORD:
        raise AccountProblem(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
    done = conn.execute(
        update(T.account)
        .where(T.account.c.username == normal_username(username))
        .values(password_hash=HASHER.hash(password), failed_logins=0, locked_until=None)
    )
    if done.rowcount:
        account_id = conn.scalar(
            select(T.account.c.id).where(T.account.c.username == normal_username(username))
        )
        conn.execute(delete(T.web_session).where(T.web_session.c.account_id == account_id))
    return done.rowcount == 1


def list_accounts(conn: Connection, scope: Scope | None = None) -> list[dict[str, Any]]:
    a = T.account.c
    query = select(T.account).order_by(a.province_code, a.commune_code, a.username)
    if scope is not None:
        query = query.where(a.province_code == scope.province_code)
        if scope.commune_code is not None:
            query = query.where(a.commune_code == scope.commune_code)
    return [dict(r._mapping) for r in conn.execute(query)]


def disable(conn: Connection, username: str) -> bool:
    a = T.account.c
    account_id = conn.scalar(select(a.id).where(a.username == normal_username(username)))
    if account_id is None:
        return False
    conn.execute(update(T.account).where(a.id == account_id).values(disabled_at=utcnow()))
    conn.execute(delete(T.web_session).where(T.web_session.c.account_id == account_id))
    return True


@dataclass(frozen=True, slots=True)
class LoginResult:
    account: Account | None
    locked_until: datetime | None = None


def find_login(conn: Connection, username: str) -> Any:
    """The account row a login names (None: unknown or disabled)."""
    row = conn.execute(
        select(T.account).where(T.account.c.username == normal_username(username))
    ).one_or_none()
    return None if row is None or row.disabled_at is not None else row


def judge_login(row: Any, password: str) -> tuple[LoginResult, dict[str, Any] | None]:
    """Whether the password opens the account, and what to write about it (the failure
    count, the lock, a newer hash). Slow on purpose (Argon2): run it outside any write
    transaction, so a login never holds up the laptops' pushes."""
    if row is None:
        with contextlib.suppress(VerificationError):
            HASHER.verify(_DUMMY, password)  # as long as a wrong password
        return LoginResult(None), None
    now = utcnow()
    if row.locked_until is not None and row.locked_until > now:
        return LoginResult(None, row.locked_until), None
    try:
        HASHER.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        locked = now + LOCK_FOR if row.failed_logins + 1 >= LOCK_AFTER else None
        return LoginResult(None, locked), {FAILED: True}
    values: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
    if HASHER.check_needs_rehash(row.password_hash):
        values["password_hash"] = HASHER.hash(password)
    return LoginResult(_account(row)), values


def record_login(conn: Connection, row: Any, values: dict[str, Any] | None) -> bool:
    """Write what judge_login decided. False when a right password came too late: a guess
    checked at the same time locked the account meanwhile (the lock stands)."""
    if row is None or values is None:
        return True
    a = T.account.c
    if values.get(FAILED):
        # Counted in the database, not from the row read before the (slow) check: guesses
        # sent in parallel each count.
        conn.execute(
            update(T.account).where(a.id == row.id).values(failed_logins=a.failed_logins + 1)
        )
        failed = conn.scalar(select(a.failed_logins).where(a.id == row.id)) or 0
        if failed >= LOCK_AFTER:
            conn.execute(
                update(T.account)
                .where(a.id == row.id)
                .values(failed_logins=0, locked_until=utcnow() + LOCK_FOR)
            )
        return True
    done = conn.execute(
        update(T.account)
        .where(a.id == row.id, (a.locked_until.is_(None)) | (a.locked_until <= utcnow()))
        .values(**values)
    )
    return done.rowcount == 1


def check_password(conn: Connection, username: str, password: str) -> LoginResult:
    """The account when the password is right (and the account usable). Counts failures;
    a locked account is refused even with the right password."""
    row = find_login(conn, username)
    result, values = judge_login(row, password)
    if not record_login(conn, row, values):
        return LoginResult(None, utcnow() + LOCK_FOR)
    return result


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
