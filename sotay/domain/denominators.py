"""Denominators and targets (issue 23, items 2 and 3): a neighbourhood's adults (and
households) as counted on a day, the rates set against them, the year's targets per indicator
code (sotay/domain/standard.py) and a team's share of its commune's target.

Shared by the laptop and the central service: the same rules give the same figures on both.

How a target is split (README, "Targets"): a commune's count target is shared among its teams
in proportion to their adults when every team has adults counted, else equally; a province's
target is shared among its communes the same way, then among each commune's teams. A rate
target (a % of adults) is the same rate for every team. A team is *behind* when its figure is
below its share times the part of the year gone (the whole share once the year is over)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sotay.domain.dates import parse_day
from sotay.domain.standard import BY_CODE
from sotay.domain.validation import FieldError, Problem

MAX_COUNT = 10_000_000  # more people than any commune has: a typo
# 1250, or 1.250 / 1,250 / 1 250 with thousands grouped as people write them.
_COUNT = re.compile(r"^(\d+|\d{1,3}([., ]\d{3})+)$")
_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")

COUNT, PERCENT = "count", "percent"
# The pull answer's key, and the laptop's sync_state key, of what the commune sends.
COMMUNE_KEY = "commune"


@dataclass(frozen=True, slots=True)
class Figures:
    """A neighbourhood's people as counted: adults (None: not known), households (optional)."""

    adults: int | None = None
    households: int | None = None
    counted_on: date | None = None
    by_commune: bool = False  # the commune's figure (which wins over the team's own)

    def as_json(self) -> dict[str, Any]:
        return {
            "adults": self.adults,
            "households": self.households,
            "counted_on": self.counted_on.isoformat() if self.counted_on else None,
        }

    @classmethod
    def read(cls, data: Any, *, by_commune: bool = False) -> Figures | None:
        """From a payload; None when it holds no figure (or is not one)."""
        if not isinstance(data, Mapping):
            return None
        adults, households = data.get("adults"), data.get("households")
        adults = adults if _whole(adults) else None
        households = households if _whole(households) else None
        counted = data.get("counted_on")
        day = parse_day(counted) if isinstance(counted, str) else None
        if adults is None and households is None:
            return None
        return cls(adults, households, day, by_commune)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def winning(own: Figures | None, commune: Figures | None) -> Figures | None:
    """The figure used: the commune's when it set one, else the team's own."""
    return commune if commune is not None else own


# --- what the leader types -----------------------------------------------------------------------


def parse_count(text: str) -> int | str | None:
    """A count as typed: an int, None when empty, or the text itself when it is not one."""
    text = text.strip()
    if not text:
        return None
    if not _COUNT.match(text):
        return text
    value = int(re.sub(r"[., ]", "", text))
    return value if value <= MAX_COUNT else text


def parse_date(text: str) -> date | str | None:
    """dd/mm/yyyy as typed: a date, None when empty, or the text when it is not a date."""
    text = text.strip()
    if not text:
        return None
    m = _DATE.match(text)
    if not m:
        return text
    try:
        return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return text


def check_figures(
    adults: str, households: str, counted_on: str, today: date
) -> tuple[list[FieldError], Figures | None]:
    """The three fields of a neighbourhood as typed: the problems by field, and the figures
    (None when all three are empty: not entered, which is allowed)."""
    errors: list[FieldError] = []
    a, h, d = parse_count(adults), parse_count(households), parse_date(counted_on)
    if isinstance(a, str):
        errors.append(FieldError("adults", Problem.NOT_A_COUNT, MAX_COUNT))
    if isinstance(h, str):
        errors.append(FieldError("households", Problem.NOT_A_COUNT, MAX_COUNT))
    if isinstance(d, str):
        errors.append(FieldError("counted_on", Problem.DATE_UNREADABLE))
    elif d is not None and d > today:
        errors.append(FieldError("counted_on", Problem.DATE_IN_FUTURE))
    if a is None and (h is not None or d is not None):
        errors.append(FieldError("adults", Problem.REQUIRED))
    if d is None and (a is not None or h is not None):
        errors.append(FieldError("counted_on", Problem.REQUIRED))
    if errors or a is None:
        return errors, None
    assert isinstance(a, int) and not isinstance(h, str) and isinstance(d, date)
    return errors, Figures(a, h, d)


# --- rates ---------------------------------------------------------------------------------------


def rate(trained: int, adults: int | None) -> float | None:
    """Residents trained per 100 adults; None when the adults are not known (or none)."""
    return 100.0 * trained / adults if adults else None


