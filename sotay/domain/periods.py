"""Reporting periods: a month, a quarter or a year, as half-open date ranges; and what a period
is compared with (the period before, the same period a year before, the year so far)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    # From 1 January to the end of month `index`: "the year so far" beside a month or quarter.
    YEAR_TO_DATE = "ytd"


@dataclass(frozen=True, slots=True)
class Period:
    kind: PeriodKind
    year: int
    index: int = 1  # month 1..12 (also a year-to-date's last month) or quarter 1..4

    @property
    def start(self) -> date:
        match self.kind:
            case PeriodKind.MONTH:
                return date(self.year, self.index, 1)
            case PeriodKind.QUARTER:
                return date(self.year, 3 * (self.index - 1) + 1, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        """First day after the period."""
        match self.kind:
            case PeriodKind.MONTH | PeriodKind.YEAR_TO_DATE:
                m = self.index + 1
            case PeriodKind.QUARTER:
                m = 3 * self.index + 1
            case _:
                m = 13
        return date(self.year + (m - 1) // 12, (m - 1) % 12 + 1, 1)

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> Period:
        match kind:
            case PeriodKind.MONTH:
                return cls(kind, day.year, day.month)
            case PeriodKind.QUARTER:
                return cls(kind, day.year, (day.month - 1) // 3 + 1)
            case PeriodKind.YEAR_TO_DATE:
                return cls(kind, day.year, day.month)
        return cls(kind, day.year)


def previous(period: Period) -> Period:
    """The period just before: January's is last December, Q1's last year's Q4."""
    match period.kind:
        case PeriodKind.MONTH:
            if period.index == 1:
                return Period(PeriodKind.MONTH, period.year - 1, 12)
            return Period(PeriodKind.MONTH, period.year, period.index - 1)
        case PeriodKind.QUARTER:
            if period.index == 1:
                return Period(PeriodKind.QUARTER, period.year - 1, 4)
            return Period(PeriodKind.QUARTER, period.year, period.index - 1)
        case PeriodKind.YEAR_TO_DATE:  # the same months of the year before
            return year_before(period)
    return Period(PeriodKind.YEAR, period.year - 1)


def year_before(period: Period) -> Period:
    """The same period a year earlier (29 February needs no care: periods are whole months)."""
    return Period(period.kind, period.year - 1, period.index)


def simplest(period: Period) -> Period:
    """A year-to-date that is also a month, a quarter or a year, as that (January is a month,
    January to March the first quarter, to December the year): one name for each range."""
    if period.kind is PeriodKind.YEAR_TO_DATE:
        match period.index:
            case 1:
                return Period(PeriodKind.MONTH, period.year, 1)
            case 3:
                return Period(PeriodKind.QUARTER, period.year, 1)
            case 12:
                return Period(PeriodKind.YEAR, period.year)
    return period


def year_to_date(period: Period) -> Period:
    """From 1 January to the period's end: to the month's end, to the quarter's last month."""
    last = (period.end.month - 2) % 12 + 1  # the period's last month
    return simplest(Period(PeriodKind.YEAR_TO_DATE, period.year, last))


def comparisons(period: Period) -> list[tuple[str, Period]]:
    """What a period's figures are shown beside, by name: "previous", "year_before",
    "year_to_date"; each range once (a year's previous period is the year before; its year
    so far is itself)."""
    out: list[tuple[str, Period]] = []
    for name, other in (
        ("previous", previous(period)),
        ("year_before", year_before(period)),
        ("year_to_date", year_to_date(period)),
    ):
        if other != period and all(other != seen for _, seen in out):
            out.append((name, other))
    return out


ELDERLY_AGE = 60


def is_elderly(birth_year: int | None, period: Period) -> bool:
    """Aged 60+ in the period's year (how the commune counts 'người cao tuổi')."""
    return birth_year is not None and period.year - birth_year >= ELDERLY_AGE
