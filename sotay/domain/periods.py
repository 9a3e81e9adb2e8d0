"""Reporting periods: a month, a quarter or a year, as half-open date ranges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Period:
    kind: PeriodKind
    year: int
    index: int = 1  # month 1..12 or quarter 1..4; ignored for a year

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
            case PeriodKind.MONTH:
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
        return cls(kind, day.year)


ELDERLY_AGE = 60


def is_elderly(birth_year: int | None, period: Period) -> bool:
    """Aged 60+ in the period's year (how the commune counts 'người cao tuổi')."""
    return birth_year is not None and period.year - birth_year >= ELDERLY_AGE
