"""`sotay-cns --connect ADDRESS CODE` and `--sync`: the commune's IT person connects a laptop
from a command line (after a silent install), with no window; the real app against the real
central service."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_app(*args: str | Path, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # No keyring on a test machine: the token goes to the profile's private file, as the
    # command says. (Windows Credential Manager is checked by `make windows-check`.)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    command = [sys.executable, "-m", "desktop", *map(str, args)]
    if lang:
        command += ["--lang", lang]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def team_on_server(central: Any, laptops: Any) -> tuple[Any, Any]:
    """A team whose leader's laptop already synced its roster and a resident."""
    from desktop.store import commands
    from sotay.domain.models import Gender, Resident

    team = central.admin_ops.team()
    leader = laptops("leader")
    leader.set_up()
    hương = Resident(full_name="Đặng Thị Hương", birth_year=1950, gender=Gender.FEMALE)
    leader.write(commands.save_resident, hương, None)
    leader.connect(central.url, central.admin_ops.code(team.id))
    assert leader.sync.run_once().state == "synced"
    return team, leader


def test_a_laptop_connects_and_syncs_from_the_command_line(
    central: Any, team_on_server: tuple[Any, Any], tmp_path: Path
) -> None:
    import sqlite3

    team, _leader = team_on_server
    profile = tmp_path / "new-laptop"

    done = run_app("--data-dir", profile, "--sync")
    assert done.returncode == 1
    assert "Máy này chưa kết nối với máy chủ của xã/phường." in done.stdout

    done = run_app("--data-dir", profile, "--connect", central.url, "AAAA-BBBB-CCCC")
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith("Chưa kết nối được: "), done.stdout

    done = run_app("--data-dir", profile, "--connect", central.url, central.admin_ops.code(team.id))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Mã này dành cho tổ Tổ CNSCĐ khu phố 3 của Phường Ba Đình" in done.stdout
    assert "khóa của máy được giữ trong một tệp của hồ sơ" in done.stdout
    assert "Đã đồng bộ: 0 thay đổi chờ gửi" in done.stdout
    # The team's records came to the new laptop.
    with closing(sqlite3.connect(profile / "sotay.sqlite3")) as db:
        names = [r[0] for r in db.execute("SELECT full_name FROM resident")]
    assert names == ["Đặng Thị Hương"]

    done = run_app("--data-dir", profile, "--sync", lang="en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Synced: 0 changes waiting, 0 to review." in done.stdout


def test_connect_waits_for_the_open_app(central: Any, tmp_path: Path) -> None:
    """Never beside an open window on the same data: it says so and changes nothing."""
    from PySide6.QtCore import QLockFile

    profile = tmp_path / "busy"
    profile.mkdir()
    lock = QLockFile(str(profile / "sotay.lock"))
    assert lock.tryLock(0)
    try:
        done = run_app("--data-dir", profile, "--connect", central.url, "AAAA-BBBB-CCCC")
    finally:
        lock.unlock()
    assert done.returncode == 3
    assert "Sổ tay CNS đang mở với hồ sơ này." in done.stdout
    assert not (profile / "sotay.sqlite3").exists()
    assert not (profile / "logs").exists()  # the open app's log is not rotated under it
