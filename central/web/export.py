"""The commune's and the province's reports as XLSX and PDF, made from the very rows the pages
show (central/dashboard.py), so every figure is the page's.

XLSX workbooks are written with openpyxl's write-only mode into a temporary file: a province's
year (every team) is written row by row, at constant memory."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

from sotay.domain.indicators import Overview
from sotay.domain.periods import Period
from sotay.domain.text import clean
from sotay.printing.report import (
    SERVICE_HEAD,
    STANDARD_HEAD,
    TOPIC_HEAD,
    WEAK_NOTE,
    amount_text,
    indicator_rows,
    percent_text,
    reach_line,
    service_rows,
    standard_grid,
    standard_rows,
)
from sotay.words import SUMMED_NOTE, number, period_text

TEAM_HEAD = (
    "STT",
    "Tổ công nghệ số cộng đồng",
    "Buổi tập huấn",
    "Lượt tham dự",
    "Người được tập huấn",
    "Trong đó nữ",
    "Từ 60 tuổi",
    "Lượt hỗ trợ",
    "Người được hỗ trợ",
    "Đồng bộ lần cuối",
)
# The figures of a table of teams or communes, in their order: the pages' and the workbooks'.
FIGURE_COLUMNS = (
    "trainings_held",
    "attendances",
    "residents_trained",
    "women_trained",
    "elderly_trained",
    "assists",
    "assisted_residents",
)
# A commune's people are its teams' counts added up (sotay/words.py, SUMMED_NOTE).
COMMUNE_HEAD = (
    "STT",
    "Xã/phường",
    "Số tổ",
    "Tổ có hoạt động",
    "Buổi tập huấn",
    "Lượt tham dự",
    "Người được tập huấn (cộng các tổ)",
    "Trong đó nữ",
    "Từ 60 tuổi",
    "Lượt hỗ trợ",
    "Người được hỗ trợ (cộng các tổ)",
)


def _text(value: Any) -> Any:
    # Stored text is clean (ingest cleans it), cleaned again: one control character would
    # fail the whole workbook.
    return clean(value) if isinstance(value, str) else value


def _sheet_title(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", clean(name)).strip()[:28] or "Tổ"
    title, n = base, 1
    while title.lower() in taken:
        n += 1
        title = f"{base[:25]} ({n})"
    taken.add(title.lower())
    return title


class _Book:
    """A write-only workbook: sheets are appended row by row."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.book = Workbook(write_only=True)
        self.titles: set[str] = set()

    def sheet(self, title: str, widths: Iterable[float] = (8, 50, 16, 16, 16, 16)) -> Any:
        from openpyxl.utils import get_column_letter

        ws = self.book.create_sheet(_sheet_title(title, self.titles))
        for n, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(n)].width = width
        return ws

    def row(self, ws: Any, values: Iterable[Any], bold: bool = False) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        cells = []
        for value in values:
            cell = WriteOnlyCell(ws, value=_text(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a name like "=..." stays text, never a formula
            if bold:
                cell.font = Font(bold=True)
            cells.append(cell)
        ws.append(cells)

    def save(self) -> IO[bytes]:
        # Closed by whoever streams it out (central/routes/downloads.py).
        out = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115
        self.book.save(out)
        out.seek(0)
        return out


def _report_sheet(
    book: _Book, ws: Any, heading: str, ov: Overview, *, summed: bool = False
) -> None:
    """The app's team report on one sheet: indicators, then topics, then services.
    `summed`: several teams' figures added up (a commune's, a province's)."""
    book.row(ws, [heading], bold=True)
    book.row(ws, [period_text(ov.period)])
    book.row(ws, [])
    book.row(ws, ("STT", "Chỉ tiêu", "Số lượng"), bold=True)
    for n, (label, value) in enumerate(indicator_rows(ov, summed=summed), start=1):
        book.row(ws, (n, label.strip(), value))
    if summed:
        book.row(ws, ["", SUMMED_NOTE])
    book.row(ws, [])
    book.row(ws, TOPIC_HEAD, bold=True)
    for n, line in enumerate(ov.by_topic, start=1):
        book.row(ws, (n, *line))
    book.row(ws, [])
    book.row(ws, SERVICE_HEAD, bold=True)
    for n, service in enumerate(service_rows(ov), start=1):
        book.row(ws, (n, *service))
    book.row(ws, [])
    book.row(ws, STANDARD_HEAD, bold=True)
    for code_row in standard_rows(ov):
        book.row(ws, code_row)


# --- reach and targets (issue 23): central/denominators.commune_view's, as the page shows them ----

COMMUNE_REACH_HEAD = (
    "STT", "Khu phố, ấp", "Tổ", "Người lớn", "Số liệu của", "Người được tập huấn", "Tỷ lệ",
)  # fmt: skip
TARGET_HEAD = ("STT", "Chỉ tiêu", "Mục tiêu", "Đạt", "% mục tiêu", "Tổ chậm tiến độ")
SHARE_HEAD = ("STT", "Chỉ tiêu", "Tổ", "Phần mục tiêu", "Đạt", "% phần mục tiêu", "Tiến độ")
NO_TARGETS = "Chưa đặt chỉ tiêu nào cho năm {year}."
BEHIND_NOTE = (
    "Một tổ chậm tiến độ khi số đạt được thấp hơn phần mục tiêu của tổ nhân với phần của năm"
    " đã qua (chỉ tiêu tỷ lệ: thấp hơn tỷ lệ mục tiêu)."
)


def _source(r: Any) -> str:
    return ("xã/phường" if r.by_commune else "tổ") if r.adults is not None else "—"


def commune_reach_rows(table: Any) -> list[tuple[Any, ...]]:
    """The neighbourhoods' reach (central/denominators.ReachTable), weakest first, the weak
    marked as on the page: (no., name, team, adults, whose figure, trained, rate text)."""
    return [
        (
            n,
            f"{r.name} (yếu)" if r.weak else r.name,
            r.team,
            number(r.adults) if r.adults is not None else "chưa có",
            _source(r),
            number(r.trained),
            percent_text(r.rate),
        )
        for n, r in enumerate(table.rows, start=1)
    ]


def target_rows(found: list[Any]) -> list[tuple[Any, ...]]:
    """The commune's targets (central/denominators.TargetProgress) with the teams behind."""
    rows = []
    for n, t in enumerate(found, start=1):
        goal = amount_text(t.target.value, t.target.unit)
        if t.source == "province":
            goal += " (phần của xã/phường trong chỉ tiêu của tỉnh)"
        behind = ", ".join(b.name for b in t.behind) or "Không tổ nào"
        state = " (chậm tiến độ)" if t.whole.behind else ""
        rows.append(
            (
                n,
                t.indicator.name,
                goal,
                amount_text(t.whole.value, t.target.unit) + state,
                percent_text(t.whole.percent),
                behind,
            )
        )
    return rows


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _denominators_rows(book: _Book, ws: Any, denom: dict[str, Any]) -> None:
    """The commune page's reach and targets, below the summary's team table (the workbook's
    sheets stay one summary and one per team): numbers as numbers (a rate in %, rounded to
    0.1 as printed), empty where they cannot be known."""
    table, found, year = denom["reach"], denom["targets"], denom["target_year"]
    book.row(ws, [])
    book.row(ws, ["", "Mức độ bao phủ theo khu phố"], bold=True)
    book.row(ws, ["", reach_line(table.rows, table.whole, "của xã/phường")])
    book.row(ws, ["", WEAK_NOTE])
    book.row(ws, [])
    book.row(ws, (*COMMUNE_REACH_HEAD[:-1], "Tỷ lệ (%)"), bold=True)
    for n, r in enumerate(table.rows, start=1):
        name = f"{r.name} (yếu)" if r.weak else r.name
        source = _source(r) if r.adults is not None else ""
        book.row(ws, (n, name, r.team, r.adults, source, r.trained, _rounded(r.rate)))
    book.row(ws, [])
    book.row(ws, ["", f"Chỉ tiêu năm {year}"], bold=True)
    if not found:
        book.row(ws, ["", NO_TARGETS.format(year=year)])
        return
    book.row(ws, ["", BEHIND_NOTE])
    book.row(ws, [])
    book.row(
        ws,
        ("STT", "Mã", "Chỉ tiêu", "Đơn vị", "Mục tiêu", "Đạt", "% mục tiêu", "Tổ chậm tiến độ",
         "Ghi chú"),
        bold=True,
    )  # fmt: skip
    for n, t in enumerate(found, start=1):
        book.row(
            ws,
            (
                n,
                t.indicator.code,
                t.indicator.name,
                "%" if t.target.unit == "percent" else "số lượng",
                _rounded(t.target.value),
                _rounded(t.whole.value),
                _rounded(t.whole.percent),
                ", ".join(b.name for b in t.behind),
                "Phần của xã/phường trong chỉ tiêu của tỉnh" if t.source == "province" else "",
            ),
        )
    book.row(ws, [])
    book.row(ws, SHARE_HEAD, bold=True)
    n = 0
    for t in found:
        for share in t.teams:
            n += 1
            state = "Chậm tiến độ" if share.behind else "Đúng tiến độ"
            book.row(
                ws,
                (
                    n,
                    t.indicator.name,
                    share.name,
                    _rounded(share.target),
                    _rounded(share.value),
                    _rounded(share.percent),
                    state,
                ),
            )


def province_targets_sheet(book: _Book, province: str, year: int, found: list[Any]) -> None:
    """The province's own targets of the year and its figure against each (if any)."""
    ws = book.sheet("Chỉ tiêu của tỉnh", (8, 50, 12, 14, 14, 14, 16))
    book.row(ws, [province], bold=True)
    book.row(ws, [f"Chỉ tiêu năm {year} của tỉnh"], bold=True)
    book.row(ws, [])
    if not found:
        book.row(ws, ["", NO_TARGETS.format(year=year)])
        return
    book.row(
        ws, ("STT", "Chỉ tiêu", "Đơn vị", "Mục tiêu", "Đạt", "% mục tiêu", "Tiến độ"), bold=True
    )
    for n, (indicator, p) in enumerate(found, start=1):
        book.row(
            ws,
            (
                n,
                indicator.name,
                "%" if p.unit == "percent" else "số lượng",
                _rounded(p.target),
                _rounded(p.value),
                _rounded(p.percent),
                "Chậm tiến độ" if p.behind else "Đúng tiến độ",
            ),
        )


def when_text(value: Any) -> str:
    from central.web.format import local_time

    return local_time(value) if value is not None else "chưa đồng bộ lần nào"


def commune_xlsx(
    commune: str,
    province: str,
    total: Overview,
    teams: list[tuple[Any, Overview]],
    denom: dict[str, Any] | None = None,
) -> IO[bytes]:
    """Totals and a row per team on the first sheet, the reach and targets (`denom`: the page's,
    central/denominators.commune_view) on the second, then one sheet per team."""
    book = _Book()
    ws = book.sheet("Tổng hợp", (8, 50, 16, 16, 16, 16, 16, 16, 16, 20))
    _report_sheet(book, ws, f"{commune}, {province}", total, summed=True)
    book.row(ws, [])
    book.row(ws, TEAM_HEAD, bold=True)
    for n, (row, _ov) in enumerate(teams, start=1):
        book.row(
            ws,
            (n, row.name, *(row.figures[k] for k in FIGURE_COLUMNS), when_text(row.last_sync)),
        )
    if denom is not None:
        _denominators_rows(book, ws, denom)
    for row, ov in teams:
        _report_sheet(book, book.sheet(row.name), f"{row.name} — {commune}, {province}", ov)
    return book.save()


def province_xlsx(
    province: str,
    period: Period,
    total: Overview,
    communes: list[Any],
    teams: Iterator[Any],
    targets: list[Any] | None = None,
) -> IO[bytes]:
    """The province's totals, a row per commune, and a row per team (streamed); then the
    province's targets with its progress (`targets`: denominators.province_progress)."""
    book = _Book()
    ws = book.sheet("Tổng hợp")
    _report_sheet(book, ws, province, total, summed=True)
    ws = book.sheet("Theo xã", (8, 40, 10, 14, 16, 16, 16, 16, 16, 16, 16))
    book.row(ws, [province], bold=True)
    book.row(ws, [period_text(period)])
    book.row(ws, [])
    book.row(ws, COMMUNE_HEAD, bold=True)
    for n, c in enumerate(communes, start=1):
        book.row(ws, (n, c.name, c.teams, c.active_teams, *(c.figures[k] for k in FIGURE_COLUMNS)))
    ws = book.sheet("Theo tổ", (8, 30, 45, 16, 16, 16, 16, 16, 16, 16, 20))
    book.row(ws, [province], bold=True)
    book.row(ws, [period_text(period)])
    book.row(ws, [])
    book.row(ws, ("STT", "Xã/phường", *TEAM_HEAD[1:]), bold=True)
    for n, t in enumerate(teams, start=1):
        book.row(
            ws,
            (
                n,
                t.commune_name,
                t.name,
                *(t.figures[k] for k in FIGURE_COLUMNS),
                when_text(t.last_sync),
            ),
        )
    if targets is not None:
        province_targets_sheet(book, province, period.year, targets)
    return book.save()


def commune_pdf(
    commune: str,
    province: str,
    total: Overview,
    teams: list[Any],
    today: date | None = None,
    denom: dict[str, Any] | None = None,
) -> bytes:
    """The commune's report in the administrative style of the app's printed team report."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable, Spacer

    from sotay.printing.data import Letterhead
    from sotay.printing.document import (
        Styles,
        build_pdf,
        grid,
        letterhead,
        p,
        signatures,
        text_width,
    )

    today = today or date.today()
    st = Styles.make()
    width = text_width(False)

    head = Letterhead(commune, province, "Phòng Văn hóa - Xã hội")
    story: list[Flowable] = [
        letterhead(head, today, st, width),
        Spacer(1, 6 * mm),
        p("BÁO CÁO KẾT QUẢ HOẠT ĐỘNG", st.title),
        p("của các Tổ công nghệ số cộng đồng", st.centered_bold),
        p(period_text(total.period), st.centered),
        Spacer(1, 5 * mm),
        p("I. Các chỉ tiêu chính (cộng các tổ)", st.body),
        Spacer(1, 2 * mm),
        grid(
            ("Chỉ tiêu", "Số lượng"),
            [[label, number(v)] for label, v in indicator_rows(total, summed=True)],
            [width * 0.75, width * 0.25],
            st,
            centered=(1,),
        ),
        Spacer(1, 1 * mm),
        p(SUMMED_NOTE, st.body),
        Spacer(1, 5 * mm),
        p("II. Kết quả theo tổ", st.body),
        Spacer(1, 2 * mm),
    ]
    rows = [
        [
            n,
            t.name,
            number(t.figures["trainings_held"]),
            number(t.figures["attendances"]),
            number(t.figures["residents_trained"]),
            number(t.figures["assists"]),
        ]
        for n, t in enumerate(teams, start=1)
    ]
    widths = [width * f for f in (0.07, 0.41, 0.12, 0.13, 0.14, 0.13)]
    story.append(
        grid(
            ("STT", "Tổ", "Buổi tập huấn", "Lượt tham dự", "Người được tập huấn", "Lượt hỗ trợ"),
            rows,
            widths,
            st,
            centered=(0, 2, 3, 4, 5),
        )
    )
    story += [Spacer(1, 5 * mm), p("III. Tập huấn theo chủ đề", st.body), Spacer(1, 2 * mm)]
    rows = [[n, name, number(t), number(a)] for n, (name, t, a) in enumerate(total.by_topic, 1)]
    widths = [width * f for f in (0.08, 0.56, 0.14, 0.22)]
    story.append(grid(TOPIC_HEAD, rows, widths, st, centered=(0, 2, 3)))
    story += [
        Spacer(1, 5 * mm),
        p("IV. Hỗ trợ người dân theo nội dung và kết quả", st.body),
        Spacer(1, 2 * mm),
    ]
    rows = [[n, name, *map(number, v)] for n, (name, *v) in enumerate(service_rows(total), 1)]
    widths = [width * f for f in (0.07, 0.41, 0.12, 0.12, 0.16, 0.12)]
    story.append(grid(SERVICE_HEAD, rows, widths, st, centered=(0, 2, 3, 4, 5)))
    story += [
        Spacer(1, 5 * mm),
        p("V. Các chỉ tiêu chuẩn theo mã (cộng các tổ)", st.body),
        Spacer(1, 2 * mm),
        standard_grid(total, st, width),
    ]
    signed = signatures([("NGƯỜI LẬP BÁO CÁO", ""), ("LÃNH ĐẠO PHÒNG", "")], st, width)
    if denom is not None:
        story += _denominators_story(denom, st, width, signed)
    else:
        story.append(signed)
    return build_pdf(story, title=f"Báo cáo {commune} {period_text(total.period)}")


def _denominators_story(denom: dict[str, Any], st: Any, width: float, closing: Any) -> list[Any]:
    """Sections VI and VII: the page's reach and targets, each heading kept with its table,
    the last with `closing` (the signatures, which never stand alone on a page)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    from sotay.printing.document import grid, p

    table, found, year = denom["reach"], denom["targets"], denom["target_year"]
    reach: list[Any] = [
        p("VI. Mức độ bao phủ theo khu phố", st.body),
        Spacer(1, 2 * mm),
        p(reach_line(table.rows, table.whole, "của xã/phường"), st.body),
    ]
    if table.rows:
        widths = [width * f for f in (0.07, 0.2, 0.23, 0.12, 0.12, 0.14, 0.12)]
        reach += [
            Spacer(1, 2 * mm),
            grid(COMMUNE_REACH_HEAD, commune_reach_rows(table), widths, st,
                 centered=(0, 3, 4, 5, 6)),
            Spacer(1, 1 * mm),
            p(WEAK_NOTE, st.body),
        ]  # fmt: skip
    goals: list[Any] = [p(f"VII. Chỉ tiêu năm {year}", st.body), Spacer(1, 2 * mm)]
    if found:
        widths = [width * f for f in (0.07, 0.27, 0.16, 0.14, 0.12, 0.24)]
        goals += [
            grid(TARGET_HEAD, target_rows(found), widths, st, centered=(0, 2, 3, 4)),
            Spacer(1, 1 * mm),
            p(BEHIND_NOTE, st.body),
        ]
    else:
        goals.append(p(NO_TARGETS.format(year=year), st.body))
    goals.append(closing)
    gap = Spacer(1, 5 * mm)
    return [gap, KeepTogether(reach), Spacer(1, 5 * mm), KeepTogether(goals)]


# The columns of a list of records behind a figure (central/drill.py), by its kind.
RECORD_HEADS: dict[str, tuple[tuple[str, str, float], ...]] = {
    "trainings": (
        ("day", "Ngày", 12), ("team", "Tổ", 30), ("topics", "Chủ đề", 45),
        ("place", "Địa điểm", 30), ("present", "Số người có mặt", 14),
    ),
    "assists": (
        ("day", "Ngày", 12), ("team", "Tổ", 30), ("service", "Nội dung hỗ trợ", 40),
        ("outcome", "Kết quả", 16), ("member", "Thành viên hỗ trợ", 26),
    ),
    "people": (
        ("name", "Họ và tên", 30), ("birth_year", "Năm sinh", 10),
        ("neighbourhood", "Khu phố, ấp", 24), ("team", "Tổ", 30),
    ),
}  # fmt: skip


def records_xlsx(title: str, where: str, kind: str, rows: Iterable[dict[str, Any]]) -> IO[bytes]:
    """A list of records behind a figure, one row each (written as read, at constant memory)."""
    from sotay.words import OUTCOME

    head = RECORD_HEADS["people" if kind in ("trained", "helped") else kind]
    book = _Book()
    ws = book.sheet("Danh sách", [8, *(w for _k, _l, w in head)])
    book.row(ws, [title], bold=True)
    book.row(ws, [where])
    book.row(ws, [])
    book.row(ws, ("STT", *(label for _k, label, _w in head)), bold=True)
    for n, row in enumerate(rows, start=1):
        values: list[Any] = []
        for key, _label, _w in head:
            value: Any = row.get(key)
            if key == "day" and isinstance(value, str) and len(value) == 10:
                value = date.fromisoformat(value).strftime("%d/%m/%Y")
            elif key == "topics":
                value = ", ".join(value)
            elif key == "outcome":
                value = OUTCOME.get(value, value)
            values.append(value)
        book.row(ws, (n, *values))
    return book.save()
