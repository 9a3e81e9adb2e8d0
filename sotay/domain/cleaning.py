"""Text as it is stored, whatever brought it: a keyboard, a paste, an old file, another laptop.

Shared with the central service, which cleans what laptops send by the same rule: standard
library only (tests/test_architecture.py). Every step is fixed here, not read from the running
Python's Unicode tables, so a laptop and the server clean alike whatever their versions.

The steps, in an order that makes cleaning twice the same as cleaning once:

1. What is not text goes: control characters, format characters (zero-width spaces and
   joiners, bidi marks, soft hyphens, BOMs), lone surrogates, private-use characters,
   noncharacters and invisible "letters" (Hangul fillers). Each breaks something: openpyxl
   refuses controls, UTF-8 cannot hold a surrogate, a zero-width space splits a word for the
   search but not for the eye, a private-use character draws as whatever the font puts there.
   Tabs and line breaks become spaces (notes keep their lines).
2. Look-alikes become the letters they pass for: fullwidth ASCII; the eth and the African D
   for Đ/đ (fonts and OCR give them for the Vietnamese letter); Cyrillic and Greek letters
   drawn like Latin ones, inside a word that is otherwise Latin (a wholly Cyrillic or Greek
   word is left as written).
3. NFC (this also maps the old tone marks U+0340/U+0341 to the usual ones), runs of white
   space to one space, trimmed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sotay.domain.fields import LINE_FIELDS, NOTE_FIELDS


def _ranges(*spans: tuple[int, int]) -> str:
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in spans)


# Controls other than white space (tabs and line breaks are white space: see _SPACES).
_CONTROLS = ((0x00, 0x08), (0x0E, 0x1B), (0x7F, 0x84), (0x86, 0x9F))
# Unicode 15.1's format characters (category Cf); a test keeps this equal to unicodedata's.
FORMAT = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
_OTHER = (
    (0xD800, 0xDFFF),  # surrogates (a pair written as two code points is joined first)
    (0xE000, 0xF8FF),  # private use
    (0xF0000, 0x10FFFF),  # private use planes (and their noncharacters)
    (0xFDD0, 0xFDEF),  # noncharacters
    (0xFFFC, 0xFFFC),  # object replacement: an embedded picture's place in pasted rich text
    (0x115F, 0x1160),  # Hangul fillers: letters by category, yet invisible
    (0x3164, 0x3164),
    (0xFFA0, 0xFFA0),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0xF0000, 0x10000)),
)
_DROP = re.compile(f"[{_ranges(*_CONTROLS, *FORMAT, *_OTHER)}]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_SPACES = re.compile(r"\s+")

# Always: fullwidth ASCII (typed with an East Asian input method on) and the Đ look-alikes.
_PLAIN = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {
    "\u00d0": "\u0110",  # Ð eth
    "\u00f0": "\u0111",  # ð
    "\u0189": "\u0110",  # Ɖ African D
    "\u0256": "\u0111",  # ɖ
}
_PLAIN_TABLE = str.maketrans(_PLAIN)
_PLAIN_CHARS = re.compile(f"[{re.escape(''.join(_PLAIN))}]")

# Inside a Latin word: Cyrillic and Greek letters that fonts draw like Latin ones.
LOOKALIKES = {
    # Cyrillic
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "х": "x",
    "у": "y",
    "і": "i",
    "ѕ": "s",
    "ј": "j",
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "У": "Y",
    "І": "I",
    "Ј": "J",
    "Ѕ": "S",
    # Greek
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    "ο": "o",
}
_LOOKALIKE_TABLE = str.maketrans(LOOKALIKES)
_LOOKALIKE_CHARS = re.compile(f"[{''.join(LOOKALIKES)}]")


def _in_word(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch)[0] == "M"


def _latin_word(word: str) -> bool:
    """Whether the look-alikes in `word` stand for Latin letters: its other letters (modifier
    letters aside) are Latin, and there is at least one."""
    others = [
        ch
        for ch in word
        if ch.isalpha() and ch not in LOOKALIKES and unicodedata.category(ch) != "Lm"
    ]
    return bool(others) and all(unicodedata.name(ch, "").startswith("LATIN ") for ch in others)


def _lookalikes(text: str) -> str:
    """Cyrillic/Greek look-alikes inside Latin words made Latin. `text` is NFD, so a letter
    with its marks is one word (a Cyrillic е with a circumflex is an ê to be)."""
    if not _LOOKALIKE_CHARS.search(text):
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = i
        while j < n and _in_word(text[j]):
            j += 1
        if j == i:
            out.append(text[i])
            i += 1
            continue
        word = text[i:j]
        if _LOOKALIKE_CHARS.search(word) and _latin_word(word):
            word = word.translate(_LOOKALIKE_TABLE)
        out.append(word)
        i = j
    return "".join(out)


def _join_pair(match: re.Match[str]) -> str:
    return match[0].encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def _text(text: str) -> str:
    """Steps 1 and 2, and NFC; white space is left to the callers."""
    if _PAIR.search(text):  # a pair as two code points (from UTF-16 text decoded badly)
        text = _PAIR.sub(_join_pair, text)
    text = _DROP.sub("", text)
    if text.isascii():
        return text  # nothing to map, nothing to compose
    if _PLAIN_CHARS.search(text):
        text = text.translate(_PLAIN_TABLE)
    text = _lookalikes(unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", text)


def clean_line(text: str | None) -> str:
    """A one-line field (a name, a place, a reason) as it is stored: see the module's doc."""
    if not text:
        return ""
    return _SPACES.sub(" ", _text(text)).strip()


def clean_block(text: str | None) -> str:
    """A note as it is stored: each line cleaned as one line; the lines kept, any line break
    (CR LF, CR, U+2028...) written as LF, blank lines at either end dropped."""
    if not text:
        return ""
    return "\n".join(clean_line(line) for line in text.splitlines()).strip()


def clean_record(entity: str, payload: dict[str, Any]) -> dict[str, Any]:
    """A record's payload with its text fields cleaned (a copy; other fields as they are)."""
    out = dict(payload)
    for fields, rule in ((LINE_FIELDS, clean_line), (NOTE_FIELDS, clean_block)):
        for name in fields.get(entity, ()):
            if isinstance(out.get(name), str):
                out[name] = rule(out[name])
    return out
