"""Helpers the test files share, Qt-free (the GUI's are in qt_helpers.py): a store's results,
a team set up, laptop profiles that sync with the central service, and printed pages' data.
Fixtures are in conftest.py; a test file imports what it needs from here, never from another
test file or from conftest.py."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.store import commands, queries
from desktop.store.store import Store
from sotay.domain.models import Member, Neighbourhood, Resident, Role, Team
from sotay.printing.data import Letterhead, Person, TrainingSheet

if TYPE_CHECKING:
    from central.teams import TeamInfo
    from desktop.printing.documents import Document
    from tests.servers import Central

# --- the store ----------------------------------------------------------------------------------


def result(future: Future[Any]) -> Any:
    return future.result(timeout=30)


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


def seeded_store(tmp_path: Path) -> tuple[Store, str]:
    """A store in `tmp_path` with a one-member team; returns it and its leader's id."""
    store = Store(tmp_path / "sotay.sqlite3", tmp_path / "backups")
    leader = Member(full_name="Trần Thị Lan", role=Role.LEADER)
    team = Team(
        name="Tổ CNSCĐ thôn Đông",
        province_code=1,
        province_name="Thành phố Hà Nội",
        commune_code=4,
        commune_name="Phường Ba Đình",
    )
    result(store.write(commands.set_up, team, [Neighbourhood(name="Thôn Đông")], [leader]))
    return store, leader.id


def roster(store: Store) -> queries.Roster:
    return result(store.read(queries.load_roster))


def count(store: Store, sql: str) -> int:
    return result(store.read(lambda c: c.execute(sql).fetchone()[0]))


def disk_full_error() -> sqlite3.OperationalError:
    """A real SQLITE_FULL: a database capped at two pages is full after one big row."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("PRAGMA max_page_count = 2")
        try:
            conn.execute("INSERT INTO t VALUES (zeroblob(100000))")
        except sqlite3.OperationalError as exc:
            return exc
    finally:
        conn.close()
    raise AssertionError("the capped database took the row")


# --- laptops that sync with the central service -------------------------------------------------


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
    central: Central, laptops: Callable[[str], Laptop], *names: str, commune: int = 4
) -> tuple[TeamInfo, list[Laptop]]:
    """A new team on `central` and laptops of it, each connected and synced once; the first
    sets the team up (roster and catalogues), the others restore it."""
    team = central.admin_ops.team(commune=commune)
    made = [laptops(name) for name in names]
    made[0].set_up(commune=commune)
    for laptop in made:
        laptop.connect(central.url, central.admin_ops.code(team.id))
        assert laptop.sync.run_once().state == "synced"
    return team, made


def add_resident(laptop: Laptop, name: str, year: int = 1960) -> Resident:
    r = Resident(full_name=name, birth_year=year, gender="female")
    laptop.write(commands.save_resident, r, None)
    return r


def outbox(laptop: Laptop) -> int:
    return laptop.query("SELECT COUNT(*) FROM outbox")[0][0]


def names(laptop: Laptop) -> set[str]:
    return {r[0] for r in laptop.query("SELECT full_name FROM resident WHERE deleted_at IS NULL")}


# --- text as drawn -----------------------------------------------------------------------------

# Thirty combining marks on one letter ("Zalgo" text): a browser stacks them into a tower.
STACKED = "\u0301\u0300\u0302\u0303\u0308" * 6


def deepest_marks(text: str) -> int:
    """The longest run of combining marks on one letter anywhere in `text`."""
    run = most = 0
    for ch in unicodedata.normalize("NFD", text):
        run = run + 1 if unicodedata.category(ch)[0] == "M" else 0
        most = max(most, run)
    return most


# --- printed pages ------------------------------------------------------------------------------

HEAD = Letterhead("Phường Ba Đình", "Thành phố Hà Nội", "Tổ CNSCĐ khu phố 3", "Trần Thị Lan")
DAY = date(2026, 11, 20)


def person(i: int, **kw: Any) -> Person:
    names = [
        "Nguyễn Thị Hương",
        "Đặng Văn Bình",
        "Trương Thị Ánh Nguyệt",
        "Huỳnh Ngọc Ẩn",
        "Lò Văn Páo",
        "Phạm Thị Thu Thủy",
    ]
    base = dict(
        full_name=f"{names[i % len(names)]} {i}",
        birth_year=1940 + i % 60,
        gender="female" if i % 2 else "male",
        neighbourhood=f"Khu phố {i % 7 + 1}",
        phone=f"09{i:08d}",
        present=i % 5 != 0,
    )
    return Person(**{**base, **kw})


def training(n: int, **kw: Any) -> TrainingSheet:
    base = dict(
        id="01a2b3c4-0000-7000-8000-00000000abcd",
        day=DAY,
        start_time="08:00",
        end_time="10:30",
        place="Nhà văn hóa khu phố 3",
        status="held",
        topics=["Kích hoạt và sử dụng VNeID mức 2"],
        trainers=["Lê Văn Minh"],
        people=[person(i) for i in range(n)],
    )
    return TrainingSheet(**{**base, **kw})


def sample() -> Document:
    """A two-page attendance sheet with the year's report as its workbook."""
    from desktop.printing.documents import Document
    from sotay.domain.indicators import Overview
    from sotay.domain.periods import Period, PeriodKind
    from sotay.printing import report, sheets

    pdf = sheets.attendance_sheet(HEAD, training(70), sheets.SheetKind.AFTER)
    ov = Overview(Period(PeriodKind.YEAR, 2026))
    return Document("diem-danh", pdf, report.team_report_xlsx(HEAD, ov))
