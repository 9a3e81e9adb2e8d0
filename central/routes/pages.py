"""The dashboard's pages: a commune's teams, a province's communes, a team's records. Figures
and lists come from `figures` (a replica may be a moment behind); what must be current (a team
just added, a laptop just revoked) from `current`."""

import json
import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from central import compare, dashboard, denominators, standard, teams
from central.deps import (
    PeriodParam,
    ServiceDep,
    Viewer,
    commune_in_scope,
    province_in_scope,
    team_in_scope,
)
from central.errors import NOT_FOUND, WebError
from central.rollups import FIGURES, period_key
from central.web.format import parse_period, period_options, today
from central.web.render import STATIC, render
from sotay.domain.periods import Period, PeriodKind
from sotay.domain.text import collation_key

router = APIRouter(include_in_schema=False)


@router.get("/favicon.ico")
def favicon() -> Response:
    # Browsers ask for it on every page, signed in or not (a 404 each time before).
    return FileResponse(
        STATIC / "favicon.ico",
        media_type="image/x-icon",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/", response_class=HTMLResponse)
def home(session: Viewer) -> Response:
    a = session.account
    if a.scope == "province":
        return RedirectResponse(f"/province/{a.province_code}", status_code=303)
    return RedirectResponse(f"/commune/{a.commune_code}", status_code=303)


def chart(trend: list[dict[str, int]]) -> str:
    # Inside a <script type="application/json">: no "<" may close it.
    return json.dumps(
        {
            "labels": [f"T{m}" for m in range(1, 13)],
            "series": [
                ["Buổi tập huấn", [m["trainings_held"] for m in trend]],
                ["Người được tập huấn", [m["residents_trained"] for m in trend]],
                ["Lượt hỗ trợ", [m["assists"] for m in trend]],
            ],
        }
    ).replace("<", "\\u003c")


# --- the commune ----------------------------------------------------------------------------------


@router.get("/commune/{code}", response_class=HTMLResponse)
def commune_page(
    request: Request, code: int, session: Viewer, service: ServiceDep, p: PeriodParam = None
) -> Response:
    commune_code, commune_name, province_code, province_name = commune_in_scope(session, code)
    period = parse_period(p)
    with service.figures.connect() as conn:
        data = dashboard.commune_view(conn, commune_code, period)
        cmp = compare.compared(conn, period, commune_code=commune_code)
        month = Period.containing(PeriodKind.MONTH, today())
        complete = compare.completeness(conn, data["rows"], month)
        teams = {r.id: r.name for r in data["rows"]}
        data |= denominators.commune_view(
            conn, commune_code, province_code, period_key(period), period.year, today(), teams
        )
    return render(
        request,
        "commune.html",
        cmp=cmp,
        complete=complete,
        commune_code=commune_code,
        commune_name=commune_name,
        province_code=province_code,
        province_name=province_name,
        period=period,
        key=period_key(period),
        options=period_options(period),
        chart=chart(data["trend"]),
        **data,
    )


# --- the province ---------------------------------------------------------------------------------


def _most(figure: str) -> Callable[[dashboard.CommuneRow], int]:
    return lambda c: -c.figures[figure]


SORTS: dict[str, Callable[[dashboard.CommuneRow], Any]] = {
    "name": lambda c: c.name,
    **{k: _most(k) for k in FIGURES},
    "teams": lambda c: -c.teams,
}


@router.get("/province/{code}", response_class=HTMLResponse)
def province_page(
    request: Request,
    code: int,
    session: Viewer,
    service: ServiceDep,
    p: PeriodParam = None,
    sort: Annotated[str, Query(max_length=30)] = "name",
) -> Response:
    name = province_in_scope(session, code)
    period = parse_period(p)
    with service.figures.connect() as conn:
        communes = dashboard.commune_rows(conn, code, period)
        trend = dashboard.trend(conn, period.year, province_code=code)
        by_code = standard.figures(conn, period, province_code=code)
        cmp = compare.compared(conn, period, province_code=code)
        targets = denominators.province_view(conn, code, period.year)
    communes.sort(key=lambda c: collation_key(c.name))
    if sort in SORTS and sort != "name":
        communes.sort(key=SORTS[sort])
    return render(
        request,
        "province.html",
        cmp=cmp,
        province_code=code,
        province_name=name,
        period=period,
        key=period_key(period),
        options=period_options(period),
        communes=communes,
        total=dashboard.total([c.figures for c in communes]),
        teams=sum(c.teams for c in communes),
        active=sum(c.active_teams for c in communes),
        stale=sum(c.stale_teams for c in communes),
        sort=sort if sort in SORTS else "name",
        chart=chart(trend),
        standard=by_code,
        **targets,
    )


# --- a team ---------------------------------------------------------------------------------------


@router.get("/team/{team_id}", response_class=HTMLResponse)
def team_page(
    request: Request,
    team_id: str,
    session: Viewer,
    service: ServiceDep,
    p: PeriodParam = None,
    tab: Annotated[str, Query(max_length=20)] = "trainings",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    sort: Annotated[str, Query(max_length=20)] = "-day",
    status: Annotated[str, Query(max_length=20)] = "",
    topic: Annotated[str, Query(max_length=40)] = "",
    service_id: Annotated[str, Query(alias="service", max_length=40)] = "",
    outcome: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    team = team_in_scope(service, session, team_id)
    period = parse_period(p)
    status = status if status in ("held", "planned", "cancelled") else ""
    outcome = outcome if outcome in ("done", "not_done", "referred") else ""
    topic = topic if re.fullmatch(r"[0-9A-Fa-f-]{1,36}", topic) else ""
    # The team's own row and its laptops from `current`: a team just added, a laptop just
    # revoked, are there even when the figures come from a replica a moment behind.
    with service.current.connect() as conn:
        row = dashboard.team_row(conn, team.id, period)
        devices = teams.list_devices(conn, team.id) if tab == "laptops" else []
    if row is None:  # gone meanwhile
        raise WebError(404, NOT_FOUND)
    with service.figures.connect() as conn:
        ov = dashboard.overview(conn, [team.id], period)
        trend = dashboard.trend(conn, period.year, team_id=team.id)
        cmp = compare.compared(conn, period, team_id=team.id)
        topics = dashboard.names_of(conn, team.id, "topic")
        services = dashboard.names_of(conn, team.id, "service")
        listing: Any = None
        settled = 0
        if tab == "assists":
            listing = dashboard.team_assists(
                conn, team.id, period, service=service_id, outcome=outcome, sort=sort, page=page
            )
        elif tab == "problems":
            listing, settled = dashboard.team_problems(conn, team.id)
        elif tab == "laptops":
            listing = devices
        elif tab == "figures":
            listing = None
        else:
            tab = "trainings"
            listing = dashboard.team_trainings(
                conn, team.id, period, status=status, topic=topic, sort=sort, page=page
            )
        has_problems = dashboard.has_open_problems(conn, team.id)
        reached = denominators.team_view(
            conn,
            team.id,
            team.commune_code,
            team.province_code,
            period_key(period),
            period.year,
            today(),
        )
    filters = {"p": period_key(period), "tab": tab, "sort": sort, "status": status,
               "topic": topic, "service": service_id, "outcome": outcome}  # fmt: skip
    return render(
        request,
        "team.html",
        cmp=cmp,
        team=team,
        row=row,
        ov=ov,
        period=period,
        key=period_key(period),
        options=period_options(period),
        tab=tab,
        listing=listing,
        filters=filters,
        topics=sorted(topics.items(), key=lambda x: x[1]),
        services=sorted(services.items(), key=lambda x: x[1]),
        has_problems=has_problems,
        settled=settled,
        chart=chart(trend),
        **reached,
    )
