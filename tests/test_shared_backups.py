"""Two processes writing one profile (the app's lock prevents it, but a crash or a hang of one
must not take the other): the backups one makes never break the other's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.store import backup, commands
from desktop.store.db import check_health
from sotay.domain.models import Resident
from tests.helpers import result, seeded_store

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().with_name("backup_child.py")
ROUNDS = 25  # each: past the 10 manual backups kept, so both rotate while the other reads


def test_two_processes_backing_up_one_profile_never_break_each_other(tmp_path: Path) -> None:
    store, leader = seeded_store(tmp_path)

    def many(db: object) -> None:
        for i in range(2000):  # a backup takes long enough for the other's to overlap it
            commands.save_resident(db, Resident(full_name=f"Phạm Văn Hai {i}"), leader)

    result(store.write(many))
    store.close()
    db, folder = tmp_path / "sotay.sqlite3", tmp_path / "backups"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), str(db), str(folder), str(ROUNDS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for _ in range(2)
    ]
    outcomes = [child.communicate(timeout=300) for child in children]
    for child, (out, err) in zip(children, outcomes, strict=True):
        assert child.returncode == 0, err[-3000:]
        assert out.split() == ["ok", str(ROUNDS)]
    kept = backup.list_backups(folder)
    manual = [p for p in kept if backup.backup_reason(p) == "manual"]
    daily = [p for p in kept if backup.backup_reason(p) == "daily"]
    assert len(manual) == backup.KEEP["manual"] and 1 <= len(daily) <= 2
    for path in kept:
        check_health(path)  # each whole: none half-written, none written over by the other
    assert not list(folder.glob("*partial*"))  # nothing left behind
