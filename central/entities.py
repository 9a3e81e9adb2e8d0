"""What a record of each kind may hold, checked at ingest (pydantic). The field names are the
protocol's (desktop/sync/protocol.FIELDS); a test keeps the two equal."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)

from sotay.domain.cleaning import clean_record
from sotay.domain.dates import is_day, is_time
from sotay.domain.fields import OPTIONAL
from sotay.domain.standard import valid_item_code
from sotay.protocol import MAX_TEXT, invalid_message

Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Name = Annotated[str, StringConstraints(max_length=200)]
Ref = Annotated[str, StringConstraints(min_length=1, max_length=36)]
Stamp = Annotated[str, StringConstraints(max_length=40)]


def _day(text: str) -> str:
    if not is_day(text):
        raise ValueError("not a calendar day (YYYY-MM-DD)")
    return text


def _clock(text: str) -> str:
    if text and not is_time(text):  # older laptops may leave a time empty
        raise ValueError("not a time of day (HH:MM, 00:00 to 23:59)")
    return text


# The laptops' rule (sotay/domain/dates.py): a day or time that their screens cannot show
# is refused here, never stored and passed on to the team's other laptops.
Day = Annotated[str, StringConstraints(max_length=10), AfterValidator(_day)]
Clock = Annotated[str, StringConstraints(max_length=5), AfterValidator(_clock)]
Flag = Annotated[int, Field(ge=0, le=1)]
Small = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]  # what the laptop's columns hold


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    created_at: Stamp | None = None
    recorded_by: Ref | None = None
    deleted_at: Stamp | None = None


class Team(_Record):
    name: Name
    province_code: Small
    province_name: Name
    commune_code: Small
    commune_name: Name


Count = Annotated[int, Field(ge=0, le=100_000_000)]  # people or households


class Neighbourhood(_Record):
    name: Name
    # Its denominators (issue 23); older laptops send none of them.
    adults: Count | None = None
    households: Count | None = None
    counted_on: Day | None = None


class Member(_Record):
    full_name: Name
    role: Literal["leader", "deputy", "member"]
    phone: Annotated[str, StringConstraints(max_length=20)] = ""


class CatalogueItem(_Record):
    name: Name
    active: Flag = 1
    sort: Small = 0


def _code_of(kind: str) -> AfterValidator:
    def check(code: str | None) -> str | None:
        if not valid_item_code(kind, code):
            raise ValueError(f"not a standard indicator code of a {kind}")
        return code or None

    return AfterValidator(check)


# The standard indicator an item counts for (sotay/domain/standard.py). Optional: an older
# laptop's payload has no code, and is stored without one (see normalise).
class Topic(CatalogueItem):
    code: Annotated[str | None, StringConstraints(max_length=40), _code_of("topic")] = None


class Service(CatalogueItem):
    code: Annotated[str | None, StringConstraints(max_length=40), _code_of("service")] = None


class Resident(_Record):
    full_name: Name
    gender: Literal["female", "male"] | None = None
    birth_year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    neighbourhood_id: Ref | None = None
    phone: Annotated[str, StringConstraints(max_length=20)] = ""
    note: Text = ""


class Training(_Record):
    day: Day
    start_time: Clock = ""
    end_time: Clock = ""
    place: Text = ""
    status: Literal["planned", "held", "cancelled"]
    note: Text = ""
    topic_ids: Annotated[list[Ref], Field(max_length=100)] = []
    trainer_ids: Annotated[list[Ref], Field(max_length=100)] = []


class Attendance(_Record):
    training_id: Ref
    resident_id: Ref
    present: Flag = 1


class Assist(_Record):
    day: Day
    resident_id: Ref
    member_id: Ref  # NOT NULL on the laptops: a record they cannot hold would stop their pulls
    service_id: Ref
    outcome: Literal["done", "not_done", "referred"]
    reason: Text = ""
    note: Text = ""


class Deletion(BaseModel):
    """A delete carries only who and when."""

    model_config = ConfigDict(extra="forbid", strict=True)

    deleted_at: Stamp | None = None
    recorded_by: Ref | None = None


class ResidentDeletion(Deletion):
    """A resident's delete also carries what the figures count them by (a server that never
    had the resident still counts a trained woman or 60+); older laptops send neither."""

    gender: Literal["female", "male"] | None = None
    birth_year: Annotated[int, Field(ge=1900, le=2100)] | None = None


MODELS: dict[str, type[BaseModel]] = {
    "team": Team,
    "neighbourhood": Neighbourhood,
    "member": Member,
    "topic": Topic,
    "service": Service,
    "resident": Resident,
    "training": Training,
    "attendance": Attendance,
    "assist": Assist,
}
_ADAPTERS = {name: TypeAdapter(model) for name, model in MODELS.items()}
_DELETION = TypeAdapter(Deletion)
_RESIDENT_DELETION = TypeAdapter(ResidentDeletion)


class Invalid(ValueError):
    """A payload that does not fit its kind; the message names fields, never values."""


def field_path(loc: tuple[str | int, ...] | list[str | int]) -> str:
    """Where a validation error is, as a message may carry it: a key is the sender's own text,
    and a NUL or a lone surrogate in it could not be stored (PostgreSQL refuses NUL in text)."""
    parts = (str(p)[:40] for p in loc)
    return ".".join("".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in p) for p in parts)


def normalise(entity: str, op: str, payload: Any) -> dict[str, Any]:
    """The payload checked, with every field present (defaults filled in): what is stored and
    what the other laptops receive, so that each of them can hold it."""
    adapter: TypeAdapter[Any]
    if op == "delete":
        adapter = _RESIDENT_DELETION if entity == "resident" else _DELETION
    else:
        adapter = _ADAPTERS[entity]
    try:
        record = adapter.validate_python(payload)
    except ValidationError as exc:
        problems = exc.errors(include_input=False, include_url=False)[:5]
        raise Invalid(
            invalid_message((field_path(e["loc"]) or "payload", e["msg"]) for e in problems)
        ) from None
    out = record.model_dump()
    # A field an older laptop does not know is left out when not sent: its change hashes as it
    # always did (a resent batch must match its stored receipts), and says nothing of it.
    for name in OPTIONAL.get(entity, ()) if op != "delete" else ():
        if name not in record.model_fields_set:
            out.pop(name, None)
    if op == "delete":
        # A resident's counted fields are left out when not sent: an older laptop's delete
        # hashes as it always did (a resent batch must match its stored receipts).
        for name in ("gender", "birth_year"):
            if name not in record.model_fields_set:
                out.pop(name, None)
    try:  # a lone surrogate (from a broken keyboard driver or file) cannot be stored as UTF-8
        json.dumps(out, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid(
            invalid_message([("text", "characters that are not valid Unicode")])
        ) from None
    # Typed text cleaned as the laptops clean theirs (sotay/domain/cleaning.py): what an
    # older laptop let through, a control character that stops a report, a look-alike letter
    # that hides a name from the search, reaches no other laptop. A current laptop's text is
    # clean already: cleaning it again changes nothing. (A lone surrogate, above, is refused:
    # what it stood for is lost.)
    return clean_record(entity, out) if op != "delete" else out
