"""Teams, enrolment codes and devices: what the admin command line and /v1/enroll share."""

from __future__ import annotations

import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from central import tables as T
from central.ingest import stored, utcnow
from sotay.domain.cleaning import clean_line
from sotay.protocol import CODE_ALPHABET, CODE_LENGTH, normalise_code, token_hash


class UnknownCommune(ValueError):
    pass


class CodeProblem(Exception):
    """Why an enrolment code was refused: 'code_unknown', 'code_expired' or 'code_used'."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class TeamInfo:
    id: str
    name: str
    province_code: int
    province_name: str
    commune_code: int
    commune_name: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "province_code": self.province_code,
            "province_name": self.province_name,
            "commune_code": self.commune_code,
            "commune_name": self.commune_name,
        }


def commune(code: int) -> tuple[int, str, int, str]:
    """(commune code, name, province code, name) from the official list (vietnam-provinces)."""
    from vietnam_provinces import Province, Ward, WardCode

    try:
        ward = Ward.from_code(WardCode(code))
    except ValueError:
        raise UnknownCommune(code) from None
    province = Province.from_code(ward.province_code)
    return int(ward.code), ward.name, int(ward.province_code), province.name


def province(code: int) -> str | None:
    """The province's official name, or None."""
    from vietnam_provinces import Province, ProvinceCode

    try:
        return Province.from_code(ProvinceCode(code)).name
    except ValueError:
        return None


def add_team(
    conn: Connection, commune_code: int, name: str, team_id: str | None = None
) -> TeamInfo:
    """A team of an official commune. `team_id`: the id the team had on a server that was
    replaced without its data (its laptops then move over and send everything again)."""
    code, commune_name, province_code, province_name = commune(commune_code)
    name = clean_line(name)  # as a laptop stores a typed name
    if not name:
        raise ValueError("a team needs a name")
    info = TeamInfo(
        team_id or str(uuid.uuid4()), name, province_code, province_name, code, commune_name
    )
    # The commune's own catalogue items (written by no laptop) come to a new team too.
    r = T.record.c
    published: dict[tuple[str, str], Any] = {}
    for row in conn.execute(
        select(r.entity, r.id, r.payload, r.hash, r.deleted, r.version)
        .join(T.team, T.team.c.id == r.team_id)
        .where(T.team.c.commune_code == code, r.device_id.is_(None))
        .order_by(r.version)
    ):
        published[(row.entity, row.id)] = row
    now = utcnow()
    conn.execute(
        insert(T.team).values(
            **info.as_json(), seq=len(published), epoch=secrets.token_hex(4), created_at=now
        )
    )
    for n, row in enumerate(published.values(), start=1):
        conn.execute(
            insert(T.record).values(
                team_id=info.id, entity=row.entity, id=row.id, version=1, deleted=row.deleted,
                payload=row.payload, hash=row.hash, seq=n, device_id=None, lineage=0,
                updated_at=now,
            )
        )  # fmt: skip
    return info


def get_team(conn: Connection, team_id: str) -> TeamInfo | None:
    row = conn.execute(select(T.team).where(T.team.c.id == team_id)).one_or_none()
    if row is None:
        return None
    return TeamInfo(
        row.id,
        row.name,
        row.province_code,
        row.province_name,
        row.commune_code,
        row.commune_name,
    )


def list_teams(conn: Connection) -> list[dict[str, Any]]:
    devices = (
        select(T.device.c.team_id, func.count().label("n"))
        .where(T.device.c.revoked_at.is_(None))
        .group_by(T.device.c.team_id)
        .subquery()
    )
    rows = conn.execute(
        select(T.team, func.coalesce(devices.c.n, 0).label("devices"))
        .outerjoin(devices, devices.c.team_id == T.team.c.id)
        .order_by(T.team.c.province_name, T.team.c.commune_name, T.team.c.name)
    )
    return [dict(r._mapping) for r in rows]


def _printable(text: str) -> str:
    """A laptop's own words about itself, without control characters (PostgreSQL refuses NUL)."""
    return "".join(c for c in text if c.isprintable())


