"""The fields of each kind of record that leave the laptop: what the sync protocol carries
and what the central service stores. Derived local columns (folded names, sort keys) never
travel, nor a laptop clock's `updated_at`: the server keeps its own time, and nothing is
ordered by a laptop's clock."""

import uuid

FIELDS: dict[str, tuple[str, ...]] = {
    "team": ("name", "province_code", "province_name", "commune_code", "commune_name"),
    # adults, households: the neighbourhood's people as counted on `counted_on` (a year's
    # figure, the denominator of its rates); None when the leader has not entered them.
    "neighbourhood": ("name", "adults", "households", "counted_on"),
    "member": ("full_name", "role", "phone"),
    "topic": ("name", "active", "sort", "code"),
    "service": ("name", "active", "sort", "code"),
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
    "assist": (
        "day",
        "resident_id",
        "member_id",
        "service_id",
        "outcome",
        "reason",
        "note",
    ),
}
COMMON = ("created_at", "recorded_by", "deleted_at")

# Fields a later release added to a kind: an older laptop's payload lacks them, and their
# absence says nothing, so each side keeps what it holds (a code mapped here, a neighbourhood's
# adults), or a seed's own code (sotay/domain/standard.item_code), or None. The server stores
# such a payload as it came (a resent batch hashes as its stored receipt did).
OPTIONAL: dict[str, tuple[str, ...]] = {
    "topic": ("code",),  # the standard indicator's code (sotay/domain/standard.py)
    "service": ("code",),
    "neighbourhood": ("adults", "households", "counted_on"),  # the rates' denominators
}

# The fields people type (sotay/domain/cleaning.py): one-line ones, and notes that keep
# their lines. Phones are not here: they are stored as digits (sotay/domain/phone.py).
LINE_FIELDS: dict[str, tuple[str, ...]] = {
    "team": ("name", "province_name", "commune_name"),
    "neighbourhood": ("name",),
    "member": ("full_name",),
    "topic": ("name",),
    "service": ("name",),
    "resident": ("full_name",),
    "training": ("place",),
    "assist": ("reason",),
}
NOTE_FIELDS: dict[str, tuple[str, ...]] = {
    "resident": ("note",),
    "training": ("note",),
    "assist": ("note",),
}


# Catalogue items (topics, services) named alike get the same id on every laptop and from the
# commune: the team's laptops, once synced, share one catalogue instead of one copy each.
_CATALOGUE_NAMESPACE = uuid.UUID("5b1f6a52-4f0e-4d2e-9a57-2f1c3d0e8b11")


def catalogue_id(kind: str, name: str) -> str:
    return str(uuid.uuid5(_CATALOGUE_NAMESPACE, f"{kind}:{name}"))
