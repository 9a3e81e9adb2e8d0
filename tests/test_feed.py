"""The province's feed of figures (issue 23, item 6): GET /v1/feed/figures with an API token an
admin issues on the command line, on the real central service (SQLite and PostgreSQL), after
laptops pushed a year of work. The feed's numbers are the pages' numbers, scoped as the
account's pages are; its pages walk every row once; a `requests` script and an Excel workbook
read it; the OpenAPI schema documents it."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
import requests

from central import apitokens, dashboard, figurefeed
from central.rollups import FIGURES, period_key
from central.web import accounts
from sotay.domain.periods import Period, PeriodKind
from tests.helpers import Laptop, connected_team
from tests.servers import computed
from tests.webclient import Browser, figures
from tests.worklog import record_work

PROVINCE = 48  # Thành phố Đà Nẵng: no other test's teams
COMMUNE, OTHER = 20275, 20242  # Phường An Hải (two teams), Phường Hải Châu (one)
PASSWORD = "mat-khau-rat-dai-1"
YEAR = Period(PeriodKind.YEAR, 2026)
PERIODS = [YEAR, Period(PeriodKind.QUARTER, 2026, 1), Period(PeriodKind.MONTH, 2025, 11)]


def account(central: Any, **scope: int) -> str:
    name = f"f{uuid.uuid4().hex[:10]}"
    with central.admin_ops.engine.begin() as conn:
        accounts.create(conn, name, "Cán bộ", PASSWORD, **scope)
    return name


def token_of(central: Any, username: str) -> str:
    with central.admin_ops.engine.begin() as conn:
        token = apitokens.issue(conn, username)
    assert token is not None
    return token


def feed(central: Any, token: str, **params: Any) -> requests.Response:
    return requests.get(
        central.url + "/v1/feed/figures",
        params=params,
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )


def walk(central: Any, token: str, **params: Any) -> list[dict[str, Any]]:
    """Every row, following @odata.nextLink as a client does."""
    answer = feed(central, token, **params)
    rows: list[dict[str, Any]] = []
    while True:
        assert answer.status_code == 200, answer.text
        body = answer.json()
        rows += body["value"]
        link = body.get("@odata.nextLink")
        if link is None:
            assert len(rows) == body["@odata.count"]
            return rows
        answer = requests.get(link, headers={"Authorization": f"Bearer {token}"}, timeout=60)


def plain(rows: list[dict[str, Any]], **where: Any) -> dict[str, int]:
    """The FIGURES rows matching `where`, by figure."""
    return {
        r["figure"]: r["value"]
        for r in rows
        if r["item"] is None and r["indicator"] is None and all(r[k] == v for k, v in where.items())
    }


def codes(rows: list[dict[str, Any]], **where: Any) -> dict[str, int]:
    """The standard indicators' rows (sotay/domain/standard.py) matching `where`, by code."""
    return {
        r["indicator"]: r["value"]
        for r in rows
        if r["item"] is None
        and r["indicator"] is not None
        and all(r[k] == v for k, v in where.items())
    }


def items(rows: list[dict[str, Any]], **where: Any) -> dict[tuple[str, str], int]:
    return {
        (r["figure"], r["item"]): r["value"]
        for r in rows
        if r["item"] is not None and all(r[k] == v for k, v in where.items())
    }


def expected_items(ov: Any) -> dict[tuple[str, str], int]:
    """An overview's topics and services as the feed's item rows (those with a count)."""
    out = {}
    for lines, names in (
        (ov.by_topic, figurefeed.TOPIC_FIGURES),
        (ov.by_service, figurefeed.SERVICE_FIGURES),
    ):
        for name, *counts in lines:
            out |= {(f, name): n for f, n in zip(names, counts, strict=True) if n}
    return out


