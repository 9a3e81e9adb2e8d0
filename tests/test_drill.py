"""From a figure to its records, comparisons beside every figure, and which teams are
complete (issue 23, items 4 and 5), on the real central service over HTTP (SQLite and
PostgreSQL): each list is exactly its figure, pages follow each other without a gap, the
XLSX holds the same records, another commune's lists answer 404, and the comparisons are the
laptop's own figures for the other periods."""

from __future__ import annotations

import io
import re
from datetime import date

from central import compare, dashboard, drill
from desktop.store import commands, queries
from sotay.domain.models import CatalogueItem, Training, TrainingStatus
from sotay.domain.periods import Period, PeriodKind, comparisons, year_to_date
from tests.helpers import connected_team
from tests.servers import computed
from tests.test_dashboard_web import signed_in
from tests.worklog import record_work

COMMUNE, OTHER = 292, 118  # Phường Bạch Mai, Phường Bồ Đề (Hà Nội): no other test's teams
YEAR = Period(PeriodKind.YEAR, 2026)
MONTH = Period(PeriodKind.MONTH, 2026, 1)  # its previous month is December 2025
PEOPLE = ("residents_trained", "women_trained", "elderly_trained", "assisted_residents")


def rows_of(html: str) -> int:
    return len(re.findall(r"<tr><td>", html.split('class="records"')[1].split("</table>")[0]))


def own_topic_deleted_then_made_again(laptop) -> None:
    """A team's own topic with a class, deleted, then made again under the same name with a
    class of its own: the breakdown counts the live topic's class alone, so must its list."""
    for deleted in (True, False):
        topic = CatalogueItem(name="Chủ đề riêng của tổ")
        laptop.write(commands.save_catalogue_item, "topic", topic, None)
        held = Training(
            day=date(2026, 1, 20), status=TrainingStatus.HELD, place="Nhà văn hóa",
            topic_ids=[topic.id],
        )  # fmt: skip
        laptop.write(commands.save_training, held, None)
        if deleted:  # sent with its name first, as a topic in use would be
            assert laptop.sync.run_once().state == "synced"
            laptop.write(commands.delete, "topic", topic.id)


