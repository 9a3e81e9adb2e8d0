"""The official provinces and communes after the 1 July 2025 reorganisation
(34 provinces, 3,321 communes), from the `vietnam-provinces` package."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sotay.domain.text import fold


@dataclass(frozen=True, slots=True)
class Unit:
    code: int
    name: str
    folded: str


@cache
def provinces() -> tuple[Unit, ...]:
    from vietnam_provinces import Province

    units = (Unit(int(p.code), p.name, fold(p.name)) for p in Province.iter_all())
    return tuple(sorted(units, key=lambda u: u.folded))


@cache
def communes(province_code: int) -> tuple[Unit, ...]:
    from vietnam_provinces import ProvinceCode, Ward

    units = (
        Unit(int(w.code), w.name, fold(w.name))
        for w in Ward.iter_by_province(ProvinceCode(province_code))
    )
    return tuple(sorted(units, key=lambda u: u.folded))


def matching(units: tuple[Unit, ...], text: str) -> list[Unit]:
    """Units whose folded name contains every folded word typed ('ha noi', 'Hà Nội', 'hn' no)."""
    words = fold(text).split()
    return [u for u in units if all(w in u.folded for w in words)]
