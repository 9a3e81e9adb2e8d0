"""Why the server refused a change, in plain Vietnamese, for the team page's list of refused
changes. The server keeps each refusal's code and its English message (central/ingest.py; the
laptop gets the same in its receipt): this reads them back into a sentence, field names in the
words the laptop's screens use (sotay/words.py). A message it does not recognise still names
its field: "dữ liệu không hợp lệ" plus the field, never the English."""

from __future__ import annotations

import re
from collections.abc import Callable

from sotay import words
from sotay.protocol import Reject, invalid_parts

CONFLICT = "changed_elsewhere"  # ingest's code for a conflict

# Values a field may take, in the pages' words (a literal_error lists the stored codes).
VALUES: dict[str, dict[str, str]] = {
    "gender": dict(words.GENDER),
    "role": dict(words.ROLE),
    "status": dict(words.TRAINING_STATUS),
    "outcome": dict(words.OUTCOME),
}


def field_name(loc: str) -> str:
    """ "birth_year" -> "Năm sinh"; "topic_ids.0" -> "Chủ đề"; an unknown field by its name."""
    name = loc.split(".", 1)[0]
    return words.FIELD.get(name, f"“{name}”")


def _one_of(field: str, listed: str) -> str:
    values = [VALUES.get(field, {}).get(v, v) for v in re.findall(r"'([^']*)'", listed)]
    if len(values) < 2:
        return ", ".join(values)
    return ", ".join(values[:-1]) + " hoặc " + values[-1]


# pydantic's messages (entities.normalise writes "field: message"), each to a sentence about
# the field. `f` is the field's Vietnamese name, `loc` its stored name, `m` the match.
Rule = Callable[[str, str, re.Match[str]], str]
RULES: list[tuple[re.Pattern[str], Rule]] = [
    (re.compile(r"Field required"), lambda f, loc, m: f"thiếu {f}"),
    (
        re.compile(r"Extra inputs are not permitted"),
        lambda f, loc, m: f"có thông tin lạ “{loc}” mà máy chủ không nhận",
    ),
    (
        re.compile(r"Input should be ('.*')$"),
        lambda f, loc, m: f"{f} phải là {_one_of(loc.split('.')[0], m.group(1))}",
    ),
    (re.compile(r"Input should be a valid string"), lambda f, loc, m: f"{f} phải là chữ"),
    (re.compile(r"Input should be a valid integer"), lambda f, loc, m: f"{f} phải là số nguyên"),
    (re.compile(r"Input should be a valid list"), lambda f, loc, m: f"{f} phải là một danh sách"),
    (
        re.compile(r"String should have at most (\d+) character"),
        lambda f, loc, m: f"{f} dài quá {m.group(1)} ký tự",
    ),
    (
        re.compile(r"String should have at least 1 character"),
        lambda f, loc, m: f"{f} để trống",
    ),
    (
        re.compile(r"String should have at least (\d+) character"),
        lambda f, loc, m: f"{f} ngắn hơn {m.group(1)} ký tự",
    ),
    (
        re.compile(r"Input should be greater than or equal to (-?\d+)"),
        lambda f, loc, m: f"{f} phải từ {m.group(1)} trở lên",
    ),
    (
        re.compile(r"Input should be less than or equal to (-?\d+)"),
        lambda f, loc, m: f"{f} không được lớn hơn {m.group(1)}",
    ),
    (
        re.compile(r"List should have at most (\d+) item"),
        lambda f, loc, m: f"{f} có quá {m.group(1)} mục",
    ),
    (
        re.compile(r"not a calendar day"),
        lambda f, loc, m: f"{f} không phải một ngày có thật",
    ),
    (
        re.compile(r"not a time of day"),
        lambda f, loc, m: f"{f} không phải giờ hợp lệ (từ 00:00 đến 23:59)",
    ),
    (
        re.compile(r"Input should be a valid dictionary"),
        lambda f, loc, m: "nội dung gửi lên không có dạng của một bản ghi",
    ),
    (
        re.compile(r"characters that are not valid Unicode"),
        lambda f, loc, m: "có chữ bị lỗi mã (ký tự không hợp lệ, thường do bàn phím hoặc tệp nhập)",
    ),
]


def invalid_part(loc: str, message: str) -> str:
    """One "field: message" of an `invalid` refusal, as a Vietnamese clause."""
    field = field_name(loc) if loc and loc not in ("payload", "text") else ""
    for pattern, say in RULES:
        found = pattern.search(message)
        if found is not None:
            return say(field or "dữ liệu", loc, found)
    return f"{field} không hợp lệ" if field else "dữ liệu không hợp lệ"


def invalid(message: str) -> str:
    parts = [invalid_part(loc, why) for loc, why in invalid_parts(message)]
    if not parts:
        return "Dữ liệu không hợp lệ."
    return "Dữ liệu không hợp lệ: " + "; ".join(parts) + "."


def reason(status: str, code: str, message: str) -> str:
    """The whole reason of a refused change, as the team page shows it."""
    if status == "conflict" or code == CONFLICT:
        return (
            "Một máy khác của tổ đã sửa bản ghi này trước; trên máy đã gửi, tổ trưởng chọn "
            "giữ bản nào."
        )
    match code:
        case Reject.INVALID:
            return invalid(message)
        case Reject.BAD_VERSION:
            return (
                "Số phiên bản máy gửi kèm không khớp với bất kỳ bản nào máy chủ đã cấp, nên "
                "máy chủ không nhận để khỏi ghi đè bản mới hơn."
            )
        case Reject.WRONG_TEAM:
            return (
                "Thông tin tổ gửi lên không phải của tổ này (khác tổ hoặc khác xã/phường, hay "
                "là lệnh xóa tổ): việc đó do xã/phường làm trên máy chủ."
            )
        case Reject.UNKNOWN_ENTITY:
            return "Loại dữ liệu máy chủ không biết (ứng dụng trên máy có thể mới hơn máy chủ)."
    return f"Máy chủ không nhận thay đổi này (mã {code or 'không rõ'})."


def status_text(status: str) -> str:
    return "Xung đột với máy khác" if status == "conflict" else "Bị từ chối"


def entity_text(entity: str) -> str:
    return words.ENTITY.get(entity, f"Loại không rõ “{entity}”")
