"""Starts the central service again and again, fast, for the test that kills it: imports the
service once, then forks a new service process per request (interpreter start and imports are
~0.6 s of CPU; a fork and the service's own start-up, database recovery included, ~0.1 s).

    python tests/central_fork.py LOG ARGS...     (ARGS: `python -m central`'s, before `serve`)

Commands on stdin, one answer line each on stdout:

    start MORE...  fork; the child runs `python -m central ARGS MORE` (e.g. `serve --port N`),
                   its output appended to LOG; answers its pid
    reap PID       wait for that child to end (the test killed it); answers its wait status

A killed child stays a zombie until reaped, so its pid cannot be reused meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback

import alembic.command  # what `serve` imports, done once here
import alembic.config  # noqa: F401
import uvicorn  # noqa: F401

import central.cli
import central.db
import central.main

with contextlib.suppress(ImportError):
    import sqlalchemy.dialects.postgresql.psycopg
import sqlalchemy.dialects.sqlite.pysqlite  # noqa: F401


def serve(log: str, args: list[str]) -> None:
    """In the forked child: never returns."""
    code = 1
    try:
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
        code = central.cli.main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)


def main() -> None:
    log, args = sys.argv[1], sys.argv[2:]
    for line in sys.stdin:
        command, *rest = line.split()
        if command == "start":
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                serve(log, args + rest)
            print(pid, flush=True)
        elif command == "reap":
            _, status = os.waitpid(int(rest[0]), 0)
            print(status, flush=True)


if __name__ == "__main__":
    main()
