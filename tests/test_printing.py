"""Printed documents read back as a person (or the commune's clerk) would: every name with its
diacritics, the header row on every page, page numbers, fonts embedded, the QR code decoded,
nothing outside the printable area, and the report's figures equal to the overview's."""

from __future__ import annotations

import io
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.printing import reads
from desktop.store import queries
from sotay.domain.models import Assist, Outcome
from sotay.domain.periods import Period, PeriodKind
from sotay.domain.text import MOST_MARKS, display
from sotay.printing import report, sheets
from sotay.printing.data import AssistLine, Letterhead, Person
from sotay.printing.document import MARGINS
from tests.helpers import DAY, HEAD, STACKED, deepest_marks, person, result, training


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def pages_text(pdf: bytes) -> list[str]:
    return [nfc(p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages]


def one_line(text: str) -> str:
    return " ".join(text.split())


def decode_qr(pdf: bytes, page: int) -> list[str]:
    import zxingcpp
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buffer)
    points = doc.pagePointSize(page)
    size = QSize(int(points.width() * 2), int(points.height() * 2))
    image = QImage(size, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, doc.render(page, size))
    painter.end()
    h, stride = image.height(), image.bytesPerLine()
    pixels = memoryview(bytes(image.constBits())[: stride * h]).cast("B", shape=(h, stride))
    return [r.text for r in zxingcpp.read_barcodes(pixels)]


