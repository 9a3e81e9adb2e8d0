"""The figures the commune asks for, for one period."""

from __future__ import annotations

from dataclasses import dataclass, field

from sotay.domain.periods import Period
from sotay.domain.standard import Figure


@dataclass(slots=True)
class Overview:
    period: Period
    trainings_held: int = 0
    trainings_planned: int = 0
    trainings_cancelled: int = 0
    attendances: int = 0
    residents_trained: int = 0
    women_trained: int = 0
    elderly_trained: int = 0
    assists: int = 0
    assisted_residents: int = 0
    # (topic name, trainings held, attendances)
    by_topic: list[tuple[str, int, int]] = field(default_factory=list)
    # (service name, done, not done, referred)
    by_service: list[tuple[str, int, int, int]] = field(default_factory=list)
    # The standard indicators (sotay/domain/standard.py), every one in the plans' order.
    standard: list[Figure] = field(default_factory=list)
