"""Issue 23, item 7 on the central service (SQLite and PostgreSQL, over HTTP): the commune's
workbook and PDF carry the neighbourhoods' reach (weakest first, the weak marked) and the
year's targets with the teams behind, the very numbers the commune's page shows; the
province's workbook carries the province's targets with its progress."""

from __future__ import annotations

import html
import io
import re
import uuid
from datetime import date
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from central import denominators
from desktop.store import commands, queries
from sotay.domain.models import Attendance, Neighbourhood, Resident, Training, TrainingStatus
from sotay.domain.standard import BY_CODE
from tests.servers import computed
from tests.webclient import Browser

PROVINCE, COMMUNE = 11, 3127  # Tỉnh Điện Biên, Phường Điện Biên Phủ: no other test's teams
PASSWORD = "mat-khau-rat-dai-2"


def signed_in(central: Any, **scope: Any) -> Browser:
    from central.web import accounts

    name = f"u{uuid.uuid4().hex[:10]}"
    with central.admin_ops.engine.begin() as conn:
        accounts.create(conn, name, "Cán bộ", PASSWORD, admin=True, **scope)
    browser = Browser(central.url)
    assert browser.login(name, PASSWORD).status_code == 200
    return browser


def trained_team(
    central: Any, laptops: Any, name: str, hoods: list[tuple[str, int | None, int]]
) -> Any:
    """A team of COMMUNE whose neighbourhoods (name, adults, residents trained today) are as
    given, synced and computed."""
    team = central.admin_ops.team(name=name, commune=COMMUNE)
    laptop = laptops(f"lap{uuid.uuid4().hex[:6]}")
    laptop.set_up(commune=COMMUNE)
    laptop.connect(central.url, central.admin_ops.code(team.id))
    assert laptop.sync.run_once().state == "synced"
    r = laptop.read(queries.load_roster)
    leader = r.members[0].id
    present = []
    for n, (hood, adults, trained) in enumerate(hoods):
        nb = r.neighbourhoods[0] if n == 0 else Neighbourhood(name=hood)
        nb.name, nb.adults = hood, adults
        nb.counted_on = date(2026, 1, 10) if adults is not None else None
        laptop.write(commands.save_neighbourhood, nb, None)
        for k in range(trained):
            person = Resident(full_name=f"{hood} {k}", birth_year=1960, neighbourhood_id=nb.id)
            laptop.write(commands.save_resident, person, None)
            present.append(Attendance(person.id, present=True))
    held = Training(
        day=date.today(),
        start_time="08:00",
        end_time="10:00",
        place="Nhà văn hóa",
        status=TrainingStatus.HELD,
        topic_ids=[r.topics[0].id],
        trainer_ids=[leader],
        attendance=present,
    )
    laptop.write(commands.save_training, held, leader)
    assert laptop.sync.run_once().state == "synced"
    return team


def text_of(cell: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())


