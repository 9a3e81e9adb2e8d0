"""Standard indicator codes on the laptop (issue 23, items 1 and 7): the seeds carry theirs on
new and old profiles, the leader maps a team's own item, and the overview counts by code."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from sqlite_utils import Database

from desktop.store import commands, queries, syncdata
from desktop.store.db import connect
from desktop.store.migrations import migrations
from desktop.store.store import Store
from sotay.domain import standard
from sotay.domain.catalogue import SEED_SERVICES, SEED_TOPICS
from sotay.domain.fields import catalogue_id
from sotay.domain.models import (
    Assist,
    Attendance,
    CatalogueItem,
    Outcome,
    Resident,
    Training,
    TrainingStatus,
)
from sotay.domain.periods import Period, PeriodKind
from tests.helpers import count, result, roster

NOW = "2026-01-05T08:00:00.000000Z"
OWN = "own-service"  # a service the team added itself, before codes existed


def file_at_m005(path: Path) -> None:
    """A profile as the release before indicator codes left it: the seeds and an own item."""
    conn = connect(path)
    migrations.apply(Database(conn), stop_before="m006_codes_items")
    audit = (1, NOW, NOW, "laptop")
    conn.execute(
        "INSERT INTO team (id, name, province_code, province_name, commune_code, commune_name,"
        " version, created_at, updated_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ("t", "Tổ CNSCĐ khu phố 3", 1, "Thành phố Hà Nội", 4, "Phường Ba Đình", *audit),
    )
    for kind, names in (("topic", SEED_TOPICS), ("service", SEED_SERVICES)):
        conn.executemany(
            f"INSERT INTO {kind} (id, name, sort, version, created_at, updated_at, recorded_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(catalogue_id(kind, n), n, i, *audit) for i, n in enumerate(names)],
        )
    conn.execute(
        "INSERT INTO service (id, name, sort, version, created_at, updated_at, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (OWN, "Hỗ trợ VNeID tại nhà", 9, *audit),
    )
    conn.commit()
    conn.close()


def test_m006_gives_an_old_profiles_seeds_their_codes(tmp_path: Path) -> None:
    path = tmp_path / "sotay.sqlite3"
    file_at_m005(path)
    store = Store(path, tmp_path / "backups")
    try:
        store.opened.result(timeout=30)
        team = roster(store)
        codes = {(k, i.name): i.code for k in ("topic", "service") for i in getattr(team, k + "s")}
        assert {key: code for key, code in codes.items() if code} == standard.SEED_CODES
        assert codes[("service", "Hỗ trợ VNeID tại nhà")] is None  # the leader maps it
        assert codes[("service", "Khác")] is None
        # Not sent: every laptop and the server fill the same codes themselves.
        assert count(store, "SELECT COUNT(*) FROM outbox") == 0
    finally:
        store.close()


def test_a_new_profiles_seeds_carry_their_codes_and_send_them(team_store: Store) -> None:
    team = roster(team_store)
    vneid = next(s for s in team.services if s.name == "Kích hoạt VNeID mức 2")
    assert vneid.code == standard.VNEID
    assert next(t for t in team.topics if t.name == "Kỹ năng số cơ bản").code == "basic_skills"
    sent = result(
        team_store.read(
            lambda c: c.execute(
                "SELECT payload FROM outbox WHERE entity = 'service' AND entity_id = ?",
                (vneid.id,),
            ).fetchone()[0]
        )
    )
    batch = result(team_store.read(syncdata.read_batch, 500, 10**7))
    wire = next(c for c in batch if c.id == vneid.id)
    assert json.loads(sent)["code"] == wire.payload["code"] == "vneid_l2"


def test_a_code_of_the_other_kind_is_refused(team_store: Store) -> None:
    item = CatalogueItem(name="Kỹ năng số nâng cao", code=standard.VNEID)
    try:
        result(team_store.write(commands.save_catalogue_item, "topic", item))
    except ValueError:
        pass
    else:
        raise AssertionError("a topic took a service's code")


def test_an_older_laptops_record_without_a_code_keeps_the_code_held_here(
    team_store: Store,
) -> None:
    """A pull of an item an older laptop last saved (its payload has no code): the mapping
    made here stays, a seed keeps its own, and a new item comes without one."""
    team = roster(team_store)
    own = CatalogueItem(name="Hỗ trợ VNeID tại nhà", code=standard.VNEID)
    result(team_store.write(commands.save_catalogue_item, "service", own))
    vneid = next(s for s in team.services if s.code == standard.VNEID)

    def payload(name: str) -> dict[str, object]:
        return {"name": name, "active": 1, "sort": 3, "created_at": NOW, "recorded_by": None,
                "deleted_at": None}  # fmt: skip

    records = [
        {"entity": "service", "id": own.id, "version": 9, "payload": payload("VNeID tại nhà")},
        {"entity": "service", "id": vneid.id, "version": 9, "payload": payload("VNeID mức 2")},
        {"entity": "service", "id": "new-one", "version": 1, "payload": payload("Chụp ảnh")},
    ]
    result(team_store.write(lambda db: syncdata.apply_records(db, records, force=True)))
    codes = {s.name: s.code for s in roster(team_store).services}
    assert codes["VNeID tại nhà"] == codes["VNeID mức 2"] == standard.VNEID
    assert codes["Chụp ảnh"] is None


def _record_the_month(store: Store) -> tuple[str, str]:
    """Residents trained and helped this month; returns (own service id, leader id)."""
    team = roster(store)
    leader = team.members[0].id
    own = CatalogueItem(name="Hỗ trợ VNeID tại nhà", sort=20)
    result(store.write(commands.save_catalogue_item, "service", own, leader))
    people = [Resident(full_name=n) for n in ("Đặng Thị Hoa", "Vũ Văn Bảo", "Lê Thị Cúc")]
    for p in people:
        result(store.write(commands.save_resident, p, leader))
    today = date.today()
    basic = next(t for t in team.topics if t.code == standard.BASIC_SKILLS)
    other = next(t for t in team.topics if t.code is None)
    second_basic = CatalogueItem(name="Kỹ năng số cơ bản (buổi 2)", code=standard.BASIC_SKILLS)
    result(store.write(commands.save_catalogue_item, "topic", second_basic, leader))
    for topics, who, status in (
        ([basic.id, other.id], people[:2], TrainingStatus.HELD),
        ([second_basic.id], people[1:], TrainingStatus.HELD),
        ([other.id], people, TrainingStatus.HELD),
        ([basic.id], people, TrainingStatus.PLANNED),  # not held: counts nowhere
    ):
        roll = [Attendance(p.id) for p in who]
        training = Training(day=today, start_time="08:00", end_time="10:00", status=status,
                            topic_ids=topics, attendance=roll)  # fmt: skip
        result(store.write(commands.save_training, training, leader))
    vneid = next(s for s in team.services if s.code == standard.VNEID)
    for resident, service, outcome in (
        (people[0], own.id, Outcome.DONE),
        (people[0], own.id, Outcome.DONE),
        (people[1], own.id, Outcome.DONE),
        (people[2], own.id, Outcome.NOT_DONE),  # not done: not an activation
        (people[2], vneid.id, Outcome.DONE),
    ):
        assist = Assist(day=today, resident_id=resident.id, member_id=leader,
                        service_id=service, outcome=outcome, reason="" if outcome == Outcome.DONE
                        else "Không có sóng")  # fmt: skip
        result(store.write(commands.save_assist, assist, leader))
    return own.id, leader


def test_the_laptops_figures_follow_the_shared_rules(team_store: Store) -> None:
    """desktop/store/queries.standard_figures (SQL) counts as sotay/domain/standard.Tally,
    which the central service's rollups use: the same records, the same figures."""
    own_id, leader = _record_the_month(team_store)
    team = roster(team_store)
    own = next(s for s in team.services if s.id == own_id)
    own.code = standard.VNEID
    result(team_store.write(commands.save_catalogue_item, "service", own, leader))
    period = Period.containing(PeriodKind.MONTH, date.today())
    figures = {f.code: f for f in result(team_store.read(queries.standard_figures, period))}

    def tally(conn):  # type: ignore[no-untyped-def]
        t = standard.Tally()
        codes = dict(conn.execute("SELECT id, code FROM topic").fetchall())
        services = dict(conn.execute("SELECT id, code FROM service").fetchall())
        for training_id, resident_id in conn.execute(
            "SELECT a.training_id, a.resident_id FROM attendance a JOIN training t"
            " ON t.id = a.training_id WHERE t.status = 'held' AND a.present = 1"
        ).fetchall():
            topics = conn.execute(
                "SELECT topic_id FROM training_topic WHERE training_id = ?", (training_id,)
            ).fetchall()
            t.attended(resident_id, {codes[x[0]] for x in topics if codes[x[0]]})
        for resident_id, service_id, outcome in conn.execute(
            "SELECT resident_id, service_id, outcome FROM assist"
        ).fetchall():
            t.helped(resident_id, services[service_id], outcome)
        return {f.code: f for f in t.figures()}

    assert figures == result(team_store.read(tally))
    # The overview counts them in its own statement (one pass over the roll-call): the same.
    shown = result(team_store.read(queries.overview, period)).standard
    assert {f.code: f for f in shown} == figures
    assert (figures["trained"].people, figures["trained"].count) == (3, 7)
    # Present at either basic-skills topic, each resident once: all three.
    assert (figures["basic_skills"].people, figures["basic_skills"].count) == (3, 4)
    assert (figures["vneid_l2"].people, figures["vneid_l2"].count) == (3, 4)
    assert figures["vneid_l2"].value == 4  # help sessions done
    assert figures["basic_skills"].value == 3  # residents
    assert figures["cashless"] == standard.Figure("cashless", 0, 0)


