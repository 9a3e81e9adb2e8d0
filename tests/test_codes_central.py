"""Standard indicator codes on the central service (issue 23, items 1 and 7), over real HTTP on
SQLite and PostgreSQL: teams whose own services are named differently but carry the same code
sum on the commune's, the province's and each team's page; the commune publishes an item with
its code; an older laptop's change without the field is accepted and keeps the code."""

from __future__ import annotations

import io
import json
import re
import uuid
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.store import commands, queries
from sotay.domain import standard
from sotay.domain.models import Assist, CatalogueItem, Outcome
from sotay.domain.periods import Period, PeriodKind
from tests.helpers import add_resident, connected_team
from tests.servers import computed
from tests.webclient import Browser

COMMUNE = 1273  # Phường Thục Phán, Cao Bằng: a province no other test's teams are in
OTHER = 1279  # Phường Nùng Trí Cao, Cao Bằng
PROVINCE = 4
PASSWORD = "mat-khau-rat-dai-1"


def signed_in(central, **scope) -> Browser:  # type: ignore[no-untyped-def]
    from central.web import accounts

    name = f"u{uuid.uuid4().hex[:10]}"
    with central.admin_ops.engine.begin() as conn:
        accounts.create(conn, name, "Cán bộ", PASSWORD, admin=False, **scope)
    browser = Browser(central.url)
    assert browser.login(name, PASSWORD).status_code == 200
    return browser


def by_code(html: str, column: str) -> dict[str, int]:
    """The "Chỉ tiêu chuẩn" table's figures of a page, by code (1.234 -> 1234)."""
    return {
        code: int(value.replace(".", ""))
        for code, value in re.findall(rf'data-{column}="(\w+)">([\d.]+)<', html)
    }


def help_sessions(laptop, service_id: str, outcomes: list[Outcome]) -> None:  # type: ignore[no-untyped-def]
    leader = laptop.read(queries.load_roster).members[0].id
    for n, outcome in enumerate(outcomes):
        resident = add_resident(laptop, f"Người dân {n}")
        laptop.write(
            commands.save_assist,
            Assist(day=date.today(), resident_id=resident.id, member_id=leader,
                   service_id=service_id, outcome=outcome,
                   reason="" if outcome == Outcome.DONE else "Không có sóng"),
            leader,
        )  # fmt: skip


