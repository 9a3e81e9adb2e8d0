"""The records a team keeps. Plain dataclasses; the store gives them ids and audit fields."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


def new_id() -> str:
    """A UUIDv7: random, yet time-ordered, so inserts into indexed tables stay fast.

    (Python 3.14 has uuid.uuid7; this is the same RFC 9562 layout for 3.12/3.13.)
    """
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b
    return str(uuid.UUID(int=value))


_PAIR_NAMESPACE = uuid.UUID("8d3b5f1e-2a47-4c1b-9e0d-6f5a7c2b1e90")


def attendance_id(training_id: str, resident_id: str) -> str:
    """One id per (training, resident): two laptops that add the same person to the same class
    offline make the same record, which sync then treats as one."""
    return str(uuid.uuid5(_PAIR_NAMESPACE, f"{training_id}:{resident_id}"))


class Role(StrEnum):
    LEADER = "leader"  # tổ trưởng
    DEPUTY = "deputy"  # tổ phó
    MEMBER = "member"  # tổ viên


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"


class TrainingStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class Outcome(StrEnum):
    DONE = "done"
    NOT_DONE = "not_done"
    REFERRED = "referred"


@dataclass(slots=True)
class Team:
    name: str = ""
    province_code: int | None = None
    province_name: str = ""
    commune_code: int | None = None
    commune_name: str = ""
    id: str = field(default_factory=new_id)
    version: int = 0


@dataclass(slots=True)
class Neighbourhood:
    name: str = ""
    # Its adults and households as counted on `counted_on` (a year's figure): the rates'
    # denominator. None: not entered.
    adults: int | None = None
    households: int | None = None
    counted_on: date | None = None
    id: str = field(default_factory=new_id)
    version: int = 0


@dataclass(slots=True)
class Member:
    full_name: str = ""
    role: Role = Role.MEMBER
    phone: str = ""
    id: str = field(default_factory=new_id)
    version: int = 0


@dataclass(slots=True)
class Resident:
    full_name: str = ""
    gender: Gender | None = None
    birth_year: int | None = None
    neighbourhood_id: str | None = None
    phone: str = ""
    note: str = ""
    id: str = field(default_factory=new_id)
    version: int = 0


@dataclass(slots=True)
class CatalogueItem:
    """A topic of training or a kind of help; the catalogue is editable by the team."""

    name: str = ""
    active: bool = True
    sort: int = 0
    code: str | None = None  # the standard indicator it counts for (sotay/domain/standard.py)
    id: str = field(default_factory=new_id)
    version: int = 0


@dataclass(slots=True)
class Attendance:
    resident_id: str
    present: bool = True
    id: str = field(default_factory=new_id)
    version: int = 0


@dataclass(slots=True)
class Training:
    day: date | None = None
    start_time: str = ""  # "HH:MM"
    end_time: str = ""
    place: str = ""
    status: TrainingStatus = TrainingStatus.PLANNED
    note: str = ""
    topic_ids: list[str] = field(default_factory=list)
    trainer_ids: list[str] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    version: int = 0


@dataclass(slots=True)
class Assist:
    day: date | None = None
    resident_id: str | None = None
    member_id: str | None = None
    service_id: str | None = None
    outcome: Outcome = Outcome.DONE
    reason: str = ""  # why not done, or where referred
    note: str = ""
    id: str = field(default_factory=new_id)
    version: int = 0