def text_boxes(pdf: bytes) -> list[tuple[int, float, float, float, str]]:
    """(page, x start, x end, y, text) of every text run, in points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from sotay.printing import fonts

    fonts.register()
    boxes = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):

        def visit(text, cm, tm, font, size, number=number):
            if not text.strip():
                return
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            scale = cm[0] * tm[0] or 1
            name = str(font.get("/BaseFont", "")).split("+")[-1] if font else ""
            face = {
                "LiberationSerif-Bold": fonts.SERIF_BOLD,
                "LiberationSerif-Italic": fonts.SERIF_ITALIC,
                "LiberationSerif-BoldItalic": fonts.SERIF_BOLD_ITALIC,
            }.get(name, fonts.SERIF)
            width = stringWidth(text.rstrip("\n"), face, size) * scale
            boxes.append((number, x, x + width, y, text))

        page.extract_text(visitor_text=visit)
    return boxes


def assert_inside_margins(pdf: bytes, wide: bool = False) -> None:
    from reportlab.lib.pagesizes import A4, landscape

    width, height = landscape(A4) if wide else A4
    for page, x0, x1, y, text in text_boxes(pdf):
        assert x0 >= MARGINS["left"] - 1, (page, text, x0)
        assert x1 <= width - MARGINS["right"] + 1, (page, text, x1)
        assert 0 < y < height, (page, text, y)


# --- the attendance sheet -----------------------------------------------------------------------


def test_attendance_sheet_after_class() -> None:
    sheet = training(40)
    pdf = sheets.attendance_sheet(
        HEAD, sheet, sheets.SheetKind.AFTER, today=DAY, prepared_by="Lê Văn Minh"
    )
    texts = pages_text(pdf)
    whole = one_line(" ".join(texts))
    present = [x for x in sheet.people if x.present]
    for x in sheet.people:
        assert (x.full_name in whole) == x.present, x.full_name  # the absent are left out
    assert f"Danh sách gồm {len(present)} người có mặt (đăng ký 40, vắng 8)." in whole
    for expected in (
        "UBND PHƯỜNG BA ĐÌNH",
        "TỔ CNSCĐ KHU PHỐ 3",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ba Đình, ngày 20 tháng 11 năm 2026",
        "DANH SÁCH ĐIỂM DANH",
        "Kích hoạt và sử dụng VNeID mức 2",
        "08:00–10:30, ngày 20/11/2026",
        "Nhà văn hóa khu phố 3",
        "NGƯỜI LẬP BIỂU",
        "TỔ TRƯỞNG",
        "Trần Thị Lan",
    ):
        assert expected in whole, expected
    assert len(texts) >= 2
    for n, text in enumerate(texts, start=1):
        assert "Họ và tên" in text and "Ký tên" in text  # the header row on every page
        assert f"Trang {n}/{len(texts)}" in text
    assert_inside_margins(pdf)


def test_attendance_sheet_before_class_has_blank_rows() -> None:
    sheet = training(3)
    pdf = sheets.attendance_sheet(HEAD, sheet, sheets.SheetKind.BEFORE, blank_rows=12, today=DAY)
    whole = one_line(" ".join(pages_text(pdf)))
    for x in sheet.people:
        assert x.full_name in whole  # everyone registered, present or not yet
    assert "Danh sách gồm 3 người đăng ký trước và 12 dòng để trống" in whole
    numbers = [int(w) for w in whole.split() if w.isdigit() and int(w) <= 15]
    assert all(n in numbers for n in range(1, 16))  # rows 4..15 are numbered blank rows


def test_fonts_are_embedded_and_the_qr_holds_the_training_id(qapp) -> None:
    sheet = training(60)
    pdf = sheets.attendance_sheet(HEAD, sheet, sheets.SheetKind.BEFORE, blank_rows=5, today=DAY)
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]  # embedded
            assert "LiberationSerif" in font["/BaseFont"]
    for page in range(len(reader.pages)):
        assert decode_qr(pdf, page) == [f"sotay:training:{sheet.id}"]


def test_a_thousand_attendees_and_long_text_stay_inside_their_cells() -> None:
    long_name = "Tôn Nữ Hoàng Thị Phương Thảo Nguyễn Ngọc Bích Trâm Anh Đặng Lê Huyền Trân"
    long_place = "Khu phố Bình Thạnh Đông Ấp Tân Phước Hưng Xóm Đồng Cỏ Rạch Bà Kiểm"
    people = [person(i, present=True) for i in range(1000)]
    people[500] = person(500, full_name=long_name, neighbourhood=long_place, present=True)
    head = Letterhead(
        "Phường Ba Đình",
        "Thành phố Hà Nội",
        "Tổ " + "công nghệ số " * 9 + "cộng đồng khu phố 3 ấp Tân Phước xóm Cỏ",
        "Trần Thị Lan",
    )
    assert len(head.team_name) >= 120
    sheet = training(
        0,
        people=people,
        place="Hội trường " + long_place,
        topics=["An toàn thông tin và phòng chống lừa đảo trực tuyến"] * 3,
    )
    pdf = sheets.attendance_sheet(head, sheet, sheets.SheetKind.AFTER, today=DAY)
    texts = pages_text(pdf)
    whole = one_line(" ".join(texts))
    assert all(x.full_name in whole for x in people[:500] + people[501:])
    assert all(word in whole for word in long_name.split())  # wrapped, not clipped
    assert all(word in whole for word in head.team_name.upper().split())
    assert 20 < len(texts) < 60
    assert_inside_margins(pdf)


def test_empty_training_and_missing_optional_fields() -> None:
    bare = Person("Lò Thị Mai", None, None, "", "", True)
    for sheet in (training(0, topics=[], trainers=[]), training(0, people=[bare])):
        pdf = sheets.attendance_sheet(HEAD, sheet, sheets.SheetKind.AFTER, today=DAY)
        whole = one_line(" ".join(pages_text(pdf)))
        assert "Họ và tên" in whole and "Trang 1/1" in whole
        assert_inside_margins(pdf)
    assert "Lò Thị Mai" in whole


def test_text_is_normalised_before_drawing() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hương")
    pdf = sheets.attendance_sheet(
        HEAD, training(0, people=[person(1, full_name=nfd)]), sheets.SheetKind.AFTER, today=DAY
    )
    raw = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Nguyễn Thị Hương" in raw  # composed, as drawn from NFC text


def test_a_name_stacking_combining_marks_prints_at_most_three_per_letter() -> None:
    stacked = f"Lò Thị Z{STACKED}algo"
    pdf = sheets.attendance_sheet(
        HEAD, training(0, people=[person(1, full_name=stacked)]), sheets.SheetKind.AFTER, today=DAY
    )
    text = "".join(pages_text(pdf))
    assert display(stacked) in text and deepest_marks(stacked) == 30
    assert deepest_marks(text) == MOST_MARKS  # Vietnamese needs two; nothing stacks past three


# --- the help sign-off sheet --------------------------------------------------------------------


def test_help_sign_off_sheet_is_landscape_with_every_line() -> None:
    lines = [
        AssistLine(
            DAY - timedelta(days=i % 3),
            f"Đỗ Thị Hạnh {i}",
            1950,
            "Khu phố 2",
            "Nộp hồ sơ dịch vụ công trực tuyến",
            ["done", "not_done", "referred"][i % 3],
            "" if i % 3 == 0 else "Chưa có căn cước gắn chip",
            "Lê Văn Minh",
        )
        for i in range(45)
    ]
    pdf = sheets.assist_sheet(HEAD, lines, DAY - timedelta(days=2), DAY, today=DAY)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape for the wide table
    texts = pages_text(pdf)
    whole = one_line(" ".join(texts))
    assert "DANH SÁCH KÝ NHẬN HỖ TRỢ NGƯỜI DÂN" in whole
    assert "Từ ngày 18/11/2026 đến ngày 20/11/2026" in whole
    assert all(f"Đỗ Thị Hạnh {i}" in whole for i in range(45))
    assert "Chuyển nơi khác" in whole and "Chưa xong" in whole
    assert "Danh sách gồm 45 lượt hỗ trợ." in whole
    assert all("Nội dung hỗ trợ" in t for t in texts)
    assert_inside_margins(pdf, wide=True)


# --- the team report: the overview's own figures ------------------------------------------------


def test_report_pdf_and_xlsx_equal_the_overview(recorded, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    period = Period(PeriodKind.MONTH, DAY.year, DAY.month)
    ov = result(recorded.read(queries.overview, period))
    head = result(recorded.read(reads.letterhead))
    assert (
        ov.trainings_held,
        ov.attendances,
        ov.residents_trained,
        ov.women_trained,
        ov.elderly_trained,
        ov.assists,
    ) == (2, 4, 3, 2, 1, 3)

    whole = one_line(" ".join(pages_text(report.team_report_pdf(head, ov, today=DAY))))
    assert "Tháng 11 năm 2026" in whole and "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG" in whole
    for label, value in report.indicator_rows(ov):
        assert f"{one_line(label)} {value}" in whole, label

    book = load_workbook(io.BytesIO(report.team_report_xlsx(head, ov)))
    assert book.sheetnames == ["Chỉ tiêu", "Theo chủ đề", "Hỗ trợ", "Chỉ tiêu chuẩn"]
    figures = {row[1]: row[2] for row in book["Chỉ tiêu"].iter_rows(min_row=5, values_only=True)}
    assert figures == {one_line(label): v for label, v in report.indicator_rows(ov)}
    topics = list(book["Theo chủ đề"].iter_rows(min_row=5, values_only=True))
    assert [(name, t, a) for _n, name, t, a in topics] == ov.by_topic
    services = list(book["Hỗ trợ"].iter_rows(min_row=5, values_only=True))
    assert services[0][1:] == (ov.by_service[0][0], 1, 1, 1, 3)


def test_store_reads_for_the_sheets(recorded) -> None:
    head = result(recorded.read(reads.letterhead))
    assert (head.commune_name, head.leader_name, head.place) == (
        "Phường Ba Đình",
        "Trần Thị Lan",
        "Ba Đình",
    )
    training_id = result(
        recorded.read(
            lambda c: c.execute("SELECT id FROM training ORDER BY day DESC LIMIT 1").fetchone()[0]
        )
    )
    sheet = result(recorded.read(reads.training_sheet, training_id))
    assert [(p.full_name, p.present) for p in sheet.people] == [
        ("Nguyễn Thị An", True),
        ("Trần Văn Bảo", True),
        ("Lê Thị Cúc", False),
    ]
    assert sheet.trainers == ["Trần Thị Lan"]
    lines = result(recorded.read(reads.assist_lines, DAY, DAY))
    assert [line.outcome for line in lines] == ["done", "not_done", "referred"]
    assert result(recorded.read(reads.assist_lines, DAY + timedelta(days=1), DAY)) == []


def test_documents_are_made_without_the_screens(recorded) -> None:
    """What the preview shows, made below the UI: named for the file it is saved as."""
    from desktop.printing import documents

    training_id = result(
        recorded.read(
            lambda c: c.execute("SELECT id FROM training ORDER BY day DESC LIMIT 1").fetchone()[0]
        )
    )
    sheet = documents.attendance_document(recorded, training_id, False, 0, "Trần Thị Lan")
    assert sheet.name == f"diem-danh-{DAY.isoformat()}" and sheet.xlsx is None
    assert "Nguyễn Thị An" in pages_text(sheet.pdf)[0]
    with pytest.raises(LookupError):
        documents.attendance_document(recorded, "no such training", True, 5, "")

    sign_off = documents.sign_off_document(recorded, DAY, DAY, "Trần Thị Lan")
    assert sign_off.name == f"ky-nhan-ho-tro-{DAY.isoformat()}-{DAY.isoformat()}"
    assert "Chuyển nơi khác" in pages_text(sign_off.pdf)[0]

    made = documents.report_document(recorded, Period(PeriodKind.MONTH, DAY.year, DAY.month))
    assert made.name == f"bao-cao-{DAY.year}-thang-{DAY.month}"
    assert made.pdf.startswith(b"%PDF") and made.xlsx is not None


def test_a_very_long_reason_is_refused_in_the_form_and_still_prints() -> None:
    from sotay.domain.validation import MAX_REASON, FieldError, Problem, check_assist

    a = Assist(
        day=DAY,
        resident_id="r",
        member_id="m",
        service_id="s",
        outcome=Outcome.NOT_DONE,
        reason="thiếu giấy tờ " * 40,
    )
    assert check_assist(a, DAY) == [FieldError("reason", Problem.TOO_LONG, MAX_REASON)]
    # Older or imported data may still carry one: the sheet continues the row on a new page.
    line = AssistLine(
        DAY,
        "Lê Văn Dài",
        1950,
        "Khu phố 1",
        "Khác",
        "not_done",
        "lý do rất dài " * 250,
        "Lê Văn Minh",
    )
    pdf = sheets.assist_sheet(HEAD, [line], DAY, DAY, today=DAY)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    assert_inside_margins(pdf, wide=True)


def test_a_catalogue_name_like_a_formula_stays_text_in_the_workbook() -> None:
    from openpyxl import load_workbook

    from sotay.domain.indicators import Overview

    ov = Overview(
        Period(PeriodKind.YEAR, 2026),
        by_topic=[("=1+1 kỹ năng", 1, 2)],
        by_service=[("-Khác", 1, 0, 0)],
    )
    book = load_workbook(io.BytesIO(report.team_report_xlsx(HEAD, ov)))
    assert book["Theo chủ đề"]["B5"].value == "=1+1 kỹ năng"
    assert book["Theo chủ đề"]["B5"].data_type == "s"
    assert book["Hỗ trợ"]["B5"].value == "-Khác"
