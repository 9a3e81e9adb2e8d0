"""Vietnamese phone numbers, checked with libphonenumber's metadata."""

from __future__ import annotations

import re

_KEEP = re.compile(r"[^\d+]")
# What people write between digits: spaces, dots, dashes, brackets. Anything else is a typo.
_ALLOWED = re.compile(r"^[\d\s+().\-]*$")


def phone_prefix(text: str) -> str:
    """What a search box holds, read as the start of a phone number: '+84 912' -> '0912'
    (stored numbers start with 0). '' when the text has letters: it is a name then."""
    if any(ch.isalpha() for ch in text):
        return ""
    digits = "".join(ch for ch in text if ch.isdigit())
    return "0" + digits[2:] if digits.startswith("84") else digits


def phone_range(digits: str) -> tuple[str, str]:
    """Bounds for an index range scan of numbers starting with `digits` (':' follows '9')."""
    return digits, digits + ":"


def normalize_phone(text: str | None) -> str | None:
    """'0912 345 678' / '+84 912-345-678' -> '0912345678'; None when not a VN number.

    An empty input gives ''.
    """
    text = (text or "").strip()
    if not _ALLOWED.match(text):
        return None
    raw = _KEEP.sub("", text)
    if not raw:
        return ""
    import phonenumbers  # lazy: its metadata costs start-up time

    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        return None
    return "0" + str(number.national_number)
