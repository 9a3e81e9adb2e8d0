"""Wrong passwords slow guessing without locking an official out (issue 18, item 8), on a
service of its own (the address brake would slow the other tests' logins):

- five wrong passwords lock a username for browsers where it never signed in, never for a
  browser where it did, and the address brake does not stop that browser either;
- a name nobody has gets the very same answers (no one learns which names exist);
- an admin unlocks from the web, and the lock is not shown once it has ended."""

from __future__ import annotations

import re
import subprocess
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import update

from central import tables
from central.web import accounts
from tests.servers import Central
from tests.webclient import Browser

PASSWORD = "mat-khau-du-dai-1"
COMMUNE = 25


@pytest.fixture
def service(own_central: Central) -> Central:
    return own_central


def add(service: Central, name: str, *, admin: bool = False) -> None:
    extra = ["--admin"] if admin else []
    subprocess.run(
        service.args("account", "add", name, "--commune", str(COMMUNE), "--password-stdin", *extra),
        input=PASSWORD + "\n", text=True, check=True, capture_output=True,
    )  # fmt: skip


def error_of(answer) -> str:
    found = re.search(r'class="error"[^>]*>([^<]*)<', answer.text)
    return found.group(1) if found else ""


def guess(service: Central, name: str, times: int) -> list[tuple[int, str]]:
    """Wrong passwords, each from a fresh browser as a guessing script would."""
    said = []
    for n in range(times):
        answer = Browser(service.url).login(name, f"sai-mat-khau-{n}")
        said.append((answer.status_code, re.sub(r"\d\d:\d\d", "HH:MM", error_of(answer))))
    return said


def test_guessing_locks_new_browsers_but_not_one_where_the_account_signed_in(service):
    add(service, "lan")
    hers = Browser(service.url)
    assert hers.login("lan", PASSWORD).status_code == 200  # her own computer, last week
    said = guess(service, "lan", 5)
    assert [status for status, _ in said] == [401] * 5
    assert "tạm khóa" in said[-1][1]
    stranger = Browser(service.url).login("lan", PASSWORD)
    assert stranger.status_code == 401 and "tạm khóa" in error_of(stranger)
    # Others' wrong names spend the address's budget too (a commune office shares one address).
    for n in range(8):
        Browser(service.url).login(f"khong-co-{n}", "sai-mat-khau")
    assert Browser(service.url).login("ai-do", "sai-mat-khau").status_code == 429
    again = hers.login("lan", PASSWORD)
    assert again.status_code == 200, error_of(again)
    assert "Đăng xuất" in again.text


def test_a_name_nobody_has_gets_the_same_answers(service):
    add(service, "hoa")
    real = guess(service, "hoa", 5)  # (ten: the address's whole budget)
    made_up = guess(service, f"khongco{uuid.uuid4().hex[:6]}", 5)
    assert real == made_up
    assert "tạm khóa" in real[-1][1]


def test_an_admin_unlocks_from_the_web_and_an_ended_lock_is_not_shown(service):
    add(service, "admin", admin=True)
    add(service, "hoa")
    admin = Browser(service.url)
    assert admin.login("admin", PASSWORD).status_code == 200
    guess(service, "hoa", 5)
    page = admin.get("/admin").text
    assert "Tạm khóa trên máy lạ đến" in page and "/admin/accounts/hoa/unlock" in page
    assert admin.post("/admin/accounts/hoa/unlock").status_code == 200
    assert "/admin/accounts/hoa/unlock" not in admin.get("/admin").text
    assert Browser(service.url).login("hoa", PASSWORD).status_code == 200
    # Locked again (the address's budget is spent: straight in the database), and the lock
    # runs out: the page says nothing of it any more.
    with service.admin_ops.engine.begin() as conn:
        for _ in range(accounts.LOCK_AFTER):
            accounts.count_failure(conn, "hoa")
    assert "/admin/accounts/hoa/unlock" in admin.get("/admin").text
    with service.admin_ops.engine.begin() as conn:
        conn.execute(
            update(tables.login_guard).values(locked_until=accounts.utcnow() - timedelta(seconds=1))
        )
    page = admin.get("/admin").text
    assert "Tạm khóa" not in page
    assert Browser(service.url).login("hoa", PASSWORD).status_code == 200


def test_an_admin_of_another_commune_cannot_unlock(service):
    add(service, "hoa")
    subprocess.run(
        service.args("account", "add", "khac", "--commune", "70", "--admin", "--password-stdin"),
        input=PASSWORD + "\n", text=True, check=True, capture_output=True,
    )  # fmt: skip
    guess(service, "hoa", 5)
    other = Browser(service.url)
    assert other.login("khac", PASSWORD).status_code == 200
    assert other.post("/admin/accounts/hoa/unlock").status_code == 404
    with service.admin_ops.engine.connect() as conn:
        assert accounts.lock_of(conn, "hoa") is not None


def test_names_typed_long_ago_are_forgotten(service):
    """A script spraying made-up names leaves no lasting rows (only hashes, in any case)."""
    with service.admin_ops.engine.begin() as conn:
        for n in range(3):
            accounts.count_failure(conn, f"mot-lan-{n}")
        conn.execute(
            update(tables.login_guard).values(updated_at=accounts.utcnow() - 5 * accounts.LOCK_FOR)
        )
        accounts.count_failure(conn, "hom-nay")
        left = conn.execute(tables.login_guard.select()).all()
    assert len(left) == 1 and left[0].failures == 1
