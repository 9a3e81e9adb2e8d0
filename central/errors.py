"""What a failure answers. The laptops' API (/v1/...) answers JSON, `{"error": code, "message":
text}` with a 4xx/5xx status the laptop acts on; the dashboard answers a page of ours
(central/web/render.py). central/main.py installs the handlers that turn these into answers."""

import logging
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError

log = logging.getLogger("central")


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


def error_response(exc: ApiError) -> JSONResponse:
    body = {"error": exc.code, "message": exc.message, **exc.extra}
    return JSONResponse(body, exc.status, headers=exc.headers)


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


def declared(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Every status a route answers besides 200, declared: the laptop acts on each."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in sorted(set(codes)):
        out[code] = {"model": ErrorOut}
        if code in (429, 503, 507):
            out[code]["headers"] = RETRY_AFTER
    return out


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


# --- the dashboard ------------------------------------------------------------------------------


class WebError(Exception):
    """A page of ours with this status and message (and these headers)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class LoginNeeded(Exception):
    """No session: the login page, then back to where the person was going."""


# A page or export outside the account's scope answers this 404, exactly as a page that does
# not exist.
NOT_FOUND = "Không có trang này, hoặc tài khoản của bạn không được xem trang này."
