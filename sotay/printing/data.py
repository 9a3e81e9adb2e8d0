"""What a printed document shows, read by desktop.printing.reads, drawn by sheets and report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Letterhead:
    commune_name: str  # "Phường Ba Đình"
    province_name: str
    team_name: str
    leader_name: str = ""

    @property
    def place(self) -> str:
        """The place in the date line: the commune without its kind ('Ba Đình')."""
        for kind in ("Phường ", "Xã ", "Đặc khu ", "Thị trấn "):
            if self.commune_name.startswith(kind):
                return self.commune_name[len(kind) :]
        return self.commune_name


@dataclass(frozen=True, slots=True)
class Person:
    full_name: str
    birth_year: int | None
    gender: str | None  # 'female' / 'male'
    neighbourhood: str
    phone: str
    present: bool = True


@dataclass(slots=True)
class TrainingSheet:
    id: str
    day: date | str  # the stored text when no calendar has that day (printed as it is)
    start_time: str
    end_time: str
    place: str
    status: str
    topics: list[str] = field(default_factory=list)
    trainers: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AssistLine:
    day: date | str  # as TrainingSheet.day
    full_name: str
    birth_year: int | None
    neighbourhood: str
    service: str
    outcome: str  # 'done' / 'not_done' / 'referred'
    reason: str
    member: str
