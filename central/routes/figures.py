"""GET /v1/feed/figures: the dashboard's figures for the province's systems, read with an API
token (`python -m central account token USER`) and scoped exactly as the account's pages are.

The answer is shaped as an OData feed's (ODK Central's is the model, this one simpler):
`{"@odata.count": N, "value": [rows], "@odata.nextLink": URL}`, the link absent on the last
page. Each row is one number, flat, so that Excel's "Get data from web" (Power Query) and a
script read it as a table. Pages are slices of one snapshot (central/figurefeed.py): the
next link names it, and a snapshot gone (the figures were computed again meanwhile) answers
409, to start again, rather than a walk that counts a row twice or misses one."""

from __future__ import annotations

import logging
import re
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from central import apitokens, figurefeed
from central.deps import ServiceDep, retry_after
from central.errors import ApiError, declared
from central.web.accounts import Account
from central.web.format import FIRST_YEAR, parse_period, today
from sotay.domain.periods import Period

log = logging.getLogger("central")

router = APIRouter(tags=["feed"])

token_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="FeedToken",
    description="An API token from `python -m central account token USER`: the feed reads what"
    " that dashboard account sees",
)

PERIOD = re.compile(r"(\d{4})(-Q[1-4]|-(0[1-9]|1[0-2]))?")
PAGE_SIZE, MAX_PAGE_SIZE = figurefeed.PAGE_SIZE, figurefeed.MAX_PAGE_SIZE
# Private: an answer for one account. A minute: what the snapshot itself is kept at most.
CACHE_CONTROL = f"private, max-age={int(figurefeed.FeedCache.TTL)}"


def feed_account(
    service: ServiceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(token_scheme)],
) -> Account:
    """The account behind the API token, within its rate limit. The token is never logged."""
    token = credentials.credentials.strip() if credentials is not None else ""
    if not token or len(token) > 200:
        raise ApiError(401, "unauthorized", "send an API token: Authorization: Bearer TOKEN")
    with service.current.connect() as conn:
        found = apitokens.authenticate(conn, token)
    if found.account is None:
        reason = {
            "revoked": "this API token was revoked",
            "disabled": "the account of this API token is disabled",
        }.get(found.refused or "", "unknown API token")
        code = found.refused if found.refused in ("revoked", "disabled") else "unauthorized"
        raise ApiError(401, code, reason)
    # Per token, as a laptop's requests are per device (central/limits.py, Buckets).
    wait = service.devices.take("feed:" + found.token_hash)
    if wait:
        raise ApiError(429, "rate_limited", "too many requests", retry_after(wait))
    if found.last_used_at is None or apitokens.utcnow() - found.last_used_at > (
        apitokens.TOUCH_EVERY
    ):
        with service.writing() as conn:
            apitokens.touch(conn, found.token_hash)
    return found.account


FeedAccount = Annotated[Account, Depends(feed_account)]


class FigureRow(BaseModel):
    """One number. `figure` is a stable name; `item` the training topic or help service it is
    of (topic_* and service_* figures); `indicator` the standard indicator's code
    (sotay/domain/standard.py) where the figure is one."""

    figure: str = Field(
        description="trainings_held, trainings_planned, trainings_cancelled, attendances,"
        " residents_trained, women_trained, elderly_trained, assists, assisted_residents;"
        " per topic: topic_trainings, topic_attendances; per service: service_done,"
        " service_not_done, service_referred; a standard indicator's code (vneid_l2, ...) for"
        " its figure. Above a team, people are the teams' counts added up (a person helped by"
        " two teams counts twice), as on the pages"
    )
    indicator: str | None = Field(
        description="the standard indicator code (vneid_l2, trained, ...) when the figure is one"
    )
    item: str | None = Field(description="the topic's or service's name, for topic_*/service_*")
    period: str = Field(description="2026, 2026-Q4 or 2026-11")
    province_code: int
    province: str
    commune_code: int | None = Field(description="null for level=province")
    commune: str | None
    team_id: str | None = Field(description="null above level=team")
    team: str | None
    value: int

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "figure": "service_done",
                "indicator": None,
                "item": "Kích hoạt VNeID mức 2",
                "period": "2026-11",
                "province_code": 1,
                "province": "Thành phố Hà Nội",
                "commune_code": 4,
                "commune": "Phường Ba Đình",
                "team_id": "8c1b9a52-6a0e-4a57-9a1e-0f5d2a3c9e11",
                "team": "Tổ CNSCĐ khu phố 3",
                "value": 12,
            }
        }
    )


