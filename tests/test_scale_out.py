"""The path beyond one database server, as far as it can be tried here: the dashboard reading
from a real PostgreSQL hot standby (streaming replication) while the laptops sync with the
primary, and a schema whose team data is keyed by team first (what a distributed PostgreSQL
such as Citus needs to spread it by team)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, inspect, text

from central import tables as T
from desktop.store import queries
from sotay.domain.periods import Period, PeriodKind
from tests.helpers import connected_team
from tests.servers import Admin, computed
from tests.webclient import Browser, figures
from tests.worklog import record_work

# Tables of a team's data: distributed by team_id. The rest are small and shared (Citus
# reference tables): the server's facts, teams, codes, devices, accounts, sessions, areas.
TEAM_DATA = (
    "record", "receipt", "problem", "f_resident", "f_training", "f_attendance", "f_assist",
    "roll_dirty", "roll_team", "roll_topic", "roll_service", "roll_code", "roll_neighbourhood",
    "roll_person", "nb_figure", "team_adults",
)  # fmt: skip


def test_every_table_of_team_data_is_keyed_by_team_first():
    for name in TEAM_DATA:
        table = T.metadata.tables[name]
        assert table.primary_key.columns.keys()[0] == "team_id", name
        for index in table.indexes:
            if index.unique:  # a unique index must hold the distribution column
                assert "team_id" in index.columns, (name, index.name)
        for constraint in table.constraints:
            columns = getattr(constraint, "columns", None)
            if columns is not None and constraint.__class__.__name__ == "UniqueConstraint":
                assert "team_id" in columns, name
    owned = {n for n, t in T.metadata.tables.items() if "team_id" in t.columns}
    # device (unique token hash) and enrolment codes are looked up before the team is known
    assert owned - set(TEAM_DATA) == {"device", "enrolment_code"}


@pytest.fixture
def primary_and_replica(postgres, tmp_path):
    primary_url = postgres.create_database("scaleout")
    replica = postgres.standby()
    yield primary_url, replica
    replica.stop()


def test_the_dashboard_reads_from_a_replica_while_laptops_sync_with_the_primary(
    primary_and_replica, laptops, tmp_path
):
    from tests.servers import Central

    primary_url, standby = primary_and_replica
    replica_url = standby.url("scaleout")
    server = Central(tmp_path / "central", primary_url, replica_url).start()
    server.admin_ops = Admin(server)
    try:
        _team, (laptop,) = connected_team(server, laptops, "leader", commune=25)
        record_work(laptop, seed=3)
        assert laptop.sync.run_once().state == "synced"
        computed(server)
        import subprocess

        subprocess.run(
            server.args("account", "add", "xa", "--commune", "25", "--password-stdin"),
            input="mat-khau-rat-dai-1\n", text=True, check=True, capture_output=True,
        )  # fmt: skip
        expected = laptop.read(queries.overview, Period(PeriodKind.YEAR, 2026))
        browser = Browser(server.url)
        # signed in at once: the session is read from the primary, never a lagging replica
        assert browser.login("xa", "mat-khau-rat-dai-1").status_code == 200
        deadline = time.monotonic() + 30
        while True:
            shown = figures(browser.get("/commune/25?p=2026").text)
            if shown.get("attendances") == expected.attendances or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert shown == {k: getattr(expected, k) for k in shown} and shown
        replica = create_engine(replica_url)
        with replica.connect() as conn:
            assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar() is True
            readers = conn.execute(
                text("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = :a"),
                {"a": "sotay-dashboard"},
            ).scalar()
            assert readers >= 1  # the service's page reads went to the standby
            assert "roll_team" in inspect(conn).get_table_names()
        replica.dispose()
        # The laptops never read from the replica: with it stopped, sync goes on.

        standby._run(str(standby.bin / "pg_ctl"), "-D", str(standby.data), "-m", "fast", "stop")
        record_work(laptop, seed=4, residents=5, trainings=3, assists=5)
        assert laptop.sync.run_once().state == "synced"
    finally:
        server.stop()
        server.admin_ops.engine.dispose()
