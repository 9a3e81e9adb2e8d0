"""One app per profile, with real processes: a second start brings the open window forward
and exits without opening the database; first starts racing on a new profile never fail; the
lock of an app that was killed is taken over."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import desktop
from desktop.paths import Paths
from desktop.store.schema import MIGRATIONS
from desktop.ui import instance
from tests.qt_helpers import when_modal

ROOT = Path(__file__).resolve().parent.parent
STARTING = f"starting {desktop.APP_NAME}"  # main()'s first line in the profile's log
RACES = 40
AT_ONCE = 4  # races run side by side: 8 processes on 2 cores keeps the test near 20 s

pytestmark = pytest.mark.gui  # the app's own processes, each with its window


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


def launch(profile: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(profile), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def running(env: dict[str, str]) -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    """running(profile) starts the app as a user would (it stays open); killed at the end."""
    started: list[tuple[subprocess.Popen[str], Path]] = []

    def start(profile: Path) -> subprocess.Popen[str]:
        app = launch(profile, env)
        started.append((app, profile))
        wait_for(lambda: "listening for a second start" in log_text(profile), app)
        return app

    yield start
    from PySide6.QtNetwork import QLocalServer

    for app, profile in started:
        app.kill()
        app.communicate()
        # Killed, it left its socket in the temp folder (the next owner would remove it).
        QLocalServer.removeServer(instance.server_name(profile))


def log_text(profile: Path) -> str:
    log = profile / "logs" / "sotay.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def wait_for(
    condition: Callable[[], bool], app: subprocess.Popen[str], timeout: float = 30
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert app.poll() is None, app.communicate()
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_second_start_brings_the_open_window_forward(tmp_path, env, running) -> None:
    profile = tmp_path / "profile"
    first = running(profile)
    t0 = time.monotonic()
    second = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(profile)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    seconds = time.monotonic() - t0
    assert second.returncode == 0, second.stdout + second.stderr
    assert "already running" in second.stdout
    assert "Traceback" not in second.stderr
    assert seconds < instance.REACH_SECONDS  # it did not wait for an answer that never came
    log = log_text(profile)
    assert "raised by a second launch" in log  # answered before the second exited
    assert log.count(STARTING) == 1  # the second wrote nothing, opened nothing
    assert first.poll() is None  # and the first is still open


def test_lock_of_a_killed_app_is_taken_over(tmp_path, env, running) -> None:
    profile = tmp_path / "profile"
    first = running(profile)
    first.kill()  # no clean-up: its lock file and socket stay behind
    first.wait()
    assert (Paths(profile).lock).exists()
    run = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(profile), "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "self-test: ok" in run.stdout
    assert log_text(profile).count(STARTING) == 2
    assert not (Paths(profile).lock).exists()  # released at exit


def race(profile: Path, env: dict[str, str]) -> list[tuple[int, str, str]]:
    apps = [launch(profile, env, "--self-test") for _ in range(2)]
    outputs = [app.communicate(timeout=120) for app in apps]
    return [(app.returncode, out, err) for app, (out, err) in zip(apps, outputs, strict=True)]


def test_first_starts_racing_on_a_new_profile_never_fail(tmp_path, env) -> None:
    profiles = [tmp_path / f"race{n}" for n in range(RACES)]
    t0 = time.monotonic()
    with ThreadPoolExecutor(AT_ONCE) as pool:
        results = list(pool.map(lambda p: race(p, env), profiles))
    print(f"{RACES} races in {time.monotonic() - t0:.1f} s")
    for profile, runs in zip(profiles, results, strict=True):
        for code, out, err in runs:
            assert code == 0, (profile.name, out, err)
            assert "Traceback" not in err, (profile.name, err)
            # Each either ran (after the other, the lock held) or had the other show its window.
            assert "self-test: ok" in out or "already running" in out, (profile.name, out)
        log = log_text(profile)
        assert "Traceback" not in log and " ERROR " not in log, (profile.name, log)
        assert log.count(STARTING) == sum("self-test: ok" in out for _c, out, _e in runs)
        conn = sqlite3.connect(profile / "sotay.sqlite3")
        try:
            applied = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = 'sotay'"
                    " ORDER BY rowid"
                )
            ]
        finally:
            conn.close()
        assert applied == list(MIGRATIONS), profile.name


def test_profile_held_by_a_silent_owner_is_unreachable(tmp_path) -> None:
    # A lock held (here by this process) with no one answering: after the wait, not opened.
    held = instance.SingleInstance(tmp_path)
    assert held.claim() is instance.Claim.OWNER
    try:
        t0 = time.monotonic()
        assert instance.SingleInstance(tmp_path).claim(timeout=0.5) is instance.Claim.UNREACHABLE
        assert time.monotonic() - t0 < 5
    finally:
        held.release()
    again = instance.SingleInstance(tmp_path)
    assert again.claim() is instance.Claim.OWNER
    again.release()


def test_folder_that_cannot_hold_a_lock_file_runs_unguarded(tmp_path) -> None:
    # As on a write-protected stick (the store then opens the profile read-only).
    assert instance.SingleInstance(tmp_path / "missing").claim() is instance.Claim.UNLOCKED


def test_unreachable_owner_is_told_in_plain_words(qtbot) -> None:
    texts: list[str] = []

    def read_and_close(box) -> None:
        texts.append(box.text())
        box.accept()

    when_modal(qtbot, read_and_close)
    instance.tell_unreachable("en", interactive=True)
    assert "already open" in texts[0] and "restart the computer" in texts[0]


def test_a_lock_naming_this_process_but_held_by_none_is_taken(tmp_path: Path) -> None:
    """A killed app's lock file names its process number; Wine gives that number to the very
    next process at once (Windows can too), and Qt then took the dead owner for alive for
    30 s: the app said "already open" after a crash. A lock that names this process, which no
    lock of this process holds, is stale; one this process does hold is still respected."""
    from PySide6.QtCore import QLockFile

    path = Paths(tmp_path).lock
    dead = QLockFile(str(path))
    assert dead.tryLock(0)
    left = path.read_bytes()  # as this process writes it: its number, name and host
    dead.unlock()
    path.write_bytes(left)  # ...left behind, as a killed owner leaves it
    first = instance.SingleInstance(tmp_path)
    assert not first.lock.tryLock(0)  # Qt alone: "held by a live process"
    assert first.take()
    second = instance.SingleInstance(tmp_path)
    assert not second.take()
    first.release()
    assert second.take()
    second.release()
