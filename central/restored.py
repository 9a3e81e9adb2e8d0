"""A database restored from a backup that nobody announced (`after-restore` forgotten).

The service finds out two ways, and then does what `after-restore` does (teams.new_epochs):
every team gets a new epoch, so every laptop restores in full and sends again what the backup
lacks.
- A laptop holds more than the database: a cursor of the team's feed above the team's counter
  in the same epoch, or an acknowledged outbox seq above what the database has processed from
  it (the KNOWN_HEADER it sends on push and pull; the pull's cursor counts even without it).
  Checked on every push and pull, cheaply; done once, under a lock on every team, even when
  several laptops arrive together.
- At start (`serve`): a small file in the data folder, the high-water mark, holds each team's
  epoch and counter and its devices' last seqs as this service last saw them committed. A
  database behind it was restored while the service was stopped. The file is outside the
  database on purpose: a backup of the database is a consistent copy of itself, and nothing in
  it can tell that it is old. Written at start, every minute and at shutdown; each value only
  rises within an epoch, so a database restored under a running service is still caught at the
  next start. A file lost or restored with the database only misses; the laptops still tell.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from central import tables as T
from central import teams
from sotay.protocol import read_known

if TYPE_CHECKING:
    from central.deps import Service

log = logging.getLogger("central")

MARK_FILE = "high-water.json"
MARK_EVERY = 60.0  # seconds between two writes of the mark while serving


@dataclass(frozen=True, slots=True)
class Known:
    """What a laptop holds from this server (sotay.protocol.KNOWN_HEADER)."""

    server_id: str = ""
    epoch: str = ""
    seq: int = 0  # of the team's feed
    acked: int = 0  # of its own outbox

    @classmethod
    def read(cls, header: str, cursor: str | None = None) -> Known:
        parts = read_known(header or "")
        epoch, _, tail = (parts.get("cursor", "") if cursor is None else cursor).rpartition(".")
        acked = parts.get("acked", "")
        return cls(
            parts.get("server", ""),
            epoch,
            int(tail) if tail.isascii() and tail.isdigit() and len(tail) < 19 else 0,
            int(acked) if acked.isascii() and acked.isdigit() and len(acked) < 19 else 0,
        )


def behind(conn: Connection, team_id: str, device_id: str, known: Known) -> str | None:
    """Why the database is behind what the laptop holds, or None. Only what the laptop learnt
    in the team's current epoch counts: an older epoch's cursor is refused by the pull anyway
    (410), and after a restore the laptop forgets its acknowledged seq until it pushes again."""
    if not known.epoch:
        return None
    team = conn.execute(
        select(T.team.c.epoch, T.team.c.seq).where(T.team.c.id == team_id)
    ).one_or_none()
    if team is None or team.epoch != known.epoch:
        return None
    if known.seq > team.seq:
        return f"its cursor is at {known.seq}, the team's counter at {team.seq}"
    if known.acked:
        last_seq = conn.scalar(
            select(T.device.c.last_seq).where(
                T.device.c.team_id == team_id, T.device.c.id == device_id
            )
        )
        if last_seq is not None and known.acked > last_seq:
            return f"its change {known.acked} was acknowledged, the database has {last_seq}"
    return None


def notice(service: Service, team_id: str, device_id: str, known: Known) -> bool:
    """Before a push or a pull: if the database is behind what the laptop holds, treat it as
    restored (once: the second laptop finds the new epochs and nothing to do). True if done."""
    if known.server_id and known.server_id != service.server_id:
        return False  # what it holds is another server's (the client refuses its answers)
    with service.current.connect() as conn:
        if behind(conn, team_id, device_id, known) is None:
            return False
    with service.writing() as conn:
        # Every team locked, in one order: two laptops arriving together wait here, and the
        # second sees the first one's new epochs (SQLite: the writers' queue does this).
        conn.execute(select(T.team.c.id).order_by(T.team.c.id).with_for_update()).all()
        why = behind(conn, team_id, device_id, known)
        if why is None:
            return False
        count = teams.new_epochs(conn)
    log.warning(
        "the database is behind what a laptop holds (device %s of team %s: %s): it was restored "
        "from a backup without `after-restore`; done now: %d teams get new epochs, their "
        "laptops restore in full and send again what the backup lacks",
        device_id,
        team_id,
        why,
        count,
    )
    return True


# --- the high-water mark ------------------------------------------------------------------------


def _now_held(conn: Connection) -> dict[str, Any]:
    server = conn.scalar(select(T.server.c.value).where(T.server.c.key == "id"))
    held: dict[str, Any] = {}
    for row in conn.execute(select(T.team.c.id, T.team.c.epoch, T.team.c.seq)):
        held[row.id] = {"epoch": row.epoch, "seq": row.seq, "devices": {}}
    for row in conn.execute(select(T.device.c.team_id, T.device.c.id, T.device.c.last_seq)):
        if row.team_id in held:
            held[row.team_id]["devices"][row.id] = row.last_seq
    return {"server_id": server, "teams": held}


def _read_mark(path: Path) -> dict[str, Any]:
    try:
        mark = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return mark if isinstance(mark, dict) and isinstance(mark.get("teams"), dict) else {}


def write_mark(engine: Engine, data_dir: Path) -> None:
    """The mark as the database now has it, never lower than the file's within an epoch."""
    path = data_dir / MARK_FILE
    with engine.connect() as conn:
        now = _now_held(conn)
    old = _read_mark(path)
    if old.get("server_id") == now["server_id"]:
        for team_id, team in now["teams"].items():
            was = old["teams"].get(team_id)
            if not isinstance(was, dict) or was.get("epoch") != team["epoch"]:
                continue
            team["seq"] = max(team["seq"], int(was.get("seq") or 0))
            for device_id, seq in (was.get("devices") or {}).items():
                if device_id in team["devices"]:
                    team["devices"][device_id] = max(team["devices"][device_id], int(seq))
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(now), encoding="utf-8")
    os.replace(tmp, path)


def behind_mark(conn: Connection, data_dir: Path) -> list[str]:
    """What the database lacks of the mark: one line per team behind, none if it is not."""
    mark = _read_mark(data_dir / MARK_FILE)
    now = _now_held(conn)
    if not mark or mark.get("server_id") != now["server_id"]:
        return []  # no mark, or another database's
    found = []
    for team_id, was in mark["teams"].items():
        team = now["teams"].get(team_id)
        if team is None or not isinstance(was, dict) or was.get("epoch") != team["epoch"]:
            continue  # a team added since the backup is not in it: the laptops tell then
        if int(was.get("seq") or 0) > team["seq"]:
            found.append(f"team {team_id}: counter {team['seq']}, was {was['seq']}")
            continue
        for device_id, seq in (was.get("devices") or {}).items():
            if int(seq) > team["devices"].get(device_id, int(seq)):
                found.append(f"team {team_id}: laptop {device_id} at {team['devices'][device_id]}"
                             f", was {seq}")  # fmt: skip
                break
    return found


def check_at_start(engine: Engine, data_dir: Path) -> list[str]:
    """At `serve`: a database behind the mark is treated as restored (new epochs). Returns
    what was behind (empty: nothing to do). The mark is written afresh either way."""
    with engine.begin() as conn:
        found = behind_mark(conn, data_dir)
        if found:
            teams.new_epochs(conn)
    write_mark(engine, data_dir)
    return found
