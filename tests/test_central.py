"""The central service as the commune's IT person meets it: its admin command line, its
migrations on both databases, its limits, its log, and that it needs no Qt."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from desktop.sync.client import Client
from sotay.protocol import CODE_ALPHABET, normalise_code

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.server
def test_the_admin_command_line_from_team_to_revoked_laptop(tmp_path):
    from tests.servers import Central

    server = Central(tmp_path / "central")
    out = server.admin("team", "add", "--commune", "4", "--name", "Tổ CNSCĐ khu phố 7")
    team_id = out.split()[1]
    assert "Phường Ba Đình, Thành phố Hà Nội" in out
    assert team_id in server.admin("team", "list")
    with pytest.raises(RuntimeError, match="no commune with this code"):
        server.admin("team", "add", "--commune", "999999", "--name", "x")

    printed = server.admin("code", team_id)
    code = printed.split()[2]
    assert len(code) == 9 and code[4] == "-"  # ABCD-EFGH, read aloud in two halves
    assert set(normalise_code(code)) <= set(CODE_ALPHABET)
    assert not set("0O1IL2Z5S8BUV") & set(normalise_code(code))

    server.start()
    try:
        client = Client(server.url)
        answer = client.enrol(code.lower().replace("-", " "), "máy của tổ trưởng")
        listed = server.admin("devices", team_id)
        assert answer["device_id"] in listed and "active" in listed
        assert server.admin("revoke", answer["device_id"]).strip() == "revoked"
        assert "revoked" in server.admin("devices", team_id)
        client.token = answer["token"]
        from desktop.failures import Failure
        from desktop.sync.client import SyncError

        with pytest.raises(SyncError) as caught:
            client.me()
        assert caught.value.failure is Failure.REVOKED
    finally:
        server.stop()
    # Only hashes of tokens and codes are stored.
    data = (tmp_path / "central" / "central.sqlite3").read_bytes()
    assert answer["token"].encode() not in data
    assert normalise_code(code).encode() not in data


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrations_build_exactly_the_schema_the_code_declares(backend, tmp_path, request):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from central import db
    from central.config import Config
    from central.tables import metadata

    url = None
    if backend == "postgresql":
        url = request.getfixturevalue("postgres").create_database("migrations")
    engine, _reader = db.open_database(Config.load(tmp_path, url))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    db.migrate(engine)  # a second start changes nothing
    engine.dispose()


@pytest.mark.server
def test_the_service_runs_without_qt(tmp_path):
    # PySide6 made unimportable: the service must start and answer all the same.
    import time

    from tests.servers import free_port

    port = free_port()
    code = (
        "import sys; sys.modules['PySide6'] = None; sys.modules['shiboken6'] = None; "
        "from central.cli import main; "
        f"sys.exit(main(['--data-dir', {str(tmp_path)!r}, 'serve', '--port', '{port}']))"
    )
    with subprocess.Popen(  # its exit closes the pipe
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    ) as server:
        try:
            deadline = time.monotonic() + 60
            answer = None
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    answer = requests.get(f"http://127.0.0.1:{port}/v1/ping", timeout=1)
                    break
                except requests.RequestException:
                    time.sleep(0.1)
            assert answer is not None and answer.status_code == 200, server.poll()
            assert "PySide6" not in str(answer.json())
        finally:
            server.terminate()
            server.wait(10)


def test_the_service_and_the_laptop_install_apart():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    base = " ".join(project["dependencies"]).lower()
    assert "pyside6" not in base and "fastapi" not in base
    assert not any("pyside6" in d.lower() for d in extras["central"])
    server = ("fastapi", "uvicorn", "sqlalchemy", "alembic", "psycopg")
    assert not any(d.lower().startswith(server) for d in extras["desktop"])
    spec = (ROOT / "build" / "pyinstaller.spec").read_text()
    for package in ("central", "fastapi", "sqlalchemy", "uvicorn"):
        assert f'"{package}",' in spec  # excluded from the laptop's bundle


def test_each_laptop_is_rate_limited_with_retry_after(central):
    team = central.admin_ops.team()
    client = Client(central.url)
    token = client.enrol(central.admin_ops.code(team.id), "x")["token"]
    headers = {"Authorization": f"Bearer {token}"}
    session = requests.Session()
    me = central.url + "/v1/sync/me"
    # Eight at a time, until the first 429: on a busy machine, one by one may never outrun
    # the 20 a second the bucket refills.
    limited: list[requests.Response] = []
    with ThreadPoolExecutor(8) as pool:
        for _ in range(40):
            answers = list(
                pool.map(lambda _: requests.get(me, headers=headers, timeout=10), range(16))
            )
            assert {a.status_code for a in answers} <= {200, 429}
            limited = [a for a in answers if a.status_code == 429]
            if limited:
                break
    assert limited, "no 429 after 640 requests, eight at a time"
    assert int(limited[0].headers["Retry-After"]) >= 1
    assert limited[0].json()["error"] == "rate_limited"
    # Another laptop of the same team, at the same address, is not held back.
    other = client.enrol(central.admin_ops.code(team.id), "y")["token"]
    again = session.get(
        central.url + "/v1/sync/me", headers={"Authorization": f"Bearer {other}"}, timeout=10
    )
    assert again.status_code == 200


def test_the_service_log_holds_no_personal_data(central, laptops):
    team = central.admin_ops.team()
    laptop = laptops("leader")
    laptop.set_up()
    from desktop.store import commands
    from sotay.domain.models import Resident

    laptop.write(
        commands.save_resident,
        Resident(full_name="Huỳnh Thị Bí Mật", phone="0909123456", note="ghi chú riêng"),
        None,
    )
    laptop.connect(central.url, central.admin_ops.code(team.id))
    laptop.sync.run_once()
    log = central.log.read_text(encoding="utf-8", errors="replace")
    assert "push device=" in log
    for secret in ("Huỳnh", "Bí Mật", "0909123456", "ghi chú riêng"):
        assert secret not in log


def test_the_token_file_is_private_where_there_is_no_keyring(tmp_path):
    from desktop.sync.credentials import Credentials

    kept = Credentials(tmp_path)
    assert kept.save("sekret-token") == "file"  # the tests' keyring back-end is "fail"
    assert kept.load() == "sekret-token"
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "sync-token").stat().st_mode) == 0o600
    kept.forget()
    assert kept.load() is None


def test_a_clock_far_off_the_servers_is_reported(central, laptops, monkeypatch):
    from datetime import UTC, datetime, timedelta

    from desktop.sync import service

    team = central.admin_ops.team()
    laptop = laptops("leader")
    laptop.set_up()
    laptop.connect(central.url, central.admin_ops.code(team.id))
    assert laptop.sync.run_once().clock_skew is None

    class Late(datetime):  # the laptop's clock, a day behind
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) - timedelta(days=1)

    monkeypatch.setattr(service, "datetime", Late)
    status = laptop.sync.run_once()
    assert status.clock_skew is not None and status.clock_skew < -23 * 3600
    assert status.synced_at is not None  # the clock is only information: sync went on
    assert UTC is not None
