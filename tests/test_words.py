"""The words for stored values are written once (sotay/words.py) for every page the commune
reads; the laptop's screens say them through Qt Linguist. A screen and a page must not name a
value apart: the Vietnamese catalogue's translation of each screen word is the page's word."""

from __future__ import annotations

from pathlib import Path

import pytest

from sotay import words
from sotay.domain.models import Gender, Outcome, Role, TrainingStatus
from sotay.domain.periods import Period, PeriodKind

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def vietnamese(qapp):
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load("sotay_vi", str(ROOT / "i18n"))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_the_screens_words_are_the_pages_words(vietnamese) -> None:
    from desktop.ui import texts

    pairs = [
        *[(texts.role_text(v), words.ROLE[v]) for v in Role],
        *[(texts.gender_text(v), words.GENDER[v]) for v in Gender],
        *[(texts.status_text(v), words.TRAINING_STATUS[v]) for v in TrainingStatus],
        *[(texts.outcome_text(v), words.OUTCOME[v]) for v in Outcome],
    ]
    assert [screen for screen, _ in pairs] == [page for _, page in pairs]


def test_the_kinds_and_fields_the_laptop_names_are_the_dashboards(vietnamese) -> None:
    """Its list of changes that need attention and the team page's list of refused changes."""
    from desktop.ui import sync
    from sotay.protocol import ENTITIES

    assert set(words.ENTITY) == set(ENTITIES) == set(sync.ENTITY_NAMES)
    assert {e: sync.entity_text(e) for e in ENTITIES} == words.ENTITY
    # The laptop names a delete as a yes/no ("Đã xóa: Có"); a page names its stamp.
    shared = set(sync.FIELD_NAMES) - {"deleted_at"}
    assert {f: sync.field_text(f) for f in shared} == {f: words.FIELD[f] for f in shared}


def test_every_field_a_record_carries_has_its_word() -> None:
    """A refusal names its field in Vietnamese (central/web/reasons.py), whichever it is."""
    from sotay.protocol import COMMON, FIELDS

    carried = {name for names in FIELDS.values() for name in names} | set(COMMON)
    assert carried <= set(words.FIELD)


def test_every_stored_value_has_its_word() -> None:
    for enum, table in (
        (Role, words.ROLE),
        (Gender, words.GENDER),
        (TrainingStatus, words.TRAINING_STATUS),
        (Outcome, words.OUTCOME),
    ):
        assert set(table) == set(enum), enum.__name__
        # looked up by the stored code as well as by the enum
        assert all(table[str(v.value)] for v in enum)


@pytest.mark.parametrize(
    ("period", "full", "label"),
    [
        (Period(PeriodKind.MONTH, 2026, 3), "Tháng 3 năm 2026", "Tháng 3/2026"),
        (Period(PeriodKind.QUARTER, 2026, 3), "Quý III năm 2026", "Quý III/2026"),
        (Period(PeriodKind.YEAR, 2026), "Năm 2026", "Cả năm 2026"),
    ],
)
def test_periods(period: Period, full: str, label: str) -> None:
    assert words.period_text(period) == full
    assert words.period_label(period) == label


def test_numbers_have_a_dot_between_thousands() -> None:
    assert [words.number(n) for n in (0, None, 7, 1234, 1234567)] == [
        "0",
        "0",
        "7",
        "1.234",
        "1.234.567",
    ]
