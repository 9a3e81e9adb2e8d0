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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from process import drop_caches, run_until, run_until_each  # bench/process.py

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
WARD = ROOT / "bench" / "out" / "large_ward.sqlite3"  # bench/run.py builds and caches it
SHOWN = ("window ready", "figures shown")  # --self-test: the window; the overview's figures
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


def exe_args(exe: str, *more: str) -> list[str]:
    return ["wine", exe, "--self-test", *more]


def alternate(
    app: list[str], bare: list[str], env: dict[str, str], *, cold: bool = False
) -> tuple[list[float], list[float], list[float]] | str:
    """The app (to its window, to its figures) and the bare window, in turns; `cold`: the
    page cache dropped before each (Wine's own files included)."""
    windows, figures, bares = [], [], []
    for _ in range(RUNS):
        if cold and (why := drop_caches()) is not None:
            return f"skipped: {why}"
        shown = run_until_each(app, env, SHOWN, stderr=subprocess.STDOUT, timeout=120)
        if isinstance(shown, str):
            raise RuntimeError(f"{app[1]}: {shown}")
        windows.append(shown["window ready"])
        figures.append(shown["figures shown"])
        if cold:
            drop_caches()
        bares.append(until(bare, env, "window ready"))
    return windows, figures, bares


def report(label: str, runs: tuple[list[float], list[float], list[float]] | str, n: int) -> None:
    if isinstance(runs, str):
        print(f"start-up under Wine, {label}: {runs}")
        return
    windows, figures, bares = (statistics.median(r) * 1000 for r in runs)
    print(
        f"start-up under Wine, {label}: window {windows:.0f} ms, figures {figures:.0f} ms; "
        f"bare PySide6 window (Windows Python) {bares:.0f} ms; figures {figures / bares:.2f}x "
        f"the bare window (medians of {n})"
    )


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
        exe = str(app / "sotay-cns.exe")
        bare = ["wine", str(python), "-c", BARE_WINDOW]
        until([*exe_args(exe)], env, "figures shown")
        until(bare, env, "window ready")
        report("empty profile", alternate(exe_args(exe), bare, env), RUNS)
        if WARD.is_file():
            ward = Path(work) / "ward"
            ward.mkdir()
            shutil.copyfile(WARD, ward / "sotay.sqlite3")
            args = exe_args(exe, "--data-dir", "Z:" + str(ward).replace("/", "\\"))
            until(args, env, "figures shown")  # its settings and compiled files made
            report("large ward", alternate(args, bare, env), RUNS)
            report("large ward, cold disk", alternate(args, bare, env, cold=True), RUNS)
        else:
            print(f"large ward: skipped ({WARD} missing: run make bench once)")
        subprocess.run(["wineserver", "-k"], env=env)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
