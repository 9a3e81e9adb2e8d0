"""The migrations this release knows, by name: checked at every start without importing
sqlite-utils (a test keeps this list equal to desktop/store/migrations.py)."""

MIGRATIONS: tuple[str, ...] = (
    "m001_initial",
    "m002_list_indexes",
    "m003_sync",
    "m004_clean_text",
    "m005_vietnamese_order",
    "m006_codes_items",
    "m007_denom_figures",
)

# The tables whose records sync (each has a `server_version` column).
SYNCED: tuple[str, ...] = (
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