class FeedPage(BaseModel):
    count: int = Field(alias="@odata.count", description="rows in the whole feed, every page")
    value: list[FigureRow]
    next_link: str | None = Field(
        None,
        alias="@odata.nextLink",
        description="the next page (absent on the last): follow it until there is none",
    )

    model_config = ConfigDict(populate_by_name=True)


def _period(text: str) -> Period:
    """The period asked for (the query's pattern checked its form). A year the service keeps
    no figures for answers 404, never another period's figures (as the pages fall back to)."""
    match = PERIOD.fullmatch(text)
    if match is None:
        raise ApiError(422, "invalid_request", "invalid: period is 2026, 2026-Q4 or 2026-11")
    if not FIRST_YEAR <= int(match.group(1)) <= today().year + 1:
        raise ApiError(
            404,
            "not_found",
            f"no figures for {text}: the years are {FIRST_YEAR} to {today().year + 1}",
        )
    return parse_period(text)


@router.get(
    "/v1/feed/figures",
    response_model=FeedPage,
    response_model_by_alias=True,
    responses={
        **declared(401, 403, 404, 409, 422, 429),
        304: {"description": "Not modified: the If-None-Match ETag is this page's"},
    },
    summary="The figures, as the account's pages show them",
)
def figures(
    request: Request,
    account: FeedAccount,
    service: ServiceDep,
    period: Annotated[
        str,
        Query(
            max_length=7,
            pattern=r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$",
            description="a year (2026), a quarter (2026-Q4) or a month (2026-11)",
            examples=["2026-11"],
        ),
    ],
    level: Annotated[
        Literal["team", "commune", "province"],
        Query(description="a row per team, per commune, or the province's totals"),
    ] = "team",
    commune: Annotated[
        int | None,
        Query(ge=1, le=999_999, description="only this commune (a province account)"),
    ] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
    snapshot: Annotated[
        str | None,
        Query(
            max_length=24,
            pattern=r"^[0-9a-f]{1,24}$",
            description="set by @odata.nextLink: the pages of one walk are of one snapshot",
        ),
    ] = None,
) -> Response:
    """Rows of (figure, period, province, commune, team, value), as far as the token's account
    sees: a commune account its commune's teams, a province account its communes. The figures
    are the dashboard's, read from the same rollups by the same functions as its pages.

    Paginated: follow `@odata.nextLink` until it is absent. Cached by period: each page has an
    ETag (send it back as If-None-Match: 304 while the figures are unchanged) and the service
    keeps the feed until the figures of its year are computed again."""
    when = _period(period)
    try:
        ask = figurefeed.ask_for(account.sees, when, level, commune)
    except figurefeed.OutOfScope as exc:
        raise ApiError(403, "out_of_scope", str(exc)) from None

    def make() -> list[bytes]:
        with service.figures.connect() as conn:
            return figurefeed.build(conn, ask, when)

    snap = service.feed.get(ask, make)
    if snapshot is not None and snapshot != snap.etag:
        raise ApiError(
            409,
            "changed",
            "the figures were computed again since the first page: start again from page 1",
        )
    start = (page - 1) * page_size
    etag = f'"{snap.etag}-{page}-{page_size}"'
    vary = "Authorization, Accept-Encoding"
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": vary}
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    end = b"}"
    if start + page_size < len(snap.rows):
        query = {"period": ask.period, "level": level, "page": str(page + 1),
                 "page_size": str(page_size), "snapshot": snap.etag}  # fmt: skip
        if commune is not None:
            query["commune"] = str(commune)
        link = str(request.url.replace_query_params(**query))
        end = b',"@odata.nextLink":"%s"}' % link.encode()
    if "gzip" in request.headers.get("accept-encoding", ""):
        # Deflated here, each page's rows once per snapshot (the GZip middleware lets it by).
        headers["Content-Encoding"] = "gzip"
        body = snap.gzipped(start, page_size, end)
    else:
        body = snap.opening(start, page_size) + end
    return Response(body, media_type="application/json", headers=headers)
