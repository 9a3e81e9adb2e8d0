"""The dashboard's figures equal what the laptops pushed: teams' work recorded through the
app's commands (with edits that move figures between periods), synced to the real central
service, computed by its rollups, compared with each laptop's own overview."""

from __future__ import annotations

from central import dashboard, rollups
from desktop.store import queries
from sotay.domain.periods import Period, PeriodKind
from tests.helpers import connected_team
from tests.servers import computed
from tests.worklog import record_work

COMMUNE = 8  # Phường Ngọc Hà: no other test's teams


def periods() -> list[Period]:
    out = [Period(PeriodKind.YEAR, y) for y in (2025, 2026)]
    out += [Period(PeriodKind.QUARTER, y, q) for y in (2025, 2026) for q in range(1, 5)]
    out += [Period(PeriodKind.MONTH, y, m) for y in (2025, 2026) for m in range(1, 13)]
    return out


def test_the_figures_are_the_sum_of_what_the_laptops_pushed(central, laptops):
    teams = []
    for n in range(2):
        team, (laptop,) = connected_team(central, laptops, f"team{n}", commune=COMMUNE)
        record_work(laptop, seed=n + 1)
        assert laptop.sync.run_once().state == "synced"
        teams.append((team, laptop))
    computed(central)

    engine = central.admin_ops.engine
    for period in periods():
        mine = [laptop.read(queries.overview, period) for _, laptop in teams]
        with engine.connect() as conn:
            for (team, _), expected in zip(teams, mine, strict=True):
                assert dashboard.overview(conn, [team.id], period) == expected, period
            rows = dashboard.team_rows(conn, COMMUNE, period)
            whole = dashboard.overview(conn, [t.id for t, _ in teams], period)
        assert {r.id for r in rows} == {t.id for t, _ in teams}
        for figure in rollups.FIGURES:
            pushed = sum(getattr(ov, figure) for ov in mine)
            assert sum(r.figures[figure] for r in rows) == pushed, (period, figure)
            assert getattr(whole, figure) == pushed, (period, figure)
    # The years so far (the comparisons beside each figure, issue 23): every month's, the
    # same as the laptops count from 1 January to its end.
    for period in (
        Period(PeriodKind.YEAR_TO_DATE, y, m) for y in (2025, 2026) for m in range(1, 13)
    ):
        mine = [laptop.read(queries.overview, period) for _, laptop in teams]
        with engine.connect() as conn:
            rows = dashboard.team_rows(conn, COMMUNE, period)
        for figure in rollups.FIGURES:
            pushed = sum(getattr(ov, figure) for ov in mine)
            assert sum(r.figures[figure] for r in rows) == pushed, (period, figure)
    year = Period(PeriodKind.YEAR, 2026)
    assert all(laptop.read(queries.overview, year).attendances for _, laptop in teams)

    # A later edit on a laptop reaches the figures after its next sync.
    _team, laptop = teams[0]
    training_id = laptop.query(
        "SELECT id FROM training WHERE deleted_at IS NULL AND status = 'held' AND day >= '2026'"
        " LIMIT 1"
    )[0][0]
    from desktop.store import commands

    laptop.write(commands.delete, "training", training_id)
    assert laptop.sync.run_once().state == "synced"
    computed(central)
    with engine.connect() as conn:
        assert dashboard.overview(conn, [teams[0][0].id], year) == laptop.read(
            queries.overview, year
        )
