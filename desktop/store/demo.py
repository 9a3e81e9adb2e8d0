"""Synthetic data for demos and benchmarks: one team, its residents, a year of work.

Demo data never writes outbox rows: it is made up and must never sync to a real server.
(seed_catalogues queues its rows like any real change; fill_demo takes those out again.)

    store.write(fill_demo)                                # a commune team: 3,000 residents
    store.write(partial(fill_demo, **LARGE_WARD))         # a large ward, for the benchmarks
    store.write(fill_large_ward)                          # the same

Every row is built in Python first, then written with `executemany` inside the caller's one
transaction; the FTS triggers index the residents as they go in.
"""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect_right
from collections.abc import Mapping
from datetime import date, timedelta
from functools import partial
from itertools import accumulate
from typing import Any

from desktop.store import commands
from desktop.store.db import Db
from sotay.domain.models import new_id
from sotay.domain.text import fold, sort_key

# A large urban ward: 50,000 residents, 2,000 trainings, ~150,000 attendance rows, 30,000 help
# sessions. The figures the benchmarks (bench/run.py) are measured against.
LARGE_WARD: dict[str, Any] = dict(
    residents=50_000, trainings=2_000, attendance_per_training=(50, 100), assists=30_000
)

PROVINCE = "ha noi"
COMMUNE = "Phường Hoàng Mai"
NEIGHBOURHOODS = tuple(f"Khu phố {i}" for i in range(1, 7))

# --- names --------------------------------------------------------------------------------------
# Family names with rough national shares (per cent); a long tail of rarer ones.
FAMILY = {
    "Nguyễn": 38.0,
    "Trần": 11.0,
    "Lê": 9.5,
    "Phạm": 7.0,
    "Hoàng": 5.1,
    "Huỳnh": 1.2,
    "Phan": 4.5,
    "Vũ": 3.9,
    "Võ": 1.5,
    "Đặng": 2.1,
    "Bùi": 2.0,
    "Đỗ": 1.4,
    "Hồ": 1.3,
    "Ngô": 1.3,
    "Dương": 1.0,
    "Lý": 0.5,
    "Đinh": 0.8,
    "Trịnh": 0.6,
    "Đào": 0.6,
    "Mai": 0.5,
    "Cao": 0.5,
    "Lương": 0.4,
    "Tạ": 0.3,
    "Chu": 0.3,
    "Kiều": 0.2,
    "Nghiêm": 0.2,
}
# (older generations: Thị / Văn almost always; younger ones: more varied middle names)
MIDDLE_F_OLD = {"Thị": 85, "Ngọc": 4, "Thu": 3, "Thanh": 3, "Kim": 2, "Minh": 1, "Hồng": 2}
MIDDLE_F_YOUNG = {
    "Thị": 30,
    "Ngọc": 10,
    "Thu": 8,
    "Thanh": 8,
    "Minh": 7,
    "Phương": 6,
    "Thùy": 6,
    "Hồng": 5,
    "Bích": 4,
    "Diệu": 3,
    "Khánh": 4,
    "Mai": 4,
    "Kim": 3,
    "Hải": 2,
}
MIDDLE_M_OLD = {"Văn": 75, "Hữu": 6, "Đức": 6, "Đình": 5, "Quang": 3, "Xuân": 3, "Công": 2}
MIDDLE_M_YOUNG = {
    "Văn": 25,
    "Minh": 12,
    "Đức": 10,
    "Hữu": 6,
    "Quang": 8,
    "Ngọc": 4,
    "Xuân": 4,
    "Thanh": 5,
    "Tuấn": 4,
    "Công": 5,
    "Đình": 5,
    "Mạnh": 4,
    "Trọng": 4,
    "Quốc": 6,
    "Anh": 4,
}
# A second middle name sometimes: Nguyễn Thị Thu Hà, Trần Văn Minh Đức.
SECOND_F = ("Thu", "Thanh", "Ngọc", "Minh", "Phương", "Hồng", "Kim", "Mai")
SECOND_M = ("Minh", "Quang", "Anh", "Tuấn", "Đức", "Hoàng", "Thanh", "Hải")