@dataclass(slots=True)
class Reach:
    """A neighbourhood's (or a team's, a commune's) residents trained against its adults."""

    name: str
    trained: int
    adults: int | None
    by_commune: bool = False
    team: str = ""  # the team's name (the commune's table)
    key: str = ""  # the neighbourhood's id
    counted_on: date | None = None  # the day its adults were counted
    weak: bool = False  # below half the commune's rate, or below the target rate

    @property
    def rate(self) -> float | None:
        return rate(self.trained, self.adults)


def mark_weak(rows: list[Reach], overall: float | None, target: float | None) -> list[Reach]:
    """Weakest first (unknown adults last), each marked when below half of `overall` (the
    commune's rate) or below `target` (a rate target, in %)."""
    for r in rows:
        value = r.rate
        r.weak = value is not None and (
            (overall is not None and value < overall / 2) or (target is not None and value < target)
        )
    return sorted(rows, key=lambda r: (r.rate is None, r.rate or 0.0, r.name))


def overall(rows: list[Reach]) -> Reach:
    """Rows summed; only the ones whose adults are known count, so the rate is not inflated
    by people trained in a neighbourhood that was never counted."""
    known = [r for r in rows if r.adults]
    return Reach(
        "", sum(r.trained for r in known), sum(r.adults or 0 for r in known) if known else None
    )


# --- targets -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    code: str
    year: int
    value: float  # a count, or a rate in %
    unit: str = COUNT  # COUNT or PERCENT (only for an indicator whose `rate` is True)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "year": self.year, "value": self.value, "unit": self.unit}


def valid_target(code: str, unit: str, value: float) -> bool:
    indicator = BY_CODE.get(code)
    if indicator is None or unit not in (COUNT, PERCENT) or not value >= 0:
        return False
    if unit == PERCENT:
        return indicator.rate and value <= 100
    return value <= MAX_COUNT and float(value).is_integer()


def split(total: float, weights: Mapping[str, int | None]) -> tuple[dict[str, float], str]:
    """`total` shared among the keys: by their weights (adults) when every one is known and
    above zero, else equally. Returns the shares and the basis, "adults" or "equal"."""
    if not weights:
        return {}, "equal"
    if all(w for w in weights.values()):
        whole = sum(w or 0 for w in weights.values())
        return {k: total * (w or 0) / whole for k, w in weights.items()}, "adults"
    return {k: total / len(weights) for k in weights}, "equal"


def year_gone(year: int, today: date) -> float:
    """The part of `year` gone by `today`: 0 before it, 1 after it."""
    if today.year != year:
        return 1.0 if today.year > year else 0.0
    start = date(year, 1, 1)
    return ((today - start).days + 1) / ((date(year + 1, 1, 1) - start).days)


@dataclass(slots=True)
class Progress:
    """A figure against its target (or a team's share of it)."""

    name: str
    value: float | None  # the figure (a count, or a rate in % for a rate target); None: unknown
    target: float
    unit: str
    key: str = ""  # a team's id
    behind: bool = False

    @property
    def percent(self) -> float | None:
        if self.value is None or not self.target:
            return None
        return 100.0 * self.value / self.target


def judge(p: Progress, gone: float) -> Progress:
    """Marks `p` behind when its figure is below the target times the part of the year gone
    (a rate is compared with the whole target: it is not summed over the year)."""
    expected = p.target if p.unit == PERCENT else p.target * gone
    p.behind = p.value is not None and p.value < expected
    return p


@dataclass(slots=True)
class CommuneFigures:
    """What the commune sends a team's laptops with each pull (central/denominators.py): its
    own figures for the team's neighbourhoods (they win over the laptop's), and the year's
    targets with the team's share of each."""

    neighbourhoods: dict[str, Figures] = field(default_factory=dict)
    shares: list[tuple[Target, float, str]] = field(default_factory=list)  # target, share, basis

    @classmethod
    def read(cls, data: Any) -> CommuneFigures:
        out = cls()
        if not isinstance(data, Mapping):
            return out
        nbs = data.get("neighbourhoods")
        if isinstance(nbs, Mapping):
            for nb_id, value in nbs.items():
                figures = Figures.read(value, by_commune=True)
                if isinstance(nb_id, str) and figures is not None:
                    out.neighbourhoods[nb_id] = figures
        targets = data.get("targets")
        for t in targets if isinstance(targets, list) else []:
            try:
                target = Target(str(t["code"]), int(t["year"]), float(t["value"]), str(t["unit"]))
                share, basis = float(t["share"]), str(t.get("basis") or "equal")
            except (KeyError, TypeError, ValueError):
                continue
            if valid_target(target.code, target.unit, target.value):
                out.shares.append((target, share, basis))
        return out
