"""What a day and a time of day may be, for the laptop's checks and the central service's
alike: a record one side accepts must be one every screen on the other can show."""

from __future__ import annotations

import re
from datetime import date

# ASCII digits only (\d takes any script's); date.fromisoformat alone would also take
# "20250228" or "2025-W09-5", which no screen expects.
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def parse_day(text: str) -> date | None:
    """ "2025-02-28" -> that day; None for any other text, "2025-02-30" and "2025-13-45" too."""
    if not _DAY.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:  # the calendar has no such day
        return None


def is_day(text: str) -> bool:
    return parse_day(text) is not None


def is_time(text: str) -> bool:
    """HH:MM on a 24-hour clock, 00:00 to 23:59."""
    return _TIME.match(text) is not None


def day_or_text(text: str) -> date | str:
    """A stored day for a list or a printed sheet; the text itself when no calendar has it
    (written by an older central service, or by hand): shown as it is, nothing stops on it."""
    return parse_day(text) or text
