"""The commune's figures for a team's neighbourhoods and the year's targets per indicator (issue
23): forms of the commune and province pages, each with the session's CSRF token.

A neighbourhood's figure is set by an admin account of that very commune (the commune counts
its own people); a target by an admin of the commune, or of the province for the whole
province. Anything else answers as a page outside the account's scope does."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from central import denominators
from central import tables as T
from central.deps import (
    ServiceDep,
    Viewer,
    admin_of,
    check_form,
    commune_in_scope,
    province_in_scope,
)
from central.errors import NOT_FOUND, WebError
from central.rollups import utcnow
from central.routes.admin import Csrf, Shown, period_query
from central.web.format import today
from sotay.domain.dates import parse_day
from sotay.domain.denominators import (
    COUNT,
    MAX_COUNT,
    PERCENT,
    Target,
    check_figures,
    valid_target,
)
from sotay.domain.standard import BY_CODE

log = logging.getLogger("central.web")

router = APIRouter(include_in_schema=False)

Small = Annotated[str, Form(max_length=40)]


def _back(place: str, shown: str, anchor: str) -> Response:
    query = period_query(shown)
    return RedirectResponse(f"{place}{'?' + query if query else ''}#{anchor}", status_code=303)


def _as_typed_day(text: str) -> str:
    """The browser's date field sends 2026-01-15; the laptop's rules read 15/01/2026."""
    day = parse_day(text.strip())
    return day.strftime("%d/%m/%Y") if day else text


@router.post("/commune/{code}/figures")
def save_figures(
    request: Request,
    code: int,
    session: Viewer,
    service: ServiceDep,
    neighbourhood: Annotated[str, Form(max_length=80)] = "",
    adults: Small = "",
    households: Small = "",
    counted_on: Small = "",
    clear: Small = "",
    csrf: Csrf = "",
    p: Shown = "",
) -> Response:
    check_form(request, session, csrf)
    account = admin_of(session)
    commune_code, *_ = commune_in_scope(session, code)
    if account.scope != "commune" or account.commune_code != commune_code:
        raise WebError(404, NOT_FOUND)
    team_id, _, nb_id = neighbourhood.partition("/")
    with service.writing() as conn:
        # Only a live neighbourhood of a team of this commune.
        found = conn.execute(
            select(T.record.c.id)
            .join(T.team, T.team.c.id == T.record.c.team_id)
            .where(
                T.team.c.commune_code == commune_code,
                T.record.c.team_id == team_id,
                T.record.c.entity == "neighbourhood",
                T.record.c.id == nb_id,
                T.record.c.deleted.is_(False),
            )
        ).one_or_none()
        if found is None:
            raise WebError(404, NOT_FOUND)
        f = T.nb_figure.c
        where = (f.team_id == team_id) & (f.neighbourhood_id == nb_id)
        if clear:
            conn.execute(T.nb_figure.delete().where(where))
        else:
            errors, figures = check_figures(adults, households, _as_typed_day(counted_on), today())
            if errors or figures is None or figures.counted_on is None:
                raise WebError(400, _problems(errors))
            conn.execute(T.nb_figure.delete().where(where))
            conn.execute(
                T.nb_figure.insert().values(
                    team_id=team_id,
                    neighbourhood_id=nb_id,
                    adults=figures.adults,
                    households=figures.households,
                    counted_on=figures.counted_on.isoformat(),
                    set_by=account.id,
                    set_at=utcnow(),
                )
            )
        denominators.store_adults(conn, team_id)
    log.info("figures of neighbourhood %s set by account %s", nb_id, account.id)
    return _back(f"/commune/{commune_code}", p, "bao-phu")


def _problems(errors: list) -> str:
    words = {
        "adults": "Số người lớn",
        "households": "Số hộ",
        "counted_on": "Ngày đếm",
    }
    why = {
        "not_a_count": f"phải là số nguyên từ 0 đến {MAX_COUNT:,}".replace(",", "."),
        "required": "chưa nhập",
        "date_in_future": "là ngày trong tương lai",
        "date_unreadable": "không phải là ngày (ngày/tháng/năm)",
    }
    parts = [
        f"{words.get(e.field, e.field)} {why.get(str(e.problem), str(e.problem))}" for e in errors
    ]
    return "Chưa lưu: " + "; ".join(parts or ["chưa nhập số người lớn"]) + ". Hãy quay lại và sửa."


def _target(indicator: str, unit: str, value: str, year: str) -> Target | None:
    """The target as typed (None: the value left empty, which removes it)."""
    if indicator not in BY_CODE or unit not in (COUNT, PERCENT):
        raise WebError(400, "Chỉ tiêu không có trong danh mục.")
    try:
        y = int(year)
    except ValueError:
        raise WebError(400, "Năm không hợp lệ.") from None
    if not 2000 <= y <= 2100:
        raise WebError(400, "Năm không hợp lệ.")
    text = value.strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise WebError(400, "Mục tiêu phải là một số.") from None
    if not valid_target(indicator, unit, number):
        raise WebError(
            400,
            "Mục tiêu không hợp lệ: số lượng là số nguyên không âm; tỷ lệ từ 0 đến 100% "
            "và chỉ cho chỉ tiêu tính được trên số người lớn.",
        )
    return Target(indicator, y, number, unit)


@router.post("/commune/{code}/targets")
def save_commune_target(
    request: Request,
    code: int,
    session: Viewer,
    service: ServiceDep,
    indicator: Small = "",
    unit: Small = COUNT,
    value: Small = "",
    year: Small = "",
    csrf: Csrf = "",
    p: Shown = "",
) -> Response:
    check_form(request, session, csrf)
    account = admin_of(session)
    commune_code, *_ = commune_in_scope(session, code)
    if account.scope != "commune":  # a province's admin sets the province's targets
        raise WebError(404, NOT_FOUND)
    target = _target(indicator, unit, value, year)
    with service.writing() as conn:
        if target is None:
            denominators.clear_target(conn, "commune", commune_code, int(year), indicator)
        else:
            denominators.set_target(conn, "commune", commune_code, target, account.id, utcnow())
    log.info("target %s of commune %s set by account %s", indicator, commune_code, account.id)
    return _back(f"/commune/{commune_code}", p, "chi-tieu")


@router.post("/province/{code}/targets")
def save_province_target(
    request: Request,
    code: int,
    session: Viewer,
    service: ServiceDep,
    indicator: Small = "",
    unit: Small = COUNT,
    value: Small = "",
    year: Small = "",
    csrf: Csrf = "",
    p: Shown = "",
) -> Response:
    check_form(request, session, csrf)
    account = admin_of(session)
    province_in_scope(session, code)
    target = _target(indicator, unit, value, year)
    with service.writing() as conn:
        if target is None:
            denominators.clear_target(conn, "province", code, int(year), indicator)
        else:
            denominators.set_target(conn, "province", code, target, account.id, utcnow())
    log.info("target %s of province %s set by account %s", indicator, code, account.id)
    return _back(f"/province/{code}", p, "chi-tieu")
