"""The commune restores the central service's database from a backup and forgets
`python -m central after-restore`: the service notices by itself (central/restored.py), from
what a laptop already holds or, at start, from its high-water mark; the laptops then restore
from it and send again what the backup lacks. End to end: three real laptops, the real service,
on SQLite and on PostgreSQL; nothing missing, nothing twice, anywhere."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from desktop.store import commands, queries, syncdata
from desktop.sync.service import State
from tests.helpers import Laptop, add_resident, outbox
from tests.servers import Admin, Central, Postgres

pytestmark = pytest.mark.server

MARK = "high-water.json"  # the service's high-water mark, in its data folder
BY_LAPTOPS = "the database is behind what a laptop holds"
AT_START = "the database is behind this service's high-water mark"


class Restorable:
    """A central service of the test's own, whose database can be backed up and restored as a
    commune's IT person would: SQLite's file copied, PostgreSQL's pg_dump / pg_restore."""

    def __init__(self, folder: Path, pg: Postgres | None) -> None:
        self.folder, self.pg = folder, pg
        self.dbname = f"restore_{uuid.uuid4().hex[:8]}"
        url = pg.create_database(self.dbname) if pg else None
        self.server = Central(folder / "central", url).start()
        self.admin = Admin(self.server)

    @property
    def data(self) -> Path:
        return self.server.data_dir

    def _pg(self, program: str, *args: str) -> None:
        assert self.pg is not None
        where = ("-h", "127.0.0.1", "-p", str(self.pg.port), "-U", "postgres")
        self.pg._run(str(self.pg.bin / program), *where, *args)

    def backup(self) -> None:
        """The night's backup, taken while the service runs; the data folder's copy too (the
        high-water mark in it is as the service last wrote it, before the backup)."""
        if self.pg is None:
            with (
                closing(sqlite3.connect(self.data / "central.sqlite3")) as src,
                closing(sqlite3.connect(self.folder / "backup.sqlite3")) as dest,
            ):
                src.backup(dest)
        else:
            self._pg("pg_dump", "-Fc", "-f", str(self.pg.folder / f"{self.dbname}.dump"),
                     self.dbname)  # fmt: skip
        if (self.data / MARK).exists():
            shutil.copy(self.data / MARK, self.folder / "backup-mark.json")

    def restore(self, *, whole_folder: bool) -> None:
        """The disk died: the service stopped, the backup put back, `after-restore` NOT run.
        `whole_folder`: the data folder came back from the backup too (its older high-water
        mark), so only the laptops can tell; else the service's folder stayed."""
        self.server.stop()
        self.admin.engine.dispose()
        if self.pg is None:
            for side in ("", "-wal", "-shm"):
                (self.data / f"central.sqlite3{side}").unlink(missing_ok=True)
            shutil.copy(self.folder / "backup.sqlite3", self.data / "central.sqlite3")
        else:
            self._pg("dropdb", "--force", self.dbname)
            self._pg("createdb", self.dbname)
            self._pg("pg_restore", "-d", self.dbname, str(self.pg.folder / f"{self.dbname}.dump"))
        if whole_folder:
            (self.data / MARK).unlink(missing_ok=True)
            if (self.folder / "backup-mark.json").exists():
                shutil.copy(self.folder / "backup-mark.json", self.data / MARK)
        self.server.start(port=self.server.port)
        self.admin = Admin(self.server)

    def residents(self, team_id: str) -> Counter[tuple[str, str]]:
        """(name, note) of each resident the server holds, counted."""
        payloads = self.admin.column(
            "SELECT payload FROM record WHERE team_id = :t AND entity = 'resident' AND NOT deleted",
            t=team_id,
        )
        return Counter((p["full_name"], p.get("note") or "") for p in map(json.loads, payloads))

    def said(self, words: str) -> int:
        return self.server.log.read_text(encoding="utf-8", errors="replace").count(words)

    def close(self) -> None:
        self.server.stop()
        self.admin.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def restorable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Restorable]:
    pg = request.getfixturevalue("postgres") if request.param == "postgresql" else None
    made = Restorable(tmp_path, pg)
    yield made
    made.close()


def on_laptop(laptop: Laptop) -> Counter[tuple[str, str]]:
    rows = laptop.query("SELECT full_name, note FROM resident WHERE deleted_at IS NULL")
    return Counter((name, note or "") for name, note in rows)


def sync(laptop: Laptop) -> None:
    status = laptop.sync.run_once()
    assert status.state == State.SYNCED, status


@pytest.mark.parametrize(
    "how",
    [
        # The laptop that was off since the backup comes first: its offline work takes the
        # restored counter past the others' cursors; the next one tells by its outbox.
        "missed-first",
        # A laptop whose cursor is above the restored counter comes first.
        "ahead-first",
        # All three at once: the service treats itself as restored once.
        "all-at-once",
        # Only the database was restored: `serve` finds it behind its high-water mark.
        "serve-notices",
    ],
)
def test_a_restore_nobody_announced_loses_nothing_and_doubles_nothing(
    restorable: Restorable, laptops, how: str
) -> None:
    team = restorable.admin.team()
    an, binh, chi = laptops("an"), laptops("binh"), laptops("chi")
    an.set_up()
    early = add_resident(an, "Trước Sao Lưu")
    for laptop in (an, binh, chi):
        code = restorable.admin.code(team.id)
        laptop.connect(restorable.server.url, code)
        sync(laptop)
    add_resident(binh, "Bình trước sao lưu")
    for laptop in (binh, an, chi):
        sync(laptop)
    restorable.backup()

    # After the backup: An and Bình record and sync; Chí's laptop stays off.
    add_resident(an, "An sau sao lưu")
    sync(an)
    edited = binh.read(queries.get_resident, early.id)
    edited.note = "sửa sau khi sao lưu"
    binh.write(commands.save_resident, edited, None)
    add_resident(binh, "Bình sau sao lưu")
    sync(binh)
    sync(an)

    restorable.restore(whole_folder=how != "serve-notices")

    # Work done meanwhile, offline.
    for k in range(3):
        add_resident(chi, f"Chí ngoại tuyến {k}")
    add_resident(an, "An sau khôi phục")

    if how == "all-at-once":
        failed: list[BaseException] = []

        def run(laptop: Laptop) -> None:
            try:
                sync(laptop)
            except BaseException as exc:  # told to the test's thread below
                failed.append(exc)

        threads = [threading.Thread(target=run, args=(lp,)) for lp in (an, binh, chi)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not failed, failed
    order = (an, binh, chi) if how == "ahead-first" else (chi, an, binh)
    for laptop in order * 3:
        sync(laptop)

    expected = Counter(
        {
            ("Trước Sao Lưu", "sửa sau khi sao lưu"): 1,
            ("Bình trước sao lưu", ""): 1,
            ("An sau sao lưu", ""): 1,
            ("Bình sau sao lưu", ""): 1,
            ("Chí ngoại tuyến 0", ""): 1,
            ("Chí ngoại tuyến 1", ""): 1,
            ("Chí ngoại tuyến 2", ""): 1,
            ("An sau khôi phục", ""): 1,
        }
    )
    assert restorable.residents(team.id) == expected
    for laptop in (an, binh, chi):
        assert on_laptop(laptop) == expected, laptop.folder.name
        assert outbox(laptop) == 0
        assert laptop.read(syncdata.attention) == []
    # Told once, by whichever noticed first.
    if how == "serve-notices":
        assert (restorable.said(AT_START), restorable.said(BY_LAPTOPS)) == (1, 0)
    else:
        assert (restorable.said(AT_START), restorable.said(BY_LAPTOPS)) == (0, 1)
