"""Vietnamese text rules: how names are stored, folded for search, sorted and drawn."""

from __future__ import annotations

import functools
import re
import unicodedata

from sotay.domain.cleaning import clean_block, clean_line

__all__ = [
    "MOST_MARKS",
    "clean",
    "clean_note",
    "collation_key",
    "display",
    "fold",
    "fts_query",
    "sort_key",
]

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


# Marks kept on one letter when a name is drawn: Vietnamese needs two ("ệ" is e, a circumflex
# and a dot below), a few scripts three (Tibetan stacks, Hebrew points); "Zalgo" text stacks
# dozens, which a browser draws up over the rows above.
MOST_MARKS = 3


@functools.lru_cache(maxsize=8192)  # the same names come back on every page drawn
def display(text: str) -> str:
    """A stored text as a page or a PDF draws it: NFC, each letter's run of combining marks cut
    to MOST_MARKS. Stored records stay as they were sent: this is for drawing only (and, unlike
    cleaning, may follow the running Python's Unicode tables)."""
    if text.isascii():
        return text
    kept: list[str] = []
    run = 0
    for ch in unicodedata.normalize("NFD", text):
        run = run + 1 if unicodedata.category(ch)[0] == "M" else 0
        if run <= MOST_MARKS:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


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


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# each letter first without, then with its tone: ngang, huyền, hỏi, ngã, sắc, nặng.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_LETTER = {  # (base letter, its mark) -> its place after the plain letter
    ("a", _BREVE): "1",
    ("a", _CIRCUMFLEX): "2",
    ("e", _CIRCUMFLEX): "1",
    ("o", _CIRCUMFLEX): "1",
    ("o", _HORN): "2",
    ("u", _HORN): "1",
}
_TONE = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def _collation(text: str) -> tuple[str, str]:
    """(letters, tones) keys of a cleaned, case-folded word or name: each letter as itself
    and its place among its variants ('ơ' -> 'o2'), then one tone digit per letter, so that
    tones only decide between names of the same letters."""
    letters: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if not letters:
                continue
            base = letters[-1][0]
            if (base, ch) in _LETTER:
                letters[-1] = base + _LETTER[(base, ch)]
            elif ch in _TONE:
                tones[-1] = _TONE[ch]
            continue
        if ch == "đ":
            letters.append("d1")
        elif ch == " ":
            letters.append(" ")
        else:
            letters.append(ch + "0")
        tones.append("0")
    return "".join(letters), "".join(tones)


_NUMBER = re.compile(r"\d+")


def _normal(text: str) -> str:
    """Cleaned, case-folded, single-spaced, numbers padded ("Khu phố 2" before "Khu phố 10")."""
    name = _SPACES.sub(" ", clean_line(text).casefold()).strip()
    return _NUMBER.sub(lambda m: m.group().zfill(10), name)


@functools.lru_cache(maxsize=8192)
def collation_key(text: str | None) -> str:
    """A place's or item's name in Vietnamese alphabetical order ("Ấp 2" before "Ấp 10").
    Kept for the names seen last: the same few names of places, teams, topics and services
    are sorted again and again (a province's feed sorts 1,500 teams' items: 0.6 s uncached)."""
    letters, tones = _collation(_normal(text or ""))
    return f"{letters}\x01{tones}"


def sort_key(full_name: str) -> str:
    """Vietnamese lists sort by given name (the last word), then by the whole name, in
    Vietnamese alphabetical order: "An" before "Ẳm" (a, ă, â), "Long" before "Lộc" (o, ô, ơ),
    "Dũng" before "Đức"; tones decide only between the same letters ("An" before "Án").
    An ASCII-comparable string: SQLite orders the stored key as bytes."""
    name = _normal(full_name)
    given = name.rsplit(" ", 1)[-1] if name else ""
    given_letters, given_tones = _collation(given)
    letters, tones = _collation(name)
    # \x01 ends the letters before anything can follow them, so "An" comes before "Anh";
    # \x02 ends the given name's part.
    return f"{given_letters}\x01{given_tones}\x02{letters}\x01{tones}"


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
