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
