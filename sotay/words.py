"""The Vietnamese words for what the records store as codes (role, gender, a training's status,
a help session's outcome), for counts and for periods: written once, for every page the commune
reads, whichever side draws it (the laptop's printed sheets and report, the central service's
dashboard, its XLSX and PDF).

The laptop's screens say the same values in the user's language through Qt Linguist
(desktop/ui/texts.py, English source); tests/test_i18n.py holds the Vietnamese catalogue's
translations of those to the words here, so a screen and a page never name a value apart.
"""

from __future__ import annotations

from typing import Final

from sotay.domain.models import Gender, Outcome, Role, TrainingStatus
from sotay.domain.periods import Period, PeriodKind

ROLE: Final[dict[str, str]] = {
    Role.LEADER: "Tổ trưởng",
    Role.DEPUTY: "Tổ phó",
    Role.MEMBER: "Tổ viên",
}
GENDER: Final[dict[str, str]] = {Gender.FEMALE: "Nữ", Gender.MALE: "Nam"}
TRAINING_STATUS: Final[dict[str, str]] = {  # in the order lists offer them
    TrainingStatus.HELD: "Đã tổ chức",
    TrainingStatus.PLANNED: "Dự kiến",
    TrainingStatus.CANCELLED: "Đã hủy",
}
OUTCOME: Final[dict[str, str]] = {
    Outcome.DONE: "Đã xong",
    Outcome.NOT_DONE: "Chưa xong",
    Outcome.REFERRED: "Chuyển nơi khác",
}

# The kinds of record and their fields, as the laptop's list of changes that need attention
# names them (desktop/ui/sync.py, ENTITY_NAMES and FIELD_NAMES): the dashboard's list of
# refused changes says the same words.
ENTITY: Final[dict[str, str]] = {
    "team": "Tổ",
    "neighbourhood": "Khu phố/ấp",
    "member": "Tổ viên",
    "topic": "Chủ đề tập huấn",
    "service": "Nội dung hỗ trợ",
    "resident": "Người dân",
    "training": "Buổi tập huấn",
    "attendance": "Điểm danh",
    "assist": "Lượt hỗ trợ",
}
FIELD: Final[dict[str, str]] = {
    "name": "Tên",
    "full_name": "Họ và tên",
    "role": "Vai trò",
    "phone": "Số điện thoại",
    "gender": "Giới tính",
    "birth_year": "Năm sinh",
    "neighbourhood_id": "Khu phố/ấp",
    "note": "Ghi chú",
    "day": "Ngày",
    "start_time": "Bắt đầu",
    "end_time": "Kết thúc",
    "place": "Địa điểm",
    "status": "Trạng thái",
    "topic_ids": "Chủ đề",
    "trainer_ids": "Người hướng dẫn",
    "present": "Có mặt",
    "resident_id": "Người dân",
    "member_id": "Người hỗ trợ",
    "service_id": "Nội dung hỗ trợ",
    "outcome": "Kết quả",
    "reason": "Lý do",
    "active": "Đang dùng",
    "sort": "Thứ tự",
    "code": "Chỉ tiêu",
    "adults": "Người lớn",
    "households": "Số hộ",
    "counted_on": "Ngày đếm",
    # The laptop's screen names the delete as a yes/no ("Đã xóa: Có"); a page names the stamp.
    "deleted_at": "Thời điểm xóa",
    # Fields no screen names (set by the app, not typed).
    "training_id": "Buổi tập huấn",
    "created_at": "Thời điểm tạo",
    "recorded_by": "Người ghi",
    "province_code": "Mã tỉnh/thành phố",
    "province_name": "Tên tỉnh/thành phố",
    "commune_code": "Mã xã/phường",
    "commune_name": "Tên xã/phường",
}

# Quarters are written in Roman numerals in administrative Vietnamese ("Quý III").
ROMAN: Final[dict[int, str]] = {1: "I", 2: "II", 3: "III", 4: "IV"}


def number(value: int | None) -> str:
    """A count as Vietnamese write it: 1.234 (a dot between thousands)."""
    return f"{int(value or 0):,}".replace(",", ".")


def data_size(size: int) -> str:
    """A file's size as Vietnamese read it: "276 kB", "1,2 MB" (a decimal comma), in the
    1,024-byte units Windows Explorer shows beside the same file."""
    kb = size / 1024
    if kb < 999.5:
        return f"{round(kb) or (1 if size else 0)} kB"  # a file of a few bytes is not "0 kB"
    mb = kb / 1024
    unit, value = ("MB", mb) if mb < 999.95 else ("GB", mb / 1024)
    whole, tenth = divmod(round(value * 10), 10)
    return f"{number(whole)},{tenth} {unit}" if tenth else f"{number(whole)} {unit}"


def period_text(period: Period) -> str:
    """A report's period in full: "Tháng 3 năm 2026", "Quý I năm 2026", "Năm 2026"."""
    match period.kind:
        case PeriodKind.MONTH:
            return f"Tháng {period.index} năm {period.year}"
        case PeriodKind.QUARTER:
            return f"Quý {ROMAN[period.index]} năm {period.year}"
        case PeriodKind.YEAR_TO_DATE:
            return f"Từ đầu năm đến hết tháng {period.index} năm {period.year}"
    return f"Năm {period.year}"


def period_label(period: Period) -> str:
    """A period in a list to choose from: "Tháng 3/2026", "Quý I/2026", "Cả năm 2026"."""
    match period.kind:
        case PeriodKind.MONTH:
            return f"Tháng {period.index}/{period.year}"
        case PeriodKind.QUARTER:
            return f"Quý {ROMAN[period.index]}/{period.year}"
        case PeriodKind.YEAR_TO_DATE:
            return f"Tháng 1–{period.index}/{period.year}"
    return f"Cả năm {period.year}"


# Above a team (a commune, a province) people are each team's own count added up: teams do not
# share residents, so someone trained by two teams counts twice. Said where the figure is.
SUMMED_NOTE = (
    "Số người là cộng số của các tổ: mỗi tổ tính mỗi người một lần, nên một người được hai tổ "
    "tập huấn hoặc hỗ trợ được tính hai lần."
)
