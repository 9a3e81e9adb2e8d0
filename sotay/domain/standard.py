"""The standard indicators the plans count (Nghị quyết 57, Kế hoạch 02-KH/BCĐTW, the "Bình dân
học vụ số" plans), by fixed codes that never change: the laptop, the dashboard, every export
and the province's feed speak of the same figure by the same code, whatever each team named
its catalogue items.

A catalogue item (a help service or a training topic) carries at most one item code
(`ITEM_CODES`); an indicator is counted from the items that carry its code, or from every
training for `trained`. The names are Vietnamese data as the plans write them (the laptop's
screens translate them through Qt; the commune's pages are Vietnamese)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["service", "topic"]


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name: str  # Vietnamese, as the commune reports it
    name_en: str
    # What an item carrying this code is: a help service done, or a training topic attended.
    # None: counted from every training (people trained at least once).
    kind: Kind | None
    # The residents it reaches can be set against a neighbourhood's adults (a rate).
    rate: bool = True


TRAINED = "trained"
BASIC_SKILLS = "basic_skills"
VNEID = "vneid_l2"
ONLINE_DOSSIER = "online_dossier"
CASHLESS = "cashless"
SCAM = "scam_awareness"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        TRAINED,
        "Người dân được tập huấn kỹ năng số (ít nhất một buổi)",
        "Residents trained in digital skills (at least once)",
        None,
    ),
    Indicator(
        BASIC_SKILLS,
        "Người dân hoàn thành kỹ năng số cơ bản",
        "Residents who completed the basic digital skills",
        "topic",
    ),
    Indicator(VNEID, "Kích hoạt tài khoản định danh điện tử VNeID mức 2",
              "VNeID level-2 accounts activated", "service"),
    Indicator(ONLINE_DOSSIER, "Hồ sơ dịch vụ công trực tuyến được nộp",
              "Online public-service dossiers submitted", "service", rate=False),
    Indicator(CASHLESS, "Người dân được hỗ trợ thanh toán không dùng tiền mặt",
              "Residents helped to set up cashless payment", "service"),
    Indicator(SCAM, "Người dân được hỗ trợ nhận diện lừa đảo trực tuyến",
              "Residents helped to spot online scams", "service"),
)  # fmt: skip

BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}

# The codes an item of each kind may carry (at most one per item).
ITEM_CODES: dict[Kind, tuple[str, ...]] = {
    "service": tuple(i.code for i in INDICATORS if i.kind == "service"),
    "topic": tuple(i.code for i in INDICATORS if i.kind == "topic"),
}

# The seed catalogues' items (sotay/domain/catalogue.py) and their codes: every laptop and
# every commune starts with them, so the seeds' figures sum across teams from the first day.
SEED_CODES: dict[tuple[Kind, str], str] = {
    ("service", "Kích hoạt VNeID mức 2"): VNEID,
    ("service", "Nộp hồ sơ dịch vụ công trực tuyến"): ONLINE_DOSSIER,
    ("service", "Mở tài khoản / thanh toán không dùng tiền mặt"): CASHLESS,
    ("service", "Nhận diện lừa đảo"): SCAM,
    ("topic", "Kỹ năng số cơ bản"): BASIC_SKILLS,
}


def valid_item_code(kind: str, code: str | None) -> bool:
    """`code` may be carried by an item of `kind` (None or "": no code)."""
    return not code or code in ITEM_CODES.get(kind, ())  # type: ignore[call-overload]
