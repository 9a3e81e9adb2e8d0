"""The Windows build's figures: installer and installed size, build time, silent-install time,
and the installed app's start-up under Wine against a bare PySide6 window under the same Wine
(a ratio: an absolute time under Wine says little about a laptop).

    make bench-windows                  (= .venv/bin/python bench/windows.py --build)
    .venv/bin/python bench/windows.py   (the installer already in dist/windows)
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from process import run_until  # bench/process.py

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
# Both timed to the same moment, a window shown and its events processed (a process's exit
# under Wine costs more than on Windows, and the app's self-test goes on past that moment).
BARE_WINDOW = (
    "import PySide6.QtWidgets as w; a = w.QApplication([]); x = w.QMainWindow(); x.show();"
    " a.processEvents(); print('window ready', flush=True); x.close()"
)


def common(call: str, env: dict[str, str]) -> str:
    """A function of build/windows/common.sh; what it printed."""
    done = subprocess.run(
        ["bash", "-c", f". build/windows/common.sh && {call}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def until(command: list[str], env: dict[str, str], marker: str) -> float:
    """Seconds from the start to the marker line; a run that fails stops the bench."""
    seconds = run_until(command, env, marker, stderr=subprocess.STDOUT, timeout=120)
    if isinstance(seconds, str):
        raise RuntimeError(f"{command[1]}: {seconds}")
    return seconds


def megabytes(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="build first, and time it")
    args = parser.parse_args()
    env = dict(os.environ, WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=")
    env.pop("PYTHON_KEYRING_BACKEND", None)
    if args.build:
        t0 = time.perf_counter()
        subprocess.run(["bash", "build/windows/build.sh"], cwd=ROOT, env=env, check=True)
        print(f"build (inputs cached): {time.perf_counter() - t0:.0f} s")
    version = common("python_version_of_app", env)
    setup = ROOT / "dist" / "windows" / f"SoTayCNS-{version}-setup.exe"
    if not setup.is_file():
        print(f"no installer at {setup}: make windows first", file=sys.stderr)
        return 2
    print(f"installer: {megabytes(setup):.1f} MB (aim: under 80 MB)")
    print(f"bundle (installed program): {megabytes(ROOT / 'dist/windows/sotay-cns'):.1f} MB")
    python = Path(common("prepare_windows_python", env)) / "python.exe"

    with tempfile.TemporaryDirectory(prefix="sotay-bench-windows-") as work:
        prefix = Path(work) / "prefix"
        env["USER"] = "Nguyễn Văn Đức"
        common(f"prepare_prefix {shlex.quote(str(prefix))}", env)
        env["WINEPREFIX"] = str(prefix)
        env["QT_QPA_PLATFORM"] = "offscreen"
        t0 = time.perf_counter()
        subprocess.run(["wine", str(setup), "/S"], env=env, check=True, capture_output=True)
        print(f"silent install: {time.perf_counter() - t0:.1f} s")
        app = prefix / "drive_c/users" / env["USER"] / "AppData/Local/Programs/SoTayCNS"
        installed = megabytes(app)
        print(f"installed: {installed:.1f} MB")
        # Warm both once (Wine's own start-up, the disk cache), then alternate.
        until(["wine", str(app / "sotay-cns.exe"), "--self-test"], env, "window ready")
        until(["wine", str(python), "-c", BARE_WINDOW], env, "window ready")
        apps, bares = [], []
        for _ in range(RUNS):
            apps.append(
                until(["wine", str(app / "sotay-cns.exe"), "--self-test"], env, "window ready")
            )
            bares.append(until(["wine", str(python), "-c", BARE_WINDOW], env, "window ready"))
        subprocess.run(["wineserver", "-k"], env=env)
    a, b = statistics.median(apps), statistics.median(bares)
    print(
        f"start-up under Wine, installed app to 'window ready': {a * 1000:.0f} ms; "
        f"bare PySide6 window (Windows Python): {b * 1000:.0f} ms; ratio {a / b:.2f}x "
        f"(medians of {RUNS}, runs {min(apps) / max(bares):.2f}-{max(apps) / min(bares):.2f}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
