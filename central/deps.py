"""What the routes are given, in one place (the shape of the FastAPI full-stack template's
api/deps.py): the service's shared state, the laptop behind a device token, the person behind a
dashboard session, the rate limits, and the checks of what an account may see. The state is
made once by create_app (central/main.py) and kept on `app.state.service`.

Who sees what on the dashboard: a commune account its commune's teams, a province account its
communes. A page or export outside the account's scope answers 404, exactly as a page that does
not exist. Every form carries the session's CSRF token; a request from another origin is refused.
"""

import asyncio
import hmac
import logging
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from central import db, teams
from central.config import Config
from central.errors import NOT_FOUND, ApiError, LoginNeeded, WebError
from central.figurefeed import FeedCache
from central.limits import Buckets
from central.rollups import Refresher
from central.web import accounts
from central.web.handover import Handover

log = logging.getLogger("central")


@dataclass(frozen=True, slots=True)
class Service:
    """What every request shares. The engines' names say what each is for (central/db.py,
    Engines): `writer` for writes, `current` for reads that must be current, `figures` for
    the dashboard's reads that may lag."""

    config: Config
    writer: Engine
    current: Engine
    figures: Engine
    queue: db.WriterQueue | None  # this process's writers, one at a time (SQLite only)
    server_id: str
    refresher: Refresher  # the rollups' thread, poked by each push that wrote
    devices: Buckets  # requests per device (config.rate_per_second, config.rate_burst)
    wrong_codes: Buckets  # failed enrolment attempts per address
    failed_logins: Buckets  # failed dashboard logins per address
    templates: Jinja2Templates
    handover: Handover  # enrolment codes issued, until their page shows them (once)
    # The figures' feed's snapshots, dropped by the refresher (central/figurefeed.py).
    feed: FeedCache = field(default_factory=FeedCache)

    def writing(self) -> AbstractContextManager[Connection]:
        """A write transaction on the writer, queued first on SQLite."""
        return db.writing(self.writer, self.queue)


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


def address(request: Request) -> str:
    return request.client.host if request.client else "?"


def retry_after(wait: float) -> dict[str, str]:
    return {"Retry-After": str(int(wait) + 1)}


# --- the laptops ----------------------------------------------------------------------------------

# Declared as a security scheme (not a bare header parameter), so the OpenAPI schema says which
# calls need the device token; a missing or malformed one is our own 401, not FastAPI's 403.
bearer = HTTPBearer(auto_error=False, description="The device token from POST /v1/enroll")


