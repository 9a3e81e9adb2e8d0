"""The records behind a figure (issue 23, item 5): a team's, a commune's or a province's list,
a page at a time, and the whole list as XLSX. Each checks the account's scope first, exactly
as the page the figure was on: outside it, 404 (central/deps.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from central import drill
from central.deps import (
    PeriodParam,
    ServiceDep,
    Viewer,
    commune_in_scope,
    province_in_scope,
    team_in_scope,
)
from central.errors import NOT_FOUND, WebError
from central.rollups import OUTCOMES, period_key
from central.routes.downloads import XLSX, _chunks, attachment
from central.web import export
from central.web.format import parse_period
from central.web.render import render
from sotay.domain.periods import Period
from sotay.words import period_text

router = APIRouter(include_in_schema=False)

Name = Annotated[str, Query(max_length=200)]
Outcome = Annotated[str, Query(max_length=20)]
After = Annotated[str, Query(max_length=400)]


def _figure(figure: str) -> str:
    if figure not in drill.LISTS:
        raise WebError(404, NOT_FOUND)
    return figure


def _filters(topic: str, service: str, outcome: str) -> drill.Filters:
    return drill.Filters(topic.strip(), service.strip(), outcome if outcome in OUTCOMES else "")


def _page(
    request: Request,
    service: ServiceDep,
    where: drill.Where,
    period: Period,
    figure: str,
    f: drill.Filters,
    after: str,
    *,
    scope: str,
    back: str,
    base: str,
) -> Response:
    with service.figures.connect() as conn:
        listing = drill.listing(conn, where, period, figure, f, after)
        total = drill.figure_of(conn, where, period, figure)
    query: dict[str, Any] = {"p": period_key(period)}
    query |= {k: v for k, v in (("topic", f.topic), ("service", f.service),
                                ("outcome", f.outcome)) if v}  # fmt: skip
    return render(
        request,
        "drill.html",
        listing=listing,
        figure=figure,
        total=total,
        filtered=bool(f.topic or f.service or f.outcome),
        filters=f,
        period=period,
        key=period_key(period),
        scope=scope,
        back=back,
        base=base,
        query=query,
        next_query=query | {"after": listing.after},
        first=not after,
        scope_is_team=where.team_id is not None,
    )


def _xlsx(
    service: ServiceDep, where: drill.Where, period: Period, figure: str, f: drill.Filters,
    scope: str, name: str,
) -> Response:  # fmt: skip
    kind, title = drill.LISTS[figure]
    what = " · ".join(x for x in (f.topic, f.service, f.outcome and drill_outcome(f.outcome)) if x)
    conn = service.figures.connect()
    try:
        out = export.records_xlsx(
            f"{title}{' — ' + what if what else ''}",
            f"{scope} · {period_text(period)}",
            kind,
            drill.every_row(conn, where, period, figure, f),
        )
    finally:
        conn.close()
    return StreamingResponse(
        _chunks(out),
        media_type=XLSX,
        headers=attachment(f"{name}-{figure}-{period_key(period)}.xlsx"),
    )


def drill_outcome(outcome: str) -> str:
    from sotay.words import OUTCOME

    return OUTCOME.get(outcome, outcome)


# --- a team ---------------------------------------------------------------------------------------


@router.get("/team/{team_id}/records/{figure}.xlsx")
def team_records_xlsx(
    team_id: str, figure: str, session: Viewer, service: ServiceDep, p: PeriodParam = None,
    topic: Name = "", service_name: Annotated[str, Query(alias="service", max_length=200)] = "",
    outcome: Outcome = "",
) -> Response:  # fmt: skip
    team = team_in_scope(service, session, team_id)
    return _xlsx(
        service, drill.Where(team_id=team.id), parse_period(p), _figure(figure),
        _filters(topic, service_name, outcome), f"{team.name}, {team.commune_name}",
        f"danh-sach-to-{team.id[:8]}",
    )  # fmt: skip


@router.get("/team/{team_id}/records/{figure}", response_class=HTMLResponse)
def team_records(
    request: Request, team_id: str, figure: str, session: Viewer, service: ServiceDep,
    p: PeriodParam = None, topic: Name = "",
    service_name: Annotated[str, Query(alias="service", max_length=200)] = "",
    outcome: Outcome = "", after: After = "",
) -> Response:  # fmt: skip
    team = team_in_scope(service, session, team_id)
    period = parse_period(p)
    return _page(
        request, service, drill.Where(team_id=team.id), period, _figure(figure),
        _filters(topic, service_name, outcome), after,
        scope=f"{team.name} — {team.commune_name}",
        back=f"/team/{team.id}?p={period_key(period)}&tab=figures",
        base=f"/team/{team.id}/records/{figure}",
    )  # fmt: skip


# --- a commune ------------------------------------------------------------------------------------


@router.get("/commune/{code}/records/{figure}.xlsx")
def commune_records_xlsx(
    code: int, figure: str, session: Viewer, service: ServiceDep, p: PeriodParam = None,
    topic: Name = "", service_name: Annotated[str, Query(alias="service", max_length=200)] = "",
    outcome: Outcome = "",
) -> Response:  # fmt: skip
    commune_code, commune_name, _pc, province_name = commune_in_scope(session, code)
    return _xlsx(
        service, drill.Where(commune_code=commune_code), parse_period(p), _figure(figure),
        _filters(topic, service_name, outcome), f"{commune_name}, {province_name}",
        f"danh-sach-{commune_code}",
    )  # fmt: skip


@router.get("/commune/{code}/records/{figure}", response_class=HTMLResponse)
def commune_records(
    request: Request, code: int, figure: str, session: Viewer, service: ServiceDep,
    p: PeriodParam = None, topic: Name = "",
    service_name: Annotated[str, Query(alias="service", max_length=200)] = "",
    outcome: Outcome = "", after: After = "",
) -> Response:  # fmt: skip
    commune_code, commune_name, _pc, province_name = commune_in_scope(session, code)
    period = parse_period(p)
    return _page(
        request, service, drill.Where(commune_code=commune_code), period, _figure(figure),
        _filters(topic, service_name, outcome), after,
        scope=f"{commune_name}, {province_name}",
        back=f"/commune/{commune_code}?p={period_key(period)}",
        base=f"/commune/{commune_code}/records/{figure}",
    )  # fmt: skip


# --- a province -----------------------------------------------------------------------------------


@router.get("/province/{code}/records/{figure}.xlsx")
def province_records_xlsx(
    code: int, figure: str, session: Viewer, service: ServiceDep, p: PeriodParam = None,
    topic: Name = "", service_name: Annotated[str, Query(alias="service", max_length=200)] = "",
    outcome: Outcome = "",
) -> Response:  # fmt: skip
    name = province_in_scope(session, code)
    return _xlsx(
        service, drill.Where(province_code=code), parse_period(p), _figure(figure),
        _filters(topic, service_name, outcome), name, f"danh-sach-tinh-{code}",
    )  # fmt: skip


@router.get("/province/{code}/records/{figure}", response_class=HTMLResponse)
def province_records(
    request: Request, code: int, figure: str, session: Viewer, service: ServiceDep,
    p: PeriodParam = None, topic: Name = "",
    service_name: Annotated[str, Query(alias="service", max_length=200)] = "",
    outcome: Outcome = "", after: After = "",
) -> Response:  # fmt: skip
    name = province_in_scope(session, code)
    period = parse_period(p)
    return _page(
        request, service, drill.Where(province_code=code), period, _figure(figure),
        _filters(topic, service_name, outcome), after,
        scope=name,
        back=f"/province/{code}?p={period_key(period)}",
        base=f"/province/{code}/records/{figure}",
    )  # fmt: skip
