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


def indicators_of(kind: str) -> tuple[Indicator, ...]:
    """The indicators an item of `kind` may be mapped to, in the plans' order."""
    return tuple(i for i in INDICATORS if i.kind == kind)


def _seed_ids() -> dict[str, str]:
    from sotay.domain.fields import catalogue_id

    return {catalogue_id(kind, name): code for (kind, name), code in SEED_CODES.items()}


# The seed items by id (the same on every laptop and the commune's): what an item recorded
# before codes existed carries (a laptop's migration and the central service's fill them in).
SEED_CODES_BY_ID: dict[str, str] = _seed_ids()


def item_code(kind: str, item_id: str, payload: dict[str, object]) -> str | None:
    """The code of a synced catalogue item. A payload without the field (an older laptop's)
    says nothing about it: a seed keeps its own; any other item has none. A code that is not
    one of its kind's is none (never counted under the wrong indicator)."""
    code = payload["code"] if "code" in payload else SEED_CODES_BY_ID.get(item_id)
    if not isinstance(code, str) or not valid_item_code(kind, code):
        return None
    return code or None


# --- the figures by code, for one period ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """An indicator's figure for a period: `people`, the distinct residents it reached;
    `count`, the attendances (trainings) or help sessions done (services) behind it."""

    code: str
    people: int = 0
    count: int = 0

    @property
    def value(self) -> int:
        """What the plans count: residents for a training indicator (each once), help
        sessions done for a service's (an online dossier is a dossier, not a person)."""
        indicator = BY_CODE.get(self.code)
        return self.count if indicator is not None and indicator.kind == "service" else self.people


class Tally:
    """The figures by code of one team for one period, fed record by record: the central
    service's rollups (central/rollups.py) count with it; the laptop counts the same rules in
    SQL (desktop/store/queries.standard_figures), and a test holds the two equal.

    The rules: `trained` counts every resident present at a held training, once; a topic's
    code counts those present at a held training that has a topic with the code (a team with
    several basic-skills topics: present at any of them, once); a service's code counts help
    sessions done for a service with the code, and the residents they helped, once each."""

    def __init__(self) -> None:
        self._people: dict[str, set[str]] = {i.code: set() for i in INDICATORS}
        self._count: dict[str, int] = dict.fromkeys(BY_CODE, 0)

    def attended(self, resident_id: str, topic_codes: set[str] | frozenset[str]) -> None:
        """A resident present at a held training whose topics carry `topic_codes`."""
        for code in (TRAINED, *topic_codes):
            if code in self._people:
                self._people[code].add(resident_id)
                self._count[code] += 1

    def helped(self, resident_id: str, code: str | None, outcome: str) -> None:
        """A help session for a service carrying `code`, with its outcome."""
        if code is None or outcome != "done" or code not in self._people:
            return
        self._people[code].add(resident_id)
        self._count[code] += 1

    def figures(self) -> list[Figure]:
        return [Figure(i.code, len(self._people[i.code]), self._count[i.code]) for i in INDICATORS]


def in_order(figures: dict[str, tuple[int, int]]) -> list[Figure]:
    """Every indicator in the plans' order, from (people, count) by code; zeros where none."""
    return [Figure(i.code, *figures.get(i.code, (0, 0))) for i in INDICATORS]
