"""Checks on what the user typed. Returns problems by field; the UI words them in the user's
language. Also normalises accepted values: every text cleaned first (domain/cleaning.py: no
controls or invisible characters, look-alike letters made Vietnamese, NFC, trimmed), phones
to 0xxxxxxxxx."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sotay.domain.dates import is_time
from sotay.domain.models import (
    Assist,
    CatalogueItem,
    Member,
    Neighbourhood,
    Outcome,
    Resident,
    Role,
    Team,
    Training,
    TrainingStatus,
)
from sotay.domain.phone import normalize_phone
from sotay.domain.text import clean, clean_note, fold

MIN_BIRTH_YEAR = 1900
MAX_NAME = 120
MAX_NOTE = 2000
MAX_REASON = 240  # printed in a cell of the sign-off sheet
# A training may be planned ahead, but not absurdly far (a typo in the year).
MAX_DAYS_AHEAD = 366


class Problem(StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    BIRTH_YEAR_RANGE = "birth_year_range"
    PHONE_INVALID = "phone_invalid"
    TIME_INVALID = "time_invalid"
    END_BEFORE_START = "end_before_start"
    DATE_TOO_FAR = "date_too_far"
    DATE_IN_FUTURE = "date_in_future"
    NO_TOPIC = "no_topic"
    REASON_REQUIRED = "reason_required"
    NAME_NOT_LETTERS = "name_not_letters"
    NOT_ON_CALENDAR = "not_on_calendar"  # a stored day or time no calendar or clock has
    NOT_A_COUNT = "not_a_count"  # not a whole number from 0 to the limit (people, households)
    DATE_UNREADABLE = "date_unreadable"  # a date typed in a text field that is not one


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    problem: Problem
    limit: int | None = None  # e.g. the max year or length, for the message


def _label(errors: list[FieldError], field: str, value: str, limit: int = MAX_NAME) -> str:
    value = clean(value)
    if not value:
        errors.append(FieldError(field, Problem.REQUIRED))
    elif len(value) > limit:
        errors.append(FieldError(field, Problem.TOO_LONG, limit))
    return value


def _name(errors: list[FieldError], field: str, value: str) -> str:
    count = len(errors)
    value = _label(errors, field, value)
    # Letters as the search sees them (fold): a name of marks alone could never be found.
    if len(errors) == count and not any(ch.isalpha() for ch in fold(value)):
        errors.append(FieldError(field, Problem.NAME_NOT_LETTERS))
    return value


def _phone(errors: list[FieldError], field: str, value: str) -> str:
    value = clean(value)  # fullwidth digits, a zero-width space pasted along
    normalized = normalize_phone(value)
    if normalized is None:
        errors.append(FieldError(field, Problem.PHONE_INVALID))
        return value
    return normalized


def _note(errors: list[FieldError], field: str, value: str) -> str:
    value = clean_note(value)
    if len(value) > MAX_NOTE:
        errors.append(FieldError(field, Problem.TOO_LONG, MAX_NOTE))
    return value


def check_team(team: Team) -> list[FieldError]:
    errors: list[FieldError] = []
    team.name = _name(errors, "name", team.name)
    if team.province_code is None:
        errors.append(FieldError("province", Problem.REQUIRED))
    if team.commune_code is None:
        errors.append(FieldError("commune", Problem.REQUIRED))
    return errors


def check_neighbourhood(item: Neighbourhood) -> list[FieldError]:
    errors: list[FieldError] = []
    item.name = _label(errors, "name", item.name)
    return errors


def check_catalogue_item(item: CatalogueItem) -> list[FieldError]:
    """A training topic or a kind of help."""
    errors: list[FieldError] = []
    item.name = _label(errors, "name", item.name)
    return errors


def check_member(member: Member) -> list[FieldError]:
    errors: list[FieldError] = []
    member.full_name = _name(errors, "full_name", member.full_name)
    member.phone = _phone(errors, "phone", member.phone)
    return errors


def leaders(members: Iterable[Member]) -> list[Member]:
    """The team leaders among `members`. A team has one: the leader's name signs the printed
    sheets (a second one, made by a slip of the arrow keys, was taken without a word)."""
    return [m for m in members if m.role == Role.LEADER]


def check_resident(resident: Resident, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    resident.full_name = _name(errors, "full_name", resident.full_name)
    year: int | str | None = resident.birth_year
    # A str is what the user typed when it was not a number (see parse_birth_year).
    if isinstance(year, str) or (year is not None and not MIN_BIRTH_YEAR <= year <= today.year):
        errors.append(FieldError("birth_year", Problem.BIRTH_YEAR_RANGE, today.year))
    resident.phone = _phone(errors, "phone", resident.phone)
    resident.note = _note(errors, "note", resident.note)
    return errors


def parse_birth_year(text: str) -> int | str | None:
    """'' -> None, '1958' -> 1958, anything else -> the text back (reported as out of range)."""
    text = clean(text)
    if not text:
        return None
    return int(text) if text.isascii() and text.isdecimal() else text


def check_training(training: Training, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if training.day is None:
        errors.append(FieldError("day", Problem.REQUIRED))
    elif training.day > today + timedelta(days=MAX_DAYS_AHEAD):
        errors.append(FieldError("day", Problem.DATE_TOO_FAR, MAX_DAYS_AHEAD))
    for name in ("start_time", "end_time"):
        value = clean(getattr(training, name))
        setattr(training, name, value)
        if not value:
            errors.append(FieldError(name, Problem.REQUIRED))
        elif not is_time(value):
            errors.append(FieldError(name, Problem.TIME_INVALID))
    if (
        is_time(training.start_time)
        and is_time(training.end_time)
        and training.end_time <= training.start_time
    ):
        errors.append(FieldError("end_time", Problem.END_BEFORE_START))
    training.place = _label(errors, "place", training.place, MAX_NAME * 2)
    if not training.topic_ids:
        errors.append(FieldError("topics", Problem.NO_TOPIC))
    training.note = _note(errors, "note", training.note)
    settle_roll_call(training)
    return errors


def settle_roll_call(training: Training) -> int:
    """Only a class held has people present: on a planned (or cancelled) class's roll-call
    everyone is registered, so no one counts as trained before a class takes place. Returns
    how many were marked present (for the form to say so). The store applies it on every save;
    what reads a roll-call counts `present` at held classes only (a sync may still join a
    present row to a class another laptop set back to planned)."""
    if training.status == TrainingStatus.HELD:
        return 0
    ticked = [a for a in training.attendance if a.present]
    for a in ticked:
        a.present = False
    return len(ticked)


def check_assist(assist: Assist, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if assist.day is None:
        errors.append(FieldError("day", Problem.REQUIRED))
    elif assist.day > today:
        errors.append(FieldError("day", Problem.DATE_IN_FUTURE))
    for name in ("resident_id", "member_id", "service_id"):
        if not getattr(assist, name):
            errors.append(FieldError(name.removesuffix("_id"), Problem.REQUIRED))
    assist.reason = clean(assist.reason)
    if assist.outcome in (Outcome.NOT_DONE, Outcome.REFERRED) and not assist.reason:
        errors.append(FieldError("reason", Problem.REASON_REQUIRED))
    elif len(assist.reason) > MAX_REASON:
        errors.append(FieldError("reason", Problem.TOO_LONG, MAX_REASON))
    assist.note = _note(errors, "note", assist.note)
    return errors