def test_each_list_is_its_figure_and_stays_in_its_commune(central, laptops):
    teams = []
    for n in range(2):
        team, (laptop,) = connected_team(central, laptops, f"drill{n}", commune=COMMUNE)
        record_work(laptop, seed=20 + n, residents=70, trainings=25, assists=60)
        if n == 0:
            own_topic_deleted_then_made_again(laptop)
        assert laptop.sync.run_once().state == "synced"
        teams.append((team, laptop))
    other, (stranger,) = connected_team(central, laptops, "stranger", commune=OTHER)
    record_work(stranger, seed=29, residents=20, trainings=8, assists=10)
    assert stranger.sync.run_once().state == "synced"
    computed(central)

    commune = drill.Where(commune_code=COMMUNE)
    with central.admin_ops.engine.connect() as conn:
        for period in (YEAR, MONTH, Period(PeriodKind.QUARTER, 2025, 4)):
            # The figures the pages show (the rollups: tests/test_dashboard_figures.py checks
            # them against the laptops).
            rows = {r.id: r for r in dashboard.team_rows(conn, COMMUNE, period)}
            for figure in drill.LISTS:
                pushed = sum(r.figures[figure] for r in rows.values())
                records = list(drill.every_row(conn, commune, period, figure))
                # smaller pages than the list, so that the cursor is crossed
                paged, after = [], ""
                while True:
                    page = drill.listing(conn, commune, period, figure, after=after, size=7)
                    paged += page.rows
                    if not page.after:
                        break
                    after = page.after
                assert paged == records, (period, figure)
                if figure == "attendances":
                    assert sum(r["present"] for r in records) == pushed, period
                else:
                    assert len(records) == pushed, (period, figure)
                assert drill.figure_of(conn, commune, period, figure) == pushed
                assert {r["team"] for r in records} <= {t.name for t, _ in teams}
            # A team's own list: its laptop's figure.
            team, laptop = teams[0]
            for figure in ("trainings_held", "residents_trained", "elderly_trained", "assists"):
                shown = list(drill.every_row(conn, drill.Where(team_id=team.id), period, figure))
                assert len(shown) == rows[team.id].figures[figure], (period, figure)
            # Help sessions by service and outcome, trainings by topic: the breakdown's cells.
            whole = dashboard.overview(conn, [t.id for t, _ in teams], period)
            for name, done, not_done, referred in whole.by_service:
                for outcome, n in (("done", done), ("not_done", not_done), ("referred", referred)):
                    f = drill.Filters(service=name, outcome=outcome)
                    assert len(list(drill.every_row(conn, commune, period, "assists", f))) == n
            assert ("Chủ đề riêng của tổ", 1, 0) in whole.by_topic or period != YEAR
            for name, held, present in whole.by_topic:
                f = drill.Filters(topic=name)
                listed = list(drill.every_row(conn, commune, period, "trainings_held", f))
                assert len(listed) == held and all(name in r["topics"] for r in listed)
                listed = list(drill.every_row(conn, commune, period, "attendances", f))
                assert sum(r["present"] for r in listed) == present

    # Over HTTP: the page's link, its first page, the next, the XLSX; another commune's: 404.
    from openpyxl import load_workbook

    me = signed_in(central, commune=COMMUNE)
    page = me.get(f"/commune/{COMMUNE}?p=2026")
    link = f"/commune/{COMMUNE}/records/residents_trained?p=2026"
    assert link in page.text.replace("&amp;", "&")
    first = me.get(link)
    assert first.status_code == 200 and rows_of(first.text) == drill.PAGE
    with central.admin_ops.engine.connect() as conn:
        expected = drill.figure_of(conn, commune, YEAR, "residents_trained")
        helped = drill.figure_of(conn, commune, YEAR, "assists")
    assert f'id="drill-figure">{expected}<' in first.text.replace(".", "")
    nxt = re.search(r'rel="next" href="([^"]+)"', first.text).group(1).replace("&amp;", "&")
    second = me.get(nxt)
    assert second.status_code == 200 and rows_of(second.text) == min(drill.PAGE, expected - 50)
    assert "Người dân drill" not in nxt  # the address holds ids, never a name
    book = load_workbook(io.BytesIO(me.get(link.replace("?", ".xlsx?")).content))
    sheet = book["Danh sách"]
    listed = [r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]]
    assert len(listed) == expected
    assert list(next(sheet.iter_rows(min_row=4, max_row=4, values_only=True)))[:3] == [
        "STT", "Họ và tên", "Năm sinh"
    ]  # fmt: skip
    assert all(str(r[1]).startswith("Người dân 2") for r in listed)  # seeds 20, 21: mine
    help_book = load_workbook(io.BytesIO(me.get(
        f"/commune/{COMMUNE}/records/assists.xlsx?p=2026").content))  # fmt: skip
    assists = [r for r in help_book.active.iter_rows(min_row=5, values_only=True) if r[0]]
    assert len(assists) == helped == sum(lt.read(queries.overview, YEAR).assists for _, lt in teams)
    assert all(re.fullmatch(r"\d\d/\d\d/2026", r[1]) for r in assists)

    for path in (
        f"/commune/{OTHER}/records/residents_trained?p=2026",
        f"/commune/{OTHER}/records/residents_trained.xlsx?p=2026",
        f"/commune/{OTHER}/records/assists?p=2026&service=x",
        f"/team/{other.id}/records/trainings_held?p=2026",
        f"/team/{other.id}/records/assisted_residents.xlsx?p=2026",
        "/province/1/records/assists?p=2026",
        f"/commune/{COMMUNE}/records/not_a_figure?p=2026",
    ):
        answer = me.get(path, allow_redirects=False)
        assert answer.status_code == 404, path
        assert "Người dân 29-" not in answer.text
    # A province account reaches both communes' lists, and its own province's.
    province = signed_in(central, province=1)
    for path in (f"/commune/{OTHER}/records/assists?p=2026", "/province/1/records/assists?p=2026"):
        assert province.get(path).status_code == 200


