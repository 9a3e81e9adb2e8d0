"""The laptop's overview shows its main figures beside the period before, the same period a
year before and the year so far (issue 23, item 4), offline, read on the reader thread:
January beside last December, each change as a sign and an arrow."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from desktop.store import commands, queries
from desktop.store.store import Store
from sotay.domain.models import Assist, Attendance, Outcome, Resident, Training, TrainingStatus
from sotay.domain.periods import Period, PeriodKind

JANUARY = Period(PeriodKind.MONTH, 2026, 1)


def work(store: Store) -> None:
    """Help sessions: 2 in January 2026, 5 in December 2025, 1 in January 2025; a held class
    in December 2025 with three present, one in January 2026 with one."""
    roster = store.read(queries.load_roster).result()
    people = []
    for k in range(3):
        r = Resident(full_name=f"Người dân {k}", birth_year=1950 + k)
        store.write(commands.save_resident, r, None).result()
        people.append(r)
    for day, n in ((date(2026, 1, 10), 2), (date(2025, 12, 5), 5), (date(2025, 1, 20), 1)):
        for _ in range(n):
            a = Assist(day=day, resident_id=people[0].id, member_id=roster.members[0].id,
                       service_id=roster.services[0].id, outcome=Outcome.DONE)  # fmt: skip
            store.write(commands.save_assist, a, None).result()
    for day, present in ((date(2025, 12, 8), people), (date(2026, 1, 12), people[:1])):
        t = Training(day=day, status=TrainingStatus.HELD, place="Nhà văn hóa",
                     topic_ids=[roster.topics[0].id],
                     attendance=[Attendance(r.id, present=True) for r in present])  # fmt: skip
        store.write(commands.save_training, t, None).result()


def test_the_overview_shows_each_figure_beside_other_periods(qtbot, team_store, tmp_path):
    from desktop.ui.overview import OverviewPage

    work(team_store)
    page = OverviewPage(team_store, ThreadPoolExecutor(1))
    qtbot.addWidget(page)
    page.resize(1366 - 200, 700)
    page.show()
    page.period.set_period(JANUARY)
    page.refresh()
    cells = page.beside["assists"]
    qtbot.waitUntil(lambda: cells["previous"].text() != "–", timeout=5000)
    assert page.figures["assists"].text() == "2"
    # January's previous month is last December: 5 help sessions then, 3 fewer now.
    assert cells["previous"].text() == "5  ▼ −3"
    assert cells["year_before"].text() == "1  ▲ +1"  # January 2025
    assert cells["year_to_date"].text() == "2"  # January is the year so far
    assert cells["previous"].toolTip() == "Tháng 12 năm 2025: 5"
    trained = page.beside["residents_trained"]
    assert (trained["previous"].text(), trained["year_before"].text()) == ("3  ▼ −2", "0  ▲ +1")
    assert page.beside["women_trained"]["year_before"].text() == "0  = 0"  # none recorded as women
    shots = Path(os.environ.get("SOTAY_SCREENSHOTS") or tmp_path)
    page.grab().save(str(shots / "overview-compare.png"))

    # The first quarter: beside last year's fourth; its year so far is itself.
    page.period.set_period(Period(PeriodKind.QUARTER, 2026, 1))
    qtbot.waitUntil(lambda: cells["previous"].toolTip().startswith("Quý IV"), timeout=5000)
    assert cells["previous"].toolTip() == "Quý IV năm 2025: 5"
    assert cells["year_to_date"].text() == "2"
    # A later month: the year so far gathers every month before it.
    page.period.set_period(Period(PeriodKind.MONTH, 2026, 2))
    qtbot.waitUntil(lambda: cells["year_to_date"].toolTip().startswith("Từ đầu năm"), timeout=5000)
    assert cells["year_to_date"].text() == "2" and cells["previous"].text() == "2  ▼ −2"
    assert page.beside["attendances"]["year_to_date"].text() == "1"