@pytest.fixture(scope="module")
def province(central: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Two teams in my commune and one in another of the province, each with a laptop that
    pushed over a year of work, computed by the service's refresher."""
    folder = tmp_path_factory.mktemp("feed-laptops")
    made: list[Laptop] = []

    def laptop(name: str) -> Laptop:
        made.append(Laptop(folder / name))
        return made[-1]

    teams = {}
    for n, commune in enumerate((COMMUNE, COMMUNE, OTHER)):
        team, (lap,) = connected_team(central, laptop, f"t{n}", commune=commune)
        record_work(lap, seed=30 + n, first=date(2025, 10, 1), days=420)
        assert lap.sync.run_once().state == "synced"
        teams[team.id] = (team, lap)
    computed(central)
    yield {"teams": teams}
    for lap in made:
        lap.close()


def test_a_token_is_issued_used_and_revoked_on_the_command_line(central, province):
    name = account(central, commune_code=COMMUNE)
    issued = subprocess.run(
        central.args("account", "token", name), capture_output=True, text=True, timeout=120
    )
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    assert token.startswith(apitokens.PREFIX) and "Bearer" in issued.stderr

    answer = feed(central, token, period="2026")
    assert answer.status_code == 200 and answer.json()["value"]
    # Only the hash is kept; the token is in no log and no listing.
    stored = central.admin_ops.column("SELECT token_hash FROM api_token")
    assert token not in stored and len(stored[-1]) == 64
    listed = central.admin("account", "tokens")
    assert name in listed and "active" in listed and token not in listed
    assert token not in central.log.read_text()

    for wrong in ("", "Bearer", f"Bearer {token}x", f"Basic {token}"):
        refused = requests.get(
            central.url + "/v1/feed/figures?period=2026",
            headers={"Authorization": wrong} if wrong else {},
            timeout=30,
        )
        assert refused.status_code == 401, wrong
        assert refused.json()["error"] == "unauthorized" and refused.json()["message"]

    said = central.admin("account", "token", name, "--revoke")
    assert "1 tokens" in said
    refused = feed(central, token, period="2026")
    assert refused.status_code == 401
    assert refused.json() == {"error": "revoked", "message": "this API token was revoked"}
    assert "revoked" in central.admin("account", "tokens")

    # A new token works; a disabled account's tokens stop with it.
    again = token_of(central, name)
    assert feed(central, again, period="2026").status_code == 200
    central.admin("account", "disable", name)
    assert feed(central, again, period="2026").json()["error"] == "disabled"
    nobody = subprocess.run(central.args("account", "token", "nobody-here"), capture_output=True)
    assert nobody.returncode == 2


def test_a_commune_accounts_token_sees_only_its_commune(central, province):
    token = token_of(central, account(central, commune_code=COMMUNE))
    mine = {t.id for t, _ in province["teams"].values() if t.commune_code == COMMUNE}
    rows = walk(central, token, period="2026", level="team")
    assert {r["team_id"] for r in rows} == mine
    assert {r["commune_code"] for r in rows} == {COMMUNE}
    rows = walk(central, token, period="2026", level="commune")
    assert {r["commune_code"] for r in rows} == {COMMUNE}
    assert walk(central, token, period="2026", commune=COMMUNE)
    for params in ({"commune": OTHER}, {"level": "province"}):
        refused = feed(central, token, period="2026", **params)
        assert refused.status_code == 403 and refused.json()["error"] == "out_of_scope"

    # A province account sees every commune of its province, and no other province's.
    whole = token_of(central, account(central, province_code=PROVINCE))
    rows = walk(central, whole, period="2026", level="team")
    assert {r["team_id"] for r in rows} == set(province["teams"])
    assert {r["commune_code"] for r in walk(central, whole, period="2026", commune=OTHER)} == {
        OTHER
    }
    elsewhere = feed(central, whole, period="2026", commune=4)  # Ba Đình, Hà Nội
    assert elsewhere.status_code == 403


def test_the_feed_gives_the_pages_numbers(central, province):
    name = account(central, province_code=PROVINCE)
    token = token_of(central, name)
    browser = Browser(central.url)
    assert browser.login(name, PASSWORD).status_code == 200
    engine = central.admin_ops.engine
    for period in PERIODS:
        key = period_key(period)
        communes = walk(central, token, period=key, level="commune")
        teams = walk(central, token, period=key, level="team")
        whole = walk(central, token, period=key, level="province")
        # The commune's page: its cards are the feed's commune figures.
        for code in (COMMUNE, OTHER):
            page = figures(browser.get(f"/commune/{code}?p={key}").text)
            assert len(page) == 7
            feed_says = plain(communes, commune_code=code)
            assert {k: feed_says[k] for k in page} == page, (key, code)
        # The province's page: its cards are the feed's province figures.
        page = figures(browser.get(f"/province/{PROVINCE}?p={key}").text)
        assert {k: plain(whole)[k] for k in page} == page, key
        with engine.connect() as conn:
            for code in (COMMUNE, OTHER):
                rows = dashboard.team_rows(conn, code, period)
                ov = dashboard.overview(conn, [r.id for r in rows], period)
                assert plain(communes, commune_code=code) == {k: getattr(ov, k) for k in FIGURES}
                assert items(communes, commune_code=code) == expected_items(ov)
                assert codes(communes, commune_code=code) == {f.code: f.value for f in ov.standard}
                for row in rows:  # each team: its line of the commune's table, its page
                    assert plain(teams, team_id=row.id) == row.figures, (key, row.name)
                    one = dashboard.overview(conn, [row.id], period)
                    assert items(teams, team_id=row.id) == expected_items(one), (key, row.name)
                    assert codes(teams, team_id=row.id) == {f.code: f.value for f in one.standard}
        with engine.connect() as conn:
            ids = [r.id for c in (COMMUNE, OTHER) for r in dashboard.team_rows(conn, c, period)]
            province_ov = dashboard.overview(conn, ids, period)
        assert codes(whole) == {f.code: f.value for f in province_ov.standard}, key
    year = walk(central, token, period="2026", level="team")
    assert any(r["indicator"] == "trained" and r["value"] for r in year)
    assert any(r["figure"] == "service_done" and r["value"] for r in year)
    assert any(r["figure"] == "topic_attendances" and r["value"] for r in year)
    assert plain(whole)["attendances"] == sum(
        plain(communes, commune_code=c)["attendances"] for c in (COMMUNE, OTHER)
    )


def test_the_pages_walk_every_row_once_and_the_cache_follows_the_figures(central, province):
    token = token_of(central, account(central, province_code=PROVINCE))
    whole = feed(central, token, period="2026", page_size=10_000).json()
    assert "@odata.nextLink" not in whole
    rows = walk(central, token, period="2026", page_size=7)
    assert rows == whole["value"] and len(rows) > 3 * 7
    keys = [(r["figure"], r["item"], r["team_id"]) for r in rows]
    assert len(set(keys)) == len(keys)

    # Cached by period: the ETag answers 304 while the figures stand.
    first = feed(central, token, period="2026", page_size=7)
    assert "private" in first.headers["Cache-Control"]
    same = requests.get(
        first.url,
        headers={"Authorization": f"Bearer {token}", "If-None-Match": first.headers["ETag"]},
        timeout=30,
    )
    assert same.status_code == 304
    link = first.json()["@odata.nextLink"]

    # A laptop's new work, once computed, is in the feed at once (the refresher dropped the
    # year's snapshot), and a walk begun before it is told to start again.
    team, lap = next(iter(province["teams"].values()))
    before = plain(rows, team_id=team.id)
    record_work(lap, seed=99, residents=5, trainings=3, assists=6, first=date(2026, 3, 1), days=30)
    assert lap.sync.run_once().state == "synced"
    computed(central)
    after = plain(walk(central, token, period="2026"), team_id=team.id)
    assert after["assists"] > before["assists"]
    with central.admin_ops.engine.connect() as conn:
        assert after == dashboard.team_row(conn, team.id, YEAR).figures  # type: ignore[union-attr]
    gone = requests.get(link, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert gone.status_code == 409 and gone.json()["error"] == "changed"
    changed = requests.get(
        first.url,
        headers={"Authorization": f"Bearer {token}", "If-None-Match": first.headers["ETag"]},
        timeout=30,
    )
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]


SCRIPT = """
import csv, sys
import requests

url, token, out = sys.argv[1:4]
session = requests.Session()
session.headers["Authorization"] = "Bearer " + token
link, pages = url, 0
with open(out, "w", newline="", encoding="utf-8") as f:
    writer = None
    while link:
        answer = session.get(link, timeout=60)
        answer.raise_for_status()
        body = answer.json()
        for row in body["value"]:
            if writer is None:
                writer = csv.DictWriter(f, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
        link = body.get("@odata.nextLink")
        pages += 1
print(pages)
"""


def test_a_requests_script_and_an_excel_workbook_read_the_feed(central, province, tmp_path):
    import csv

    from openpyxl import Workbook, load_workbook

    token = token_of(central, account(central, commune_code=COMMUNE))
    expected = walk(central, token, period="2026", level="team")

    # A script in its own process, as the province's IT person would write it.
    script = tmp_path / "read_feed.py"
    script.write_text(textwrap.dedent(SCRIPT), encoding="utf-8")
    out = tmp_path / "figures.csv"
    url = central.url + "/v1/feed/figures?period=2026&level=team&page_size=25"
    done = subprocess.run(
        [sys.executable, str(script), url, token, str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == -(-len(expected) // 25)
    with out.open(encoding="utf-8") as f:
        read = list(csv.DictReader(f))
    assert [(r["team_id"], r["figure"], r["item"] or None, int(r["value"])) for r in read] == [
        (r["team_id"], r["figure"], r["item"], r["value"]) for r in expected
    ]

    # What Power Query makes of it: a table of the rows' records, one column per field.
    book = Workbook()
    ws = book.active
    columns = list(expected[0])
    ws.append(columns)
    for row in expected:
        ws.append([row[c] for c in columns])
    saved = io.BytesIO()
    book.save(saved)
    back = load_workbook(io.BytesIO(saved.getvalue()), read_only=True)
    table = list(back.active.iter_rows(values_only=True))
    assert list(table[0]) == columns
    got = [dict(zip(columns, r, strict=True)) for r in table[1:]]
    assert len(got) == len(expected)
    held = sum(r["value"] for r in got if r["figure"] == "trainings_held")
    with central.admin_ops.engine.connect() as conn:
        rows = dashboard.team_rows(conn, COMMUNE, YEAR)
    assert held == sum(r.figures["trainings_held"] for r in rows) > 0
    assert {r["team"] for r in got} == {r.name for r in rows}


def test_the_openapi_schema_documents_the_feed(central):
    schema = requests.get(central.url + "/v1/openapi.json", timeout=30).json()
    route = schema["paths"]["/v1/feed/figures"]["get"]
    params = {p["name"]: p for p in route["parameters"]}
    assert set(params) == {"period", "level", "commune", "page", "page_size", "snapshot"}
    assert params["period"]["required"] and params["period"]["schema"]["pattern"]
    assert params["level"]["schema"]["enum"] == ["team", "commune", "province"]
    assert route["security"] == [{"FeedToken": []}]
    assert schema["components"]["securitySchemes"]["FeedToken"]["scheme"] == "bearer"
    assert {"200", "304", "401", "403", "404", "409", "422", "429"} <= set(route["responses"])
    page = schema["components"]["schemas"]["FeedPage"]
    assert {"@odata.count", "value", "@odata.nextLink"} <= set(page["properties"])
    row = schema["components"]["schemas"]["FigureRow"]
    assert {"figure", "indicator", "period", "commune", "team", "value"} <= set(row["properties"])
    assert row["example"]["figure"] == "service_done"


def test_the_feeds_cache_is_dropped_by_year_and_made_again_ahead():
    now = [0.0]
    cache = figurefeed.FeedCache(clock=lambda: now[0])
    ask = figurefeed.Ask("2026-11", 1, 4, "team")
    other = figurefeed.Ask("2025", 1, 4, "team")
    made: list[int] = []

    def make() -> list[bytes]:
        made.append(1)
        return [b'{"value":%d}' % len(made)]

    first = cache.get(ask, make)
    assert cache.get(ask, make) is first and len(made) == 1
    kept_2025 = cache.get(other, make)
    cache.invalidate(2026)
    # Dropped at once: an ask before it is made again makes it itself.
    again = cache.get(ask, make)
    assert again is not first and len(made) == 3
    assert cache.get(other, make) is kept_2025  # another year's is kept

    # Made again ahead: what was asked is ready for the next ask.
    cache.invalidate(2026)
    assert cache.make_due() == 1 and len(made) == 4
    ahead = cache.get(ask, make)
    assert ahead is not again and ahead.rows == [b'{"value":4}'] and len(made) == 4

    # Older than TTL: without the cache's thread (a service not started), made again at once.
    now[0] += figurefeed.FeedCache.TTL
    assert cache.get(other, make).rows == [b'{"value":5}'] and len(made) == 5

    # An ask not seen for a week is no longer made ahead.
    now[0] += figurefeed.FeedCache.REMEMBER + 1
    cache.invalidate(2026)
    cache.invalidate(2025)
    assert cache.make_due() == 0 and len(made) == 5


def test_two_asks_of_one_snapshot_make_it_once_and_its_thread_makes_it_ahead():
    cache = figurefeed.FeedCache()
    cache.QUIET = 0.05
    ask = figurefeed.Ask("2026", 1, None, "team")
    started, release = threading.Event(), threading.Event()
    made: list[int] = []

    def slow() -> list[bytes]:
        made.append(1)
        started.set()
        release.wait(10)
        return [b"{}"]

    with ThreadPoolExecutor(2) as pool:
        one = pool.submit(cache.get, ask, slow)
        assert started.wait(10)
        two = pool.submit(cache.get, ask, slow)
        time.sleep(0.2)  # the second ask reaches the first's making
        assert not two.done()
        release.set()
        assert one.result(10) is two.result(10) and len(made) == 1

    cache.start()
    try:
        cache.invalidate(2026)
        deadline = time.monotonic() + 10
        while len(made) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(made) == 2  # made on the cache's thread, nobody asking
        ahead = cache.get(ask, slow)
        assert len(made) == 2

        # Older than TTL: served once more while the thread makes it again behind it.
        cache.TTL = 0.0
        assert cache.get(ask, slow) is ahead
        deadline = time.monotonic() + 10
        while len(made) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(made) == 3
    finally:
        cache.stop()


def test_a_large_pages_gzip_is_made_once_and_ends_with_each_requests_link():
    rows = [
        b'{"figure":"trainings_held","team":"T\xe1\xbb\x95 %d","value":%d}' % (i, i)
        for i in range(9000)
    ]
    snap = figurefeed.snapshot(rows, 0.0)
    page = snap.opening(0, 4000)
    assert len(page) > figurefeed.Snapshot.GZ_FROM
    ends = [b',"@odata.nextLink":"http://a/?page=2"}', b',"@odata.nextLink":"http://b/?page=2"}']
    for end in ends:
        body = gzip.decompress(snap.gzipped(0, 4000, end))
        assert body == page + end
        assert json.loads(body)["value"][3999]["value"] == 3999
    assert len(snap._gz) == 1  # deflated once for both
    snap.warm(4000)
    assert sorted(snap._gz) == [(0, 4000), (4000, 4000)]  # the last page is small: not kept
    assert json.loads(gzip.decompress(snap.gzipped(8000, 4000, b"}")))["value"][-1]["value"] == 8999


def test_the_cache_counts_the_gzip_it_keeps_within_its_budget():
    rows = [b'{"figure":"assists","team":"T %d","value":%d}' % (i, i) for i in range(20_000)]
    cache = figurefeed.FeedCache()
    big, small = figurefeed.Ask("2026", 1, 4, "team"), figurefeed.Ask("2026-11", 1, 4, "team")
    snap = cache.get(big, lambda: rows)
    plain = snap.memory
    assert plain >= snap.size + 20_000 * figurefeed.Snapshot.ROW_BYTES
    snap.warm(5_000)  # four pages over GZ_FROM: their gzip and deflaters are kept
    assert len(snap._gz) == 4
    assert snap.memory >= plain + 4 * figurefeed.Snapshot.DEFLATER_BYTES
    # A budget the JSON alone fits in, with the gzip it does not: the oldest goes.
    cache.BUDGET = snap.size + 1_000_000
    cache.get(small, lambda: [b'{"value":1}'])
    assert cache.get(big, lambda: [b'{"value":2}']).rows == [b'{"value":2}']
