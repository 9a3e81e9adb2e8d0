"""The team report for a month, quarter or year: the overview's indicators as tables, as PDF
and as an XLSX workbook the commune can paste into its own reporting. Both are made from the
same Overview the screen shows, so every printed figure equals the screen's."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from sotay.domain.denominators import PERCENT, Progress, Reach
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


# --- rates and targets (issue 23): the overview's ReachSummary, in the report's words ----------


class TeamReachLike(Protocol):
    """desktop.store.reach.TeamReach (the printing code knows nothing of the store)."""

    rows: list[Reach]
    whole: Reach
    targets: list[tuple[str, Progress, str]]


def percent_text(value: float | None) -> str:
    """12,5% (a decimal comma, as the pages write it); "—" when it cannot be known."""
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def amount_text(value: float | None, unit: str) -> str:
    if value is None:
        return "chưa tính được"
    return percent_text(value) if unit == PERCENT else number(round(value))


REACH_HEAD = ("Khu phố, ấp", "Người lớn", "Số liệu của", "Người được tập huấn", "Tỷ lệ")


def reach_rows(rows: Sequence[Reach]) -> list[tuple[str, str, str, str, str]]:
    """The neighbourhoods' reach, weakest first as given, the weak marked "(yếu)"."""
    return [
        (
            f"{r.name} (yếu)" if r.weak else r.name,
            number(r.adults) if r.adults is not None else "chưa có",
            ("xã/phường" if r.by_commune else "tổ") if r.adults is not None else "—",
            number(r.trained),
            percent_text(r.rate),
        )
        for r in rows
    ]


def reach_line(rows: Sequence[Reach], whole: Reach, who: str = "của tổ") -> str:
    """The rate in one sentence, or one plain line when no adults are known (never a 0 %)."""
    if whole.rate is None:
        return (
            "Tỷ lệ người lớn được tập huấn: chưa tính được vì chưa nhập số người lớn"
            " (từ 18 tuổi) của khu phố nào."
        )
    counted = sum(1 for r in rows if r.adults)
    return (
        f"Tỷ lệ người lớn được tập huấn {who}: {percent_text(whole.rate)}"
        f" ({number(whole.trained)}/{number(whole.adults)} người lớn;"
        f" {counted}/{len(rows)} khu phố đã có số người lớn)."
    )


WEAK_NOTE = (
    "Khu phố yếu: dưới một nửa tỷ lệ chung, hoặc dưới mục tiêu tỷ lệ của năm."
    " Số người lớn của xã/phường (nếu có) được dùng thay cho số của tổ."
)
TEAM_TARGET_HEAD = ("Mã", "Chỉ tiêu", "Phần của tổ", "Đạt", "% phần mục tiêu", "Tiến độ")


def behind_text(progress: Progress) -> str:
    return "Chậm tiến độ" if progress.behind else "Đúng tiến độ"


def team_target_rows(
    targets: Sequence[tuple[str, Progress, str]],
) -> list[tuple[str, str, str, str, str, str]]:
    """The team's share of each of the year's targets and its progress (ReachSummary's)."""
    return [
        (
            code,
            BY_CODE[code].name,
            amount_text(t.target, t.unit),
            amount_text(t.value, t.unit),
            percent_text(t.percent),
            behind_text(t),
        )
        for code, t, _basis in targets
    ]


# The laptop holds only the targets of the year it last synced in (the commune sends those).
NO_TARGETS = (
    "Trên máy chưa có chỉ tiêu năm {year} của xã/phường (máy nhận chỉ tiêu của năm nay"
    " khi đồng bộ)."
)


