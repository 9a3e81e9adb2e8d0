"""How the pages write numbers, times and periods (Vietnamese)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from sotay.domain.periods import Period, PeriodKind
from sotay.words import period_label, period_text

VIETNAM = timezone(timedelta(hours=7))
PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|0[1-9]|1[0-2]))?$")
FIRST_YEAR = 2025  # the movement's first reports


def local_time(value: datetime | None) -> str:
    """A stored time (naive UTC) as the commune reads it."""
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def today() -> date:
    return datetime.now(VIETNAM).date()


def parse_period(text: str | None) -> Period:
    """ "2026", "2026-Q3" or "2026-11"; this month when missing or not understood."""
    match = PERIOD.match(text or "")
    if match is None or not FIRST_YEAR <= int(match.group(1)) <= today().year + 1:
        return Period.containing(PeriodKind.MONTH, today())
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        return Period(PeriodKind.YEAR, year)
    if part.startswith("Q"):
        return Period(PeriodKind.QUARTER, year, int(part[1]))
    return Period(PeriodKind.MONTH, year, int(part))


def period_options(chosen: Period) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods to choose from, newest year first: (group, [(value, label)])."""
    from central.rollups import period_key

    groups = []
    now = today()
    for year in range(max(now.year, chosen.year), FIRST_YEAR - 1, -1):
        last_month = 12 if year < now.year else now.month
        periods = [Period(PeriodKind.YEAR, year)]
        periods += [
            Period(PeriodKind.QUARTER, year, q) for q in range(1, (last_month - 1) // 3 + 2)
        ]
        periods += [Period(PeriodKind.MONTH, year, m) for m in range(last_month, 0, -1)]
        items = [(period_key(p), period_label(p)) for p in periods]
        groups.append((f"Năm {year}", items))
    key = period_key(chosen)
    if not any(key == v for _, items in groups for v, _ in items):
        groups[0][1].insert(0, (key, period_text(chosen)))
    return groups
