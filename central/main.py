"""The service as one FastAPI app: the laptops' API (/v1/...) and the dashboard's pages, built by
create_app from the database's engines (central/db.py names them). The routes are in
central/routes/, what they are given in central/deps.py.

Every answer carries the server's id; the API's errors are JSON (central/errors.py), the
dashboard's a page of ours."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central import restored, routes
from central.config import Config
from central.db import WriterQueue, server_id
from central.deps import Service
from central.entities import field_path
from central.errors import NOT_FOUND, ApiError, LoginNeeded, WebError, error_response
from central.limits import BodyProblem, Buckets
from central.rollups import Refresher
from central.web.handover import Handover
from central.web.render import STATIC, SecurityHeaders, error_page, make_templates
from sotay.protocol import API_VERSION, SERVER_HEADER

log = logging.getLogger("central")


def create_app(
    config: Config, writer: Engine, current: Engine | None = None, figures: Engine | None = None
) -> FastAPI:
    """The app on these engines (central/db.py, Engines): `current` defaults to the writer,
    `figures` to `current`."""
    current = current or writer
    queue = WriterQueue() if writer.dialect.name == "sqlite" else None
    service = Service(
        config=config,
        writer=writer,
        current=current,
        figures=figures or current,
        queue=queue,
        server_id=server_id(writer),
        refresher=Refresher(writer, queue, config.refused_days),
        devices=Buckets(config.rate_per_second, config.rate_burst),
        # Failed enrolment attempts per address: 20, then one every 5 s (guessing codes is slow).
        wrong_codes=Buckets(config.code_rate, config.code_burst),
        # Failed logins per address: 10 at once, then one each 5 s (each account also locks).
        failed_logins=Buckets(0.2, 10),
        templates=make_templates(),
        handover=Handover(),
    )
    app = FastAPI(
        lifespan=lifespan,
        title="Sổ tay CNS central service",
        version=str(API_VERSION),
        openapi_url="/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        # A table rather than add_exception_handler: Starlette types each handler as taking any
        # Exception, which a handler of one kind is not.
        exception_handlers={
            ApiError: api_error,
            BodyProblem: body_problem,
            StarletteHTTPException: http_error,
            RequestValidationError: invalid,
            WebError: web_error,
            LoginNeeded: login_needed,
        },
    )
    app.state.service = service
    service.refresher.refreshed = service.feed.invalidate  # a year computed again: fresh figures
    # Level 6, not Starlette's default 9: on a restore's pages, 9 took 3x as long (most of the
    # server's time) for 7% fewer bytes.
    # Installers are compressed already, and a range must be the file's own bytes.
    app.add_middleware(
        GZipMiddleware,
        minimum_size=1024,
        compresslevel=6,
        exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/octet-stream"),
    )
    app.add_middleware(Stamp, server_id=service.server_id)
    # Added last, so it runs outside Stamp: the dashboard's headers also go on Stamp's 500.
    app.add_middleware(SecurityHeaders)
    app.include_router(routes.api)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(routes.web)
    return app


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    service = app.state.service
    refresher = service.refresher
    refresher.start()
    service.feed.start()
    marking = asyncio.create_task(_keep_mark(service))
    yield
    marking.cancel()
    refresher.stop()
    await asyncio.to_thread(service.feed.stop)
    await asyncio.to_thread(_mark, service)  # the last word before a restore's usual stop


def _mark(service: Service) -> None:
    try:
        restored.write_mark(service.current, service.config.data_dir)
    except Exception:  # a full disk, a read-only folder: the laptops still tell (restored.py)
        log.exception("could not write the high-water mark")


async def _keep_mark(service: Service) -> None:
    """The high-water mark (central/restored.py): now, then every minute."""
    while True:
        await asyncio.to_thread(_mark, service)
        await asyncio.sleep(restored.MARK_EVERY)


class Stamp:
    """Every answer carries the server's id. A bug still answers as ours (JSON, our id), so the
    laptop reads it as the server's trouble, not as a Wi-Fi login page; the log gets the
    traceback only. A plain ASGI middleware: Starlette's `call_next` ones pass each answer
    through a stream of their own, a few milliseconds of a dashboard page."""

    def __init__(self, app: ASGIApp, server_id: str) -> None:
        self.app = app
        self.server_id = server_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def stamped(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)[SERVER_HEADER] = self.server_id
            await send(message)

        try:
            await self.app(scope, receive, stamped)
        except Exception:
            if started:  # the answer's head is gone: the client sees a cut answer
                raise  # (and the server logs it)
            log.exception("unexpected error on %s", scope["path"])
            failed = JSONResponse(
                {"error": "server_error", "message": "unexpected error"}, status_code=500
            )
            await failed(scope, receive, stamped)


# --- the exceptions' answers ----------------------------------------------------------------------


async def api_error(_request: Request, exc: ApiError) -> Response:
    return error_response(exc)


async def body_problem(_request: Request, exc: BodyProblem) -> Response:
    return error_response(ApiError(exc.status, exc.code, exc.message))


def for_people(request: Request) -> bool:
    """A dashboard page (HTML), not the laptops' API (JSON)."""
    return not request.url.path.startswith("/v1/")


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    # A 405 carries the methods the URL takes (`Allow`, as HTTP requires): kept on our answer.
    headers = dict(exc.headers or {})
    if for_people(request):
        status = exc.status_code if exc.status_code in (404, 405) else 400
        page = error_page(request, status, NOT_FOUND if status == 404 else
                          "Yêu cầu không hợp lệ.")  # fmt: skip
        if status == exc.status_code:
            page.headers.update(headers)
        return page
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
    return error_response(ApiError(exc.status_code, code, str(exc.detail)[:200], headers))


async def invalid(request: Request, exc: RequestValidationError) -> Response:
    if for_people(request):
        return error_page(request, 404, NOT_FOUND)
    errors = exc.errors()
    broken = next((e for e in errors if e.get("type") == "json_invalid"), None)
    if broken is not None:  # said plainly, not as the position pydantic gives it ("body.1")
        reason = str((broken.get("ctx") or {}).get("error", ""))[:100]
        message = "invalid: the body is not valid JSON" + (f" ({reason})" if reason else "")
        return error_response(ApiError(422, "invalid_request", message))
    # Where and why (pydantic's words never carry the value sent), e.g. "body.changes.0.seq:
    # Value error, a number is expected, not text in quotes".
    said = [f"{field_path(e.get('loc', ()))}: {e.get('msg', '')}" for e in errors[:5]]
    return error_response(ApiError(422, "invalid_request", "invalid: " + "; ".join(said)))


async def web_error(request: Request, exc: WebError) -> Response:
    response = error_page(request, exc.status, exc.message)
    response.headers.update(exc.headers)
    return response


async def login_needed(request: Request, _exc: LoginNeeded) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
