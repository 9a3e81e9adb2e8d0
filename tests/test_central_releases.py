"""The app's updates on the commune's server (issue 20), on the real service (SQLite and
PostgreSQL): a release published from the command line or the web administration only when the
project's key signed it and the file is the signed one; what /v1/app/latest answers as releases
are held, offered and rolled back; the installer served in resumable ranges, to an enrolled
laptop only. Each test signs with a key of its own making, which the service trusts through its
extra keys file, and keeps apart from the others by a platform of its own."""

from __future__ import annotations

import http.client
import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.web import accounts
from sotay import releases
from sotay.protocol import SERVER_HEADER
from tests.servers import Admin, Central
from tests.webclient import Browser

pytestmark = pytest.mark.server

PASSWORD = "mat-khau-rat-dai-1"
COMMUNE = 25  # Phường Giảng Võ
KEY = Ed25519PrivateKey.generate()  # the project's release key, for these tests only


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Central]:
    """The service, trusting KEY through its extra keys file (as a project's test server)."""
    folder = tmp_path_factory.mktemp(f"releases-{request.param}")
    keys = folder / "release_keys.txt"
    keys.write_text(f"{releases.public_text(KEY.public_key())}  # tests\n", encoding="utf-8")
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").create_database("releases")
    env = {**os.environ, "SOTAY_CENTRAL_RELEASE_KEYS": str(keys)}
    service = Central(folder / "central", url, env=env).start()
    service.admin_ops = Admin(service)
    yield service
    service.stop()
    service.admin_ops.engine.dispose()


@dataclass
class Build:
    setup: Path
    data: bytes
    release: releases.Release


def platform() -> str:
    """A platform of the test's own: what one test offers, another never sees."""
    return f"test-{uuid.uuid4().hex[:12]}"


