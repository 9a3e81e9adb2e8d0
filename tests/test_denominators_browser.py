"""Issue 23 in a real browser (chromium): a commune official sets a year's target on the
commune page and sees the progress to it, the team behind its share named, and the reach per
neighbourhood with the weak one marked."""

from __future__ import annotations

import re
from datetime import date

import pytest

from desktop.store import commands, queries
from sotay.domain.models import Neighbourhood
from tests.helpers import connected_team
from tests.servers import computed
from tests.test_dashboard_browser import CHROMIUM, PASSWORD, add_account, browser, shots
from tests.worklog import record_work

COMMUNE = 103  # Phường Tây Hồ: no other test's teams

__all__ = ["browser"]  # the fixture, shared with the dashboard's browser tests

pytestmark = pytest.mark.skipif(
    not __import__("pathlib").Path(CHROMIUM).exists(), reason="chromium is installed by build"
)


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_a_target_set_in_the_browser_shows_progress_and_the_team_behind(
    central, laptops, browser, tmp_path
) -> None:
    year = date.today().year
    busy_team, (busy,) = connected_team(central, laptops, "busy", commune=COMMUNE)
    idle_team, (idle,) = connected_team(central, laptops, "idle", commune=COMMUNE)
    record_work(busy, seed=5, residents=80, trainings=30, assists=10,
                first=date(year, 1, 2), days=300)  # fmt: skip
    # The busy team's area: its first neighbourhood well counted, a second one barely reached.
    [first] = busy.read(queries.load_roster).neighbourhoods
    first.adults, first.counted_on = 200, date(year, 1, 5)
    busy.write(commands.save_neighbourhood, first, None)
    far = Neighbourhood(name="Khu phố Xa", adults=5000, counted_on=date(year, 1, 5))
    busy.write(commands.save_neighbourhood, far, None)
    for (resident_id,) in busy.query("SELECT id FROM resident WHERE deleted_at IS NULL"):
        resident = busy.read(queries.get_resident, resident_id)
        resident.neighbourhood_id = first.id  # all live in the first neighbourhood
        busy.write(commands.save_resident, resident, None)
    for laptop in (busy, idle):
        assert laptop.sync.run_once().state == "synced"
    computed(central)
    trained = central.admin_ops.scalar(
        "SELECT residents_trained FROM roll_team WHERE team_id = :t AND period = :p",
        t=busy_team.id,
        p=str(year),
    )
    assert trained >= 40  # above its share (50) times the part of the year gone, with margin
    user = f"tayho{central.port}"
    add_account(central, user, "--commune", str(COMMUNE), "--admin")

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{central.url}/login")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf"/commune/{COMMUNE}"))
    with page.expect_navigation():
        page.select_option("#p", str(year))
    assert "Chưa đặt chỉ tiêu nào" in page.inner_text("#chi-tieu")

    page.click("#chi-tieu summary >> text=Đặt chỉ tiêu năm")
    page.fill("#t-year", str(year))
    page.select_option("#t-indicator", "trained")
    page.select_option("#t-unit", "count")
    page.fill("#t-value", str(2 * trained))
    with page.expect_navigation():
        page.click("#dat-chi-tieu button[type=submit]")
    assert f"p={year}" in page.url
    block = page.locator('[data-indicator="trained"]')
    assert block.locator('[data-progress="value"]').inner_text() == str(trained)
    assert block.locator('[data-progress="percent"]').inner_text() == "50,0%"
    links = block.locator("[data-behind]")
    behind = [links.nth(i).get_attribute("href") for i in range(links.count())]
    # Split equally (the idle team has no adults counted): the idle team is behind its half.
    assert behind == [f"/team/{idle_team.id}?p={year}"]
    assert links.first.inner_text() == idle_team.name

    # The reach: the far neighbourhood, below half the commune's rate, first and marked.
    rows = page.locator("#bao-phu tbody tr")
    assert rows.first.get_attribute("data-neighbourhood") == "Khu phố Xa"
    assert "yếu" in rows.first.inner_text()
    assert rows.first.get_attribute("class") == "weak"
    page.screenshot(path=shots(tmp_path) / "dashboard-targets-1366x768.png", full_page=True)

    # The team's own page: its share and its progress.
    page.goto(f"{central.url}/team/{idle_team.id}?p={year}")
    assert "chậm tiến độ" in page.inner_text("#chi-tieu")
    context.close()
