"""The team page's refused changes, a team's sync state and name, and the enrolment-code page,
over real HTTP on the real central service (SQLite and PostgreSQL), as the commune reads them
(issue 18, items 11 and 12): refusals in Vietnamese naming their record and leaving the list
once the record is accepted; a new team not called silent; a team renamed on its laptop
renamed on the dashboard; a code page that a reload does not issue again."""

from __future__ import annotations

import html
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from central import dashboard, entities
from central import tables as T
from central.web import accounts
from desktop.store import commands, queries
from desktop.sync.client import Client
from sotay.domain.periods import Period, PeriodKind
from tests.helpers import connected_team
from tests.webclient import Browser

PASSWORD = "mat-khau-rat-dai-1"
COMMUNE = 25  # Phường Giảng Võ (Hà Nội)


def signed_in(central, *, admin: bool = False) -> Browser:
    name = f"r{uuid.uuid4().hex[:10]}"
    with central.admin_ops.engine.begin() as conn:
        accounts.create(conn, name, "Cán bộ", PASSWORD, commune_code=COMMUNE, admin=admin)
    browser = Browser(central.url)
    assert browser.login(name, PASSWORD).status_code == 200
    return browser


def laptop_client(central, team_id: str, name: str) -> Client:
    """A laptop's own sync client, enrolled with a code of the team."""
    client = Client(central.url)
    client.server_id = client.ping()["server_id"]
    client.token = client.enrol(central.admin_ops.code(team_id), name)["token"]
    return client


def change(seq: int, entity: str, record_id: str, payload: dict, base: int = 0) -> dict:
    return {
        "seq": seq,
        "entity": entity,
        "id": record_id,
        "op": "upsert",
        "base_version": base,
        "payload": payload,
    }


def problem_rows(page: str) -> list[list[str]]:
    """The cells of the refused changes' table, as text."""
    table = page[page.index("<th>Lý do</th>") :]
    body = table[: table.index("</tbody>")]
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in
         re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]  # fmt: skip


# --- refused changes ------------------------------------------------------------------------------


def resident(seq: int, record_id: str, name: str, base: int = 0, **fields) -> dict:
    return change(seq, "resident", record_id, {"full_name": name, **fields}, base)


