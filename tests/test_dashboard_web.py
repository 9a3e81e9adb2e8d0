"""The commune's and province's dashboard over real HTTP, on the real central service (SQLite
and PostgreSQL): who sees what, forms that cannot be forged, sessions, names shown as text,
exports whose numbers are the page's, and the web administration driving real laptops."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
import uuid
from datetime import date

import pytest
import requests
from pypdf import PdfReader

from central import dashboard
from central.web import accounts
from desktop.store import commands, queries
from sotay.domain.models import Neighbourhood
from sotay.domain.periods import Period, PeriodKind
from sotay.domain.text import MOST_MARKS, display
from sotay.words import SUMMED_NOTE
from tests.helpers import STACKED, connected_team, deepest_marks
from tests.servers import computed
from tests.webclient import Browser, figures
from tests.worklog import record_work

PASSWORD = "mat-khau-rat-dai-1"
MINE, THEIRS = 25, 70  # Phường Giảng Võ, Phường Hoàn Kiếm (both in Hà Nội)
ELSEWHERE_PROVINCE = 79  # Thành phố Hồ Chí Minh


def account(central, *, commune=None, province=None, admin=False) -> str:
    name = f"u{uuid.uuid4().hex[:10]}"
    with central.admin_ops.engine.begin() as conn:
        accounts.create(
            conn, name, "Cán bộ", PASSWORD, commune_code=commune, province_code=province,
            admin=admin,
        )  # fmt: skip
    return name


def signed_in(central, **scope) -> Browser:
    browser = Browser(central.url)
    assert browser.login(account(central, **scope), PASSWORD).status_code == 200
    return browser


@pytest.fixture
def two_communes(central):
    """A team in my commune and one in another, each with a laptop that pushed some work."""
    mine = central.admin_ops.team("Tổ <b>KP1</b> <script>alert('x')</script>", commune=MINE)
    theirs = central.admin_ops.team("Tổ bí mật của phường khác", commune=THEIRS)
    return mine, theirs


def test_a_commune_account_reaches_nothing_of_another_commune_by_any_url(central, two_communes):
    mine, theirs = two_communes
    me = signed_in(central, commune=MINE, admin=True)
    other_device = "00000000-0000-0000-0000-000000000001"
    year = "2026"
    gets = [
        f"/commune/{THEIRS}",
        f"/commune/{THEIRS}?p={year}",
        f"/commune/{THEIRS}/report.xlsx?p={year}",
        f"/commune/{THEIRS}/report.pdf?p={year}",
        "/province/1",
        "/province/1/report.xlsx",
        f"/province/{ELSEWHERE_PROVINCE}",
        *(f"/team/{theirs.id}?tab={tab}" for tab in
          ("trainings", "assists", "problems", "laptops", "figures")),
        f"/team/{theirs.id}?tab=trainings&page=2&sort=day",
        f"/team/{theirs.id.upper()}",
        f"/team/{theirs.id}%20",
        f"/team/../team/{theirs.id}",
    ]  # fmt: skip
    posts = [
        f"/team/{theirs.id}/code",
        f"/team/{theirs.id}/devices/{other_device}/revoke",
        f"/team/{mine.id}/devices/{other_device}/revoke",  # my team, a device not of it
        f"/commune/{THEIRS}/areas",
    ]
    successes = []
    for path in gets:
        answer = me.get(path, allow_redirects=False)
        if answer.status_code != 404 or "bí mật" in answer.text:
            successes.append((path, answer.status_code))
    for path in posts:
        answer = me.post(path, {"names": "Khu phố 1"}, allow_redirects=False)
        if answer.status_code != 404:
            successes.append((path, answer.status_code))
    # Adding a team or an account in another commune: refused the same way.
    for path, form in (
        ("/admin/teams", {"name": "Tổ lạ", "commune": THEIRS}),
        ("/admin/accounts", {"username": f"x{uuid.uuid4().hex[:6]}", "password": PASSWORD,
                             "commune": THEIRS}),
    ):  # fmt: skip
        answer = me.post(path, form, allow_redirects=False)
        # a commune admin's forms ignore the commune given: always its own commune
        if answer.status_code == 303:
            with central.admin_ops.engine.connect() as conn:
                placed = (
                    conn.execute(
                        __import__("sqlalchemy").text(
                            "SELECT commune_code FROM team WHERE name = 'Tổ lạ'"
                            " UNION ALL SELECT commune_code FROM account WHERE username = :u"
                        ),
                        {"u": form.get("username", "")},
                    )
                    .scalars()
                    .all()
                )
            if THEIRS in placed:
                successes.append((path, "placed in another commune"))
    assert successes == []
    # ... and no page of mine names the other commune's team.
    for path in (f"/commune/{MINE}", "/admin", f"/team/{mine.id}"):
        assert "bí mật" not in me.get(path).text


def test_a_province_account_sees_its_communes_and_no_other_province(central, two_communes):
    mine, theirs = two_communes
    province = signed_in(central, province=1)
    page = province.get("/province/1?p=2026")
    assert page.status_code == 200
    assert "Phường Giảng Võ" in page.text and "Phường Hoàn Kiếm" in page.text
    assert province.get(f"/commune/{THEIRS}").status_code == 200
    assert province.get(f"/team/{theirs.id}").status_code == 200
    assert province.get(f"/province/{ELSEWHERE_PROVINCE}").status_code == 404
    assert province.get("/province/1/report.xlsx?p=2026").status_code == 200
    # not an admin: no administration
    assert province.get("/admin").status_code == 404
    assert province.post(f"/team/{mine.id}/code").status_code == 404
    elsewhere = signed_in(central, province=ELSEWHERE_PROVINCE)
    for path in ("/province/1", f"/commune/{MINE}", f"/team/{mine.id}"):
        assert elsewhere.get(path).status_code == 404


def test_names_holding_html_are_shown_as_text(central, two_communes):
    mine, _ = two_communes
    me = signed_in(central, commune=MINE, admin=True)
    for path in (f"/commune/{MINE}", f"/team/{mine.id}", "/admin"):
        html = me.get(path).text
        assert "<script>alert" not in html and "<b>KP1</b>" not in html
        assert "&lt;b&gt;KP1&lt;/b&gt; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_forms_need_the_sessions_token_and_this_origin(central, two_communes):
    mine, _ = two_communes
    me = signed_in(central, commune=MINE, admin=True)
    path = f"/team/{mine.id}/code"
    assert me.post(path, {"csrf": ""}).status_code == 403
    assert me.post(path, {"csrf": "forged"}).status_code == 403
    assert me.post(path, headers={"Origin": "http://evil.example"}).status_code == 403
    # a token of another session is no good either
    other = signed_in(central, commune=MINE, admin=True)
    assert me.post(path, {"csrf": other.csrf}).status_code == 403
    ok = me.post(path, headers={"Origin": central.url})
    assert ok.status_code == 200 and "data-code" in ok.text
    # the login form too: without its token, nobody is signed in
    browser = Browser(central.url)
    answer = browser.http.post(
        f"{central.url}/login",
        data={"username": account(central, commune=MINE), "password": PASSWORD},
    )
    assert answer.status_code == 400 and "sotay_session" not in browser.http.cookies


def test_signing_in_always_makes_a_new_session(central):
    name = account(central, commune=MINE)
    browser = Browser(central.url)
    planted = "attacker-chosen-session-id"
    browser.http.cookies.set("sotay_session", planted, domain="127.0.0.1", path="/")
    assert browser.login(name, PASSWORD).status_code == 200
    cookie = browser.http.cookies.get("sotay_session")
    assert cookie and cookie != planted
    # the planted id is no session at all
    stranger = requests.get(
        f"{central.url}/commune/{MINE}", cookies={"sotay_session": planted}, allow_redirects=False
    )
    assert stranger.status_code == 303 and stranger.headers["location"].startswith("/login")
    # signing out ends the session on the server, not only in the browser
    assert browser.post("/logout").status_code == 200
    again = requests.get(
        f"{central.url}/commune/{MINE}", cookies={"sotay_session": cookie}, allow_redirects=False
    )
    assert again.status_code == 303


def test_pages_carry_security_headers_and_a_strict_cookie(central):
    browser = Browser(central.url)
    form = browser.http.get(f"{central.url}/login")
    name = account(central, commune=MINE)
    answer = browser.http.post(
        f"{central.url}/login",
        data={"username": name, "password": PASSWORD, "login_token": re.search(
            r'name="login_token" value="([^"]*)"', form.text).group(1), "next": "/"},
        allow_redirects=False,
    )  # fmt: skip
    set_cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie
    page = browser.get(f"/commune/{MINE}")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe" not in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    # the login page answers with them too, and never redirects off the site
    assert "content-security-policy" in form.headers
    trap = Browser(central.url)
    trap.http.get(f"{central.url}/login?next=//evil.example/")
    landed = trap.login(account(central, commune=MINE), PASSWORD)
    assert landed.url.startswith(central.url)


def test_the_cli_makes_accounts_and_refuses_weak_passwords(central):
    name = f"cli{uuid.uuid4().hex[:8]}"

    def run(*args: str, password: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            central.args("account", *args), input=password + "\n", capture_output=True,
            text=True, timeout=120,
        )  # fmt: skip

    weak = run("add", name, "--commune", str(MINE), "--password-stdin", password="ngan")
    assert weak.returncode == 2 and "ít nhất 10" in weak.stderr
    made = run(
        "add", name, "--commune", str(MINE), "--admin", "--password-stdin", password=PASSWORD
    )
    assert made.returncode == 0, made.stderr
    assert Browser(central.url).login(name, PASSWORD).status_code == 200
    listed = subprocess.run(central.args("account", "list"), capture_output=True, text=True)
    assert name in listed.stdout
    with central.admin_ops.engine.connect() as conn:
        stored = conn.execute(
            __import__("sqlalchemy").text("SELECT password_hash FROM account WHERE username = :u"),
            {"u": name},
        ).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_the_pages_and_exports_show_what_the_laptops_pushed(central, laptops):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    team, (laptop,) = connected_team(central, laptops, "leader", commune=91)  # Phú Thượng
    record_work(laptop, seed=7, first=__import__("datetime").date(2026, 1, 5), days=300)
    assert laptop.sync.run_once().state == "synced"
    computed(central)
    year = Period(PeriodKind.YEAR, 2026)
    expected = laptop.read(queries.overview, year)
    me = signed_in(central, commune=91)
    page = me.get("/commune/91?p=2026")
    shown = figures(page.text)
    for name, value in shown.items():
        assert value == getattr(expected, name), name
    assert len(shown) == 7
    team_page = me.get(f"/team/{team.id}?p=2026")
    assert figures(team_page.text) == shown

    book = load_workbook(io.BytesIO(me.get("/commune/91/report.xlsx?p=2026").content))
    assert book.sheetnames[0] == "Tổng hợp" and len(book.sheetnames) == 2
    totals = {row[1]: row[2] for row in book["Tổng hợp"].iter_rows(min_row=5, max_row=13,
                                                                   values_only=True)}  # fmt: skip
    assert totals["Số buổi tập huấn đã tổ chức"] == shown["trainings_held"]
    assert totals["Số lượt người tham dự"] == shown["attendances"]
    assert totals["trong đó: nữ"] == shown["women_trained"]
    # Above a team, people are the teams' own counts added up, and the labels say so
    # (issue 18, item 10): not "each person once", which a person of two teams is not.
    assert totals["Số người dân được tập huấn (cộng các tổ)"] == shown["residents_trained"]
    assert totals["Số người dân được hỗ trợ (cộng các tổ)"] == shown["assisted_residents"]
    summary = [c for row in book["Tổng hợp"].iter_rows(values_only=True) for c in row if c]
    assert SUMMED_NOTE in summary
    assert not any("mỗi người tính một lần" in str(c) for c in summary)
    sheet = book[book.sheetnames[1]]  # the team's own sheet: its people are each counted once
    team_totals = {r[1]: r[2] for r in sheet.iter_rows(min_row=5, max_row=13, values_only=True)}
    assert (
        team_totals["Số người dân được tập huấn (mỗi người tính một lần)"]
        == (shown["residents_trained"])
    )
    assert sorted(team_totals.values()) == sorted(totals.values())
    assert "(cộng các tổ)" in page.text and SUMMED_NOTE in page.text
    assert "(cộng các tổ)" not in team_page.text
    topics = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == 1]
    assert topics  # the topics and services follow, as in the app's team report

    pdf = me.get("/commune/91/report.pdf?p=2026")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG" in text
    flat = " ".join(text.split())
    assert "Số người dân được tập huấn (cộng các tổ)" in flat
    assert "mỗi người tính một lần" not in flat and "tính hai lần" in flat
    assert f"{expected.attendances:,}".replace(",", ".") in text
    with central.admin_ops.engine.connect() as conn:
        assert dashboard.overview(conn, [team.id], year) == expected


def test_an_admin_issues_a_code_a_laptop_enrols_with_it_and_is_revoked(central, laptops):
    team = central.admin_ops.team("Tổ khu phố 9", commune=MINE)
    admin = signed_in(central, commune=MINE, admin=True)
    issued = admin.post(f"/team/{team.id}/code")
    assert issued.status_code == 200
    code = re.search(r"data-code>([^<]+)<", issued.text).group(1)
    assert re.search(r'<img src="data:image/svg\+xml', issued.text)  # the QR to photograph
    laptop = laptops("new")
    laptop.set_up(commune=MINE)
    laptop.connect(central.url, code)
    assert laptop.sync.run_once().state == "synced"
    devices = admin.get(f"/team/{team.id}?tab=laptops").text
    device_id = re.search(rf"/team/{team.id}/devices/([0-9a-f-]+)/revoke", devices).group(1)
    assert "Đang dùng" in devices
    assert admin.post(f"/team/{team.id}/devices/{device_id}/revoke").status_code == 200
    assert "Đã thu hồi" in admin.get(f"/team/{team.id}?tab=laptops").text
    assert laptop.sync.run_once().state == "revoked"


def test_an_admin_adds_a_team_and_an_account_from_the_web(central):
    admin = signed_in(central, commune=MINE, admin=True)
    added = admin.post("/admin/teams", {"name": "Tổ công nghệ số khu phố 12"})
    assert added.status_code == 200 and "Tổ công nghệ số khu phố 12" in added.text
    assert admin.post("/admin/teams", {"name": "   "}).status_code == 400
    name = f"web{uuid.uuid4().hex[:6]}"
    short = admin.post("/admin/accounts", {"username": name, "password": "ngan"})
    assert short.status_code == 400 and "ít nhất 10" in short.text and name in short.text
    assert admin.post("/admin/accounts", {"username": name, "password": PASSWORD}).ok
    assert Browser(central.url).login(name, PASSWORD).status_code == 200


def test_a_login_brute_force_is_slowed_and_the_account_locked(own_central):
    """Its own server: the address's failures would slow the other tests' logins."""
    server = own_central
    for name in ("lan", "hoa"):
        subprocess.run(
            server.args("account", "add", name, "--commune", str(MINE), "--password-stdin"),
            input=PASSWORD + "\n", text=True, check=True, capture_output=True,
        )  # fmt: skip
    # Guesses sent at once each count (the count is kept in the database, not in the row
    # each request read before its slow check).
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(5) as pool:
        list(pool.map(lambda n: Browser(server.url).login("hoa", f"x{n}"), range(5)))
    with server.admin_ops.engine.begin() as conn:
        assert accounts.lock_of(conn, "hoa") is not None
    browser = Browser(server.url)
    statuses = [browser.login("lan", f"doan-sai-{n}").status_code for n in range(30)]
    # the address had 10 tries at once (5 used above), then one each 5 s
    assert statuses[:5] == [401] * 5
    assert statuses.count(429) >= 23
    # The name is locked for browsers where it never signed in (tests/test_login_guard.py
    # has the browser where it did).
    with server.admin_ops.engine.begin() as conn:
        assert accounts.lock_of(conn, "lan") is not None


def test_a_team_that_only_pulled_this_week_is_not_marked_silent_anywhere(central, laptops):

    team, (_laptop,) = connected_team(central, laptops, "leader", commune=THEIRS)
    from datetime import timedelta

    from sqlalchemy import update

    from central import tables

    now = accounts.utcnow()
    with central.admin_ops.engine.begin() as conn:
        conn.execute(
            update(tables.device)
            .where(tables.device.c.team_id == team.id)
            .values(last_push_at=now - timedelta(days=10), last_pull_at=now)
        )
    province = signed_in(central, province=1)
    commune_page = province.get(f"/commune/{THEIRS}").text
    row = re.search(rf'<tr( class="stale")?>\s*<td><a[^>]* href="/team/{team.id}', commune_page)
    assert row is not None and row.group(1) is None
    with central.admin_ops.engine.connect() as conn:
        rows = dashboard.commune_rows(conn, 1, Period(PeriodKind.YEAR, 2026))
        silent = {r.code: r.stale_teams for r in rows}
        teams_there = dashboard.team_rows(conn, THEIRS, Period(PeriodKind.YEAR, 2026))
    assert silent.get(THEIRS, 0) == sum(r.stale for r in teams_there)


def test_the_team_figures_tab_shows_its_chart_and_breakdown(central):
    team = central.admin_ops.team("Tổ số liệu", commune=MINE)
    me = signed_in(central, commune=MINE)
    page = me.get(f"/team/{team.id}?tab=figures&p=2026").text
    assert 'id="chart"' in page and "Tập huấn theo chủ đề" in page


def test_a_right_password_after_a_parallel_lock_does_not_unlock(central):
    name = account(central, commune=MINE)
    with central.admin_ops.engine.begin() as conn:
        row = accounts.find_login(conn, name)  # read before the slow check...
    found, newer = accounts.check_password(row, PASSWORD)
    assert found is not None
    with central.admin_ops.engine.begin() as conn:  # ...meanwhile guesses locked the name
        for _ in range(accounts.LOCK_AFTER):
            accounts.count_failure(conn, name)
    with central.admin_ops.engine.begin() as conn:
        assert accounts.record_sign_in(conn, found, name, newer, known=False) is False
        assert accounts.lock_of(conn, name) is not None
        # A browser where the account signed in before is not stopped by that lock.
        assert accounts.record_sign_in(conn, found, name, newer, known=True) is True
        assert accounts.lock_of(conn, name) is not None


def test_a_form_answers_back_to_the_period_the_page_showed(central):
    # Saving the neighbourhoods or revoking a laptop went back to this month.
    team = central.admin_ops.team("Tổ khu phố 3", commune=MINE)
    admin = signed_in(central, commune=MINE, admin=True)
    commune = admin.get(f"/commune/{MINE}?p=2025-Q3")
    assert 'name="p" value="2025-Q3"' in commune.text
    saved = admin.post(f"/commune/{MINE}/areas", {"names": "Khu phố 3", "p": "2025-Q3"},
                       allow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/commune/{MINE}?p=2025-Q3#khu-pho"
    # What goes into the address is a period's own key, whatever the form said
    odd = admin.post(f"/commune/{MINE}/areas", {"names": "", "p": "2025-Q3#<x>"},
                     allow_redirects=False)  # fmt: skip
    assert re.fullmatch(rf"/commune/{MINE}\?p=\d{{4}}-\d\d#khu-pho", odd.headers["location"])

    code = central.admin_ops.code(team.id)
    enrolled = requests.post(f"{central.url}/v1/enroll", json={"code": code}, timeout=30)
    assert enrolled.status_code == 200, enrolled.text
    laptops_tab = admin.get(f"/team/{team.id}?p=2025-11&tab=laptops").text
    assert 'name="p" value="2025-11"' in laptops_tab
    device_id = re.search(rf"/team/{team.id}/devices/([0-9a-f-]+)/revoke", laptops_tab).group(1)
    revoked = admin.post(f"/team/{team.id}/devices/{device_id}/revoke", {"p": "2025-11"},
                         allow_redirects=False)  # fmt: skip
    assert revoked.headers["location"] == f"/team/{team.id}?p=2025-11&tab=laptops"


def test_the_tab_icon_and_a_method_no_url_takes(central):
    icon = requests.get(f"{central.url}/favicon.ico", timeout=30)  # signed in or not
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    # 405 says which methods the URL takes (Allow), on the API and on a page alike
    for path in ("/v1/ping", "/login"):
        answer = requests.request("TRACE", f"{central.url}{path}", timeout=30)
        assert answer.status_code == 405, path
        assert "GET" in answer.headers.get("allow", ""), (path, dict(answer.headers))


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_names_stacking_combining_marks_are_drawn_at_most_three_deep(central, laptops):
    team = central.admin_ops.team(f"Tổ Z{STACKED}algo", commune=MINE)
    leader = laptops("leader")
    leader.set_up(commune=MINE)
    leader.write(commands.save_neighbourhood, Neighbourhood(name=f"Khu phố Z{STACKED}"), None)
    leader.connect(central.url, central.admin_ops.code(team.id))
    residents = tuple(f"{name} Z{STACKED}algo" for name in ("Lê Thị", "Lò Văn", "Đặng Thị"))
    record_work(leader, seed=4, residents=3, trainings=4, assists=10, first=date(2026, 2, 2),
                days=20, names=residents)  # fmt: skip
    assert leader.sync.run_once().state == "synced"
    computed(central)
    me = signed_in(central, commune=MINE)

    commune = me.get(f"/commune/{MINE}?p=2026").text
    assists = me.get(f"/team/{team.id}?p=2026&tab=assists").text
    pdf = me.get(f"/commune/{MINE}/report.pdf?p=2026").content
    drawn = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    for name, seen in (("the commune page", commune), ("the team's help sessions", assists),
                       ("the commune's PDF", drawn)):  # fmt: skip
        assert deepest_marks(seen) == MOST_MARKS, name  # stored with 30, drawn with three
    assert display(team.name) in commune and display(team.name) in unicodedata.normalize(
        "NFC", drawn
    )
    assert any(display(name) in assists for name in residents)