def publish_catalogue_item(
    conn: Connection,
    commune_code: int,
    kind: str,
    name: str,
    *,
    active: bool = True,
    code: str | None = None,
) -> int:
    """A training topic or help service from the commune, written into every team of the
    commune as a change of nobody's laptop: each laptop receives it with its next pull. The
    same name is the same item as a laptop's own seed. Returns the number of teams.

    `code`: the standard indicator it counts for (sotay/domain/standard.py). Without one, a
    seed's name carries the seed's code, and an item a team already holds keeps its own."""
    from central import rollups
    from sotay.domain.fields import catalogue_id
    from sotay.domain.standard import SEED_CODES, valid_item_code
    from sotay.protocol import change_hash

    if kind not in ("topic", "service"):
        raise ValueError(kind)
    if not valid_item_code(kind, code):
        raise ValueError(f"{code} is not a standard indicator code of a {kind}")
    name = clean_line(name)  # as typed on a laptop: NFC gives the laptops' seed its id
    record_id = catalogue_id(kind, name)
    code = code or SEED_CODES.get((kind, name))  # type: ignore[arg-type]
    now = utcnow()
    payload: dict[str, Any] = {
        "name": name,
        "active": int(active),
        "sort": 100,
        "created_at": now.strftime("%Y-%m-%dT%H:%M:%S.000000Z"),
        "recorded_by": None,
        "deleted_at": None,
    }
    if code:
        payload["code"] = code
    digest = change_hash(kind, record_id, "upsert", payload)
    text = stored(payload)
    ids = list(
        conn.execute(select(T.team.c.id).where(T.team.c.commune_code == commune_code)).scalars()
    )
    r = T.record.c
    for team_id in ids:
        seq = (
            conn.execute(
                select(T.team.c.seq).where(T.team.c.id == team_id).with_for_update()
            ).scalar_one()
            + 1
        )
        conn.execute(update(T.team).where(T.team.c.id == team_id).values(seq=seq))
        current = conn.execute(
            select(r.version, r.payload).where(
                r.team_id == team_id, r.entity == kind, r.id == record_id
            )
        ).one_or_none()
        row = {"deleted": False, "hash": digest, "seq": seq, "device_id": None, "updated_at": now}
        if current is None:
            conn.execute(
                insert(T.record).values(
                    team_id=team_id, entity=kind, id=record_id, version=1, payload=text,
                    lineage=0, **row,
                )
            )  # fmt: skip
        else:
            kept = json.loads(current.payload)  # the team's own order (and code) stays
            merged = {**payload, "sort": kept.get("sort", 100)}
            if "code" not in payload and "code" in kept:
                merged["code"] = kept["code"]
            conn.execute(
                update(T.record)
                .where(r.team_id == team_id, r.entity == kind, r.id == record_id)
                .values(
                    version=current.version + 1,
                    payload=stored(merged),
                    lineage=current.version,
                    **{**row, "hash": change_hash(kind, record_id, "upsert", merged)},
                )
            )
        # Its code decides which figures the team's records count in.
        rollups.record_facts(conn, team_id, [(kind, record_id, False, payload)])
    return len(ids)


def new_epochs(conn: Connection) -> int:
    """After the database was restored from a backup: every team gets a new epoch, so every
    laptop's cursor is refused; each laptop then restores in full and sends again what the
    backup lacks. Returns the number of teams."""
    ids = list(conn.execute(select(T.team.c.id)).scalars())
    for team_id in ids:
        conn.execute(
            update(T.team)
            .where(T.team.c.id == team_id)
            .values(epoch=secrets.token_hex(4), restored_seq=T.team.c.seq)
        )
    return len(ids)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def issue_code(conn: Connection, team_id: str, days: int = 7) -> tuple[str, datetime]:
    """A one-time code for a team's laptop. Only its hash is stored: shown once."""
    if get_team(conn, team_id) is None:
        raise LookupError(team_id)
    code = new_code()
    now = utcnow()
    expires = now + timedelta(days=days)
    conn.execute(
        insert(T.enrolment_code).values(
            code_hash=token_hash(code), team_id=team_id, created_at=now, expires_at=expires
        )
    )
    return code, expires


def _code_row(conn: Connection, code: str) -> Any:
    row = conn.execute(
        select(T.enrolment_code).where(
            T.enrolment_code.c.code_hash == token_hash(normalise_code(code))
        )
    ).one_or_none()
    if row is None:
        raise CodeProblem("code_unknown")
    return row


