"""The dashboard in a real browser (Debian's chromium, driven by Playwright), against the real
central service with a team whose laptop pushed a year of work: sign in, the commune page,
another period, a team, the XLSX read back, an enrolment code used by a real laptop, the
laptop revoked. Screenshots at 1366x768 and on a phone (390x844) go to $SOTAY_SCREENSHOTS
(build/screenshots_dashboard.sh puts them in docs/screenshots/)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from desktop.store import commands, queries
from sotay.domain.models import Neighbourhood
from sotay.domain.periods import Period, PeriodKind
from tests.helpers import connected_team
from tests.servers import computed
from tests.worklog import record_work

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "mat-khau-trinh-duyet"
COMMUNE = 82  # Phường Cửa Nam
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="chromium is installed by build/test-deps.sh"
)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # As root in CI, and on a machine with no internet: no sandbox, no background calls.
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield chromium
        chromium.close()


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SOTAY_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def add_account(central, name: str, *where: str) -> None:
    subprocess.run(
        central.args("account", "add", name, "--name", "Nguyễn Thị Hoa", *where,
                     "--password-stdin"),
        input=PASSWORD + "\n", text=True, check=True, capture_output=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_a_commune_official_in_a_real_browser(central, laptops, browser, tmp_path):
    from openpyxl import load_workbook

    team, (leader,) = connected_team(central, laptops, "leader", commune=COMMUNE)
    names = ("Lê Thị Ánh", "Trần Văn <b>Bình</b>", "Phạm Thị Cúc")
    record_work(leader, seed=11, residents=80, trainings=30, assists=70,
                first=date(2025, 12, 1), days=350, names=names)  # fmt: skip
    assert leader.sync.run_once().state == "synced"
    computed(central)
    year = leader.read(queries.overview, Period(PeriodKind.YEAR, 2026))
    user = f"hoa{COMMUNE}{central.port}"
    add_account(central, user, "--commune", str(COMMUNE), "--admin")
    out = shots(tmp_path)

    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True,
                                  locale="vi-VN")  # fmt: skip
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((central.url, "data:")) else None)  # fmt: skip
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))

    page.goto(f"{central.url}/")
    assert "/login" in page.url
    page.screenshot(path=out / "dashboard-login-1366x768.png")
    page.fill("#username", user)
    page.fill("#password", "sai mật khẩu rồi")
    page.click("button[type=submit]")
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.inner_text(".error")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf"/commune/{COMMUNE}"))
    assert page.inner_text("h1") == "Phường Cửa Nam"

    # The period: choosing it in the list reloads the page (no button press needed).
    with page.expect_navigation():
        page.select_option("#p", "2026")
    assert "p=2026" in page.url
    shown = {
        k: int(page.inner_text(f'.cards [data-figure="{k}"]').replace(".", ""))
        for k in ("trainings_held", "attendances", "residents_trained", "assists")
    }
    assert shown == {k: getattr(year, k) for k in shown}
    page.wait_for_selector("#chart canvas")  # the chart library ran, from this server
    page.screenshot(path=out / "dashboard-commune-1366x768.png", full_page=True)

    # The report, downloaded as a person would, read back.
    with page.expect_download() as got:
        page.click("text=Tải Excel")
    book = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
    totals = {r[1]: r[2] for r in book["Tổng hợp"].iter_rows(min_row=5, max_row=13,
                                                             values_only=True)}  # fmt: skip
    assert totals["Số buổi tập huấn đã tổ chức"] == shown["trainings_held"]
    assert totals["Số lượt người tham dự"] == shown["attendances"]
    assert totals["Số lượt hỗ trợ người dân"] == shown["assists"]

    # A team: its help sessions, names shown as typed (HTML as text).
    page.click(f'table.teams a[href^="/team/{team.id}?"]')  # its line of the table
    page.wait_for_url(re.compile(rf"/team/{team.id}"))
    page.click(".tabs >> text=Hỗ trợ người dân")
    page.wait_for_url(re.compile("tab=assists"))
    rows = page.locator(".tabs ~ .table-wrap tbody tr")  # the tab's list
    assert rows.count() == min(50, year.assists)
    page.screenshot(path=out / "dashboard-team-1366x768.png", full_page=True)
    seen = ""
    for number in (1, 2):
        page.goto(f"{central.url}/team/{team.id}?p=2026&tab=assists&sort=day&page={number}")
        seen += page.inner_text(".tabs ~ .table-wrap table")
        assert page.locator("table tbody b").count() == 0  # a name's markup stays text
    assert "Trần Văn <b>Bình</b>" in seen

    # An enrolment code, used by a real laptop.
    page.click(".tabs >> text=Máy tính của tổ")
    page.click("text=Cấp mã kết nối cho một máy")
    code = page.inner_text("[data-code]").strip()
    server = page.inner_text("[data-server]").strip()
    page.screenshot(path=out / "dashboard-code-1366x768.png", full_page=True)
    second = laptops("second")
    second.connect(server, code)
    assert second.sync.run_once().state == "synced"
    assert second.query("SELECT COUNT(*) FROM resident")[0][0] == 80

    # ... and revoked from the browser (after a confirmation).
    page.click("text=Xong")
    assert page.locator("button.danger").count() == 2
    page.locator("tr", has_text="laptop").locator("button.danger").last.click()
    page.wait_for_load_state()
    assert dialogs and "Thu hồi máy" in dialogs[0]
    assert page.locator("button.danger").count() == 1
    assert second.sync.run_once().state == "revoked"
    assert leader.sync.run_once().state == "synced"
    page.goto(f"{central.url}/admin")
    page.screenshot(path=out / "dashboard-admin-1366x768.png", full_page=True)
    assert outside == []  # nothing fetched from anywhere but the service: no CDN

    # On a phone, the same pages fit the screen's width (tables scroll inside their box).
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                device_scale_factor=2, has_touch=True)  # fmt: skip
    small = phone.new_page()
    small.goto(f"{central.url}/login")
    small.fill("#username", user)
    small.fill("#password", PASSWORD)
    small.click("button[type=submit]")
    small.wait_for_url(re.compile(rf"/commune/{COMMUNE}"))
    for name, path in (("commune", f"/commune/{COMMUNE}?p=2026"),
                       ("team", f"/team/{team.id}?p=2026")):  # fmt: skip
        small.goto(central.url + path)
        wide = small.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"{name} page is {wide}px wide on a 390px phone"
        small.screenshot(path=out / f"dashboard-{name}-390x844.png", full_page=True)
    phone.close()
    context.close()


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_a_province_official_sorts_its_communes(central, browser, tmp_path):
    user = f"tinh{central.port}"
    add_account(central, user, "--province", "1")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{central.url}/login")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile("/province/1"))
    with page.expect_navigation():
        page.select_option("#p", "2026")
    page.click("thead >> text=Số tổ")
    page.wait_for_url(re.compile("sort=teams"))
    cells = page.locator("table.communes tbody tr td:nth-child(2)")
    counts = [int(x) for x in cells.all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and counts
    total = int(page.inner_text("table.communes tfoot th:nth-child(2)"))
    assert total == sum(counts)
    page.screenshot(path=shots(tmp_path) / "dashboard-province-1366x768.png", full_page=True)
    context.close()


# Names as typed on a laptop or the admin page, all one word: a team's name as a run-on of its
# words (132 characters), a neighbourhood with its Facebook group's address.
LONG_TEAM = ("TổCôngNghệSốCộngĐồngKhuPhốBảyPhườngCửaNam" * 4)[:132]
LONG_AREA = "Khu phố 7 facebookcomgroupskhupho7cuanam"

# Every figure cell of the commune's teams table, and the "Cộng" row, as far as each is out of
# sight sideways: beyond the window or scrolled out of the table's box (0: wholly in view).
HIDDEN_FIGURES = """() => {
  const wrap = document.querySelector("table.teams").closest(".table-wrap").getBoundingClientRect();
  const left = Math.max(0, wrap.left), right = Math.min(window.innerWidth, wrap.right);
  const cells = document.querySelectorAll("table.teams td.num, table.teams tfoot th");
  return Array.from(cells, (cell) => {
    const box = cell.getBoundingClientRect();
    return [cell.textContent.trim(), Math.max(0, box.right - right, left - box.left)];
  }).filter(([, out]) => out > 1);
}"""
HIDDEN_CARDS = """() => Array.from(document.querySelectorAll(".cards [data-figure]"), (card) => {
  const box = card.getBoundingClientRect();
  return [card.dataset.figure, Math.max(0, box.right - window.innerWidth, -box.left)];
}).filter(([, out]) => out > 1)"""


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_long_names_wrap_and_never_hide_the_figures(central, laptops, browser, tmp_path):
    team = central.admin_ops.team(LONG_TEAM, commune=COMMUNE)
    leader = laptops("leader")
    leader.set_up(commune=COMMUNE)
    leader.write(commands.save_neighbourhood, Neighbourhood(name=LONG_AREA), None)
    leader.connect(central.url, central.admin_ops.code(team.id))
    record_work(leader, seed=5, residents=12, trainings=4, assists=6,
                first=date(2026, 1, 5), days=60)  # fmt: skip
    assert leader.sync.run_once().state == "synced"
    computed(central)
    user = f"dai{COMMUNE}{central.port}"
    add_account(central, user, "--commune", str(COMMUNE))
    out = shots(tmp_path)
    commune, team_page = f"/commune/{COMMUNE}?p=2026", f"/team/{team.id}?p=2026"

    wrong: list[str] = []  # every fault at both sizes, not just the first
    for label, (width, height) in SIZES.items():
        phone = label == "phone"
        context = browser.new_context(viewport={"width": width, "height": height},
                                      is_mobile=phone, has_touch=phone, locale="vi-VN")  # fmt: skip
        page = context.new_page()
        page.goto(f"{central.url}/login")
        page.fill("#username", user)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(rf"/commune/{COMMUNE}"))

        for path in (commune, team_page):
            page.goto(central.url + path)
            page.wait_for_load_state("load")
            what = f"{path.split('/')[1]} page at {width}px"
            page.screenshot(path=out / f"long-names-{what.replace(' ', '-')}.png", full_page=True)
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                wrong.append(f"{what}: {wide}px wide")
            if hidden := page.evaluate(HIDDEN_CARDS):
                wrong.append(f"{what}: summary figures out of view {hidden}")
            if path == team_page:
                assert page.inner_text("h1").replace("\n", "") == LONG_TEAM  # wrapped, whole
                continue
            scrolls = page.locator(".table-wrap:has(table.teams)").evaluate(
                "(box) => box.scrollWidth > box.clientWidth"
            )
            said = page.locator(".scroll-hint + .table-wrap table.teams").count() == 1
            if phone and not (scrolls and said):  # it scrolls inside its box, and says so
                wrong.append(f"{what}: scrolls in its box {scrolls}, with a hint {said}")
            if said:
                assert page.inner_text(".scroll-hint") == "Kéo ngang để xem thêm →"
            if not phone and (hidden := page.evaluate(HIDDEN_FIGURES)):
                wrong.append(f"{what}: team figures or 'Cộng' out of view {hidden}")
            if not phone and said:
                wrong.append(f"{what}: a scroll hint where nothing scrolls")
            name = page.locator(f'table.teams a[href^="/team/{team.id}?"]')  # its name
            if name.get_attribute("title") != LONG_TEAM:
                wrong.append(f"{what}: the team's whole name is not its link's title")
            assert LONG_AREA in page.locator("table.teams tbody").inner_text()
        context.close()
    assert wrong == []


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_comparisons_and_a_figure_opened_to_its_records(central, laptops, browser, tmp_path):
    """Issue 23, items 4 and 5: the commune's cards beside other periods, with arrows; a
    click on a figure lists its records, the next page follows, the list downloads."""
    from openpyxl import load_workbook

    commune = 166  # Phường Cầu Giấy: no other test's teams
    _team, (leader,) = connected_team(central, laptops, "leader", commune=commune)
    record_work(leader, seed=41, residents=90, trainings=30, assists=120,
                first=date(2024, 12, 1), days=420)  # fmt: skip
    assert leader.sync.run_once().state == "synced"
    computed(central)
    user = f"drill{commune}{central.port}"
    add_account(central, user, "--commune", str(commune))
    out = shots(tmp_path)
    page = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True,
                               locale="vi-VN").new_page()  # fmt: skip
    page.goto(f"{central.url}/login")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf"/commune/{commune}"))
    with page.expect_navigation():
        page.select_option("#p", "2025-Q1")
    card = page.locator(".card", has=page.locator('[data-figure="assists"]'))
    before = leader.read(queries.overview, Period(PeriodKind.QUARTER, 2024, 4))
    now = leader.read(queries.overview, Period(PeriodKind.QUARTER, 2025, 1))
    assert card.locator('[data-compare="previous"] .v').inner_text() == str(before.assists)
    change = now.assists - before.assists
    arrow = card.locator('[data-compare="previous"] .delta').inner_text()
    assert arrow == ("= 0" if not change else f"▲ +{change}" if change > 0 else f"▼ −{-change}")
    assert card.locator('[data-compare="year_before"]').count() == 1
    assert card.locator('[data-compare="year_to_date"]').count() == 0  # Q1 is the year so far
    page.screenshot(path=out / "dashboard-compare-1366x768.png", full_page=True)

    # A click on the figure: its records, as many as it says, page after page.
    with page.expect_navigation():
        card.locator("a.figure-link").click()
    assert "/records/assists" in page.url and page.inner_text("h1") == "Lượt hỗ trợ người dân"
    seen = page.locator("table.records tbody tr").count()
    assert int(page.inner_text("#drill-figure").replace(".", "")) == now.assists
    while page.locator("a[rel=next]").count():
        with page.expect_navigation():
            page.click("a[rel=next]")
        seen += page.locator("table.records tbody tr").count()
    assert seen == now.assists
    page.screenshot(path=out / "dashboard-records-1366x768.png", full_page=True)
    with page.expect_download() as got:
        page.click("text=Tải Excel")
    sheet = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))["Danh sách"]
    assert len([r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]]) == now.assists