def device(
    service: ServiceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> teams.DeviceAuth:
    """The enrolled, unrevoked laptop behind the token, within its rate limit (per device,
    never per address: a commune's laptops share one NAT address)."""
    token = credentials.credentials.strip() if credentials is not None else ""
    if not token:
        raise ApiError(401, "unauthorized", "this laptop is not enrolled")
    with service.current.connect() as conn:
        found = teams.authenticate(conn, token)
    if found is None:
        raise ApiError(401, "unauthorized", "unknown token")
    if found.revoked:
        raise ApiError(401, "revoked", "this laptop was revoked by the commune")
    wait = service.devices.take(found.device_id)
    if wait:
        raise ApiError(429, "rate_limited", "too many requests", retry_after(wait))
    return found


Device = Annotated[teams.DeviceAuth, Depends(device)]


# A try at an enrolment code beyond an address's budget waits its turn, at most this long.
LONGEST_HOLD = 20.0


async def code_guesses_allowed(request: Request, service: ServiceDep) -> None:
    """Before an enrolment code is looked at: each try takes a token of its address (a code that
    exists gives it back: central/routes/enrolment.py). Beyond the budget a try is held until
    its turn, not refused, so that guessing from an address runs at the bucket's rate however
    many requests it sends at once, while a right code from the same address (a commune's
    laptops share one) still goes through after a wait. Only a queue longer than LONGEST_HOLD
    is answered 429: then whoever fills it makes everyone at that address wait."""
    wait = service.wrong_codes.reserve(address(request), LONGEST_HOLD)
    if wait is None:
        raise ApiError(429, "rate_limited", "too many attempts", retry_after(LONGEST_HOLD))
    if wait:
        await asyncio.sleep(wait)


# --- the dashboard --------------------------------------------------------------------------------

# The report's period, ?p=2026, 2026-Q3 or 2026-11 (central/web/format.py, parse_period).
PeriodParam = Annotated[str | None, Query(max_length=10)]

COOKIE = "sotay_session"
LOGIN_COOKIE = "sotay_login"  # the login form's own CSRF token, before there is a session
KNOWN_COOKIE = "sotay_browser"  # a browser where an account signed in before


def cookie_name(request: Request) -> str:
    # Over HTTPS the __Host- prefix pins the cookie to this host, Secure, path /.
    return f"__Host-{COOKIE}" if request.url.scheme == "https" else COOKIE


def known_cookie_name(request: Request) -> str:
    """The cookie of a browser where an account signed in (central/web/accounts.py)."""
    return f"__Host-{KNOWN_COOKIE}" if request.url.scheme == "https" else KNOWN_COOKIE


def viewer(request: Request, service: ServiceDep) -> accounts.Session:
    """The signed-in person (else the login page), read from `current`: a session just closed
    is closed, whatever a replica says."""
    cookie = request.cookies.get(cookie_name(request), "")
    with service.current.connect() as conn:
        session = accounts.find_session(conn, cookie)
    if session is None:
        raise LoginNeeded()
    if (accounts.utcnow() - session.seen_at).total_seconds() > 60:
        with service.writing() as conn:
            accounts.touch_session(conn, cookie)
    request.state.session, request.state.cookie = session, cookie
    return session


Viewer = Annotated[accounts.Session, Depends(viewer)]


def login_allowed(request: Request, service: Service) -> None:
    """This address has not failed to log in too often. Called by the login route itself, once
    its form is read: as a dependency it would answer 429 before a malformed form's 404."""
    wait = service.failed_logins.wait(address(request))
    if wait:
        raise WebError(
            429,
            f"Nhập sai quá nhiều lần. Hãy đợi {int(wait) + 1} giây rồi thử lại.",
            retry_after(wait),
        )


# The checks below are called by each route, in its own order (a form's token before the
# account's rights), not declared as dependencies: a dependency runs before the route's body.


def check_form(request: Request, session: accounts.Session, token: str) -> None:
    origin = request.headers.get("origin")
    if origin and origin != f"{request.url.scheme}://{request.url.netloc}":
        if request.headers.get("x-forwarded-proto"):
            log.warning(
                "a form came through a proxy that is not named: start serve with --proxy %s",
                address(request),
            )
        raise WebError(403, "Yêu cầu đến từ một trang khác: không thực hiện.")
    if not hmac.compare_digest(token.encode(), session.csrf.encode()):
        raise WebError(403, "Trang đã cũ hoặc phiên đã đổi: hãy tải lại trang rồi làm lại.")


def admin_of(session: accounts.Session) -> accounts.Account:
    if not session.account.admin:
        raise WebError(404, NOT_FOUND)
    return session.account


def commune_in_scope(session: accounts.Session, code: int) -> tuple[int, str, int, str]:
    try:
        found = teams.commune(code)
    except teams.UnknownCommune:
        raise WebError(404, NOT_FOUND) from None
    if not session.account.sees.allows_commune(found[0], found[2]):
        raise WebError(404, NOT_FOUND)
    return found


def province_in_scope(session: accounts.Session, code: int) -> str:
    a = session.account
    name = teams.province(code)
    if a.scope != "province" or a.province_code != code or name is None:
        raise WebError(404, NOT_FOUND)
    return name


def team_in_scope(service: Service, session: accounts.Session, team_id: str) -> teams.TeamInfo:
    # From `current`: a team just added is there even when a replica is a moment behind.
    with service.current.connect() as conn:
        team = teams.get_team(conn, team_id[:40])
    if team is None or not session.account.sees.allows_team(team):
        raise WebError(404, NOT_FOUND)
    return team