def page_reach(page: str) -> tuple[str, list[list[str]]]:
    """The commune page's reach section: its sentence's rate and the table's rows as shown."""
    section = page.split('id="bao-phu"')[1].split("</table>")[0]
    rate = re.search(r'data-rate="commune">([^<]+)<', section)
    assert rate is not None
    rows = re.findall(r"<tr data-neighbourhood=[^>]*>(.*?)</tr>", section, re.S)
    cells = [[text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]
    return rate[1], cells


def page_targets(page: str) -> dict[str, tuple[str, str, list[str]]]:
    """Each target on the commune page: what it reached, its % of the target, teams behind."""
    out = {}
    for code, block in re.findall(
        r'<div class="target" data-indicator="(\w+)">(.*?)</details>', page, re.S
    ):
        value = re.search(r'data-progress="value">([^<]+)<', block)
        percent = re.search(r'data-progress="percent">([^<]+)<', block)
        assert value and percent
        behind = [text_of(b) for b in re.findall(r"data-behind>([^<]+)<", block)]
        out[code] = (value[1].strip(), percent[1].strip(), behind)
    return out


def number_of(text: str) -> float | None:
    """ "1.250" -> 1250, "4,7%" -> 4.7; None for "—", "chưa có"."""
    text = text.rstrip("%").replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def test_the_communes_workbook_and_pdf_carry_the_pages_reach_and_targets(central, laptops):
    year = date.today().year
    trained_team(
        central, laptops, "Tổ CNSCĐ Điện Biên A",
        [("Khu phố Thanh Bình", 100, 2), ("Khu phố Tân Thanh", 10, 4)],
    )  # fmt: skip
    trained_team(
        central, laptops, "Tổ CNSCĐ Điện Biên B",
        [("Tổ dân phố 7", 40, 1), ("Tổ dân phố 8", None, 1)],
    )  # fmt: skip
    computed(central)
    me = signed_in(central, commune_code=COMMUNE)
    answer = me.post(
        f"/commune/{COMMUNE}/targets",
        {"year": str(year), "indicator": "trained", "unit": "count", "value": "10"},
    )
    assert answer.ok
    province = signed_in(central, province_code=PROVINCE)
    for indicator, value in (("vneid_l2", "50"), ("trained", "20")):
        answer = province.post(
            f"/province/{PROVINCE}/targets",
            {"year": str(year), "indicator": indicator, "unit": "count", "value": value},
        )
        assert answer.ok

    page = me.get(f"/commune/{COMMUNE}?p={year}").text
    rate, rows = page_reach(page)
    # 7 trained over the 150 adults of the counted neighbourhoods; weakest first, the weak
    # (below half the commune's 4,7 %) marked; the uncounted one last.
    assert rate == "4,7%"
    assert [(r[0], r[-1]) for r in rows] == [
        ("Khu phố Thanh Bình yếu", "2,0%"),
        ("Tổ dân phố 7", "2,5%"),
        ("Khu phố Tân Thanh", "40,0%"),
        ("Tổ dân phố 8", "—"),
    ]
    targets = page_targets(page)
    assert set(targets) == {"trained", "vneid_l2"}
    # 10 shared equally (team B has a neighbourhood not counted): A's 6 is on time, B's 2 not.
    assert targets["trained"][2] == ["Tổ CNSCĐ Điện Biên B"]
    assert targets["vneid_l2"][2] == ["Tổ CNSCĐ Điện Biên A", "Tổ CNSCĐ Điện Biên B"]

    # The workbook: below the summary's team table, the same rows and the same progress.
    book = load_workbook(io.BytesIO(me.get(f"/commune/{COMMUNE}/report.xlsx?p={year}").content))
    summary = [r for r in book["Tổng hợp"].iter_rows(values_only=True)]
    assert any(c and "4,7%" in str(c) for r in summary for c in r)
    start = next(i for i, r in enumerate(summary) if r[:2] == ("STT", "Khu phố, ấp")) + 1
    table = summary[start : start + len(rows)]
    assert [(t[1], t[2], t[3], t[5], t[6]) for t in table] == [
        (
            r[0].replace(" yếu", " (yếu)"),
            r[1],
            number_of(r[2]),
            number_of(r[5]),
            number_of(r[6]),
        )
        for r in rows
    ]
    progress = {r[1]: r for r in summary if r and r[0] in (1, 2) and r[1] in targets}
    assert set(progress) == set(targets)
    for code, (value, percent, behind) in targets.items():
        row = progress[code]
        assert (row[5], row[6]) == (number_of(value), number_of(percent)), code
        assert (row[7] or "").split(", ") == (behind or [""])
    assert progress["vneid_l2"][8] == "Phần của xã/phường trong chỉ tiêu của tỉnh"

    # The PDF: the same rows, in the same order, and each target's progress and teams behind.
    pdf = me.get(f"/commune/{COMMUNE}/report.pdf?p={year}").content
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "VI. Mức độ bao phủ theo khu phố" in text and f"VII. Chỉ tiêu năm {year}" in text
    assert "Tỷ lệ người lớn được tập huấn của xã/phường: 4,7% (7/150 người lớn;" in text
    places = []
    for n, r in enumerate(rows, start=1):
        name = r[0].replace(" yếu", " (yếu)")
        line = f"{n} {name} {r[1]} {r[2]} {r[3]} {r[5]} {r[6]}"
        assert line in text, line
        places.append(text.index(line))
    assert places == sorted(places)
    for code, (value, percent, behind) in targets.items():
        name = BY_CODE[code].name
        assert re.search(
            rf"{re.escape(name)} .*?{re.escape(value)}( \(chậm tiến độ\))? {re.escape(percent)}"
            rf" {re.escape(', '.join(behind) or 'Không tổ nào')}",
            text,
        ), code

    # The province's workbook: its own targets and the province's figure against each.
    with central.admin_ops.engine.connect() as conn:
        found = denominators.province_progress(conn, PROVINCE, year, date.today())
    assert [(i.code, p.value) for i, p in found] == [("trained", 8.0), ("vneid_l2", 0.0)]
    book = load_workbook(
        io.BytesIO(province.get(f"/province/{PROVINCE}/report.xlsx?p={year}").content)
    )
    rows_ = [r for r in book["Chỉ tiêu của tỉnh"].iter_rows(min_row=5, values_only=True)]
    assert [r[1:6] for r in rows_] == [
        (i.name, "số lượng", p.target, p.value, round(p.percent or 0, 1)) for i, p in found
    ]
    assert rows_[0][3:6] == (20, 8, 40.0) and rows_[1][4] == 0


def test_with_no_target_the_communes_documents_say_so(central, laptops) -> None:
    """Next year, no target set yet: one plain line, never a 0 % progress."""
    year = date.today().year + 1
    me = signed_in(central, commune_code=COMMUNE)
    pdf = me.get(f"/commune/{COMMUNE}/report.pdf?p={year}").content
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )
    assert f"VII. Chỉ tiêu năm {year}" in text
    assert f"Chưa đặt chỉ tiêu nào cho năm {year}." in text
    assert "Tổ chậm tiến độ" not in text
    book = load_workbook(io.BytesIO(me.get(f"/commune/{COMMUNE}/report.xlsx?p={year}").content))
    cells = [c for r in book["Tổng hợp"].iter_rows(values_only=True) for c in r if c]
    assert f"Chưa đặt chỉ tiêu nào cho năm {year}." in cells
    assert "Tổ chậm tiến độ" not in cells