def build(
    folder: Path,
    version: str,
    on: str,
    size: int = 300_000,
    key: Ed25519PrivateKey = KEY,
) -> Build:
    """An 'installer' of random bytes and its signed manifest beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    setup = folder / f"SoTayCNS-{version}-{on}-setup.exe"
    data = os.urandom(size)
    setup.write_bytes(data)
    release = releases.sign(setup, version, f"Bản {version}: sửa lỗi.", key, on)
    releases.write_manifest(setup, release)
    return Build(setup, data, release)


def cli(server: Central, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        server.args("release", *args),
        cwd=server.cwd,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def publish(server: Central, b: Build, *extra: str) -> str:
    done = cli(server, "publish", str(b.setup), *extra)
    assert done.returncode == 0, done.stderr
    return done.stdout


def laptop(server: Central) -> tuple[str, str]:
    """An enrolled laptop's (device id, token)."""
    team = server.admin_ops.team()
    answer = requests.post(
        f"{server.url}/v1/enroll",
        json={"code": server.admin_ops.code(team.id), "device_name": "máy tổ trưởng"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["device_id"], answer.json()["token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def latest(server: Central, token: str, on: str) -> requests.Response:
    return requests.get(
        f"{server.url}/v1/app/latest", params={"platform": on}, headers=bearer(token), timeout=30
    )


def offered_version(server: Central, token: str, on: str) -> str | None:
    answer = latest(server, token, on)
    if answer.status_code == 204:
        assert answer.content == b""
        return None
    assert answer.status_code == 200, answer.text
    version: str = answer.json()["version"]
    return version


def stored_files(server: Central) -> list[str]:
    folder = server.data_dir / "releases"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_signed_installer_published_from_the_command_line_is_what_latest_offers(
    server: Central, tmp_path: Path
) -> None:
    on = platform()
    _, token = laptop(server)
    assert offered_version(server, token, on) is None  # nothing offered yet: 204, no body

    b = build(tmp_path, "0.2.0", on)
    said = publish(server, b)
    assert f"published {on} 0.2.0" in said
    assert releases.key_id(KEY.public_key()) in said

    answer = latest(server, token, on)
    assert answer.status_code == 200
    body = answer.json()
    assert answer.headers[SERVER_HEADER] == body["server_id"]  # ours, as every /v1 answer
    assert body["url"] == f"/v1/app/file/{on}/0.2.0"
    manifest = {k: v for k, v in body.items() if k not in ("url", "server_id")}
    assert manifest == b.release.to_json()
    # What a laptop checks: the answer's manifest verifies under the key the app carries.
    releases.check_offer(releases.Release.from_json(manifest), "0.1.0", on, [KEY.public_key()])
    # Stored under its hash, whole, with no temporary file left beside it.
    assert b.release.sha256 in stored_files(server)
    assert (server.data_dir / "releases" / b.release.sha256).read_bytes() == b.data
    assert not [n for n in stored_files(server) if n.startswith(".")]

    # The same release again: nothing changes, and that is no error.
    again = publish(server, b)
    assert "published already" in again
    assert offered_version(server, token, on) == "0.2.0"


def test_what_the_project_did_not_sign_or_not_this_file_is_refused(
    server: Central, tmp_path: Path
) -> None:
    on = platform()
    _, token = laptop(server)
    before = stored_files(server)

    def refused(b: Build, *extra: str) -> str:
        done = cli(server, "publish", str(b.setup), *extra)
        assert done.returncode != 0
        lines = done.stderr.strip().splitlines()
        assert lines[-1].startswith("refused: "), done.stderr
        return lines[-1]

    # Another key's signature (a key the service does not trust).
    stranger = build(tmp_path / "other-key", "0.3.0", on, key=Ed25519PrivateKey.generate())
    assert "not signed by a trusted release key" in refused(stranger)

    # A truncated file (a download cut short): its manifest is the whole file's.
    cut = build(tmp_path / "cut", "0.3.0", on)
    cut.setup.write_bytes(cut.data[: len(cut.data) // 2])
    assert "not the signed size" in refused(cut)

    # The same size, other bytes (a damaged or swapped file).
    swapped = build(tmp_path / "swapped", "0.3.0", on)
    swapped.setup.write_bytes(bytes([swapped.data[0] ^ 1]) + swapped.data[1:])
    assert "SHA-256" in refused(swapped)

    # A manifest changed after signing (the notes): its signature no longer covers it.
    edited = build(tmp_path / "edited", "0.3.0", on)
    forged = {**edited.release.to_json(), "notes": "Bản 0.3.0: không có gì đáng lo."}
    forged_manifest = tmp_path / "forged.release.json"
    releases.write_manifest(tmp_path / "forged", releases.Release.from_json(forged))
    assert "not signed by a trusted" in refused(edited, "--manifest", str(forged_manifest))

    # No manifest at all.
    lone = tmp_path / "lone-setup.exe"
    lone.write_bytes(b"MZ")
    done = cli(server, "publish", str(lone))
    assert done.returncode != 0 and "refused:" in done.stderr

    assert offered_version(server, token, on) is None
    assert stored_files(server) == before  # nothing stored, not even half

    # A release published already, given again with a cut file: said, not "no change".
    kept = build(tmp_path / "kept", "0.2.0", on)
    publish(server, kept)
    kept.setup.write_bytes(kept.data[:-1])
    assert "not the signed size" in refused(kept)

    # A version published already is never replaced by other bytes, even signed ones.
    good = build(tmp_path / "good", "0.3.0", on)
    publish(server, good)
    other = build(tmp_path / "other", "0.3.0", on)
    assert "published already" in refused(other)
    file = requests.get(f"{server.url}/v1/app/file/{on}/0.3.0", headers=bearer(token), timeout=30)
    assert file.content == good.data


def test_hold_offer_and_rollback_change_what_latest_answers(
    server: Central, tmp_path: Path
) -> None:
    on = platform()
    _, token = laptop(server)
    publish(server, build(tmp_path, "0.9.0", on))
    publish(server, build(tmp_path, "0.10.0", on))  # newer than 0.9.0: numbers, not text
    said = publish(server, build(tmp_path, "0.11.0", on), "--hold")
    assert "held" in said
    assert offered_version(server, token, on) == "0.10.0"
    # A held version's file is not served.
    held = requests.get(f"{server.url}/v1/app/file/{on}/0.11.0", headers=bearer(token), timeout=30)
    assert held.status_code == 404

    assert "now offered: 0.11.0" in cli(server, "offer", "0.11.0", "--platform", on).stdout
    assert offered_version(server, token, on) == "0.11.0"

    rolled = cli(server, "rollback", "--platform", on)
    assert rolled.returncode == 0
    assert "0.11.0 held" in rolled.stdout and "now offered: 0.10.0" in rolled.stdout
    assert offered_version(server, token, on) == "0.10.0"

    assert "now offered: 0.9.0" in cli(server, "hold", "0.10.0", "--platform", on).stdout
    assert offered_version(server, token, on) == "0.9.0"
    assert "now offered: nothing" in cli(server, "rollback", "--platform", on).stdout
    assert offered_version(server, token, on) is None
    assert cli(server, "rollback", "--platform", on).returncode != 0  # nothing left to roll back
    assert cli(server, "hold", "7.0", "--platform", on).returncode != 0  # no such version

    listing = cli(server, "list", "--platform", on).stdout.splitlines()
    assert [line.split()[:2] for line in listing] == [
        ["0.11.0", "held"],
        ["0.10.0", "held"],
        ["0.9.0", "held"],
    ]


def test_the_installer_downloads_in_resumable_ranges(server: Central, tmp_path: Path) -> None:
    on = platform()
    _, token = laptop(server)
    b = build(tmp_path, "1.0.0", on, size=600_000)
    publish(server, b)
    url = f"{server.url}/v1/app/file/{on}/1.0.0"
    size = len(b.data)

    def get(byte_range: str | None = None) -> requests.Response:
        headers = bearer(token) | ({"Range": byte_range} if byte_range else {})
        return requests.get(url, headers=headers, timeout=30)

    whole = get()
    assert whole.status_code == 200
    assert whole.content == b.data
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert whole.headers.get("Content-Encoding") is None  # never gzipped: the file's own bytes
    assert whole.headers[SERVER_HEADER]

    first = get("bytes=0-9")
    assert first.status_code == 206
    assert first.content == b.data[:10]
    assert first.headers["Content-Range"] == f"bytes 0-9/{size}"

    middle = get("bytes=1000-262143")
    assert (middle.status_code, middle.content) == (206, b.data[1000:262144])
    assert middle.headers["Content-Range"] == f"bytes 1000-262143/{size}"

    rest = get(f"bytes={size - 100}-")  # open-ended: from there to the end
    assert (rest.status_code, rest.content) == (206, b.data[-100:])
    assert rest.headers["Content-Range"] == f"bytes {size - 100}-{size - 1}/{size}"

    past = get(f"bytes={size - 5}-{size + 1000}")  # an end beyond the file: cut to it
    assert (past.status_code, past.content) == (206, b.data[-5:])

    beyond = get(f"bytes={size}-")
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{size}"
    assert beyond.json()["error"] == "range_not_satisfiable"

    # In the laptop's pieces of 256 KiB, the file is whole again.
    pieces = [get(f"bytes={at}-{at + 256 * 1024 - 1}").content for at in range(0, size, 256 * 1024)]
    assert b"".join(pieces) == b.data

    assert get("bytes=-100").status_code == 422  # suffix ranges are not the contract's

    unknown = requests.get(
        f"{server.url}/v1/app/file/{on}/9.9.9", headers=bearer(token), timeout=30
    )
    assert unknown.status_code == 404


def test_only_an_enrolled_unrevoked_laptop_gets_updates(server: Central, tmp_path: Path) -> None:
    on = platform()
    device_id, token = laptop(server)
    publish(server, build(tmp_path, "1.0.0", on))
    latest_url = f"{server.url}/v1/app/latest?platform={on}"
    file_url = f"{server.url}/v1/app/file/{on}/1.0.0"
    assert requests.get(file_url, headers=bearer(token), timeout=30).status_code == 200

    for url in (latest_url, file_url):
        nobody = requests.get(url, timeout=30)
        assert nobody.status_code == 401
        assert nobody.json()["error"] == "unauthorized"
        made_up = requests.get(url, headers=bearer("x" * 43), timeout=30)
        assert made_up.status_code == 401

    assert server.admin_ops.revoke(device_id)
    for url in (latest_url, file_url):
        revoked = requests.get(url, headers=bearer(token), timeout=30)
        assert revoked.status_code == 401
        assert revoked.json()["error"] == "revoked"


# --- the web administration ------------------------------------------------------------------


def signed_in(server: Central, *, admin: bool) -> Browser:
    name = f"u{uuid.uuid4().hex[:10]}"
    with server.admin_ops.engine.begin() as conn:
        accounts.create(conn, name, "Cán bộ", PASSWORD, commune_code=COMMUNE, admin=admin)
    browser = Browser(server.url)
    assert browser.login(name, PASSWORD).status_code == 200
    return browser


def upload(
    browser: Browser, b: Build, manifest: bytes | None = None, **form: Any
) -> requests.Response:
    files = {
        "installer": (b.setup.name, b.setup.read_bytes(), "application/octet-stream"),
        "manifest": (
            b.setup.name + releases.MANIFEST_SUFFIX,
            manifest if manifest is not None else releases.manifest_path(b.setup).read_bytes(),
            "application/json",
        ),
    }
    return browser.post("/admin/releases", form, files=files, allow_redirects=False)


def test_an_admin_publishes_holds_and_offers_from_the_dashboard(
    server: Central, tmp_path: Path
) -> None:
    on = platform()
    _, token = laptop(server)
    me = signed_in(server, admin=True)
    page = me.get("/admin")
    assert "Bản cập nhật ứng dụng" in page.text and 'enctype="multipart/form-data"' in page.text

    b = build(tmp_path, "2.0.0", on, size=2_500_000)  # past Starlette's 1 MB in memory
    sent = upload(me, b)
    assert sent.status_code == 303, sent.text
    assert sent.headers["Location"] == "/admin#ban-cap-nhat"
    assert offered_version(server, token, on) == "2.0.0"
    listed = me.get("/admin").text
    assert "Đang cung cấp cho các máy" in listed
    assert f"/admin/releases/{on}/2.0.0/hold" in listed
    got = requests.get(f"{server.url}/v1/app/file/{on}/2.0.0", headers=bearer(token), timeout=30)
    assert got.content == b.data

    # Held from the list, then offered again.
    assert me.post(f"/admin/releases/{on}/2.0.0/hold", allow_redirects=False).status_code == 303
    assert offered_version(server, token, on) is None
    assert "Tạm giữ" in me.get("/admin").text
    assert me.post(f"/admin/releases/{on}/2.0.0/offer", allow_redirects=False).status_code == 303
    assert offered_version(server, token, on) == "2.0.0"

    # Published held: stored, not offered.
    newer = build(tmp_path, "2.1.0", on)
    assert upload(me, newer, hold="true").status_code == 303
    assert offered_version(server, token, on) == "2.0.0"


def test_the_dashboard_refuses_a_bad_upload_with_its_reason(
    server: Central, tmp_path: Path
) -> None:
    on = platform()
    _, token = laptop(server)
    me = signed_in(server, admin=True)
    before = stored_files(server)

    stranger = build(tmp_path / "k", "3.0.0", on, key=Ed25519PrivateKey.generate())
    answer = upload(me, stranger)
    assert answer.status_code == 400
    assert "Chữ ký không hợp lệ" in answer.text

    cut = build(tmp_path / "c", "3.0.0", on)
    cut.setup.write_bytes(cut.data[:1000])
    answer = upload(me, cut)
    assert answer.status_code == 400 and "bị cắt ngắn" in answer.text

    answer = upload(me, build(tmp_path / "j", "3.0.0", on), manifest=b"not json")
    assert answer.status_code == 400 and "không phải tệp chữ ký" in answer.text

    no_manifest = me.post(
        "/admin/releases",
        files={"installer": ("a.exe", b"MZ", "application/octet-stream")},
        allow_redirects=False,
    )
    assert no_manifest.status_code == 400 and "Hãy chọn cả tệp cài đặt" in no_manifest.text

    # Over the size limit: refused on its declared length, before a byte of it is read.
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    cookie = "; ".join(f"{c.name}={c.value}" for c in me.http.cookies)
    conn.putrequest("POST", "/admin/releases")
    conn.putheader("Cookie", cookie)
    conn.putheader("Content-Type", "multipart/form-data; boundary=x")
    conn.putheader("Content-Length", str(600_000_000))
    conn.endheaders()
    huge = conn.getresponse()
    assert huge.status == 400 and "Tệp quá lớn" in huge.read().decode()
    conn.close()

    assert offered_version(server, token, on) is None
    assert stored_files(server) == before

    # A form without the session's token is refused, whoever sends it.
    good = build(tmp_path / "g", "3.0.0", on)
    me.csrf = "forged"
    assert upload(me, good).status_code == 403
    assert offered_version(server, token, on) is None


def test_an_account_that_is_not_admin_cannot_publish_or_hold(
    server: Central, tmp_path: Path
) -> None:
    on = platform()
    _, token = laptop(server)
    publish(server, build(tmp_path / "p", "4.0.0", on))
    reader = signed_in(server, admin=False)
    assert reader.get("/admin").status_code == 404
    assert upload(reader, build(tmp_path / "r", "4.1.0", on)).status_code == 404
    assert reader.post(f"/admin/releases/{on}/4.0.0/hold").status_code == 404
    assert offered_version(server, token, on) == "4.0.0"
    # Not signed in at all: the login page, nothing read.
    anonymous = requests.post(
        f"{server.url}/admin/releases", files={"x": ("a", b"b")}, allow_redirects=False
    )
    assert anonymous.status_code == 303 and "/login" in anonymous.headers["Location"]
