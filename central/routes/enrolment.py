"""A laptop meets the server: the ping it connects with, then its one-time enrolment code
checked and spent (POST /v1/enroll answers the device token every later call carries)."""

import logging
from typing import Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy.exc import DBAPIError

from central import teams
from central.deps import Service, ServiceDep, address, code_guesses_allowed
from central.errors import BODY, ApiError, database_failure, declared
from central.limits import CappedRoute
from central.models import CheckOut, CodeIn, EnrolIn, EnrolOut, PingOut, now_text
from sotay.protocol import API_VERSION

log = logging.getLogger("central")

router = APIRouter(route_class=CappedRoute)
GuessesAllowed = Depends(code_guesses_allowed)


@router.get("/v1/ping", response_model=PingOut)
def ping(service: ServiceDep) -> dict[str, Any]:
    return {"server_id": service.server_id, "api_version": API_VERSION, "time": now_text()}


def code_error(service: Service, exc: teams.CodeProblem, request: Request) -> ApiError:
    """A refused code's answer. Only an unknown code keeps the token its try took: a used or
    expired one exists (a laptop's retry, a late user), and no guesser finds those more
    often than a valid one."""
    if exc.kind != "code_unknown":
        service.wrong_codes.refund(address(request))
    status = {"code_unknown": 404, "code_expired": 410, "code_used": 409}[exc.kind]
    return ApiError(status, exc.kind, exc.kind.replace("_", " "))


@router.post(
    "/v1/enroll/check",
    response_model=CheckOut,
    responses=declared(*BODY, 404, 409, 410, 429),
    dependencies=[GuessesAllowed],
)
def enrol_check(body: CodeIn, request: Request, service: ServiceDep) -> dict[str, Any]:
    try:
        with service.current.connect() as conn:
            team = teams.check_code(conn, body.code)
    except teams.CodeProblem as exc:
        raise code_error(service, exc, request) from None
    service.wrong_codes.refund(address(request))
    return {"server_id": service.server_id, "team": team.as_json()}


@router.post(
    "/v1/enroll",
    response_model=EnrolOut,
    responses=declared(*BODY, 404, 409, 410, 429, 503, 507),
    dependencies=[GuessesAllowed],
)
def enrol(body: EnrolIn, request: Request, service: ServiceDep) -> dict[str, Any]:
    try:
        with service.writing() as conn:
            device_id, token, team = teams.enrol(
                conn, body.code, body.device_name, body.app_version, body.key or ""
            )
    except teams.CodeProblem as exc:
        raise code_error(service, exc, request) from None
    except DBAPIError as exc:
        raise database_failure(exc) from None
    service.wrong_codes.refund(address(request))
    log.info("device %s enrolled in team %s", device_id, team.id)
    return {
        "server_id": service.server_id,
        "device_id": device_id,
        "token": token,
        "team": team.as_json(),
        "time": now_text(),
    }
