"""The sheets residents sign: the attendance sheet of a training (before or after the class)
and the sign-off sheet of help sessions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from sotay.printing.data import AssistLine, Letterhead, Person, TrainingSheet
from sotay.printing.document import (
    Styles,
    build_pdf,
    grid,
    letterhead,
    p,
    signatures,
    text_width,
)
from sotay.words import GENDER, OUTCOME

ATTENDANCE_HEAD = (
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Khu phố/Ấp",
    "Số điện thoại",
    "Ký tên",
)
ASSIST_HEAD = (
    "STT",
    "Ngày",
    "Họ và tên",
    "Năm sinh",
    "Khu phố/Ấp",
    "Nội dung hỗ trợ",
    "Kết quả",
    "Người hỗ trợ",
    "Ký tên",
)
SIGN_ROW = 7 * mm  # room for a signature (with the cell's padding, about 9 mm)


class SheetKind(StrEnum):
    BEFORE = "before"  # registered so far + blank rows for walk-ins
    AFTER = "after"  # those present, with the counts


def _day(d: date | str) -> str:
    if isinstance(d, str):  # a stored day no calendar has: printed as it is
        return d
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def attendance_sheet(
    head: Letterhead,
    sheet: TrainingSheet,
    kind: SheetKind,
    blank_rows: int = 0,
    today: date | None = None,
    prepared_by: str = "",
) -> bytes:
    today = today or date.today()
    st = Styles.make()
    width = text_width(False)
    people: Sequence[Person] = (
        sheet.people if kind == SheetKind.BEFORE else [x for x in sheet.people if x.present]
    )
    story: list[Flowable] = [
        letterhead(head, today, st, width),
        Spacer(1, 6 * mm),
        p("DANH SÁCH ĐIỂM DANH", st.title),
        p("Lớp Bình dân học vụ số", st.centered_bold),
        Spacer(1, 3 * mm),
        p(f"Chủ đề: {'; '.join(sheet.topics) or '…'}", st.body),
        p(f"Thời gian: {sheet.start_time}–{sheet.end_time}, ngày {_day(sheet.day)}", st.body),
        p(f"Địa điểm: {sheet.place}", st.body),
        p(f"Người hướng dẫn: {', '.join(sheet.trainers) or '…'}", st.body),
        Spacer(1, 3 * mm),
    ]
    rows: list[list[object]] = [
        [
            n,
            x.full_name,
            x.birth_year or "",
            GENDER.get(x.gender or "", ""),
            x.neighbourhood,
            x.phone,
            "",
        ]
        for n, x in enumerate(people, start=1)
    ]
    blanks = blank_rows if kind == SheetKind.BEFORE else 0
    rows += [[n, "", "", "", "", "", ""] for n in range(len(people) + 1, len(people) + blanks + 1)]
    widths = [x * mm for x in (11, 47, 16, 15, 27, 25, 24)]
    scale = width / sum(widths)
    story.append(
        grid(
            ATTENDANCE_HEAD,
            rows,
            [w * scale for w in widths],
            st,
            centered=(0, 2, 3, 5),
            sign_column=6,
            sign_height=SIGN_ROW,
        )
    )
    story.append(Spacer(1, 4 * mm))
    if kind == SheetKind.BEFORE:
        closing = f"Danh sách gồm {len(people)} người đăng ký trước"
        closing += f" và {blanks} dòng để trống cho người đến thêm." if blanks else "."
    else:
        registered = len(sheet.people)
        closing = (
            f"Danh sách gồm {len(people)} người có mặt"
            f" (đăng ký {registered}, vắng {registered - len(people)})."
        )
    story.append(p(closing, st.body))
    story.append(
        signatures([("NGƯỜI LẬP BIỂU", prepared_by), ("TỔ TRƯỞNG", head.leader_name)], st, width)
    )
    title = f"Danh sách điểm danh {_day(sheet.day)}"
    return build_pdf(story, title=title, qr_payload=f"sotay:training:{sheet.id}")


def assist_sheet(
    head: Letterhead,
    lines: Sequence[AssistLine],
    start: date,
    end: date,
    today: date | None = None,
    prepared_by: str = "",
) -> bytes:
    """`end` is inclusive here: the sheet says 'từ ngày … đến ngày …'."""
    today = today or date.today()
    st = Styles.make()
    width = text_width(True)
    span = f"Ngày {_day(start)}" if start == end else f"Từ ngày {_day(start)} đến ngày {_day(end)}"
    story: list[Flowable] = [
        letterhead(head, today, st, width),
        Spacer(1, 6 * mm),
        p("DANH SÁCH KÝ NHẬN HỖ TRỢ NGƯỜI DÂN", st.title),
        p(span, st.centered),
        Spacer(1, 4 * mm),
    ]
    rows: list[list[object]] = []
    for n, line in enumerate(lines, start=1):
        outcome = OUTCOME.get(line.outcome, line.outcome)
        if line.reason:
            outcome += f" ({line.reason})"
        rows.append(
            [
                n,
                _day(line.day),
                line.full_name,
                line.birth_year or "",
                line.neighbourhood,
                line.service,
                outcome,
                line.member,
                "",
            ]
        )
    # "STT" needs 12 mm with its padding: at 10 it broke into "ST" over "T".
    widths = [x * mm for x in (12, 22, 42, 14, 24, 44, 40, 36, 24)]
    scale = width / sum(widths)
    story.append(
        grid(
            ASSIST_HEAD,
            rows,
            [w * scale for w in widths],
            st,
            centered=(0, 1, 3),
            sign_column=8,
            sign_height=SIGN_ROW,
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(p(f"Danh sách gồm {len(lines)} lượt hỗ trợ.", st.body))
    story.append(
        signatures([("NGƯỜI LẬP BIỂU", prepared_by), ("TỔ TRƯỞNG", head.leader_name)], st, width)
    )
    return build_pdf(story, title=f"Ký nhận hỗ trợ {span.lower()}", wide=True)
