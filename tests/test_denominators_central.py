"""Issue 23, items 2 and 3 against the real central service (SQLite and PostgreSQL): a
neighbourhood's figures travel with its record, an older laptop's record without them is taken,
the commune's own figure wins and reaches the laptop, and a target set by the commune reaches
the team's laptop as its share."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.store import commands, queries, reach
from desktop.ui.team import TeamDialog
from sotay.domain.models import Neighbourhood
from sotay.domain.periods import Period, PeriodKind
from tests.helpers import connected_team
from tests.webclient import Browser

PASSWORD = "mat-khau-xa-phuong"


def add_account(central, name: str, *where: str) -> Browser:
    subprocess.run(
        central.args("account", "add", name, "--name", "Nguyễn Thị Hoa", *where,
                     "--password-stdin"),
        input=PASSWORD + "\n", text=True, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    web = Browser(central.url)
    assert web.login(name, PASSWORD).ok
    return web


def _old_laptops_change(db, nb_id: str, name: str) -> None:
    """What a laptop from before the figures queues for a neighbourhood: its name only."""
    now = commands.utcnow()
    version = db.conn.execute(
        "UPDATE neighbourhood SET name = ?, version = version + 1 WHERE id = ? RETURNING version",
        (name, nb_id),
    ).fetchone()[0]
    payload = {"id": nb_id, "name": name, "created_at": now, "updated_at": now,
               "recorded_by": None, "deleted_at": None}  # fmt: skip
    commands.outbox(db.conn, "neighbourhood", nb_id, "upsert", payload, version, now)


def test_figures_travel_with_the_neighbourhood_and_an_older_laptops_record_is_taken(
    central, laptops
) -> None:
    _team, (leader, second) = connected_team(central, laptops, "leader", "second")
    old = Neighbourhood(name="Khu phố 8")
    leader.write(commands.save_neighbourhood, old, None)
    [nb] = [n for n in leader.read(queries.load_roster).neighbourhoods if n.name == "Khu phố 3"]
    nb.adults, nb.households, nb.counted_on = 1250, 410, date(2026, 1, 15)
    leader.write(commands.save_neighbourhood, nb, None)
    leader.write(_old_laptops_change, old.id, "Khu phố 9")
    assert leader.sync.run_once().state == "synced"
    assert leader.query("SELECT COUNT(*) FROM sync_attention")[0][0] == 0  # nothing refused

    stored = json.loads(
        central.admin_ops.scalar("SELECT payload FROM record WHERE id = :i", i=old.id)
    )
    assert "adults" not in stored  # kept as it came: a resent batch hashes the same
    assert second.sync.run_once().state == "synced"
    rows = dict(
        (r[0], r[1:])
        for r in second.query("SELECT name, adults, households, counted_on FROM neighbourhood")
    )
    assert rows["Khu phố 3"] == (1250, 410, "2026-01-15")
    assert rows["Khu phố 9"] == (None, None, None)  # taken, not mistaken for a tombstone


def test_the_communes_figure_wins_and_its_target_reaches_the_laptop(
    central, laptops, qtbot
) -> None:
    commune = 97
    team, (leader,) = connected_team(central, laptops, "leader", commune=commune)
    [nb] = leader.read(queries.load_roster).neighbourhoods
    nb.adults, nb.counted_on = 900, date(2026, 1, 15)
    leader.write(commands.save_neighbourhood, nb, None)
    assert leader.sync.run_once().state == "synced"

    web = add_account(central, f"xa{commune}{central.port}", "--commune", str(commune), "--admin")
    page = web.get(f"/commune/{commune}")
    assert "Mức độ bao phủ theo khu phố" in page.text
    answer = web.post(
        f"/commune/{commune}/figures",
        {
            "neighbourhood": f"{team.id}/{nb.id}",
            "adults": "1000",
            "households": "",
            "counted_on": "2026-02-01",
        },
    )
    assert answer.ok
    answer = web.post(
        f"/commune/{commune}/targets",
        {
            "year": str(date.today().year),
            "indicator": "trained",
            "unit": "count",
            "value": "300",
        },
    )
    assert answer.ok and "Chỉ tiêu năm" in answer.text
    # A commune's figure for another commune's neighbourhood: refused as outside its scope.
    other = add_account(central, f"khac{commune}{central.port}", "--commune", "91", "--admin")
    refused = other.post(
        f"/commune/{commune}/figures",
        {"neighbourhood": f"{team.id}/{nb.id}", "adults": "5", "counted_on": "2026-02-01"},
    )
    assert refused.status_code == 404
    bad = web.post(
        f"/commune/{commune}/figures",
        {"neighbourhood": f"{team.id}/{nb.id}", "adults": "-3", "counted_on": "2026-02-01"},
    )
    assert bad.status_code == 400 and "Số người lớn" in bad.text

    assert leader.sync.run_once().state == "synced"
    r = leader.read(queries.load_roster)
    assert r.commune is not None
    assert r.commune.neighbourhoods[nb.id].adults == 1000
    [(target, share, basis)] = r.commune.shares
    assert (target.code, target.value, share, basis) == ("trained", 300, 300, "adults")
    # The laptop's own figure is kept, but the commune's is the one used and shown.
    assert leader.query("SELECT adults FROM neighbourhood WHERE id = ?", nb.id)[0][0] == 900
    data = leader.read(reach.team_reach, Period(PeriodKind.YEAR, date.today().year), date.today())
    assert [(row.adults, row.by_commune) for row in data.rows] == [(1000, True)]
    [(code, progress, _basis)] = data.targets
    assert code == "trained" and progress.target == 300

    dialog = TeamDialog(leader.store, r)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.neighbourhoods.setCurrentRow(0)
    assert dialog.adults.text() == "1000" and not dialog.adults.isEnabled()
    assert dialog.figures_note.isVisible() and "commune" in dialog.figures_note.text()
    assert dialog.counted_on.text() == "01/02/2026"
    dialog.neighbourhoods.item(0).setData(Qt.ItemDataRole.DisplayRole, "Khu phố 3A")
    dialog.save()  # a rename keeps the laptop's own figure (the commune's is not copied)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert leader.query("SELECT name, adults FROM neighbourhood")[0] == ("Khu phố 3A", 900)


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_an_old_server_sends_no_commune_block_and_the_laptop_keeps_what_it_had(
    central, laptops
) -> None:
    """The pull's `commune` comes with the last page only; a page without it (an older
    server) leaves what the laptop had."""
    from desktop.store import syncdata
    from sotay.domain.denominators import COMMUNE_KEY

    # Phường Kim Liên: test_dashboard_web counts the teams of 91, whichever test runs first.
    _team, (leader,) = connected_team(central, laptops, "leader", commune=229)
    assert leader.read(queries.commune_figures) is not None  # this server sent one
    leader.write(
        syncdata.set_state,
        {
            COMMUNE_KEY: json.dumps(
                {
                    "neighbourhoods": {
                        "x": {"adults": 5, "households": None, "counted_on": "2026-01-01"}
                    },
                    "targets": [],
                }
            )
        },
    )
    from desktop.sync.service import _apply_page

    leader.write(_apply_page, [], {"cursor": "c"})
    assert leader.read(queries.commune_figures).neighbourhoods["x"].adults == 5


def test_a_provinces_target_follows_every_change_of_adults(central, laptops) -> None:
    """A province's count target is shared among its communes by their adults. Each team's
    adults are kept in a row (`team_adults`) rather than read from every neighbourhood of the
    province at each page: that row must follow a neighbourhood pushed, edited and added, and
    the commune's own figure set and cleared, or the shares go wrong."""
    province, (first, second) = 92, (31150, 31168)  # a province no other test uses
    team_a, (leader,) = connected_team(central, laptops, "a", commune=first)
    team_b, (other,) = connected_team(central, laptops, "b", commune=second)

    def adults(laptop, value: int | None) -> str:
        [nb] = laptop.read(queries.load_roster).neighbourhoods[:1]
        nb.adults, nb.counted_on = value, date(2026, 1, 15) if value is not None else None
        laptop.write(commands.save_neighbourhood, nb, None)
        assert laptop.sync.run_once().state == "synced"
        return nb.id

    def share() -> tuple[float, str]:
        """Team a's share of the province's target, as its laptop's pull brings it."""
        assert leader.sync.run_once().state == "synced"
        commune = leader.read(queries.load_roster).commune
        assert commune is not None
        [(_target, value, basis)] = commune.shares
        return round(value, 6), basis

    def kept(team) -> int | None:
        return central.admin_ops.scalar(
            "SELECT adults FROM team_adults WHERE team_id = :t", t=team.id
        )

    web = add_account(central, f"tinh{province}{central.port}", "--province", str(province),
                      "--admin")  # fmt: skip
    answer = web.post(
        f"/province/{province}/targets",
        {"year": str(date.today().year), "indicator": "trained", "unit": "count", "value": "400"},
    )
    assert answer.ok
    assert share() == (200, "equal")  # no adults known yet

    adults(leader, 300)
    b_nb = adults(other, 100)
    assert (kept(team_a), kept(team_b)) == (300, 100)
    assert share() == (300, "adults")

    commune_b = add_account(central, f"xa{second}{central.port}", "--commune", str(second),
                            "--admin")  # fmt: skip
    figures = {"neighbourhood": f"{team_b.id}/{b_nb}", "adults": "500", "counted_on": "2026-02-01"}
    assert commune_b.post(f"/commune/{second}/figures", figures).ok
    assert kept(team_b) == 500  # the commune's figure wins over the team's 100
    assert share() == (150, "adults")
    assert commune_b.post(f"/commune/{second}/figures", figures | {"clear": "1"}).ok
    assert kept(team_b) == 100
    assert share() == (300, "adults")

    leader.write(commands.save_neighbourhood, Neighbourhood(name="Khu phố mới"), None)
    assert leader.sync.run_once().state == "synced"
    assert kept(team_a) is None  # a neighbourhood not counted: the team's adults are unknown
    assert share() == (200, "equal")
