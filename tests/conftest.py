"""Shared fixtures: a real SQLite profile per test, the real store, and helpers to type
Vietnamese into real widgets (qtbot.keyClicks aborts on non-ASCII text)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's keyring: tokens go to the profile's private file.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from desktop.store import commands
from desktop.store.store import Store
from sotay.domain.models import Member, Neighbourhood, Role, Team

# tests/windows/ drives the Windows installer under Wine: `make windows-check` runs it.
collect_ignore = [] if os.environ.get("SOTAY_WINDOWS_CHECK") else ["windows"]

# The tiers (README: `make test-fast` leaves out all but the first): a test's marks follow from
# what it uses, so a new test lands in its tier without anyone remembering to mark it.
TIER_FIXTURES = {
    "gui": {"qtbot", "qapp"},  # Qt widgets
    "server": {"central", "postgres"},  # a central service process, a PostgreSQL cluster
    "browser": {"browser"},  # chromium through Playwright (test_dashboard_browser.py)
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    windows = Path(__file__).parent / "windows"
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for mark, fixtures in TIER_FIXTURES.items():
            if used & fixtures:
                item.add_marker(mark)
        # A fixture parametrized over the databases asks for `postgres` only on that branch.
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "postgresql" in callspec.params.values():
            item.add_marker("server")
        if item.path.is_relative_to(windows):
            item.add_marker("windows")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "sotay.sqlite3", tmp_path / "backups")
    s.opened.result(timeout=30)
    yield s
    s.close()


def set_up_team(store: Store) -> None:
    """Team "Tổ CNSCĐ khu phố 3" of Phường Ba Đình, Hà Nội: two neighbourhoods, two members."""
    team = Team(
        name="Tổ CNSCĐ khu phố 3",
        province_code=1,
        province_name="Thành phố Hà Nội",
        commune_code=4,
        commune_name="Phường Ba Đình",
    )
    store.write(
        commands.set_up,
        team,
        [Neighbourhood(name="Khu phố 3"), Neighbourhood(name="Khu phố 4")],
        [
            Member(full_name="Trần Thị Lan", role=Role.LEADER, phone="0912345678"),
            Member(full_name="Lê Văn Minh", role=Role.MEMBER),
        ],
    ).result(timeout=60)


@pytest.fixture
def team_store(store: Store) -> Store:
    """A store with a team of two members and two neighbourhoods already set up."""
    set_up_team(store)
    return store


def result(future: Future[Any]) -> Any:
    return future.result(timeout=30)


@pytest.fixture(autouse=True)
def _forms_left_open() -> Iterator[None]:
    """A test may end with a changed form on screen: closing it then would ask 'save your
    changes?' and leave the question over the next test's windows."""
    yield
    if "desktop.ui.forms" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.ui.forms import FormDialog

    for widget in QApplication.allWidgets():
        if isinstance(widget, FormDialog):
            widget.mark_clean()
        elif isinstance(widget, QMessageBox) and widget.objectName() == "unsavedChanges":
            widget.done(0)


@pytest.fixture
def controllers(qapp) -> Iterator[list[Any]]:
    """Controllers made by a test; their translators and theme must not leak into others."""
    made: list[Any] = []
    yield made
    from desktop.settings import Settings
    from desktop.ui import theme

    for controller in made:
        for t in controller.translators:
            qapp.removeTranslator(t)
    theme.apply(qapp, Settings())


def type_text(widget: Any, text: str) -> None:
    """Type text as an input method would commit it (works for Vietnamese)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


# --- the central service ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    """A throw-away PostgreSQL cluster for the session (the set-up installs the server)."""
    from servers import Postgres

    pg = Postgres()
    pg.start()
    yield pg
    pg.stop()


class Admin:
    """The commune's admin operations, on the service's own database (the command line does
    the same through `python -m central`; one test drives that too)."""

    def __init__(self, server: Any) -> None:
        from central import db
        from central.config import Config

        config = Config.load(server.data_dir, server.database_url)
        self.engine, _ = db.open_database(config)

    def team(
        self, name: str = "Tổ CNSCĐ khu phố 3", commune: int = 4, team_id: str | None = None
    ) -> Any:
        from central import teams

        with self.engine.begin() as conn:
            return teams.add_team(conn, commune, name, team_id)

    def code(self, team_id: str, days: int = 7) -> str:
        from central import teams

        with self.engine.begin() as conn:
            return teams.issue_code(conn, team_id, days)[0]

    def revoke(self, device_id: str) -> bool:
        from central import teams

        with self.engine.begin() as conn:
            return teams.revoke(conn, device_id)

    def scalar(self, sql: str, **params: Any) -> Any:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def central(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """The real central service on 127.0.0.1, on SQLite and on PostgreSQL. Tests share it and
    keep apart by making their own teams (which is also what isolation means)."""
    from servers import Central

    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").create_database("central")
    server = Central(tmp_path_factory.mktemp(f"central-{request.param}"), url).start()
    server.backend = request.param
    server.admin_ops = Admin(server)
    yield server
    server.stop()
    server.admin_ops.engine.dispose()


class Laptop:
    """A laptop profile: its own data folder, the real store and the real sync service."""

    def __init__(self, folder: Path) -> None:
        from desktop.sync.credentials import Credentials
        from desktop.sync.service import SyncService

        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.store = Store(folder / "sotay.sqlite3", folder / "backups")
        self.store.opened.result(timeout=30)
        self.statuses: list[Any] = []
        self.sync = SyncService(
            self.store,
            folder,
            credentials=Credentials(folder, use_keyring=False),
            on_status=self.statuses.append,
        )

    def set_up(self, team_name: str = "Tổ CNSCĐ khu phố 3", commune: int = 4) -> None:
        from central.teams import commune as official

        code, commune_name, province_code, province_name = official(commune)
        team = Team(
            name=team_name,
            province_code=province_code,
            province_name=province_name,
            commune_code=code,
            commune_name=commune_name,
        )
        self.write(
            commands.set_up,
            team,
            [Neighbourhood(name="Khu phố 3")],
            [Member(full_name="Trần Thị Lan", role=Role.LEADER, phone="0912345678")],
        )

    def connect(self, url: str, code: str) -> str:
        offer = self.sync.offer(url, code)
        return self.sync.connect(offer, "laptop")

    def write(self, fn: Any, *args: Any) -> Any:
        return self.store.write(fn, *args).result(timeout=30)

    def read(self, fn: Any, *args: Any) -> Any:
        return self.store.read(fn, *args).result(timeout=30)

    def query(self, sql: str, *params: Any) -> list[tuple]:
        return self.read(lambda conn: [tuple(r) for r in conn.execute(sql, params)])

    def close(self) -> None:
        self.sync.stop()
        self.store.close()


def connected_team(
    central: Any, laptops: Any, *names: str, commune: int = 4
) -> tuple[Any, list[Laptop]]:
    """A new team on `central` and laptops of it, each connected and synced once; the first
    sets the team up (roster and catalogues), the others restore it."""
    team = central.admin_ops.team(commune=commune)
    made = [laptops(name) for name in names]
    made[0].set_up(commune=commune)
    for laptop in made:
        laptop.connect(central.url, central.admin_ops.code(team.id))
        assert laptop.sync.run_once().state == "synced"
    return team, made


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[Any]:
    """laptops("leader") makes a laptop profile; all are closed after the test."""
    made: list[Laptop] = []

    def make(name: str) -> Laptop:
        laptop = Laptop(tmp_path / name)
        made.append(laptop)
        return laptop

    yield make
    for laptop in made:
        laptop.close()
