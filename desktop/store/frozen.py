"""Frozen copies of the code the migrations ran with (desktop/store/migrations.py).

A migration must do on a file it meets next year what it did on the day it was written. One
calling live code would not: a later change of the cleaning rules, the folding, the sort
order, the synced tables or the protocol's fields would silently change what an old
migration does (or break it: a field added later is a column it cannot read yet). So what
they call is copied here as it was, named for its migration, and never edited: a rule that
changes gets a new migration, and that one its own copy.

Standard library only, and nothing from the app: tests/test_architecture.py keeps it so.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from datetime import UTC, datetime

# --- m003 and m004: the tables whose records sync, as they were -----------------------------------

SYNCED_M003: tuple[str, ...] = (
    "team",
    "neighbourhood",
    "member",
    "topic",
    "service",
    "resident",
    "training",
    "attendance",
    "assist",
)


# --- m004: the cleaning rules (sotay/domain/cleaning.py, as the migration was written) ------------

# The fields people type: one-line ones, and notes that keep their lines.
LINE_FIELDS_M004: dict[str, tuple[str, ...]] = {
    "team": ("name", "province_name", "commune_name"),
    "neighbourhood": ("name",),
    "member": ("full_name",),
    "topic": ("name",),
    "service": ("name",),
    "resident": ("full_name",),
    "training": ("place",),
    "assist": ("reason",),
}
NOTE_FIELDS_M004: dict[str, tuple[str, ...]] = {
    "resident": ("note",),
    "training": ("note",),
    "assist": ("note",),
}


def _ranges(*spans: tuple[int, int]) -> str:
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in spans)


# Controls other than white space (tabs and line breaks are white space: see _SPACES).
_CONTROLS = ((0x00, 0x08), (0x0E, 0x1B), (0x7F, 0x84), (0x86, 0x9F))
# Unicode 15.1's format characters (category Cf).
_FORMAT = (
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
_DROP = re.compile(f"[{_ranges(*_CONTROLS, *_FORMAT, *_OTHER)}]")
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
_LOOKALIKES = {
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
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)
_LOOKALIKE_CHARS = re.compile(f"[{''.join(_LOOKALIKES)}]")


def _in_word(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch)[0] == "M"


def _latin_word(word: str) -> bool:
    """Whether the look-alikes in `word` stand for Latin letters: its other letters (modifier
    letters aside) are Latin, and there is at least one."""
    others = [
        ch
        for ch in word
        if ch.isalpha() and ch not in _LOOKALIKES and unicodedata.category(ch) != "Lm"
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
    """What is not text dropped, look-alikes made letters, NFC; white space left as it is."""
    if _PAIR.search(text):  # a pair as two code points (from UTF-16 text decoded badly)
        text = _PAIR.sub(_join_pair, text)
    text = _DROP.sub("", text)
    if text.isascii():
        return text  # nothing to map, nothing to compose
    if _PLAIN_CHARS.search(text):
        text = text.translate(_PLAIN_TABLE)
    text = _lookalikes(unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", text)


def clean_line_m004(text: str | None) -> str:
    """A one-line field (a name, a place, a reason) as it is stored: what is not text
    dropped, look-alikes made the letters they pass for, NFC, white space one space."""
    if not text:
        return ""
    return _SPACES.sub(" ", _text(text)).strip()


def clean_block_m004(text: str | None) -> str:
    """A note as it is stored: each line cleaned as one line; the lines kept, any line break
    (CR LF, CR, U+2028...) written as LF, blank lines at either end dropped."""
    if not text:
        return ""
    return "\n".join(clean_line_m004(line) for line in text.splitlines()).strip()


# --- m004: the search keys (sotay/domain/text.py, as the migration was written) -------------------

# đ/Đ are letters of their own, not d + a combining mark, so NFD leaves them alone.
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})
# Letters that SQLite's FTS5 tokenizer (unicode61: Unicode 6.1's tables) reads as marks.
_SQLITE_MARKS = frozenset(
    [*map(chr, range(0x19B0, 0x19C1)), "\u19c8", "\u19c9", "\u1cf2", "\u1cf3"]
)


def fold_m004(text: str | None) -> str:
    """Lower case ASCII-ish key: 'Đặng Thị Hương' -> 'dang thi huong'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", clean_line_m004(text).translate(_FOLD_TABLE))
    stripped = "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) and ch not in _SQLITE_MARKS
    )
    return _SPACES.sub(" ", stripped.casefold()).strip()


