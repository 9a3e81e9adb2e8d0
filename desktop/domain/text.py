"""Vietnamese text rules: how names are stored, folded for search and sorted."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not d + a combining mark, so NFD leaves them alone.
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def clean(text: str | None) -> str:
    """NFC, trimmed, inner runs of white space collapsed to one space."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str | None) -> str:
    """Lower case ASCII-ish key: 'Đặng Thị Hương' -> 'dang thi huong'.

    Accepts composed or decomposed input; strips every combining mark and folds đ.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def sort_key(full_name: str) -> str:
    """Vietnamese lists sort by given name (the last word), then by the whole name."""
    folded = fold(full_name)
    given = folded.rsplit(" ", 1)[-1] if folded else ""
    return f"{given} {folded}"


def fts_query(text: str) -> str | None:
    """An FTS5 prefix query matching every folded word typed, or None when nothing to match."""
    words = re.findall(r"[0-9a-z]+", fold(text))
    if not words:
        return None
    return " AND ".join(f'"{w}"*' for w in words)
