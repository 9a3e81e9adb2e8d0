"""The team report for a month, quarter or year: the overview's indicators as tables, as PDF
and as an XLSX workbook the commune can paste into its own reporting. Both are made from the
same Overview the screen shows, so every printed figure equals the screen's."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from sotay.domain.indicators import Overview
from sotay.domain.standard import BY_CODE
from sotay.domain.text import clean
from sotay.printing.data import Letterhead
from sotay.printing.document import Styles, build_pdf, grid, letterhead, p, signatures, text_width
from sotay.words import OUTCOME, number, period_text


def indicator_rows(ov: Overview, *, summed: bool = False) -> list[tuple[str, int]]:
    """The report's main figures. `summed`: the figures of several teams added up (the
    people among them counted as SUMMED_NOTE says)."""
    people = " (cộng các tổ)" if summed else " (mỗi người tính một lần)"
    return [
        ("Số buổi tập huấn đã tổ chức", ov.trainings_held),
        ("Số lượt người tham dự", ov.attendances),
        ("Số người dân được tập huấn" + people, ov.residents_trained),
        ("   trong đó: nữ", ov.women_trained),
        ("   trong đó: từ 60 tuổi trở lên", ov.elderly_trained),
        ("Số buổi dự kiến (chưa tổ chức)", ov.trainings_planned),
        ("Số buổi đã hủy", ov.trainings_cancelled),
        ("Số lượt hỗ trợ người dân", ov.assists),
        ("Số người dân được hỗ trợ" + people, ov.assisted_residents),
    ]


TOPIC_HEAD = ("STT", "Chủ đề", "Số buổi", "Lượt người tham dự")
SERVICE_HEAD = ("STT", "Nội dung hỗ trợ", *OUTCOME.values(), "Cộng")


def service_rows(ov: Overview) -> list[tuple[str, int, int, int, int]]:
    return [
        (name, done, not_done, referred, done + not_done + referred)
        for name, done, not_done, referred in ov.by_service
    ]


STANDARD_HEAD = ("Mã", "Chỉ tiêu chuẩn", "Số người", "Số lượt")


def standard_rows(ov: Overview) -> list[tuple[str, str, int, int]]:
    """The standard indicators (sotay/domain/standard.py) with their codes, in the plans'
    order: (code, name, residents, attendances or help sessions done)."""
    return [(f.code, BY_CODE[f.code].name, f.people, f.count) for f in ov.standard]


def team_report_pdf(head: Letterhead, ov: Overview, today: date | None = None) -> bytes:
    today = today or date.today()
    st = Styles.make()
    width = text_width(False)

    story: list[Flowable] = [
        letterhead(head, today, st, width),
        Spacer(1, 6 * mm),
        p("BÁO CÁO KẾT QUẢ HOẠT ĐỘNG", st.title),
        p(f"{head.team_name}", st.centered_bold),
        p(period_text(ov.period), st.centered),
        Spacer(1, 5 * mm),
        p("I. Các chỉ tiêu chính", st.body),
        Spacer(1, 2 * mm),
    ]
    rows: list[list[object]] = [[label, number(v)] for label, v in indicator_rows(ov)]
    story.append(
        grid(("Chỉ tiêu", "Số lượng"), rows, [width * 0.75, width * 0.25], st, centered=(1,))
    )
    story += [Spacer(1, 5 * mm), p("II. Tập huấn theo chủ đề", st.body), Spacer(1, 2 * mm)]
    rows = [[n, name, number(t), number(a)] for n, (name, t, a) in enumerate(ov.by_topic, 1)]
    widths = [width * f for f in (0.08, 0.56, 0.14, 0.22)]
    story.append(grid(TOPIC_HEAD, rows, widths, st, centered=(0, 2, 3)))
    story += [
        Spacer(1, 5 * mm),
        p("III. Hỗ trợ người dân theo nội dung và kết quả", st.body),
        Spacer(1, 2 * mm),
    ]
    rows = [
        [n, name, *map(number, values)]
        for n, (name, *values) in enumerate(service_rows(ov), start=1)
    ]
    widths = [width * f for f in (0.07, 0.41, 0.12, 0.12, 0.16, 0.12)]
    story.append(grid(SERVICE_HEAD, rows, widths, st, centered=(0, 2, 3, 4, 5)))
    story += [Spacer(1, 5 * mm), p("IV. Các chỉ tiêu chuẩn (theo mã)", st.body), Spacer(1, 2 * mm)]
    story.append(standard_grid(ov, st, width))
    story.append(signatures([("", ""), ("TỔ TRƯỞNG", head.leader_name)], st, width))
    return build_pdf(story, title=f"Báo cáo {period_text(ov.period)}")


def standard_grid(ov: Overview, st: Styles, width: float) -> Flowable:
    """The standard indicators as a printed table (the team's report, the commune's)."""
    rows = [[code, name, number(n), number(m)] for code, name, n, m in standard_rows(ov)]
    widths = [width * f for f in (0.24, 0.46, 0.15, 0.15)]
    return grid(STANDARD_HEAD, rows, widths, st, centered=(2, 3))


def team_report_xlsx(head: Letterhead, ov: Overview) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    bold = Font(bold=True)

    def put(ws, values: list[object]) -> None:
        # Cleaned once more, though stored text is clean (forms, pulls and m004 clean it): one
        # control character would fail the whole workbook, and openpyxl's error carries the
        # cell's text, a team's name, into the crash log.
        ws.append([clean(v) if isinstance(v, str) else v for v in values])
        for cell in ws[ws.max_row]:
            # a team or catalogue name like "=..." must stay text, never become a formula
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"

    def sheet(
        title: str, heading: tuple[str, ...], rows: list[tuple], first: bool = False
    ) -> Worksheet:
        ws = book.active if first else book.create_sheet()
        assert isinstance(ws, Worksheet)  # a new workbook's first sheet is a worksheet
        ws.title = title
        put(ws, [f"{head.team_name} — {head.commune_name}, {head.province_name}"])
        ws.append([period_text(ov.period)])
        ws.append([])
        ws.append(list(heading))
        for cell in ws[4]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in rows:
            put(ws, list(row))
        ws.column_dimensions["A"].width = 8
        ws.column_dimensions["B"].width = 55
        for col in "CDEF":
            ws.column_dimensions[col].width = 16
        return ws

    ws = sheet(
        "Chỉ tiêu",
        ("STT", "Chỉ tiêu", "Số lượng"),
        [(n, label.strip(), v) for n, (label, v) in enumerate(indicator_rows(ov), 1)],
        first=True,
    )
    ws["A1"].font = bold
    sheet("Theo chủ đề", TOPIC_HEAD, [(n, *r) for n, r in enumerate(ov.by_topic, 1)])
    sheet("Hỗ trợ", SERVICE_HEAD, [(n, *r) for n, r in enumerate(service_rows(ov), 1)])
    sheet("Chỉ tiêu chuẩn", STANDARD_HEAD, standard_rows(ov))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