def test_refused_changes_are_said_in_vietnamese_name_their_record_and_leave_once_accepted(
    central,
):
    team = central.admin_ops.team("Tổ khu phố 5", commune=COMMUNE)
    leader = laptop_client(central, team.id, "Máy tổ trưởng")
    deputy = laptop_client(central, team.id, "Máy tổ phó")
    huong, binh, topic, training = (str(uuid.uuid4()) for _ in range(4))
    other_team = {"name": "Tổ lạ", "province_code": 1, "province_name": "Thành phố Hà Nội",
                  "commune_code": COMMUNE, "commune_name": "Phường Giảng Võ"}  # fmt: skip
    answer = leader.push(
        "b1",
        [
            resident(1, huong, "Nguyễn Thị Hương", birth_year=1960, gender="f"),
            change(2, "topic", topic, {"name": "Kích hoạt VNeID mức 2"}),
            resident(3, binh, "Trần Văn Bình"),
            change(4, "training", training, {"day": "2026-02-30", "status": "held",
                                             "topic_ids": [topic]}),
            change(5, "team", str(uuid.uuid4()), other_team),
        ],
    )  # fmt: skip
    assert [r["status"] for r in answer["receipts"]] == [
        "rejected", "accepted", "accepted", "rejected", "rejected"
    ]  # fmt: skip
    # Both laptops had Bình at version 1; the deputy's edit went first.
    deputy.push("d1", [resident(1, binh, "Trần Văn Bình", base=1, birth_year=1950)])
    late = leader.push("b2", [resident(6, binh, "Trần Văn Bình", base=1, birth_year=1951)])
    assert late["receipts"][0]["code"] == "changed_elsewhere"

    me = signed_in(central)
    page = me.get(f"/team/{team.id}?tab=problems").text
    rows = problem_rows(page)
    assert len(rows) == 4, rows
    by_record = {row[3]: row for row in rows}
    assert set(by_record) == {
        "Nguyễn Thị Hương (1960)",
        "Kích hoạt VNeID mức 2 · 30/02/2026",  # a day no calendar has, shown as sent
        "Trần Văn Bình (1951)",
        "Tổ lạ",
    }
    hương = by_record["Nguyễn Thị Hương (1960)"]
    assert hương[1:3] == ["Máy tổ trưởng", "Người dân"]
    assert hương[4:] == ["Bị từ chối", "Dữ liệu không hợp lệ: Giới tính phải là Nữ hoặc Nam."]
    assert by_record["Kích hoạt VNeID mức 2 · 30/02/2026"][2] == "Buổi tập huấn"
    assert by_record["Kích hoạt VNeID mức 2 · 30/02/2026"][5] == (
        "Dữ liệu không hợp lệ: Ngày không phải một ngày có thật."
    )
    assert by_record["Trần Văn Bình (1951)"][4] == "Xung đột với máy khác"
    assert "máy khác của tổ đã sửa" in by_record["Trần Văn Bình (1951)"][5]
    assert by_record["Tổ lạ"][2] == "Tổ" and "không phải của tổ này" in by_record["Tổ lạ"][5]
    for english in ("resident", "training", "changed_elsewhere", "invalid", "Input should",
                    "wrong_team", "not this team", "rejected", "conflict"):  # fmt: skip
        assert english not in str(rows), english
    assert '<span class="flag">có</span>' in page

    # Settled: Hương sent again, valid; the leader keeps its edit of Bình on the server's version.
    leader.push("b3", [resident(7, huong, "Nguyễn Thị Hương", birth_year=1960, gender="female")])
    leader.push("b4", [resident(8, binh, "Trần Văn Bình", base=2, birth_year=1951)])
    page = me.get(f"/team/{team.id}?tab=problems").text
    left = {row[3] for row in problem_rows(page)}
    assert left == {"Kích hoạt VNeID mức 2 · 30/02/2026", "Tổ lạ"}
    assert "2 thay đổi bị từ chối trước đây không còn hiện" in page
    # A refusal is kept on the server (a laptop resending the batch gets it back): only the
    # page leaves it out.
    with central.admin_ops.engine.connect() as conn:
        kept = conn.scalar(
            select(func.count()).select_from(T.problem).where(T.problem.c.team_id == team.id)
        )
    assert kept == 4


def test_a_team_whose_refusals_were_all_settled_has_no_flag(central):
    team = central.admin_ops.team("Tổ khu phố 6", commune=COMMUNE)
    laptop = laptop_client(central, team.id, "Máy")
    someone = str(uuid.uuid4())
    laptop.push("a", [change(1, "resident", someone, {"full_name": "Lò Văn Páo", "x": 1})])
    me = signed_in(central)
    assert '<span class="flag">có</span>' in me.get(f"/team/{team.id}").text
    laptop.push("b", [change(2, "resident", someone, {"full_name": "Lò Văn Páo"})])
    page = me.get(f"/team/{team.id}?tab=problems").text
    assert '<span class="flag">có</span>' not in page
    assert problem_rows(page) == [["Không có thay đổi nào đang bị từ chối."]]


