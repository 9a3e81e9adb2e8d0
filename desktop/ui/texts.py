"""Words for values kept in the data (roles, outcomes...) and for validation problems.
All through Qt Linguist; the data itself stores language-neutral codes. The Vietnamese the
catalogue gives a value is the printed pages' word for it (sotay/words.py; tests/test_words.py
holds the two together)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from sotay.domain import standard
from sotay.domain.models import Gender, Outcome, Role, TrainingStatus
from sotay.domain.validation import FieldError, Problem


def role_text(role: Role | str) -> str:
    return {
        Role.LEADER: QCoreApplication.translate("Values", "Team leader"),
        Role.DEPUTY: QCoreApplication.translate("Values", "Deputy leader"),
        Role.MEMBER: QCoreApplication.translate("Values", "Member"),
    }.get(Role(role), str(role))


def gender_text(gender: Gender | str | None) -> str:
    if not gender:
        return ""
    return {
        Gender.FEMALE: QCoreApplication.translate("Values", "Female"),
        Gender.MALE: QCoreApplication.translate("Values", "Male"),
    }[Gender(gender)]


def status_text(status: TrainingStatus | str) -> str:
    return {
        TrainingStatus.PLANNED: QCoreApplication.translate("Values", "Planned"),
        TrainingStatus.HELD: QCoreApplication.translate("Values", "Held"),
        TrainingStatus.CANCELLED: QCoreApplication.translate("Values", "Cancelled"),
    }[TrainingStatus(status)]


def outcome_text(outcome: Outcome | str) -> str:
    return {
        Outcome.DONE: QCoreApplication.translate("Values", "Done"),
        Outcome.NOT_DONE: QCoreApplication.translate("Values", "Not done"),
        Outcome.REFERRED: QCoreApplication.translate("Values", "Referred elsewhere"),
    }[Outcome(outcome)]


def indicator_text(code: str) -> str:
    """A standard indicator's name (sotay/domain/standard.py; the Vietnamese is the plans')."""
    return {
        standard.TRAINED: QCoreApplication.translate(
            "Values", "Residents trained in digital skills (at least once)"
        ),
        standard.BASIC_SKILLS: QCoreApplication.translate(
            "Values", "Residents who completed the basic digital skills"
        ),
        standard.VNEID: QCoreApplication.translate("Values", "VNeID level-2 accounts activated"),
        standard.ONLINE_DOSSIER: QCoreApplication.translate(
            "Values", "Online public-service dossiers submitted"
        ),
        standard.CASHLESS: QCoreApplication.translate(
            "Values", "Residents helped to set up cashless payment"
        ),
        standard.SCAM: QCoreApplication.translate(
            "Values", "Residents helped to spot online scams"
        ),
    }.get(code, code)


def problem_text(error: FieldError) -> str:
    limit = str(error.limit) if error.limit is not None else ""
    match error.problem:
        case Problem.REQUIRED:
            return QCoreApplication.translate("Validation", "This field is required.")
        case Problem.TOO_LONG:
            return QCoreApplication.translate(
                "Validation", "Too long: at most %1 characters."
            ).replace("%1", limit)
        case Problem.NAME_NOT_LETTERS:
            return QCoreApplication.translate("Validation", "A name must contain letters.")
        case Problem.BIRTH_YEAR_RANGE:
            return QCoreApplication.translate(
                "Validation", "Birth year must be between 1900 and %1."
            ).replace("%1", limit)
        case Problem.PHONE_INVALID:
            return QCoreApplication.translate(
                "Validation", "Not a Vietnamese phone number (for example 0912 345 678)."
            )
        case Problem.TIME_INVALID:
            return QCoreApplication.translate(
                "Validation", "Write the time as HH:MM, for example 08:30."
            )
        case Problem.END_BEFORE_START:
            return QCoreApplication.translate(
                "Validation", "The end time must be after the start time."
            )
        case Problem.DATE_TOO_FAR:
            return QCoreApplication.translate(
                "Validation", "This date is more than a year ahead. Check the year."
            )
        case Problem.DATE_IN_FUTURE:
            return QCoreApplication.translate("Validation", "This date is in the future.")
        case Problem.NO_TOPIC:
            return QCoreApplication.translate("Validation", "Choose at least one topic.")
        case Problem.NOT_ON_CALENDAR:
            return QCoreApplication.translate(
                "Validation", "What was saved here is not a real date or time: set it again."
            )
        case Problem.NOT_A_COUNT:
            return QCoreApplication.translate(
                "Validation", "Write a whole number from 0 to %1."
            ).replace("%1", f"{int(limit):,}".replace(",", ".") if limit else "")
        case Problem.DATE_UNREADABLE:
            return QCoreApplication.translate(
                "Validation", "Write the date as day/month/year, for example 15/01/2026."
            )
        case Problem.REASON_REQUIRED:
            return QCoreApplication.translate(
                "Validation", "Say why it was not done, or where the person was sent."
            )
    return str(error.problem)
