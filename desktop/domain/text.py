"""Vietnamese text rules: how names are stored, folded for search and sorted."""

from __future__ import annotations

import re
import unicodedata

from desktop.domain.cleaning import clean_block, clean_line

__all__ = ["clean", "clean_note", "fold", "fts_query", "sort_key"]

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not d + a combining mark, so NFD leaves them alone.
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})
# Letters today that SQLite's FTS5 tokenizer (unicode61: Unicode 6.1's tables) reads as marks,
# that is as separators: a query word made of them would match nothing. Vowel signs and tone
# marks in fact, so folding drops them like the other marks. (tests/test_text.py checks this
# list against SQLite for every letter and digit.)
SQLITE_MARKS = frozenset([*map(chr, range(0x19B0, 0x19C1)), "\u19c8", "\u19c9", "\u1cf2", "\u1cf3"])


def clean(text: str | None) -> str:
    """A one-line field as stored: no controls or invisible characters, look-alike letters
    made Vietnamese, NFC, trimmed, inner runs of white space one space (domain/cleaning.py)."""
    return clean_line(text)


def clean_note(text: str | None) -> str:
    """A note as stored: cleaned like a one-line field, line by line; the lines kept."""
    return clean_block(text)


def fold(text: str | None) -> str:
    """Lower case ASCII-ish key: 'Đặng Thị Hương' -> 'dang thi huong'.

    Accepts composed or decomposed input, and text not yet cleaned (what is typed in a search
    box): cleans it, strips every combining mark and folds đ.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", clean_line(text).translate(_FOLD_TABLE))
    stripped = "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) and ch not in SQLITE_MARKS
    )
    return _SPACES.sub(" ", stripped.casefold()).strip()


def sort_key(full_name: str) -> str:
    """Vietnamese lists sort by given name (the last word), then by the whole name."""
    folded = fold(full_name)
    given = folded.rsplit(" ", 1)[-1] if folded else ""
    return f"{given} {folded}"


def fts_query(text: str) -> str | None:
    """An FTS5 query matching every folded word typed as a prefix, or None when nothing to match.

    Each word goes whole, quoted: FTS5 tokenizes inside the quotes as it tokenized the stored
    folded name, so a name is found by any of its words as stored ("o'brien", "ꞔa", "x²"). A
    word with no letter or digit would be an empty phrase, which matches nothing: left out.
    """
    words = [w for w in fold(text).split() if any(ch.isalnum() for ch in w)]
    if not words:
        return None
    return " AND ".join('"' + w.replace('"', '""') + '"*' for w in words)