def _usable_code(conn: Connection, code: str) -> Any:
    row = _code_row(conn, code)
    if row.used_at is not None:
        raise CodeProblem("code_used")
    if row.expires_at <= utcnow():
        raise CodeProblem("code_expired")
    return row


def check_code(conn: Connection, code: str) -> TeamInfo:
    """The team a code belongs to, without using it up (the laptop asks the user to confirm)."""
    row = _usable_code(conn, code)
    team = get_team(conn, row.team_id)
    assert team is not None
    return team


def enrol(
    conn: Connection, code: str, name: str, app_version: str, key: str = ""
) -> tuple[str, str, TeamInfo]:
    """Use up `code`: a new device of its team. Returns (device id, token, team); the token is
    shown this once, the server keeps its hash.

    `key` is the laptop's own (older laptops send none). The same code with the same key,
    again, is the laptop that never got the first answer: it gets the same device with a new
    token (the one it never received stops working), as long as that device has not been used
    and the code has not expired. Otherwise a spent code stays spent."""
    row = _code_row(conn, code)
    if row.used_at is not None:
        again = _enrolled_again(conn, row, key)
        if again is None:
            raise CodeProblem("code_used")
        return again
    if row.expires_at <= utcnow():
        raise CodeProblem("code_expired")
    now = utcnow()
    device_id = str(uuid.uuid4())
    token = secrets.token_urlsafe(32)
    used = conn.execute(
        update(T.enrolment_code)
        .where(T.enrolment_code.c.code_hash == row.code_hash, T.enrolment_code.c.used_at.is_(None))
        .values(used_at=now, device_id=device_id, key_hash=token_hash(key) if key else None)
    )
    if used.rowcount != 1:  # another laptop used it at the same moment
        raise CodeProblem("code_used")
    conn.execute(
        insert(T.device).values(
            team_id=row.team_id,
            id=device_id,
            token_hash=token_hash(token),
            name=_printable(name)[:100],
            app_version=_printable(app_version)[:40],
            enrolled_at=now,
            last_seq=0,
        )
    )
    team = get_team(conn, row.team_id)
    assert team is not None
    return device_id, token, team


def _enrolled_again(conn: Connection, row: Any, key: str) -> tuple[str, str, TeamInfo] | None:
    if not key or row.key_hash is None or not hmac.compare_digest(row.key_hash, token_hash(key)):
        return None
    if row.expires_at <= utcnow():
        return None
    d = T.device.c
    token = secrets.token_urlsafe(32)
    # Only a device that never called with its token: once it has, the answer was not lost.
    renewed = conn.execute(
        update(T.device)
        .where(
            d.team_id == row.team_id,
            d.id == row.device_id,
            d.revoked_at.is_(None),
            d.last_seen_at.is_(None),
            d.last_push_at.is_(None),
            d.last_pull_at.is_(None),
        )
        .values(token_hash=token_hash(token))
    )
    if renewed.rowcount != 1:
        return None
    team = get_team(conn, row.team_id)
    assert team is not None
    return row.device_id, token, team


@dataclass(frozen=True, slots=True)
class DeviceAuth:
    team_id: str
    device_id: str
    revoked: bool


def authenticate(conn: Connection, token: str) -> DeviceAuth | None:
    row = conn.execute(
        select(T.device.c.team_id, T.device.c.id, T.device.c.revoked_at).where(
            T.device.c.token_hash == token_hash(token)
        )
    ).one_or_none()
    if row is None:
        return None
    return DeviceAuth(row.team_id, row.id, row.revoked_at is not None)


def list_devices(conn: Connection, team_id: str) -> list[dict[str, Any]]:
    d = T.device.c
    rows = conn.execute(
        select(
            d.id,
            d.name,
            d.app_version,
            d.enrolled_at,
            d.last_seen_at,
            d.last_push_at,
            d.last_pull_at,
            d.revoked_at,
            d.last_seq,
        )
        .where(d.team_id == team_id)
        .order_by(d.enrolled_at)
    )
    return [dict(r._mapping) for r in rows]


def revoke(conn: Connection, device_id: str) -> bool:
    done = conn.execute(
        update(T.device)
        .where(T.device.c.id == device_id, T.device.c.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return done.rowcount == 1
