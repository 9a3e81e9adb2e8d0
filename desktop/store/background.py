"""Work that must never compete with the leader's: the daily backup and the scheduled checks
run on a thread whose CPU and disk priority are lowered for good (a thread's priority cannot
always be raised again: Linux lets only root lower a nice value).

Windows: the thread's background mode (THREAD_MODE_BACKGROUND_BEGIN), which lowers its CPU,
disk and memory priority together. Linux: the thread's own nice value, and the idle disk
class (used by the BFQ and CFQ schedulers, ignored by the others). A system that refuses
either leaves the thread as it was: slower for the leader, never wrong."""

from __future__ import annotations

import logging
import os
import platform
import sys
import threading

log = logging.getLogger(__name__)

_THREAD_MODE_BACKGROUND_BEGIN = 0x00010000
# ioprio_set's number per architecture (Linux's syscall tables).
_IOPRIO_SET = {"x86_64": 251, "amd64": 251, "aarch64": 30, "arm64": 30, "i386": 289, "i686": 289}
_IOPRIO_WHO_PROCESS = 1  # a thread id is a "process" to the kernel
_IOPRIO_CLASS_IDLE = 3
_IOPRIO_CLASS_SHIFT = 13


def lower_this_thread() -> bool:
    """Lower the calling thread's priority; True when the system took it."""
    try:
        if sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            return bool(
                kernel32.SetThreadPriority(
                    kernel32.GetCurrentThread(), _THREAD_MODE_BACKGROUND_BEGIN
                )
            )
        if sys.platform.startswith("linux"):
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, 19)
            number = _IOPRIO_SET.get(platform.machine().lower())
            if number is not None:
                import ctypes

                libc = ctypes.CDLL(None, use_errno=True)
                value = _IOPRIO_CLASS_IDLE << _IOPRIO_CLASS_SHIFT
                if libc.syscall(number, _IOPRIO_WHO_PROCESS, tid, value) != 0:
                    log.debug("idle disk priority refused: errno %s", ctypes.get_errno())
            return True
    except (OSError, AttributeError) as exc:
        log.debug("background priority refused: %s", exc)
    return False