def _words(text: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", text).split())


GIVEN_F = _words(
    "Hương Hà Lan Hoa Mai Hằng Thảo Linh Trang Nga Hạnh Huyền Thủy Loan Dung Yến Phương Ngọc"
    " Nhung Oanh Hiền Thu Vân Liên Thanh Tâm Anh Hòa Lý Nguyệt Xuân Hồng Quyên Nhàn Tuyết Chi"
    " Giang Ly Duyên Châu Vy Nhi Quỳnh Trâm My Hải Bình Cúc Đào Lụa Tình Thơm Lựu Sen"
)
GIVEN_M = _words(
    "Hùng Dũng Minh Tuấn Hải Nam Sơn Long Thắng Cường Bình Hưng Quang Đức Thành Trung Tùng"
    " Phong Hiếu Toàn Khánh Huy Hòa Lâm Tiến Việt Vinh Kiên Hoàng Thịnh Lợi Phúc Tài Hậu"
    " Quân Đạt Chiến Bảo An Tâm Dương Hiệp Thanh Khoa Nghĩa Thọ Tư Bằng Lực"
)
MOBILE_PREFIXES = _words(
    "090 091 093 094 096 097 098 032 033 034 035 036 037 038 039 070 076 077 078 079"
    " 081 082 083 084 085 086 088"
)

RESIDENT_NOTES = (
    "Không có điện thoại thông minh",
    "Con cháu hỗ trợ dùng điện thoại",
    "Mắt kém, cần chữ to",
    "Nghe kém",
    "Đi lại khó khăn, cần hỗ trợ tại nhà",
    "Hộ kinh doanh",
    "Thương binh",
    "Hộ cận nghèo",
)

PLACES = (
    *(f"Nhà văn hóa {n}" for n in NEIGHBOURHOODS),
    "Hội trường UBND phường",
    "Trường THCS Hoàng Mai",
    "Điểm Bưu điện văn hóa phường",
    "Trung tâm phục vụ hành chính công",
)
TRAINING_TIMES = (("08:00", "10:00"), ("08:30", "11:00"), ("14:00", "16:00"), ("19:30", "21:00"))
TRAINING_NOTES = (
    "Phối hợp Đoàn Thanh niên",
    "Phối hợp Hội Người cao tuổi",
    "Phối hợp Hội Liên hiệp Phụ nữ",
    "Mang theo CCCD gắn chip",
    "Có loa, máy chiếu",
)

# Shares of each seed topic / service (same order as catalogue.SEED_TOPICS / SEED_SERVICES).
TOPIC_WEIGHTS = (5, 4, 3, 4, 3, 2, 1, 1)
SERVICE_WEIGHTS = (35, 20, 15, 15, 8, 7)
OTHER_SERVICE_NOTES = (
    "Hướng dẫn dùng Zalo",
    "Cài ứng dụng ngân hàng",
    "Tra cứu hóa đơn tiền điện",
    "Đổi mật khẩu Wi-Fi",
    "Cài đặt cỡ chữ to",
)
NOT_DONE_REASONS = (
    "Chưa có CCCD gắn chip",
    "Điện thoại không hỗ trợ NFC",
    "Số điện thoại không chính chủ",
    "Quên mật khẩu, chưa lấy lại được",
    "Mất kết nối mạng",
    "Người dân hẹn hôm khác",
    "Thiếu giấy tờ",
)
REFERRED_REASONS = (
    "Chuyển Công an phường",
    "Chuyển bộ phận một cửa UBND phường",
    "Chuyển nhà mạng",
    "Chuyển ngân hàng",
    "Chuyển BHXH quận",
)


def _nfc(items: Any) -> Any:
    if isinstance(items, dict):
        return {unicodedata.normalize("NFC", k): v for k, v in items.items()}
    return tuple(unicodedata.normalize("NFC", s) for s in items)


FAMILY = _nfc(FAMILY)
MIDDLE_F_OLD, MIDDLE_F_YOUNG = _nfc(MIDDLE_F_OLD), _nfc(MIDDLE_F_YOUNG)
MIDDLE_M_OLD, MIDDLE_M_YOUNG = _nfc(MIDDLE_M_OLD), _nfc(MIDDLE_M_YOUNG)
SECOND_F, SECOND_M = _nfc(SECOND_F), _nfc(SECOND_M)


class _Picker:
    """Weighted choice with precomputed cumulative weights (much faster than rng.choices)."""

    def __init__(self, rng: random.Random, weights: Mapping[Any, float]) -> None:
        self.rng = rng
        self.items = list(weights)
        self.cum = list(accumulate(weights.values()))
        self.total = self.cum[-1]

    def __call__(self) -> Any:
        return self.items[bisect_right(self.cum, self.rng.random() * self.total)]


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.family = _Picker(rng, FAMILY)
        self.middle = {
            ("female", True): _Picker(rng, MIDDLE_F_OLD),
            ("female", False): _Picker(rng, MIDDLE_F_YOUNG),
            ("male", True): _Picker(rng, MIDDLE_M_OLD),
            ("male", False): _Picker(rng, MIDDLE_M_YOUNG),
        }

    def __call__(self, gender: str, birth_year: int | None) -> str:
        rng = self.rng
        old = birth_year is None or birth_year < 1975
        parts = [self.family(), self.middle[gender, old]()]
        given = rng.choice(GIVEN_F if gender == "female" else GIVEN_M)
        if not old and rng.random() < 0.15:
            second = rng.choice(SECOND_F if gender == "female" else SECOND_M)
            if second not in parts and second != given:
                parts.append(second)
        if given in parts:  # "Nguyễn Thị Thanh Thanh": pick again
            given = rng.choice(GIVEN_F if gender == "female" else GIVEN_M)
        parts.append(given)
        return " ".join(parts)


def _birth_years(rng: random.Random) -> _Picker:
    """1935..2008, skewed older: who digital-skills teams mostly help."""
    weights = {}
    for y in range(1935, 2009):
        if y < 1945:
            w = 0.4 + 0.1 * (y - 1935)
        elif y < 1970:
            w = 2.2
        elif y < 1990:
            w = 1.3
        else:
            w = 0.8
        weights[y] = w
    return _Picker(rng, weights)


def _stamp(day: date, rng: random.Random, now: str) -> str:
    """A commands.utcnow()-style UTC time during Vietnamese office/evening hours of `day`.

    Never later than `now` (same format, so strings compare like times).
    """
    # 07:00..21:59 local (UTC+7) is 00:00..14:59 UTC: never crosses midnight.
    seconds = rng.randrange(15 * 3600)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return min(now, f"{day.isoformat()}T{h:02d}:{m:02d}:{s:02d}.{rng.randrange(1_000_000):06d}Z")


def _phones(rng: random.Random, n: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        p = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10_000_000):07d}"
        if p not in taken:
            taken.add(p)
            out.append(p)
    return out


