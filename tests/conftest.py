"""The fixtures more than one test file uses, each defined here once (none shadowed in a test
file), and the tiers' marks. The helpers test files share are in helpers.py (Qt-free),
qt_helpers.py (the GUI's) and servers.py (the real servers)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's keyring: tokens go to the profile's private file.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from desktop.store import commands, queries
from desktop.store.store import Store
from sotay.domain.models import (
    Assist,
    Attendance,
    Gender,
    Outcome,
    Resident,
    Training,
    TrainingStatus,
)
from tests.helpers import DAY, Laptop, result, set_up_team
from tests.servers import Admin, Central, Postgres

# tests/windows/ drives the Windows installer under Wine: `make windows-check` runs it.
collect_ignore = [] if os.environ.get("SOTAY_WINDOWS_CHECK") else ["windows"]

# The tiers (README: `make test-fast` leaves out all but the first): a test's marks follow from
# what it uses, so a new test lands in its tier without anyone remembering to mark it.
TIER_FIXTURES = {
    "gui": {"qtbot", "qapp"},  # Qt widgets
    # a central service process, a PostgreSQL cluster
    "server": {"central", "own_central", "postgres"},
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


# --- the laptop's store -------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "sotay.sqlite3", tmp_path / "backups")
    s.opened.result(timeout=30)
    yield s
    s.close()


@pytest.fixture
def team_store(store: Store) -> Store:
    """A store with a team of two members and two neighbourhoods already set up."""
    set_up_team(store)
    return store


@pytest.fixture
def recorded(team_store: Store) -> Store:
    """A month with known figures, recorded through the real store (for the printed report)."""
    r = result(team_store.read(queries.load_roster))
    actor = r.members[0].id
    people = []
    for i, (name, gender, year) in enumerate(
        [
            ("Nguyễn Thị An", Gender.FEMALE, 1950),
            ("Trần Văn Bảo", Gender.MALE, 1990),
            ("Lê Thị Cúc", Gender.FEMALE, 1985),
        ]
    ):
        res = Resident(
            full_name=name,
            gender=gender,
            birth_year=year,
            neighbourhood_id=r.neighbourhoods[i % 2].id,
        )
        result(team_store.write(commands.save_resident, res, actor))
        people.append(res)
    for day, present in (
        (DAY, (True, True, False)),
        (DAY - timedelta(days=3), (True, False, True)),
    ):
        t = Training(
            day=day,
            start_time="08:00",
            end_time="10:00",
            place="Nhà văn hóa",
            status=TrainingStatus.HELD,
            topic_ids=[r.topics[0].id],
            trainer_ids=[actor],
            attendance=[Attendance(p.id, ok) for p, ok in zip(people, present, strict=True)],
        )
        result(team_store.write(commands.save_training, t, actor))
    for p, outcome in zip(people, (Outcome.DONE, Outcome.NOT_DONE, Outcome.REFERRED), strict=True):
        a = Assist(
            day=DAY,
            resident_id=p.id,
            member_id=actor,
            service_id=r.services[0].id,
            outcome=outcome,
            reason="" if outcome == Outcome.DONE else "Thiếu giấy tờ",
        )
        result(team_store.write(commands.save_assist, a, actor))
    return team_store


# --- the GUI ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _forms_left_open() -> Iterator[None]:
    """A test may end with a changed form on screen: closing it then would ask 'save your
    changes?' and leave the question over the next test's windows."""
    yield
    if "tests.qt_helpers" in sys.modules:
        sys.modules["tests.qt_helpers"].TEST.number += 1  # when_modal's handlers stop here
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
def controllers(qapp: Any) -> Iterator[list[Any]]:
    """Controllers made by a test (qt_helpers.make_controller): their sync threads stop, and
    their translators and theme must not leak into other tests."""
    made: list[Any] = []
    yield made
    from desktop.settings import Settings
    from desktop.ui import theme

    for controller in made:
        controller.stop_sync()
        for t in controller.translators:
            qapp.removeTranslator(t)
    theme.apply(qapp, Settings())


# --- the central service ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A throw-away PostgreSQL cluster for the session (the set-up installs the server)."""
    pg = Postgres()
    pg.start()
    yield pg
    pg.stop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def central(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Central]:
    """The real central service on 127.0.0.1, on SQLite and on PostgreSQL. Tests share it and
    keep apart by making their own teams (which is also what isolation means)."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").create_database("central")
    server = Central(tmp_path_factory.mktemp(f"central-{request.param}"), url).start()
    server.backend = request.param
    server.admin_ops = Admin(server)
    yield server
    server.stop()
    server.admin_ops.engine.dispose()


@pytest.fixture
def own_central(tmp_path: Path) -> Iterator[Central]:
    """A central service of the test's own (SQLite), for what the service keeps per address
    (the brakes on codes and passwords): every test reaches the shared one from 127.0.0.1."""
    server = Central(tmp_path / "central").start()
    server.admin_ops = Admin(server)
    yield server
    server.stop()
    server.admin_ops.engine.dispose()


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[Callable[[str], Laptop]]:
    """laptops("leader") makes a laptop profile; all are closed after the test."""
    made: list[Laptop] = []

    def make(name: str) -> Laptop:
        laptop = Laptop(tmp_path / name)
        made.append(laptop)
        return laptop

    yield make
    for laptop in made:
        laptop.close()
