"""The reports to download: a commune's workbook and PDF, a province's workbook. Their figures
are the pages' (central/dashboard.py), read from `figures`."""

from collections.abc import Iterator
from typing import IO, Any
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from central import dashboard, denominators
from central import tables as T
from central.deps import PeriodParam, ServiceDep, Viewer, commune_in_scope, province_in_scope
from central.rollups import period_key
from central.web import export
from central.web.format import parse_period, today
from sotay.domain.periods import Period
from sotay.domain.text import collation_key

router = APIRouter(include_in_schema=False)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


def _chunks(out: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    try:
        while chunk := out.read(size):
            yield chunk
    finally:
        out.close()


def _denominators(
    conn: Connection, commune_code: int, province_code: int, period: Period
) -> dict[str, Any]:
    """The commune page's reach and targets (pages.commune_page asks the same)."""
    return denominators.commune_view(
        conn, commune_code, province_code, period_key(period), period.year, today()
    )


@router.get("/commune/{code}/report.xlsx")
def commune_xlsx(
    code: int, session: Viewer, service: ServiceDep, p: PeriodParam = None
) -> Response:
    commune_code, commune_name, province_code, province_name = commune_in_scope(session, code)
    period = parse_period(p)
    with service.figures.connect() as conn:
        data = dashboard.commune_view(conn, commune_code, period)
        denom = _denominators(conn, commune_code, province_code, period)
    with service.figures.connect() as conn:
        teams = [(row, dashboard.overview(conn, [row.id], period)) for row in data["rows"]]
    out = export.commune_xlsx(commune_name, province_name, data["total"], teams, denom)
    return StreamingResponse(
        _chunks(out),
        media_type=XLSX,
        headers=attachment(f"bao-cao-{commune_code}-{period_key(period)}.xlsx"),
    )


@router.get("/commune/{code}/report.pdf")
def commune_pdf(code: int, session: Viewer, service: ServiceDep, p: PeriodParam = None) -> Response:
    commune_code, commune_name, province_code, province_name = commune_in_scope(session, code)
    period = parse_period(p)
    with service.figures.connect() as conn:
        data = dashboard.commune_view(conn, commune_code, period)
        denom = _denominators(conn, commune_code, province_code, period)
    pdf = export.commune_pdf(
        commune_name, province_name, data["total"], data["rows"], today(), denom
    )
    return Response(
        pdf,
        media_type="application/pdf",
        headers=attachment(f"bao-cao-{commune_code}-{period_key(period)}.pdf"),
    )


@router.get("/province/{code}/report.xlsx")
def province_xlsx(
    code: int, session: Viewer, service: ServiceDep, p: PeriodParam = None
) -> Response:
    name = province_in_scope(session, code)
    period = parse_period(p)
    out = province_report(service.figures, code, name, period)
    return StreamingResponse(
        _chunks(out),
        media_type=XLSX,
        headers=attachment(f"bao-cao-tinh-{code}-{period_key(period)}.xlsx"),
    )


def province_report(figures: Engine, code: int, name: str, period: Period) -> IO[bytes]:
    """The province's workbook (bench/province.py times it): its communes, then every team."""
    with figures.connect() as conn:
        communes = dashboard.commune_rows(conn, code, period)
        communes.sort(key=lambda c: collation_key(c.name))
        ids = [t for (t,) in conn.execute(
            select(T.team.c.id).where(T.team.c.province_code == code)
        )]  # fmt: skip
        total = dashboard.overview(conn, ids, period)

        every_team = dashboard.province_team_rows(conn, code, period)
        found = denominators.province_progress(conn, code, period.year, today())
        return export.province_xlsx(name, period, total, communes, iter(every_team), found)
