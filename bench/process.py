"""Timing a whole child process up to a line it prints (shared by bench/run.py and
bench/windows.py)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_until(
    args: list[str],
    env: dict[str, str],
    marker: str,
    *,
    stderr: int = subprocess.DEVNULL,
    timeout: float = 60,
) -> float | str:
    """Seconds until the child prints `marker` (a window is ready), or why not. (A Windows
    program under Wine needs `stderr=subprocess.STDOUT`: it cannot start with a Linux file or
    device as a standard stream.)"""
    t0 = time.perf_counter()
    child = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True
    )
    seconds: float | str = "no marker"
    assert child.stdout is not None
    for line in child.stdout:
        if marker in line:
            seconds = time.perf_counter() - t0
            break
    child.stdout.read()
    if child.wait(timeout=timeout) != 0:
        return f"exit {child.returncode}"
    return seconds


def run_until_each(
    args: list[str],
    env: dict[str, str],
    markers: tuple[str, ...],
    *,
    stderr: int = subprocess.DEVNULL,
    timeout: float = 60,
) -> dict[str, float] | str:
    """Seconds until the child prints each of `markers`, or why not."""
    t0 = time.perf_counter()
    child = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True
    )
    seen: dict[str, float] = {}
    assert child.stdout is not None
    for line in child.stdout:
        for marker in markers:
            if marker in line and marker not in seen:
                seen[marker] = time.perf_counter() - t0
    if child.wait(timeout=timeout) != 0:
        return f"exit {child.returncode}"
    missing = [m for m in markers if m not in seen]
    return f"no marker {missing[0]!r}" if missing else seen


def drop_caches() -> str | None:
    """Empty the kernel's page cache (a cold disk, as at a laptop's first start of the day);
    the reason when it cannot be done (it needs root on Linux)."""
    import os

    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root"
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError as exc:
        return f"cannot drop the page cache: {exc.strerror}"
    return None
