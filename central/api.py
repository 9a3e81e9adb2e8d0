"""The HTTP API the laptops talk to (/v1/...). Every answer is JSON and carries the server's
id; errors are `{"error": code, "message": text}` with a 4xx/5xx status the laptop acts on."""

import itertools
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from sqlalchemy import Engine, update
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from central import feed, ingest, teams
from central import tables as T
from central.config import Config
from central.limits import BodyProblem, Buckets, CappedRoute
from sotay.protocol import (
    API_VERSION,
    BATCH_CHANGES,
    BATCH_HEADER,
    PULL_LIMIT,
    SERVER_HEADER,
)

log = logging.getLogger("central")

RecordId = Annotated[str, StringConstraints(pattern=r"^[0-9A-Fa-f-]{1,36}$")]

# Declared as a security scheme (not a bare header parameter), so the OpenAPI schema says which
# calls need the device token; a missing or malformed one is our own 401, not FastAPI's 403.
bearer = HTTPBearer(auto_error=False, description="The device token from POST /v1/enroll")


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers, self.extra = headers or {}, extra


class ErrorOut(BaseModel):
    error: str
    message: str
    last_seq: int | None = None


# What any request with a body may meet before its route runs (central/limits.py): a body that
# is not gzip or JSON (400), too large before or after inflating (413), another encoding (415),
# or not the route's model (422).
BODY = (400, 413, 415, 422)
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again",
        "schema": {"type": "integer", "minimum": 0},
    }
}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Every status a route answers besides 200, declared: the laptop acts on each."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in sorted(set(codes)):
        out[code] = {"model": ErrorOut}
        if code in (429, 503, 507):
            out[code]["headers"] = RETRY_AFTER
    return out


# --- models -------------------------------------------------------------------------------------


class TeamOut(BaseModel):
    id: str
    name: str
    province_code: int
    province_name: str
    commune_code: int
    commune_name: str


class PingOut(BaseModel):
    server_id: str
    api_version: int
    time: str


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Annotated[str, StringConstraints(max_length=40)]


class EnrolIn(CodeIn):
    device_name: Annotated[str, StringConstraints(max_length=100)] = ""
    app_version: Annotated[str, StringConstraints(max_length=40)] = ""


class CheckOut(BaseModel):
    server_id: str
    team: TeamOut


class EnrolOut(BaseModel):
    server_id: str
    device_id: str
    token: str
    team: TeamOut
    time: str


class MeOut(BaseModel):
    server_id: str
    device_id: str
    team: TeamOut
    last_seq: int
    time: str


class ChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # At most 2**53 - 1: an integer every JSON parser reads exactly (a bound of 2**62 reached
    # the fuzzer as the float 4.611686018427388e18, and came back as a larger integer).
    seq: Annotated[int, Field(ge=1, le=2**53 - 1)]
    entity: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,20}$")]
    id: RecordId
    op: Literal["upsert", "delete"]
    # Below the largest version a 32-bit column holds, so the next one still fits.
    base_version: Annotated[int, Field(ge=0, le=2**31 - 10)] = 0
    payload: dict[str, Any]

    @field_validator("seq", "base_version", mode="before")
    @classmethod
    def _not_a_bool(cls, value: Any) -> Any:
        # pydantic reads `true` as 1 (the fuzzer's "seq": true was taken as change 1); strict
        # mode is not the answer: JSON Schema's integer includes 5.0.
        if isinstance(value, bool):
            raise ValueError("a number is expected, not true/false")
        return value


class PushIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Echoed in the X-Sotay-Batch header: printable ASCII only (any other character made the
    # answer fail with a 500 once the receipts were committed).
    batch_id: Annotated[str, StringConstraints(pattern=r"^[!-~]{1,64}$")]
    changes: Annotated[list[ChangeIn], Field(max_length=BATCH_CHANGES * 4)]


class ReceiptOut(BaseModel):
    seq: int
    status: Literal["accepted", "duplicate", "conflict", "rejected"]
    version: int | None = None
    code: str | None = None
    message: str | None = None
    server: dict[str, Any] | None = None


class PushOut(BaseModel):
    server_id: str
    batch_id: str
    last_seq: int
    receipts: list[ReceiptOut]


class RecordOut(BaseModel):
    entity: str
    id: str
    version: int
    deleted: bool
    payload: dict[str, Any]


class PullOut(BaseModel):
    server_id: str
    cursor: str
    more: bool
    time: str
    records: list[RecordOut]


# --- the app ------------------------------------------------------------------------------------


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def create_app(
    config: Config, engine: Engine, reader: Engine | None = None, replica: Engine | None = None
) -> FastAPI:
    """`reader`: SQLite's read-only engine (the writer's own on PostgreSQL). `replica`: a
    PostgreSQL read replica for the dashboard's figures; the laptops' sync never reads from
    it (a pull behind the push it follows would only cost a resend, but a push must judge
    against the current record)."""
    from central.db import WriterQueue, writing
    from central.db import server_id as read_server_id

    reader = reader or engine
    sid = read_server_id(engine)
    writers = WriterQueue() if engine.dialect.name == "sqlite" else None
    devices = Buckets(config.rate_per_second, config.rate_burst)
    # Failed enrolment attempts per address: 20, then one every 5 s (guessing codes is slow).
    wrong_codes = Buckets(0.2, 20)

    from central.rollups import Refresher

    refresher = Refresher(engine, writers)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        refresher.start()
        yield
        refresher.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="Sổ tay CNS central service",
        version=str(API_VERSION),
        openapi_url="/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine, app.state.server_id = engine, sid
    app.state.refresher = refresher
    # Level 6, not Starlette's default 9: on a restore's pages, 9 took 3x as long (most of the
    # server's time) for 7% fewer bytes.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)

    @app.middleware("http")
    async def stamp(request: Request, call_next: Any) -> Response:
        try:
            response = await call_next(request)
        except Exception:
            # A bug: still an answer of ours (JSON, our id), so the laptop reads it as the
            # server's trouble, not as a Wi-Fi login page. The log gets the traceback only.
            log.exception("unexpected error on %s", request.url.path)
            response = JSONResponse(
                {"error": "server_error", "message": "unexpected error"}, status_code=500
            )
        response.headers[SERVER_HEADER] = sid
        return response

    def error_response(exc: ApiError) -> JSONResponse:
        body = {"error": exc.code, "message": exc.message, **exc.extra}
        return JSONResponse(body, exc.status, headers=exc.headers)

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(BodyProblem)
    async def body_problem(_request: Request, exc: BodyProblem) -> JSONResponse:
        return error_response(ApiError(exc.status, exc.code, exc.message))

    def for_people(request: Request) -> bool:
        """A dashboard page (HTML), not the laptops' API (JSON)."""
        return not request.url.path.startswith("/v1/")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if for_people(request):
            from central.web.app import NOT_FOUND

            status = exc.status_code if exc.status_code in (404, 405) else 400
            return app.state.web_error_page(request, status, NOT_FOUND if status == 404 else
                                            "Yêu cầu không hợp lệ.")  # fmt: skip
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
        return error_response(ApiError(exc.status_code, code, str(exc.detail)[:200]))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if for_people(request):
            from central.web.app import NOT_FOUND

            return app.state.web_error_page(request, 404, NOT_FOUND)
        where = [".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()[:5]]
        return error_response(ApiError(422, "invalid_request", "invalid: " + ", ".join(where)))

    def device(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> teams.DeviceAuth:
        token = credentials.credentials.strip() if credentials is not None else ""
        if not token:
            raise ApiError(401, "unauthorized", "this laptop is not enrolled")
        with reader.connect() as conn:
            found = teams.authenticate(conn, token)
        if found is None:
            raise ApiError(401, "unauthorized", "unknown token")
        if found.revoked:
            raise ApiError(401, "revoked", "this laptop was revoked by the commune")
        wait = devices.take(found.device_id)
        if wait:
            raise ApiError(
                429, "rate_limited", "too many requests", {"Retry-After": str(int(wait) + 1)}
            )
        return found

    def address(request: Request) -> str:
        return request.client.host if request.client else "?"

    def by_address(request: Request) -> None:
        wait = wrong_codes.wait(address(request))
        if wait:
            raise ApiError(
                429, "rate_limited", "too many attempts", {"Retry-After": str(int(wait) + 1)}
            )

    def database_failure(exc: DBAPIError) -> ApiError:
        """Known failures of the database, by kind; anything else is a bug (500)."""
        orig = exc.orig
        code = getattr(orig, "sqlite_errorcode", None)
        sqlstate = getattr(orig, "sqlstate", None) or ""
        if (code is not None and code & 0xFF == 13) or sqlstate == "53100":  # disk full
            log.error("database disk full")
            return ApiError(507, "server_full", "the server's disk is full", {"Retry-After": "600"})
        if (code is not None and code & 0xFF in (5, 6)) or sqlstate in ("40001", "40P01", "55P03"):
            return ApiError(503, "busy", "the server is busy", {"Retry-After": "5"})
        raise exc

    router = APIRouter(route_class=CappedRoute)

    @router.get("/v1/ping", response_model=PingOut)
    def ping() -> dict[str, Any]:
        return {"server_id": sid, "api_version": API_VERSION, "time": now_text()}

    def code_error(exc: teams.CodeProblem, request: Request) -> ApiError:
        wrong_codes.take(address(request))
        status = {"code_unknown": 404, "code_expired": 410, "code_used": 409}[exc.kind]
        return ApiError(status, exc.kind, exc.kind.replace("_", " "))

    @router.post(
        "/v1/enroll/check",
        response_model=CheckOut,
        responses=_errors(*BODY, 404, 409, 410, 429),
        dependencies=[Depends(by_address)],
    )
    def enrol_check(body: CodeIn, request: Request) -> dict[str, Any]:
        try:
            with reader.connect() as conn:
                team = teams.check_code(conn, body.code)
        except teams.CodeProblem as exc:
            raise code_error(exc, request) from None
        return {"server_id": sid, "team": team.as_json()}

    @router.post(
        "/v1/enroll",
        response_model=EnrolOut,
        responses=_errors(*BODY, 404, 409, 410, 429, 503, 507),
        dependencies=[Depends(by_address)],
    )
    def enrol(body: EnrolIn, request: Request) -> dict[str, Any]:
        try:
            with writing(engine, writers) as conn:
                device_id, token, team = teams.enrol(
                    conn, body.code, body.device_name, body.app_version
                )
        except teams.CodeProblem as exc:
            raise code_error(exc, request) from None
        except DBAPIError as exc:
            raise database_failure(exc) from None
        log.info("device %s enrolled in team %s", device_id, team.id)
        return {
            "server_id": sid,
            "device_id": device_id,
            "token": token,
            "team": team.as_json(),
            "time": now_text(),
        }

    Device = Annotated[teams.DeviceAuth, Depends(device)]

    @router.get("/v1/sync/me", response_model=MeOut, responses=_errors(401, 429))
    def me(who: Device) -> dict[str, Any]:
        with reader.connect() as conn:
            team = teams.get_team(conn, who.team_id)
            last_seq = conn.scalar(
                T.device.select()
                .with_only_columns(T.device.c.last_seq)
                .where(T.device.c.team_id == who.team_id, T.device.c.id == who.device_id)
            )
        assert team is not None
        return {
            "server_id": sid,
            "device_id": who.device_id,
            "team": team.as_json(),
            "last_seq": last_seq or 0,
            "time": now_text(),
        }

    @router.post(
        "/v1/sync/push",
        response_model=PushOut,
        responses=_errors(*BODY, 401, 409, 429, 503, 507),
    )
    def push(body: PushIn, who: Device) -> JSONResponse:
        seqs = [c.seq for c in body.changes]
        if any(a >= b for a, b in itertools.pairwise(seqs)):
            raise ApiError(400, "bad_batch", "changes must come in increasing seq order")
        changes = [
            ingest.Change(c.seq, c.entity, c.id, c.op, c.base_version, c.payload)
            for c in body.changes
        ]
        try:
            with writing(engine, writers) as conn:
                result = ingest.push(conn, who.team_id, who.device_id, changes)
        except ingest.SeqConflict as exc:
            raise ApiError(
                409, "seq_conflict", "renumber and resend", last_seq=exc.last_seq
            ) from None
        except (OperationalError, DBAPIError) as exc:
            raise database_failure(exc) from None
        if result.written:
            refresher.poke()
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
                "server_id": sid,
                "batch_id": body.batch_id,
                "last_seq": result.last_seq,
                "receipts": [r.as_json() for r in result.receipts],
            },
            headers={BATCH_HEADER: body.batch_id},
        )

    @router.get(
        "/v1/sync/pull",
        response_model=PullOut,
        responses=_errors(401, 410, 422, 429, 503, 507),
    )
    def pull(
        who: Device,
        cursor: Annotated[str, Query(max_length=100)] = "",
        limit: Annotated[int, Query(ge=1, le=PULL_LIMIT)] = PULL_LIMIT,
        everything: Annotated[bool, Query(alias="all")] = False,
    ) -> Response:
        try:
            with reader.connect() as conn:
                page = feed.pull(conn, who.team_id, who.device_id, cursor, limit, everything)
        except feed.CursorUnknown:
            raise ApiError(410, "cursor_unknown", "restore from the start") from None
        if not page.more:
            try:
                with writing(engine, writers) as conn:
                    conn.execute(
                        update(T.device)
                        .where(T.device.c.team_id == who.team_id, T.device.c.id == who.device_id)
                        .values(last_pull_at=ingest.utcnow())
                    )
            except DBAPIError as exc:
                raise database_failure(exc) from None
        body = (
            f'{{"server_id":"{sid}","cursor":"{page.cursor}",'
            f'"more":{"true" if page.more else "false"},"time":"{now_text()}",'
            f'"records":[{",".join(page.body)}]}}'
        )
        return Response(body, media_type="application/json")

    app.include_router(router)
    from central.web.app import mount

    mount(app, engine, reader, replica or reader, writers)
    return app