def test_figures_are_shown_beside_other_periods_and_the_teams_completeness(central, laptops):
    from central.web.format import today

    team, (laptop,) = connected_team(central, laptops, "compare", commune=OTHER + 0)
    record_work(laptop, seed=31, residents=40, trainings=20, assists=40,
                first=date(2024, 11, 1), days=500)  # fmt: skip
    assert laptop.sync.run_once().state == "synced"
    silent = central.admin_ops.team("Tổ chưa bao giờ đồng bộ", commune=OTHER)
    computed(central)

    me = signed_in(central, commune=OTHER)
    for period, key in ((MONTH, "2026-01"), (Period(PeriodKind.QUARTER, 2026, 1), "2026-Q1"),
                        (Period(PeriodKind.MONTH, 2025, 5), "2025-05")):  # fmt: skip
        page = me.get(f"/team/{team.id}?p={key}").text
        for name, other in comparisons(period):
            want = laptop.read(queries.overview, other)
            shown = re.findall(
                rf'data-figure="(\w+)">[\d.]+</b>.*?<dd data-compare="{name}"><span class="v">'
                r"([\d.]+)</span>",
                page,
                re.S,
            )
            assert len(shown) == 7, (key, name)
            for figure, value in shown:
                assert int(value.replace(".", "")) == getattr(want, figure), (key, name, figure)
    # Across the year's edge, with the change as a sign and an arrow.
    page = me.get(f"/team/{team.id}?p=2026-01").text
    now, before = (
        laptop.read(queries.overview, p) for p in (MONTH, Period(PeriodKind.MONTH, 2025, 12))
    )
    change = now.assists - before.assists
    arrow = "= 0" if not change else f"▲ +{change}" if change > 0 else f"▼ −{-change}"
    assert f'<dd data-compare="previous"><span class="v">{before.assists}</span> ' in page
    assert arrow in page
    # The year so far of a month in the middle: its own rollup, the laptop's figures.
    may = Period(PeriodKind.MONTH, 2025, 5)
    with central.admin_ops.engine.connect() as conn:
        cmp = compare.compared(conn, may, team_id=team.id)
    so_far = laptop.read(queries.overview, year_to_date(may))
    assert [b.value for b in cmp("residents_trained") if b.name == "year_to_date"] == [
        so_far.residents_trained
    ]

    # Completeness: the team that synced, and the one that never did, since when.
    page = me.get(f"/commune/{OTHER}").text
    section = page.split('id="day-du"')[1].split("</section>")[0]
    lists = {
        name: body for name, body in re.findall(r'data-list="([\w-]+)">(.*?)</ul>', section, re.S)
    }
    assert team.name in lists["synced"] and silent.name not in lists["synced"]
    assert silent.name in lists["not-synced"] and "chưa đồng bộ lần nào" in lists["not-synced"]
    assert silent.name in lists["silent"]
    this_month = Period.containing(PeriodKind.MONTH, today())
    worked = laptop.read(queries.overview, this_month)
    assert (team.name in lists["silent"]) == (not (worked.trainings_held or worked.assists))


def test_a_teams_last_day_of_work_is_a_held_class_or_a_help_before_the_month_ends(central):
    from central import tables as T

    teams = [central.admin_ops.team(f"Tổ ngày làm việc {i}", commune=OTHER) for i in range(4)]
    busy, helper, planner, idle = (t.id for t in teams)

    def training(team_id: str, n: int, day: str, status: str) -> dict[str, object]:
        return {"team_id": team_id, "id": f"t{n}", "day": day, "year": int(day[:4]),
                "month": int(day[5:7]), "status": status, "place": "", "topics": ""}  # fmt: skip

    def assist(team_id: str, n: int, day: str) -> dict[str, object]:
        return {"team_id": team_id, "id": f"a{n}", "day": day, "year": int(day[:4]),
                "month": int(day[5:7]), "resident_id": "r", "member_id": "m",
                "service_id": "s", "outcome": "done"}  # fmt: skip

    with central.admin_ops.engine.begin() as conn:
        conn.execute(
            T.f_training.insert(),
            [
                training(busy, 1, "2025-12-30", "held"),
                training(busy, 2, "2026-11-02", "held"),
                training(busy, 3, "2026-11-20", "planned"),  # planned: not work done
                training(busy, 4, "2026-12-03", "held"),  # after the month
                training(planner, 5, "2026-11-25", "planned"),
            ],
        )
        conn.execute(
            T.f_assist.insert(),
            [
                assist(busy, 1, "2026-10-09"),
                assist(helper, 2, "2025-06-01"),
                assist(helper, 3, "2025-12-31"),
                assist(helper, 4, "2027-01-05"),  # a day typed in the future
            ],
        )
    with central.admin_ops.engine.connect() as conn:
        last = compare.last_records(conn, [busy, helper, planner, idle], "2026-12-01")
    assert last == {busy: "2026-11-02", helper: "2025-12-31"}