def test_differently_named_services_with_one_code_sum_on_the_communes_page(central, laptops):
    teams = []
    for n, (name, done) in enumerate(
        (("Hỗ trợ kích hoạt định danh điện tử", 2), ("VNeID cho người cao tuổi", 3))
    ):
        team, (laptop,) = connected_team(central, laptops, f"codes{n}", commune=COMMUNE)
        own = CatalogueItem(name=name, code=standard.VNEID, sort=30)
        laptop.write(commands.save_catalogue_item, "service", own)
        help_sessions(laptop, own.id, [Outcome.DONE] * done + [Outcome.NOT_DONE])
        assert laptop.sync.run_once().state == "synced"
        teams.append((team, laptop))
    computed(central)

    month = Period.containing(PeriodKind.MONTH, date.today())
    key = f"{month.year}-{month.index:02d}"
    me = signed_in(central, commune_code=COMMUNE)
    page = me.get(f"/commune/{COMMUNE}?p={key}")
    assert page.status_code == 200 and "Chỉ tiêu chuẩn" in page.text
    assert by_code(page.text, "count")["vneid_l2"] == 5  # done only: 2 + 3
    assert by_code(page.text, "people")["vneid_l2"] == 5
    assert by_code(page.text, "count")["cashless"] == 0
    assert "Kích hoạt tài khoản định danh điện tử VNeID mức 2" in page.text
    for (team, laptop), done in zip(teams, (2, 3), strict=True):
        mine = laptop.read(queries.overview, month)
        assert {f.code: f.count for f in mine.standard}["vneid_l2"] == done
        team_page = me.get(f"/team/{team.id}?p={key}&tab=figures")
        assert by_code(team_page.text, "count")["vneid_l2"] == done
    province = signed_in(central, province_code=PROVINCE).get(f"/province/{PROVINCE}?p={key}")
    assert by_code(province.text, "count")["vneid_l2"] == 5

    # The commune's exports list them with their codes: the summary sheet summed, each
    # team's sheet its own.
    book = load_workbook(io.BytesIO(me.get(f"/commune/{COMMUNE}/report.xlsx?p={key}").content))
    sheets = [[r for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames]
    coded = [{r[0]: r[1:4] for r in rows if r and r[0] in standard.BY_CODE} for rows in sheets]
    assert [set(c) for c in coded] == [set(standard.BY_CODE)] * 3
    vneid = "Kích hoạt tài khoản định danh điện tử VNeID mức 2"
    assert [c["vneid_l2"] for c in coded] == [(vneid, 5, 5), (vneid, 2, 2), (vneid, 3, 3)]
    pdf = me.get(f"/commune/{COMMUNE}/report.pdf?p={key}").content
    text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "Các chỉ tiêu chuẩn theo mã" in text
    assert all(code in text for code in standard.BY_CODE)

    # The commune publishes its own VNeID item with the code: every team of it receives it
    # with its code, and the sessions of it count with the teams' own.
    central.admin(
        "catalogue", "--commune", str(COMMUNE), "--kind", "service",
        "--name", "Kích hoạt VNeID tại nhà văn hóa", "--code", "vneid_l2",
    )  # fmt: skip
    _team, laptop = teams[0]
    assert laptop.sync.run_once().state == "synced"
    published = next(
        s for s in laptop.read(queries.load_roster).services
        if s.name == "Kích hoạt VNeID tại nhà văn hóa"
    )  # fmt: skip
    assert published.code == standard.VNEID
    help_sessions(laptop, published.id, [Outcome.DONE])
    assert laptop.sync.run_once().state == "synced"
    computed(central)
    page = me.get(f"/commune/{COMMUNE}?p={key}")
    assert by_code(page.text, "count")["vneid_l2"] == 6


def test_an_older_laptops_change_without_a_code_is_accepted_and_keeps_it(central, laptops):
    """A laptop not yet updated renames the team's mapped service: its payload has no code.
    The server takes it, and the service still counts as VNeID on the page and for the
    team's other, updated laptop."""
    team, (new, old) = connected_team(central, laptops, "updated", "older", commune=OTHER)
    own = CatalogueItem(name="Hỗ trợ định danh", code=standard.VNEID, sort=30)
    new.write(commands.save_catalogue_item, "service", own)
    help_sessions(new, own.id, [Outcome.DONE])
    assert new.sync.run_once().state == "synced"
    assert old.sync.run_once().state == "synced"
    held = next(s for s in old.read(queries.load_roster).services if s.id == own.id)
    held.name = "Hỗ trợ định danh điện tử"
    old.write(commands.save_catalogue_item, "service", held)

    def as_an_older_laptop(db) -> None:  # type: ignore[no-untyped-def]
        for seq, payload in db.conn.execute("SELECT seq, payload FROM outbox").fetchall():
            fields = json.loads(payload)
            fields.pop("code", None)
            db.conn.execute(
                "UPDATE outbox SET payload = ? WHERE seq = ?", (json.dumps(fields), seq)
            )

    old.write(as_an_older_laptop)
    done = old.sync.run_once()
    assert done.state == "synced"
    stored = json.loads(
        central.admin_ops.scalar(
            "SELECT payload FROM record WHERE team_id = :t AND entity = 'service' AND id = :i",
            t=team.id, i=own.id,
        )
    )  # fmt: skip
    assert stored["name"] == "Hỗ trợ định danh điện tử" and stored["code"] == "vneid_l2"
    assert new.sync.run_once().state == "synced"
    renamed = next(s for s in new.read(queries.load_roster).services if s.id == own.id)
    assert (renamed.name, renamed.code) == ("Hỗ trợ định danh điện tử", standard.VNEID)
    computed(central)
    month = Period.containing(PeriodKind.MONTH, date.today())
    key = f"{month.year}-{month.index:02d}"
    page = signed_in(central, commune_code=OTHER).get(f"/team/{team.id}?p={key}&tab=figures")
    assert by_code(page.text, "count")["vneid_l2"] == 1
