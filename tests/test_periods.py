"""What a period is compared with, at the year's edges (issue 23, item 4): January's previous
month is last December, the first quarter's previous quarter is last year's fourth, and the
year so far runs from 1 January to the period's last month."""

from __future__ import annotations

from datetime import date

import pytest

from sotay.domain.periods import (
    Period,
    PeriodKind,
    comparisons,
    previous,
    simplest,
    year_before,
    year_to_date,
)
from sotay.words import period_label, period_text

M, Q, Y, YTD = PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR, PeriodKind.YEAR_TO_DATE


@pytest.mark.parametrize(
    ("period", "before"),
    [
        (Period(M, 2026, 1), Period(M, 2025, 12)),
        (Period(M, 2026, 2), Period(M, 2026, 1)),
        (Period(M, 2026, 12), Period(M, 2026, 11)),
        (Period(Q, 2026, 1), Period(Q, 2025, 4)),
        (Period(Q, 2026, 2), Period(Q, 2026, 1)),
        (Period(Q, 2026, 4), Period(Q, 2026, 3)),
        (Period(Y, 2026), Period(Y, 2025)),
    ],
)
def test_the_previous_period_crosses_the_year(period: Period, before: Period) -> None:
    assert previous(period) == before
    assert previous(period).end == period.start  # touching, nothing between


@pytest.mark.parametrize(
    "period", [Period(M, 2026, 1), Period(M, 2024, 2), Period(Q, 2026, 1), Period(Y, 2026)]
)
def test_the_same_period_a_year_before(period: Period) -> None:
    before = year_before(period)
    assert before.kind == period.kind and before.index == period.index
    assert before.start == period.start.replace(year=period.year - 1)
    assert before.end == period.end.replace(year=period.end.year - 1)


@pytest.mark.parametrize(
    ("period", "so_far", "end"),
    [
        (Period(M, 2026, 1), Period(M, 2026, 1), date(2026, 2, 1)),  # January: itself
        (Period(M, 2026, 2), Period(YTD, 2026, 2), date(2026, 3, 1)),
        (Period(M, 2026, 3), Period(Q, 2026, 1), date(2026, 4, 1)),  # Jan-Mar: the first quarter
        (Period(M, 2026, 11), Period(YTD, 2026, 11), date(2026, 12, 1)),
        (Period(M, 2026, 12), Period(Y, 2026), date(2027, 1, 1)),  # to December: the year
        (Period(Q, 2026, 1), Period(Q, 2026, 1), date(2026, 4, 1)),
        (Period(Q, 2026, 2), Period(YTD, 2026, 6), date(2026, 7, 1)),
        (Period(Q, 2026, 4), Period(Y, 2026), date(2027, 1, 1)),
        (Period(Y, 2026), Period(Y, 2026), date(2027, 1, 1)),
    ],
)
def test_the_year_so_far(period: Period, so_far: Period, end: date) -> None:
    assert year_to_date(period) == so_far
    assert (so_far.start, so_far.end) == (date(period.year, 1, 1), end)


def test_a_year_to_date_has_one_name_per_range() -> None:
    for month in range(1, 13):
        ytd = Period(YTD, 2026, month)
        assert (simplest(ytd).start, simplest(ytd).end) == (ytd.start, ytd.end)
    assert simplest(Period(YTD, 2026, 5)) == Period(YTD, 2026, 5)
    assert Period.containing(YTD, date(2026, 5, 9)) == Period(YTD, 2026, 5)


def test_comparisons_name_each_range_once() -> None:
    assert comparisons(Period(M, 2026, 1)) == [
        ("previous", Period(M, 2025, 12)),
        ("year_before", Period(M, 2025, 1)),
    ]  # January's year so far is January
    assert comparisons(Period(Q, 2026, 3)) == [
        ("previous", Period(Q, 2026, 2)),
        ("year_before", Period(Q, 2025, 3)),
        ("year_to_date", Period(YTD, 2026, 9)),
    ]
    # A year: the year before, once (it is both the previous period and the same one).
    assert comparisons(Period(Y, 2026)) == [("previous", Period(Y, 2025))]


def test_a_year_to_date_reads_in_vietnamese() -> None:
    assert period_text(Period(YTD, 2026, 5)) == "Từ đầu năm đến hết tháng 5 năm 2026"
    assert period_label(Period(YTD, 2026, 5)) == "Tháng 1–5/2026"
