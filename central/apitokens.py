"""API tokens of the dashboard accounts, for the province's systems that read the figures' feed
(GET /v1/feed/figures, central/routes/figures.py).

An admin issues one on the command line (`python -m central account token USER`); it is printed
once and the database keeps only its SHA-256, as for the laptops' device tokens. A token reads
exactly what its account sees on the pages (a commune account its commune), so a disabled
account's tokens stop working with it, and a scope changed on the account changes the feed too.
An account may hold several tokens (one per system reading it, or a new one before the old is
revoked); `--revoke` ends them all."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from central import tables as T
from central.rollups import utcnow
from central.web.accounts import Account, _account, normal_username
from sotay.protocol import token_hash

# The token's own mark, so that a secret scanner (or a person) can tell what a leaked one is.
PREFIX = "sotay_feed_"
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often


@dataclass(frozen=True, slots=True)
class TokenAuth:
    """Who a token is: its account, or why it is refused (`refused` is a reason code)."""

    token_hash: str
    account: Account | None
    refused: str | None  # "unknown", "revoked", "disabled"
    last_used_at: Any = None


def _account_id(conn: Connection, username: str) -> str | None:
    a = T.account.c
    return conn.scalar(select(a.id).where(a.username == normal_username(username)))


def issue(conn: Connection, username: str) -> str | None:
    """A new token for the account (None: no such account). Returned once, never stored."""
    account_id = _account_id(conn, username)
    if account_id is None:
        return None
    token = PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        insert(T.api_token).values(
            token_hash=token_hash(token), account_id=account_id, created_at=utcnow()
        )
    )
    return token


def revoke(conn: Connection, username: str) -> int | None:
    """End every token of the account; how many were in use (None: no such account)."""
    account_id = _account_id(conn, username)
    if account_id is None:
        return None
    t = T.api_token.c
    done = conn.execute(
        update(T.api_token)
        .where(t.account_id == account_id, t.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return int(done.rowcount or 0)


def listed(conn: Connection) -> list[dict[str, Any]]:
    """Every token (never the token itself): its account, when issued, last used, revoked."""
    t, a = T.api_token.c, T.account.c
    rows = conn.execute(
        select(
            a.username,
            a.scope,
            a.province_code,
            a.commune_code,
            t.token_hash,
            t.created_at,
            t.last_used_at,
            t.revoked_at,
        )
        .join(T.account, a.id == t.account_id)
        .order_by(a.username, t.created_at)
    )
    return [dict(r._mapping) for r in rows]


def active_count(conn: Connection, username: str) -> int:
    t, a = T.api_token.c, T.account.c
    return int(
        conn.scalar(
            select(func.count())
            .select_from(T.api_token)
            .join(T.account, a.id == t.account_id)
            .where(a.username == normal_username(username), t.revoked_at.is_(None))
        )
        or 0
    )


def authenticate(conn: Connection, token: str) -> TokenAuth:
    digest = token_hash(token)
    t, a = T.api_token.c, T.account.c
    row = conn.execute(
        select(T.account, t.revoked_at.label("token_revoked_at"), t.last_used_at)
        .join(T.api_token, t.account_id == a.id)
        .where(t.token_hash == digest)
    ).one_or_none()
    if row is None:
        return TokenAuth(digest, None, "unknown")
    if row.token_revoked_at is not None:
        return TokenAuth(digest, None, "revoked")
    if row.disabled_at is not None:
        return TokenAuth(digest, None, "disabled")
    return TokenAuth(digest, _account(row), None, row.last_used_at)


def touch(conn: Connection, digest: str) -> None:
    """Mark the token used (at most once a minute, so that reads rarely write)."""
    t = T.api_token.c
    now = utcnow()
    conn.execute(
        update(T.api_token)
        .where(
            t.token_hash == digest,
            (t.last_used_at.is_(None)) | (t.last_used_at < now - TOUCH_EVERY),
        )
        .values(last_used_at=now)
    )
