"""The team and its reference data as the screens hold it. Kept apart from the queries so the
main window can exist before they are imported (they load on the reader thread)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sotay.domain.denominators import CommuneFigures
    from sotay.domain.models import CatalogueItem, Member, Neighbourhood, Team


@dataclass(slots=True)
class Roster:
    """The team and its reference data, loaded once and after each change to it."""

    team: Team | None = None
    neighbourhoods: list[Neighbourhood] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    topics: list[CatalogueItem] = field(default_factory=list)
    services: list[CatalogueItem] = field(default_factory=list)

    # Removed ones, by id: older records still point at them and keep them when edited.
    removed_neighbourhoods: dict[str, str] = field(default_factory=dict)
    removed_members: dict[str, str] = field(default_factory=dict)
    # What the commune set and sent with the last pull (figures that win, targets): None
    # before any.
    commune: CommuneFigures | None = None

    def member_name(self, member_id: str | None) -> str:
        return next((m.full_name for m in self.members if m.id == member_id), "")
