"""Benchmark results: one Row per figure, next to its target (shared by bench/run.py and the
benchmarks it runs in child processes, which hand their rows back as JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(slots=True)
class Row:
    name: str
    value: float | None  # None: skipped
    unit: str
    target: float | None = None  # upper bound (lower bound with `at_least`); None: information
    note: str = ""
    target_text: str = ""  # e.g. "< 1.5x floor"; default "< {target} {unit}"
    at_least: bool = False  # a rate: the target is the least acceptable value

    @property
    def ratio(self) -> float | None:
        """The share of the target used: below 1 is within it, both for limits and rates."""
        if self.value is None or not self.target:
            return None
        if self.at_least:
            return self.target / self.value if self.value else None
        return self.value / self.target

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "skipped"
        if self.target is None:
            return "info"
        ok = self.value >= self.target if self.at_least else self.value < self.target
        return "OK" if ok else "MISS"

    def target_str(self) -> str:
        if self.target_text:
            return self.target_text
        if self.target is None:
            return "-"
        return f"{'>=' if self.at_least else '<'} {fmt(self.target)} {self.unit}"

    def line(self) -> str:
        if self.value is None:
            return f"{self.name}: skipped{f' ({self.note})' if self.note else ''}"
        text = f"{self.name}: {fmt(self.value)} {self.unit}"
        if self.target is not None:
            text += f" (target {self.target_str()}) {self.verdict}"
        return text + (f"  [{self.note}]" if self.note else "")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def pct(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def ms(seconds: float) -> float:
    return seconds * 1000
