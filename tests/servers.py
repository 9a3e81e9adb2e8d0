"""Real servers for the tests: a throw-away PostgreSQL cluster from the system's packages, and
the central service started as its own process on 127.0.0.1 (as `make central` starts it)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests

if TYPE_CHECKING:
    from central.teams import TeamInfo

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin() -> Path | None:
    """The PostgreSQL server's programs (Debian keeps them out of PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Postgres:
    """A cluster in a temporary folder, on a free port, trusting local connections. As root
    (CI), the server runs as the `postgres` user: PostgreSQL refuses to run as root."""

    def __init__(self) -> None:
        bin_dir = pg_bin()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL's server is not installed (apt-get install postgresql)")
        self.bin = bin_dir
        # Not under pytest's temporary folder: that one is private to root, and the server
        # runs as `postgres`.
        self.folder = Path(tempfile.mkdtemp(prefix="sotay-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self.databases: dict[str, int] = {}  # made by create_database, how many times

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
            os.chmod(self.folder, 0o700)
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=on"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )
        self._run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "sotay",
        )
        return self.url("sotay")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new database named `name`, or `name_2`, `name_3`... when this cluster has one of
        that name: a fixture made again (a pytest worker switching between the SQLite and the
        PostgreSQL runs of its tests) starts from an empty database, as the first time."""
        self.databases[name] = self.databases.get(name, 0) + 1
        if self.databases[name] > 1:
            name = f"{name}_{self.databases[name]}"
        self._run(
            str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            name,
        )  # fmt: skip
        return self.url(name)

    def standby(self) -> Postgres:
        """A hot standby of this cluster, streaming from it (pg_basebackup -R): a real read
        replica, on its own port."""
        replica = Postgres()
        replica.folder.mkdir(parents=True, exist_ok=True)
        if replica.as_root:
            shutil.chown(replica.folder, "postgres", "postgres")
            os.chmod(replica.folder, 0o700)
        replica._run(
            str(self.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.port),
            "-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        options = f"-p {replica.port} -k {replica.folder} -c listen_addresses=127.0.0.1"
        replica._run(
            str(self.bin / "pg_ctl"), "-D", str(replica.data), "-o", options,
            "-l", str(replica.folder / "log"), "-w", "start",
        )  # fmt: skip
        return replica

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


class Central:
    """`python -m central serve` in its own process, with its own data folder or database."""

    admin_ops: Admin  # set by the fixtures that start one for tests
    backend: str  # "sqlite" or "postgresql", for the `central` fixture's parameter

    def __init__(
        self,
        data_dir: Path,
        database_url: str | None = None,
        read_url: str | None = None,
        *,
        program: list[str] | None = None,
        cwd: Path = ROOT,
        env: dict[str, str] | None = None,
    ) -> None:
        """`program`, `cwd` and `env`: another installation of the service (a wheel's
        `sotay-central` in its own venv, run outside the checkout); this checkout's by default."""
        self.data_dir = data_dir
        self.database_url = database_url
        self.read_url = read_url
        self.program = program or [sys.executable, "-m", "central"]
        self.cwd, self.env = cwd, env
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def args(self, *command: str) -> list[str]:
        base = [*self.program, "--data-dir", str(self.data_dir)]
        if self.database_url:
            base += ["--database-url", self.database_url]
        if self.read_url:
            base += ["--read-database-url", self.read_url]
        return [*base, *command]

    def admin(self, *command: str, stdin: str | None = None) -> str:
        """Run an admin command, as the commune's IT person would; returns what it printed."""
        done = subprocess.run(
            self.args(*command),
            cwd=self.cwd,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command}: {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self, port: int | None = None) -> Central:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if port is not None:
            self.port = port
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                self.args("serve", "--port", str(self.port)),
                cwd=self.cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("central service exited:\n" + self.log.read_text()[-3000:])
            try:
                if requests.get(self.url + "/v1/ping", timeout=1).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError("central service did not start:\n" + self.log.read_text()[-3000:])

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None


class Admin:
    """The commune's admin operations, on the service's own database (the command line does
    the same through `python -m central`; one test drives that too)."""

    def __init__(self, server: Central) -> None:
        from central import db
        from central.config import Config

        config = Config.load(server.data_dir, server.database_url)
        self.engine, _ = db.open_database(config)

    def team(
        self, name: str = "Tổ CNSCĐ khu phố 3", commune: int = 4, team_id: str | None = None
    ) -> TeamInfo:
        from central import teams

        with self.engine.begin() as conn:
            return teams.add_team(conn, commune, name, team_id)

    def code(self, team_id: str, days: int = 7) -> str:
        from central import teams

        with self.engine.begin() as conn:
            return teams.issue_code(conn, team_id, days)[0]

    def revoke(self, device_id: str) -> bool:
        from central import teams

        with self.engine.begin() as conn:
            return teams.revoke(conn, device_id)

    def scalar(self, sql: str, **params: Any) -> Any:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def column(self, sql: str, **params: Any) -> list[Any]:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), params).scalars())


def computed(central: Central) -> None:
    """Wait for the service's refresher to compute what the pushes marked."""
    deadline = time.monotonic() + 30
    while central.admin_ops.scalar("SELECT COUNT(*) FROM roll_dirty"):
        assert time.monotonic() < deadline, "the rollups were not computed"
        time.sleep(0.1)
