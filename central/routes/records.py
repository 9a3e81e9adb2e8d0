"""Records of the laptop's team asked for by id (POST /v1/records/fetch): the repair of a
laptop whose weekly check found records referred to but missing (a pull of an older version
cut short left an attendance whose resident never arrived). A pull from the start would bring
them too, but it is the whole ward again over a slow line; this is the few rows missing."""

import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from central import feed
from central.deps import Device, ServiceDep
from central.errors import BODY, declared
from central.limits import CappedRoute
from central.models import FetchIn, FetchOut, now_text

router = APIRouter(route_class=CappedRoute)


@router.post("/v1/records/fetch", response_model=FetchOut, responses=declared(*BODY, 401, 429))
def fetch(body: FetchIn, who: Device, service: ServiceDep) -> Response:
    with service.current.connect() as conn:
        found = feed.fetch(conn, who.team_id, [(r.entity, r.id) for r in body.records])
    answer: dict[str, Any] = {"server_id": service.server_id, "time": now_text()}
    # Written out, as a pull is: the records are stored as JSON text already.
    text = json.dumps(answer)[:-1] + f',"records":[{",".join(found)}]}}'
    return Response(text, media_type="application/json")