def sort_key_m004(full_name: str) -> str:
    """By given name (the last word), then by the whole name: the order before m005."""
    folded = fold_m004(full_name)
    given = folded.rsplit(" ", 1)[-1] if folded else ""
    return f"{given} {folded}"


# --- m004: a repaired record queued as a save (desktop/store/syncdata.py, as it was) --------------

# The fields each kind of record carried to the central service (sotay/domain/fields.py).
FIELDS_M004: dict[str, tuple[str, ...]] = {
    "team": ("name", "province_code", "province_name", "commune_code", "commune_name"),
    "neighbourhood": ("name",),
    "member": ("full_name", "role", "phone"),
    "topic": ("name", "active", "sort"),
    "service": ("name", "active", "sort"),
    "resident": ("full_name", "gender", "birth_year", "neighbourhood_id", "phone", "note"),
    "training": (
        "day",
        "start_time",
        "end_time",
        "place",
        "status",
        "note",
        "topic_ids",
        "trainer_ids",
    ),
    "attendance": ("training_id", "resident_id", "present"),
    "assist": ("day", "resident_id", "member_id", "service_id", "outcome", "reason", "note"),
}
_LISTS_M004 = {"training": ("topic_ids", "trainer_ids")}  # kept in link tables, not columns
_LINKS_M004 = {
    "topic_ids": ("training_topic", "topic_id"),
    "trainer_ids": ("training_trainer", "member_id"),
}


def utcnow_m004() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def queue_m004(conn: sqlite3.Connection, only: set[tuple[str, str]]) -> int:
    """Queue the `only` records as they are now, at their version (a deleted one as a
    delete). Returns the rows queued."""
    now = utcnow_m004()
    queued = 0
    for entity in SYNCED_M003:
        lists = _LISTS_M004.get(entity, ())
        columns = [f for f in FIELDS_M004[entity] if f not in lists]
        select = ", ".join(["id", *columns, "created_at", "recorded_by", "deleted_at", "version"])
        links: dict[str, dict[str, list[str]]] = {}
        for key in lists:
            table, column = _LINKS_M004[key]
            found: dict[str, list[str]] = {}
            for owner, value in conn.execute(f"SELECT training_id, {column} FROM {table}"):
                found.setdefault(owner, []).append(value)
            links[key] = found
        rows = []
        for row in conn.execute(f"SELECT {select} FROM {entity} ORDER BY rowid"):
            record_id, *values = row
            if (entity, record_id) not in only:
                continue
            version = values.pop()
            keys = [*columns, "created_at", "recorded_by", "deleted_at"]
            payload = dict(zip(keys, values, strict=True))
            payload["id"] = record_id
            for key in lists:
                payload[key] = links[key].get(record_id, [])
            op = "upsert"
            if payload["deleted_at"]:
                op = "delete"
                payload = {
                    "id": record_id,
                    "deleted_at": payload["deleted_at"],
                    "deleted_by": payload["recorded_by"],
                }
            rows.append(
                (entity, record_id, op, json.dumps(payload, ensure_ascii=False), version, now)
            )
        conn.executemany(
            "INSERT INTO outbox(entity, entity_id, op, payload, version, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        queued += len(rows)
    return queued


# --- m005: Vietnamese alphabetical order (sotay/domain/text.py, as the migration was written) -----

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
    name = _SPACES.sub(" ", clean_line_m004(text).casefold()).strip()
    return _NUMBER.sub(lambda m: m.group().zfill(10), name)


def sort_key_m005(full_name: str) -> str:
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


# --- m006: the seed catalogues' standard indicator codes (sotay/domain/standard.SEED_CODES) -------

# By the seeds' ids (sotay/domain/fields.catalogue_id of kind and name: the same on every laptop
# and the commune's), as the migration was written.
SEED_CODES_M006: dict[tuple[str, str], str] = {
    ("service", "b63b7577-55d0-5411-a170-164ff50e9781"): "vneid_l2",  # Kích hoạt VNeID mức 2
    ("service", "4e978316-884b-51d0-8bd3-b839346fcccd"): "online_dossier",  # Nộp hồ sơ DVC
    ("service", "52397e66-adfc-5cfb-9b86-ef694883857c"): "cashless",  # Mở tài khoản / TT...
    ("service", "c764168b-e11a-5a80-b3d2-41c45b9a211b"): "scam_awareness",  # Nhận diện lừa đảo
    ("topic", "abfa36d5-8893-5810-99b4-01130b50df8f"): "basic_skills",  # Kỹ năng số cơ bản
}