def _reach_story(
    reach: TeamReachLike, year: int, st: Styles, width: float, closing: Flowable
) -> list[Flowable]:
    """Sections V and VI, each heading kept with its table (a short table moves whole to the
    next page rather than leave its heading alone at the foot of one); the last one kept with
    `closing`, the signatures, which never stand alone on a page."""
    rates: list[Flowable] = [
        p("V. Tỷ lệ người dân được tập huấn trên số người lớn", st.body),
        Spacer(1, 2 * mm),
        p(reach_line(reach.rows, reach.whole), st.body),
    ]
    if reach.whole.rate is not None:
        widths = [width * f for f in (0.34, 0.15, 0.15, 0.2, 0.16)]
        rates += [
            Spacer(1, 2 * mm),
            grid(REACH_HEAD, reach_rows(reach.rows), widths, st, centered=(1, 2, 3, 4)),
            Spacer(1, 1 * mm),
            p(WEAK_NOTE, st.body),
        ]
    goals: list[Flowable] = [
        p(f"VI. Chỉ tiêu năm {year} (phần của tổ)", st.body),
        Spacer(1, 2 * mm),
    ]
    if reach.targets:
        widths = [width * f for f in (0.16, 0.31, 0.12, 0.1, 0.13, 0.18)]
        rows = team_target_rows(reach.targets)
        goals.append(grid(TEAM_TARGET_HEAD, rows, widths, st, centered=(2, 3, 4)))
    else:
        goals.append(p(NO_TARGETS.format(year=year), st.body))
    goals.append(closing)
    return [Spacer(1, 5 * mm), KeepTogether(rates), Spacer(1, 5 * mm), KeepTogether(goals)]


def team_report_pdf(
    head: Letterhead,
    ov: Overview,
    today: date | None = None,
    reach: TeamReachLike | None = None,
) -> bytes:
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
    signed = signatures([("", ""), ("TỔ TRƯỞNG", head.leader_name)], st, width)
    if reach is not None:
        story += _reach_story(reach, ov.period.year, st, width, signed)
    else:
        story.append(signed)
    return build_pdf(story, title=f"Báo cáo {period_text(ov.period)}")


def standard_grid(ov: Overview, st: Styles, width: float) -> Flowable:
    """The standard indicators as a printed table (the team's report, the commune's)."""
    rows = [[code, name, number(n), number(m)] for code, name, n, m in standard_rows(ov)]
    widths = [width * f for f in (0.24, 0.46, 0.15, 0.15)]
    return grid(STANDARD_HEAD, rows, widths, st, centered=(2, 3))


def team_report_xlsx(head: Letterhead, ov: Overview, reach: TeamReachLike | None = None) -> bytes:
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
    if reach is not None:
        _reach_sheet(sheet, put, reach, ov.period.year)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _reach_sheet(sheet: Any, put: Any, reach: TeamReachLike, year: int) -> None:
    """The rate, the neighbourhoods' reach and the year's targets: numbers as numbers (a rate
    in %, rounded to 0.1 as printed) so the commune can add them up; "" where unknown."""
    from openpyxl.styles import Font

    rows = [
        (
            f"{r.name} (yếu)" if r.weak else r.name,
            r.adults,
            ("xã/phường" if r.by_commune else "tổ") if r.adults is not None else "",
            r.trained,
            _rounded(r.rate),
        )
        for r in reach.rows
    ]
    ws = sheet("Tỷ lệ và chỉ tiêu", ("Khu phố, ấp", "Người lớn", "Số liệu của",
                                      "Người được tập huấn", "Tỷ lệ (%)"), rows)  # fmt: skip
    ws["A3"] = reach_line(reach.rows, reach.whole)  # the rate's sentence above the table
    ws.column_dimensions["A"].width = 30
    put(ws, [])
    put(ws, [f"Chỉ tiêu năm {year} (phần của tổ)"])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    if not reach.targets:
        put(ws, [NO_TARGETS.format(year=year)])
        return
    put(ws, ["Mã", "Chỉ tiêu", "Đơn vị", "Phần của tổ", "Đạt", "% phần mục tiêu", "Tiến độ"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for code, t, _basis in reach.targets:
        put(
            ws,
            [
                code,
                BY_CODE[code].name,
                "%" if t.unit == PERCENT else "số lượng",
                _rounded(t.target),
                _rounded(t.value),
                _rounded(t.percent),
                behind_text(t),
            ],
        )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
