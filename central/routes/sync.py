"""An enrolled laptop's sync: who it is (/v1/sync/me), its changes sent (push) and its team's
records received (pull). Every call carries the device token (central/deps.py, Device)."""

import itertools
import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import update
from sqlalchemy.exc import DBAPIError, OperationalError

from central import denominators, feed, ingest, restored, teams
from central import tables as T
from central.deps import Device, ServiceDep
from central.errors import BODY, ApiError, database_failure, declared
from central.limits import CappedRoute
from central.models import MeOut, PullOut, PushIn, PushOut, now_text
from central.web.format import today
from sotay.domain.denominators import COMMUNE_KEY
from sotay.protocol import BATCH_HEADER, KNOWN_HEADER, PULL_LIMIT

log = logging.getLogger("central")

router = APIRouter(route_class=CappedRoute)


def _known(request: Request) -> str:
    """What the laptop holds from this server (sotay.protocol.KNOWN_HEADER); older laptops send
    none. Read here, not declared: a hint the service checks, never a reason to refuse a call
    (and, declared, it made the schema fuzzer take the device token for a generated one)."""
    return request.headers.get(KNOWN_HEADER, "")[:200]


def _notice(service: ServiceDep, who: Device, known: restored.Known) -> None:
    """A database behind what this laptop holds was restored unannounced: handled here first
    (central/restored.py), so that the push is judged as after `after-restore` and the pull's
    old cursor is refused (410: the laptop restores in full and sends what the backup lacks)."""
    try:
        restored.notice(service, who.team_id, who.device_id, known)
    except (OperationalError, DBAPIError) as exc:
        raise database_failure(exc) from None


@router.get("/v1/sync/me", response_model=MeOut, responses=declared(401, 429))
def me(who: Device, service: ServiceDep) -> dict[str, Any]:
    with service.current.connect() as conn:
        team = teams.get_team(conn, who.team_id)
        last_seq = conn.scalar(
            T.device.select()
            .with_only_columns(T.device.c.last_seq)
            .where(T.device.c.team_id == who.team_id, T.device.c.id == who.device_id)
        )
    assert team is not None
    return {
        "server_id": service.server_id,
        "device_id": who.device_id,
        "team": team.as_json(),
        "last_seq": last_seq or 0,
        "time": now_text(),
    }


@router.post(
    "/v1/sync/push",
    response_model=PushOut,
    responses=declared(*BODY, 401, 409, 429, 503, 507),
)
def push(body: PushIn, who: Device, service: ServiceDep, request: Request) -> JSONResponse:
    seqs = [c.seq for c in body.changes]
    if any(a >= b for a, b in itertools.pairwise(seqs)):
        raise ApiError(400, "bad_batch", "changes must come in increasing seq order")
    changes = [
        ingest.Change(c.seq, c.entity, c.id, c.op, c.base_version, c.payload) for c in body.changes
    ]
    if known := _known(request):
        _notice(service, who, restored.Known.read(known))
    try:
        with service.writing() as conn:
            result = ingest.push(conn, who.team_id, who.device_id, changes)
    except ingest.SeqConflict as exc:
        raise ApiError(409, "seq_conflict", "renumber and resend", last_seq=exc.last_seq) from None
    except (OperationalError, DBAPIError) as exc:
        raise database_failure(exc) from None
    if result.written:
        service.refresher.poke()
    log.info(
        "push device=%s team=%s changes=%d written=%d %s",
        who.device_id,
        who.team_id,
        len(changes),
        result.written,
        " ".join(f"{k}={v}" for k, v in result.counts.items() if v),
    )
    return JSONResponse(
        {
            "server_id": service.server_id,
            "batch_id": body.batch_id,
            "last_seq": result.last_seq,
            "receipts": [r.as_json() for r in result.receipts],
        },
        headers={BATCH_HEADER: body.batch_id},
    )


@router.get(
    "/v1/sync/pull",
    response_model=PullOut,
    responses=declared(401, 410, 422, 429, 503, 507),
)
def pull(
    who: Device,
    service: ServiceDep,
    request: Request,
    cursor: Annotated[str, Query(max_length=100)] = "",
    limit: Annotated[int, Query(ge=1, le=PULL_LIMIT)] = PULL_LIMIT,
    everything: Annotated[bool, Query(alias="all")] = False,
) -> Response:
    # The cursor is what the laptop holds of the feed, header or not (older laptops).
    _notice(service, who, restored.Known.read(_known(request), cursor))
    try:
        with service.current.connect() as conn:
            page = feed.pull(conn, who.team_id, who.device_id, cursor, limit, everything)
            # The commune's figures and targets, whole, with the last page (central/
            # denominators.py says why not as records).
            commune = None if page.more else denominators.pull_block(conn, who.team_id, today())
    except feed.CursorUnknown:
        raise ApiError(410, "cursor_unknown", "restore from the start") from None
    if not page.more:
        try:
            with service.writing() as conn:
                conn.execute(
                    update(T.device)
                    .where(T.device.c.team_id == who.team_id, T.device.c.id == who.device_id)
                    .values(last_pull_at=ingest.utcnow())
                )
        except DBAPIError as exc:
            raise database_failure(exc) from None
    # Written out, not through the model: the records are stored as JSON text already.
    body = (
        f'{{"server_id":"{service.server_id}","cursor":"{page.cursor}",'
        f'"more":{"true" if page.more else "false"},"time":"{now_text()}",'
        f'"records":[{",".join(page.body)}]'
        + (f',"{COMMUNE_KEY}":{json.dumps(commune, ensure_ascii=False)}' if commune else "")
        + "}"
    )
    return Response(body, media_type="application/json")