def fill_demo(
    db: Db,
    *,
    residents: int = 3000,
    trainings: int = 150,
    attendance_per_training: tuple[int, int] = (10, 60),
    assists: int = 2500,
    seed: int = 1,
    today: date | None = None,
) -> None:
    """Fill a migrated database that holds no data yet with one team's year of work.

    Runs inside the caller's transaction (Store.write). Writes no outbox rows.
    """
    conn = db.conn
    if conn.execute("SELECT 1 FROM team LIMIT 1").fetchone():
        raise ValueError("fill_demo needs an empty database: this one already has a team")
    # Marked for good: a demo profile can never connect to a central service.
    conn.execute("INSERT OR REPLACE INTO sync_state(key, value) VALUES ('demo', '1')")
    rng = random.Random(seed)
    today = today or date.today()
    now = commands.utcnow()
    year_start = today - timedelta(days=364)

    def day_in_year(skip_weekend: float = 0.8) -> date:
        while True:
            d = year_start + timedelta(days=rng.randrange(365))
            if d.weekday() < 5 or rng.random() > skip_weekend:
                return d

    names = _Names(rng)
    stamp = partial(_stamp, rng=rng, now=now)

    # --- team, neighbourhoods, members (no outbox) ----------------------------------------------
    from sotay.domain import units

    province = next(p for p in units.provinces() if PROVINCE in p.folded)
    communes = units.communes(province.code)
    commune = next((c for c in communes if c.name == COMMUNE), communes[0])
    setup_day = year_start - timedelta(days=30)
    when = stamp(setup_day)
    audit = (1, when, when, None)
    conn.execute(
        "INSERT INTO team (id, name, province_code, province_name, commune_code, commune_name,"
        " version, created_at, updated_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new_id(),
            f"Tổ công nghệ số cộng đồng {commune.name}",
            province.code,
            province.name,
            commune.code,
            commune.name,
            *audit,
        ),
    )
    nb_ids = [new_id() for _ in NEIGHBOURHOODS]
    conn.executemany(
        "INSERT INTO neighbourhood (id, name, version, created_at, updated_at, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(i, n, *audit) for i, n in zip(nb_ids, NEIGHBOURHOODS, strict=True)],
    )
    taken_phones: set[str] = set()
    member_phones = _phones(rng, 5, taken_phones)
    member_rows = []
    for k, role in enumerate(("leader", "deputy", "member", "member", "member")):
        gender = rng.choice(("female", "male"))
        full_name = names(gender, rng.randrange(1965, 2003))
        member_rows.append((new_id(), full_name, role, member_phones[k], *audit))
    conn.executemany(
        "INSERT INTO member (id, full_name, role, phone, version, created_at, updated_at,"
        " recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        member_rows,
    )
    member_ids = [m[0] for m in member_rows]

    # The seed catalogues exactly as a real first start makes them; their outbox rows go again.
    seq_before = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM outbox").fetchone()[0]
    commands.seed_catalogues(db, member_ids[0])
    conn.execute("DELETE FROM outbox WHERE seq > ?", (seq_before,))
    topic_ids = [r[0] for r in conn.execute("SELECT id FROM topic ORDER BY sort")]
    service_ids = [r[0] for r in conn.execute("SELECT id FROM service ORDER BY sort")]

    # --- residents (in memory first: their created_at follows their first visit) ----------------
    birth = _birth_years(rng)
    people = []  # [full_name, gender, birth_year, neighbourhood_index, phone, note]
    with_phone = [rng.random() < 0.6 for _ in range(residents)]
    phones = iter(_phones(rng, sum(with_phone), taken_phones))
    for k in range(residents):
        gender = "female" if rng.random() < 0.55 else "male"
        year = birth() if rng.random() > 0.01 else None
        note = rng.choice(RESIDENT_NOTES) if rng.random() < 0.05 else ""
        people.append(
            (
                names(gender, year),
                gender,
                year,
                rng.randrange(len(nb_ids)),
                next(phones) if with_phone[k] else "",
                note,
            )
        )
    first_seen = [today] * residents
    # Pools of who comes: the elderly twice as often.
    elderly_cut = today.year - 60
    pools: list[list[int]] = [[] for _ in nb_ids]
    for k, p in enumerate(people):
        pools[p[3]].append(k)
        if p[2] is not None and p[2] <= elderly_cut:
            pools[p[3]].append(k)
    everyone = [k for pool in pools for k in pool]

    def attendees(nb: int, n: int) -> list[int]:
        local = pools[nb]
        picked = rng.sample(local, min(len(local), round(n * 0.9)))
        picked += rng.sample(everyone, min(len(everyone), round(n * 0.4)))
        return list(dict.fromkeys(picked))[:n]

    # --- trainings, topics, trainers, attendance --------------------------------------------------
    planned_n = max(1, round(trainings * 0.06)) if trainings else 0
    days = sorted(day_in_year(0.7) for _ in range(trainings - planned_n))
    days += sorted(today + timedelta(days=rng.randrange(1, 29)) for _ in range(planned_n))
    topic_weights = _Picker(
        rng, {t: TOPIC_WEIGHTS[i] if i < len(TOPIC_WEIGHTS) else 1 for i, t in enumerate(topic_ids)}
    )
    lo, hi = attendance_per_training
    training_rows, topic_rows, trainer_rows, attendance_rows = [], [], [], []
    for day in days:
        tid = new_id()
        if day > today:
            status = "planned"
            created = stamp(today - timedelta(days=rng.randrange(0, 10)))
        else:
            status = "cancelled" if rng.random() < 0.04 else "held"
            created = stamp(max(year_start, day - timedelta(days=rng.randrange(0, 8))))
        start, end = rng.choice(TRAINING_TIMES)
        nb = rng.randrange(len(nb_ids))
        place = PLACES[nb] if rng.random() < 0.7 else rng.choice(PLACES)
        note = rng.choice(TRAINING_NOTES) if rng.random() < 0.2 else ""
        trainers = rng.sample(member_ids, rng.choice((1, 1, 2)))
        training_rows.append(
            (tid, day.isoformat(), start, end, place, status, note, created, created, trainers[0])
        )
        topics = {topic_weights() for _ in range(rng.choice((1, 1, 2)))}
        topic_rows += [(tid, t) for t in topics]
        trainer_rows += [(tid, m) for m in trainers]
        roll = stamp(day) if status == "held" else created  # roll-call taken on the day
        for k in attendees(nb, rng.randint(lo, hi)):
            # Only a class held has someone present; a planned one's roll-call is registered.
            present = 1 if status == "held" and rng.random() < 0.9 else 0
            attendance_rows.append((new_id(), tid, k, present, roll, roll, trainers[0]))
            if day < first_seen[k]:
                first_seen[k] = day

    # --- help sessions ----------------------------------------------------------------------------
    service_pick = _Picker(rng, dict(zip(service_ids, SERVICE_WEIGHTS, strict=True)))
    outcome_pick = _Picker(rng, {"done": 80, "not_done": 12, "referred": 8})
    assist_rows = []
    for day in sorted(day_in_year() for _ in range(assists)):
        k = rng.choice(everyone)
        service = service_pick()
        outcome = outcome_pick()
        reason = {
            "done": "",
            "not_done": rng.choice(NOT_DONE_REASONS),
            "referred": rng.choice(REFERRED_REASONS),
        }[outcome]
        note = rng.choice(OTHER_SERVICE_NOTES) if service == service_ids[-1] else ""
        member = rng.choice(member_ids)
        assist_rows.append(
            (
                new_id(),
                day.isoformat(),
                k,
                member,
                service,
                outcome,
                reason,
                note,
                stamp(day),
                member,
            )
        )
        if day < first_seen[k]:
            first_seen[k] = day

    # --- write: residents in the order they were first entered, so rid follows time -------------
    def created_day(k: int) -> date:  # between the team's start and the first visit
        return setup_day + timedelta(days=rng.randrange((first_seen[k] - setup_day).days + 1))

    created_on = [created_day(k) for k in range(residents)]
    order = sorted(range(residents), key=created_on.__getitem__)
    resident_ids = [""] * residents
    folded: dict[str, tuple[str, str]] = {}
    resident_rows = []
    for k in order:
        full_name, gender, year, nb, phone, note = people[k]
        keys = folded.get(full_name)
        if keys is None:
            keys = folded[full_name] = (fold(full_name), sort_key(full_name))
        rid = resident_ids[k] = new_id()
        when = stamp(created_on[k])
        resident_rows.append(
            (
                rid,
                full_name,
                *keys,
                gender,
                year,
                nb_ids[nb],
                phone,
                note,
                when,
                when,
                member_ids[k % len(member_ids)],
            )
        )
    conn.executemany(
        "INSERT INTO resident (id, full_name, name_folded, sort_key, gender, birth_year,"
        " neighbourhood_id, phone, note, version, created_at, updated_at, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
        resident_rows,
    )
    del resident_rows
    conn.executemany(
        "INSERT INTO training (id, day, start_time, end_time, place, status, note, version,"
        " created_at, updated_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
        training_rows,
    )
    conn.executemany("INSERT INTO training_topic (training_id, topic_id) VALUES (?, ?)", topic_rows)
    conn.executemany(
        "INSERT INTO training_trainer (training_id, member_id) VALUES (?, ?)", trainer_rows
    )
    conn.executemany(
        "INSERT INTO attendance (id, training_id, resident_id, present, version, created_at,"
        " updated_at, recorded_by) VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
        ((a[0], a[1], resident_ids[a[2]], *a[3:]) for a in attendance_rows),
    )
    conn.executemany(
        "INSERT INTO assist (id, day, resident_id, member_id, service_id, outcome, reason,"
        " note, version, created_at, updated_at, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
        ((*a[:2], resident_ids[a[2]], *a[3:9], a[8], a[9]) for a in assist_rows),
    )


fill_large_ward = partial(fill_demo, **LARGE_WARD)