# What a laptop may send wrong, each through the real validation: every refusal reads as a
# Vietnamese sentence about a named field, none falls back to the bare "không hợp lệ".
BAD = [
    ("resident", "upsert", {"full_name": "A", "gender": "f"}, "Giới tính phải là Nữ hoặc Nam"),
    ("resident", "upsert", {"gender": "female"}, "thiếu Họ và tên"),
    ("resident", "upsert", {"full_name": "A" * 201}, "Họ và tên dài quá 200 ký tự"),
    ("resident", "upsert", {"full_name": "A", "birth_year": "1960"}, "Năm sinh phải là số nguyên"),
    ("resident", "upsert", {"full_name": "A", "birth_year": 1800},
     "Năm sinh phải từ 1900 trở lên"),
    ("resident", "upsert", {"full_name": "A", "birth_year": 2200},
     "Năm sinh không được lớn hơn 2100"),
    ("resident", "upsert", {"full_name": 5}, "Họ và tên phải là chữ"),
    ("resident", "upsert", {"full_name": "A", "x": 1}, "có thông tin lạ “x” mà máy chủ không nhận"),
    ("resident", "upsert", {"full_name": "A\ud800"}, "Họ và tên phải là chữ"),
    ("resident", "upsert", [1], "nội dung gửi lên không có dạng của một bản ghi"),
    ("member", "upsert", {"full_name": "A", "role": "boss"},
     "Vai trò phải là Tổ trưởng, Tổ phó hoặc Tổ viên"),
    ("training", "upsert", {"day": "2026-01-01", "status": "done"},
     "Trạng thái phải là Dự kiến, Đã tổ chức hoặc Đã hủy"),
    ("training", "upsert", {"day": "2026-01-01", "status": "held", "start_time": "25:00"},
     "Bắt đầu không phải giờ hợp lệ (từ 00:00 đến 23:59)"),
    ("training", "upsert", {"day": "2026-01-01", "status": "held", "topic_ids": "x"},
     "Chủ đề phải là một danh sách"),
    ("training", "upsert", {"day": "2026-01-01", "status": "held", "topic_ids": [""]},
     "Chủ đề để trống"),
    ("training", "upsert", {"day": "2026-01-01", "status": "held", "topic_ids": ["a"] * 101},
     "Chủ đề có quá 100 mục"),
    ("assist", "upsert", {"day": "2026-01-01", "resident_id": "a", "member_id": "b",
                          "service_id": "c", "outcome": "x"},
     "Kết quả phải là Đã xong, Chưa xong hoặc Chuyển nơi khác"),
    ("attendance", "upsert", {"training_id": "a", "resident_id": "b", "present": 2},
     "Có mặt không được lớn hơn 1"),
]  # fmt: skip


@pytest.mark.parametrize(("entity", "op", "payload", "said"), BAD)
def test_every_kind_of_invalid_payload_reads_as_a_vietnamese_sentence(entity, op, payload, said):
    from central.web import reasons

    with pytest.raises(entities.Invalid) as refused:
        entities.normalise(entity, op, payload)
    text = reasons.reason("rejected", "invalid", str(refused.value))
    assert said in text, (str(refused.value), text)
    assert "Input" not in text and "should" not in text


def test_an_unknown_message_still_names_its_field_and_an_unknown_code_is_said():
    from central.web import reasons

    assert reasons.invalid("phone: something new in pydantic") == (
        "Dữ liệu không hợp lệ: Số điện thoại không hợp lệ."
    )
    assert reasons.invalid("weird_field: ?") == "Dữ liệu không hợp lệ: “weird_field” không hợp lệ."
    assert reasons.reason("rejected", "bad_version", "base_version 9 is above 1")
    assert "mã something" in reasons.reason("rejected", "something", "")
    assert reasons.entity_text("gadget") == "Loại không rõ “gadget”"


# --- a team's sync state and name -----------------------------------------------------------------


def test_a_team_just_added_is_not_silent_but_not_synced_yet(central):
    new = central.admin_ops.team("Tổ vừa thêm", commune=COMMUNE)
    old = central.admin_ops.team("Tổ thêm đã lâu", commune=COMMUNE)
    with central.admin_ops.engine.begin() as conn:
        conn.execute(
            update(T.team)
            .where(T.team.c.id == old.id)
            .values(created_at=accounts.utcnow() - timedelta(days=10))
        )
    me = signed_in(central)
    commune = me.get(f"/commune/{COMMUNE}").text

    def row(team_id: str) -> str:
        found = re.search(rf'<tr( class="stale")?>\s*<td><a [^>]*href="/team/{team_id}.*?</tr>',
                          commune, re.S)  # fmt: skip
        assert found is not None
        return found.group(0)

    assert 'class="stale"' not in row(new.id) and "quá 7 ngày" not in row(new.id)
    assert "chưa đồng bộ lần nào" in row(new.id)
    assert 'class="stale"' in row(old.id) and "đã thêm quá 7 ngày" in row(old.id)
    team_page = me.get(f"/team/{new.id}").text
    assert "chưa đồng bộ lần nào" in team_page and "quá 7 ngày" not in team_page
    assert "đã thêm quá 7 ngày" in me.get(f"/team/{old.id}").text
    # The province's count of silent teams agrees with the rows.
    year = Period(PeriodKind.YEAR, 2026)
    with central.admin_ops.engine.connect() as conn:
        counted = {r.code: r.stale_teams for r in dashboard.commune_rows(conn, 1, year)}
        rows = dashboard.team_rows(conn, COMMUNE, year)
    assert counted.get(COMMUNE, 0) == sum(r.stale for r in rows)
    assert not next(r for r in rows if r.id == new.id).stale