def test_the_leader_maps_an_own_service_and_the_overview_counts_it(
    qtbot, team_store: Store
) -> None:
    """Team → Help services…: the team's own service chosen with the keyboard, its indicator
    chosen in "Standard indicator", saved with Ctrl+Enter; the overview's VNeID row then
    counts its help sessions done with the seed's."""
    from desktop.ui.overview import OverviewPage
    from desktop.ui.team import CatalogueDialog

    own_id, leader = _record_the_month(team_store)
    page = OverviewPage(team_store, ThreadPoolExecutor(1))  # no report printed
    qtbot.addWidget(page)
    page.show()
    page.refresh()

    def vneid_row() -> tuple[str, ...]:
        table = page.standard
        for row in range(table.rowCount()):
            if table.item(row, 0).text() == standard.VNEID:
                return tuple(table.item(row, c).text() for c in range(table.columnCount()))
        return ()

    qtbot.waitUntil(lambda: bool(vneid_row()), timeout=5000)
    assert page.breakdowns.currentWidget() is page.standard  # the first tab
    assert vneid_row()[2:] == ("1", "1")  # the seed's one session only

    team = roster(team_store)
    dialog = CatalogueDialog(team_store, "service", team.services, leader)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_End)  # the team's own service is the last
    assert dialog.list.currentItem().text() == "Hỗ trợ VNeID tại nhà"
    assert dialog.code.currentText() == "(none)"
    qtbot.keyClick(dialog.list, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.code
    qtbot.keyClick(dialog.code, Qt.Key.Key_Down)  # the first service indicator: VNeID
    assert dialog.code.currentData() == standard.VNEID
    assert dialog.code.currentText() == "VNeID level-2 accounts activated"
    qtbot.keyClick(dialog.list, Qt.Key.Key_Home)  # another item shows its own code
    assert dialog.code.currentData() == standard.VNEID  # the seed "Kích hoạt VNeID mức 2"
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    assert dialog.code.currentData() == standard.ONLINE_DOSSIER
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    saved = {s.id: s.code for s in roster(team_store).services}
    assert saved[own_id] == standard.VNEID
    assert saved[catalogue_id("service", "Nộp hồ sơ dịch vụ công trực tuyến")] == "online_dossier"
    queued = result(
        team_store.read(
            lambda c: [
                json.loads(p)["code"]
                for (p,) in c.execute(
                    "SELECT payload FROM outbox WHERE entity = 'service' AND entity_id = ?"
                    " ORDER BY seq DESC LIMIT 1",
                    (own_id,),
                )
            ]
        )
    )
    assert queued == [standard.VNEID]  # the mapping syncs
    page.refresh()
    qtbot.waitUntil(lambda: vneid_row()[2:] == ("3", "4"), timeout=5000)


def test_the_printed_team_report_lists_the_indicators_with_their_codes(team_store: Store) -> None:
    """The report the overview prints (PDF and workbook): every standard indicator, its code,
    its name as the plans write it, and the overview's figures."""
    import io
    import unicodedata

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from desktop.printing.documents import report_document

    own_id, leader = _record_the_month(team_store)
    own = next(s for s in roster(team_store).services if s.id == own_id)
    own.code = standard.VNEID
    result(team_store.write(commands.save_catalogue_item, "service", own, leader))
    period = Period.containing(PeriodKind.MONTH, date.today())
    document = report_document(team_store, period)
    pages = PdfReader(io.BytesIO(document.pdf)).pages
    text = " ".join(
        " ".join(unicodedata.normalize("NFC", p.extract_text() or "").split()) for p in pages
    )
    assert "IV. Các chỉ tiêu chuẩn (theo mã)" in text
    for indicator in standard.INDICATORS:
        assert indicator.code in text, indicator.code
    assert "vneid_l2 Kích hoạt tài khoản định danh điện tử VNeID mức 2 3 4" in text
    assert "basic_skills Người dân hoàn thành kỹ năng số cơ bản 3 4" in text

    assert document.xlsx is not None
    sheet = load_workbook(io.BytesIO(document.xlsx))["Chỉ tiêu chuẩn"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [r[0] for r in rows] == [i.code for i in standard.INDICATORS]
    assert rows[[r[0] for r in rows].index("vneid_l2")][1:4] == (
        "Kích hoạt tài khoản định danh điện tử VNeID mức 2", 3, 4,
    )  # fmt: skip
