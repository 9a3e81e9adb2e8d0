"""Issue 23, items 2 and 3 on the laptop: a neighbourhood's adults, households and the day they
were counted, entered on the team screen; the commune's figure winning over the team's own;
the team's rates and its share of the commune's target on the overview, offline."""

from __future__ import annotations

import json
from datetime import date, timedelta

from PySide6.QtCore import Qt

from desktop.store import syncdata
from desktop.store.store import Store
from desktop.ui.team import TeamDialog
from tests.helpers import result, roster


def open_team(qtbot, store: Store) -> TeamDialog:
    dialog = TeamDialog(store, roster(store))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose(qtbot, dialog: TeamDialog, row: int) -> None:
    dialog.neighbourhoods.setFocus()
    dialog.neighbourhoods.setCurrentRow(row)


def type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def saved_figures(store: Store) -> dict[str, tuple]:
    rows = result(
        store.read(
            lambda c: c.execute(
                "SELECT name, adults, households, counted_on FROM neighbourhood"
                " WHERE deleted_at IS NULL"
            ).fetchall()
        )
    )
    return {r[0]: tuple(r[1:]) for r in rows}


def test_the_leader_enters_a_neighbourhoods_people_and_they_are_saved(
    qtbot, team_store: Store
) -> None:
    dialog = open_team(qtbot, team_store)
    first = dialog.neighbourhoods.item(0).text()
    choose(qtbot, dialog, 0)
    assert first in dialog.figures_title.text()
    type_into(qtbot, dialog.adults, "1.250")
    type_into(qtbot, dialog.households, "410")
    type_into(qtbot, dialog.counted_on, "15/01/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    figures = saved_figures(team_store)
    assert figures[first] == (1250, 410, "2026-01-15")
    # The other neighbourhood, left empty, has no figure (allowed: not counted yet).
    assert [v for k, v in figures.items() if k != first] == [(None, None, None)]
    # The change waits to be sent with its new fields.
    nb_id = dialog.neighbourhoods.item(0).data(Qt.ItemDataRole.UserRole).id
    payload = result(
        team_store.read(
            lambda c: c.execute(
                "SELECT payload FROM outbox WHERE entity_id = ? ORDER BY seq DESC", (nb_id,)
            ).fetchone()[0]
        )
    )
    wire = syncdata.wire_payload("neighbourhood", "upsert", json.loads(payload))
    assert {k: wire[k] for k in ("adults", "households", "counted_on")} == {
        "adults": 1250,
        "households": 410,
        "counted_on": "2026-01-15",
    }
    # Opened again: the figures are there.
    again = open_team(qtbot, team_store)
    row = [again.neighbourhoods.item(i).text() for i in range(2)].index(first)
    choose(qtbot, again, row)
    assert (again.adults.text(), again.households.text(), again.counted_on.text()) == (
        "1250",
        "410",
        "15/01/2026",
    )


def test_bad_figures_are_said_in_words_and_what_was_typed_is_kept(qtbot, team_store: Store) -> None:
    dialog = open_team(qtbot, team_store)
    choose(qtbot, dialog, 1)
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    type_into(qtbot, dialog.adults, "-5")
    type_into(qtbot, dialog.households, "12,5")
    type_into(qtbot, dialog.counted_on, tomorrow)
    choose(qtbot, dialog, 0)  # away and back: what was typed stays with its neighbourhood
    choose(qtbot, dialog, 1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.neighbourhoods.currentRow() == 1  # the neighbourhood with the problem
    assert "whole number" in dialog.figures.error_text("adults")
    assert "whole number" in dialog.figures.error_text("households")
    assert "future" in dialog.figures.error_text("counted_on")
    assert (dialog.adults.text(), dialog.households.text(), dialog.counted_on.text()) == (
        "-5",
        "12,5",
        tomorrow,
    )
    assert {v for v in saved_figures(team_store).values()} == {(None, None, None)}
    # Adults without the day they were counted: the day is asked for.
    type_into(qtbot, dialog.adults, "800")
    type_into(qtbot, dialog.households, "")
    type_into(qtbot, dialog.counted_on, "31/02/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "day/month/year" in dialog.figures.error_text("counted_on")
    assert not dialog.figures.errors["adults"].isVisible()  # fixed: its message went
    type_into(qtbot, dialog.counted_on, "01/01/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert (800, None, "2026-01-01") in saved_figures(team_store).values()


# --- the overview, offline ---------------------------------------------------------------------


def test_the_overview_shows_the_teams_rate_and_its_neighbourhoods_offline(
    qtbot, recorded: Store
) -> None:
    """`recorded`: three residents, two in the first neighbourhood, one in the second, all
    three present at a held training of DAY's month. No server: the laptop counts alone."""
    from concurrent.futures import ThreadPoolExecutor

    from desktop.store import commands
    from desktop.ui.overview import OverviewPage
    from sotay.domain.periods import Period, PeriodKind
    from tests.helpers import DAY

    r = roster(recorded)
    first, second = r.neighbourhoods
    first.adults, first.counted_on = 40, date(2026, 1, 10)
    second.adults, second.counted_on = 4, date(2026, 1, 10)
    for n in (first, second):
        result(recorded.write(commands.save_neighbourhood, n, None))
    page = OverviewPage(recorded, ThreadPoolExecutor(1))
    qtbot.addWidget(page)
    page.show()
    page.period.set_period(Period.containing(PeriodKind.MONTH, DAY))
    page.refresh()
    qtbot.waitUntil(lambda: "%" in page.reach.rate.text(), timeout=5000)
    # 3 residents trained over 44 adults: 6.8 %.
    assert "6.8%" in page.reach.rate.text() and "3 of 44" in page.reach.rate.text()
    page.breakdowns.setCurrentWidget(page.reach.table)
    table = page.reach.table
    rows = [[table.item(i, c).text() for c in range(5)] for i in range(table.rowCount())]
    # Weakest first, and the weak one (below half the team's rate) marked: 2/40 = 5 % is
    # not below 3.4 %, 1/4 = 25 % is the strongest.
    assert [row[4] for row in rows] == ["5.0%", "25.0%"]
    assert [row[2] for row in rows] == ["team", "team"]


def test_a_target_is_split_by_adults_when_all_are_known_else_equally() -> None:
    from sotay.domain.denominators import PERCENT, Progress, judge, split, year_gone

    assert split(300, {"a": 100, "b": 200}) == ({"a": 100.0, "b": 200.0}, "adults")
    assert split(300, {"a": 100, "b": None}) == ({"a": 150.0, "b": 150.0}, "equal")
    half = year_gone(2026, date(2026, 7, 2))
    assert 0.49 < half < 0.51
    assert judge(Progress("a", 40, 100, "count"), half).behind  # below 100 x half the year
    assert not judge(Progress("a", 60, 100, "count"), half).behind
    assert judge(Progress("a", 40, 50, PERCENT), half).behind  # a rate: the rate itself