def test_a_team_whose_only_laptop_was_revoked_still_shows_its_last_sync(central, laptops):
    team, (laptop,) = connected_team(central, laptops, "leader", commune=COMMUNE)
    device_id = laptop.read(lambda conn: dict(conn.execute("SELECT key, value FROM sync_state"))
                            )["device_id"]  # fmt: skip
    assert central.admin_ops.revoke(device_id)
    with central.admin_ops.engine.connect() as conn:
        row = dashboard.team_row(conn, team.id, Period(PeriodKind.YEAR, 2026))
    assert row is not None and row.laptops == 0 and row.last_sync is not None
    assert not row.stale


def test_a_team_renamed_on_its_laptop_is_renamed_on_the_dashboard(central, laptops):
    team, (leader,) = connected_team(central, laptops, "leader", commune=COMMUNE)
    mine = leader.read(queries.load_roster).team
    assert mine.name == team.name
    mine.name = "Tổ công nghệ số cộng đồng khu phố 3 mới"
    leader.write(commands.save_team, mine)
    assert leader.sync.run_once().state == "synced"

    me = signed_in(central)
    commune = me.get(f"/commune/{COMMUNE}").text
    assert re.search(rf'<a [^>]*href="/team/{team.id}', commune)
    assert "Tổ công nghệ số cộng đồng khu phố 3 mới" in commune
    assert "Tổ công nghệ số cộng đồng khu phố 3 mới" in me.get(f"/team/{team.id}").text
    # The next laptop of the team is offered the team by the name its laptops use.
    second = laptops("second")
    offer = second.sync.offer(central.url, central.admin_ops.code(team.id))
    assert offer.team["name"] == "Tổ công nghệ số cộng đồng khu phố 3 mới"


# --- the enrolment-code page ----------------------------------------------------------------------


def codes_of(central, team_id: str) -> int:
    with central.admin_ops.engine.connect() as conn:
        return conn.scalar(
            select(func.count())
            .select_from(T.enrolment_code)
            .where(T.enrolment_code.c.team_id == team_id)
        )


def test_reloading_the_code_page_issues_no_other_code_and_shows_it_once(central):
    team = central.admin_ops.team("Tổ khu phố 8", commune=COMMUNE)
    admin = signed_in(central, admin=True)
    posted = admin.post(f"/team/{team.id}/code", allow_redirects=False)
    assert posted.status_code == 303
    where = posted.headers["location"]
    assert where.startswith(f"/team/{team.id}/code/")
    # Someone else signed in, given the address, sees no code (and does not use it up).
    other = signed_in(central, admin=True)
    stranger = other.get(where)
    assert stranger.status_code == 410 and "data-code" not in stranger.text
    shown = admin.get(where)
    assert shown.status_code == 200
    code = re.search(r"data-code>([^<]+)<", shown.text).group(1)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert code not in where and code.replace("-", "") not in where
    assert re.search(r'<img src="data:image/svg\+xml', shown.text)
    # A reload: no new code, and the code is not shown again.
    again = admin.get(where)
    assert again.status_code == 410 and code not in again.text and "data-code" not in again.text
    assert "Cấp mã mới" in again.text
    assert codes_of(central, team.id) == 1
    # The laptop enrols with the code shown; the code is in no line of the server's log.
    client = Client(central.url)
    client.server_id = client.ping()["server_id"]
    assert client.enrol(code, "laptop")["team"]["id"] == team.id
    log = central.log.read_text(errors="replace")
    assert code not in log and code.replace("-", "") not in log
