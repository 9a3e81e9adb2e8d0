"""The schema, in SQLAlchemy Core. Every table holding a team's data is keyed by `team_id`
first, so it can later be distributed by team (Citus needs the distribution column in every
primary key). Times are naive UTC. Changes go through Alembic (central/migrations)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = 36  # a UUID as text

# Key/value facts about this server: its id (which a laptop checks every answer against).
server = Table(
    "server",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

team = Table(
    "team",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", Text, nullable=False),
    Column("province_code", Integer, nullable=False),
    Column("province_name", Text, nullable=False),
    Column("commune_code", Integer, nullable=False, index=True),
    Column("commune_name", Text, nullable=False),
    # The team's change counter: each written record takes the next number; pulls page by it.
    # Locked by every ingest of the team, so numbers commit in order (no cursor skips a row).
    Column("seq", BigInteger, nullable=False, default=0),
    # Changed when the server is restored from a backup: laptops then restore and resend.
    Column("epoch", String(32), nullable=False),
    # The team's `seq` at the last restore (0: never restored). A record whose seq is at most
    # this dates from the backup, and only such a record may be behind a laptop's base_version.
    Column("restored_seq", BigInteger, nullable=False, default=0),
    Column("created_at", DateTime, nullable=False),
)

enrolment_code = Table(
    "enrolment_code",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("team_id", String(ID), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime),
    Column("device_id", String(ID)),
    # The hash of the key the laptop sent with the code: its retry gets the same device.
    Column("key_hash", String(64)),
)

device = Table(
    "device",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("id", String(ID), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False, default=""),
    Column("app_version", String(40), nullable=False, default=""),
    Column("enrolled_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
    Column("last_seen_at", DateTime),
    Column("last_push_at", DateTime),
    Column("last_pull_at", DateTime),
    # The highest outbox sequence number of this laptop the server has processed.
    Column("last_seq", BigInteger, nullable=False, default=0),
)

# The latest state of every record of every team, as JSON (the fields of desktop/sync/protocol).
record = Table(
    "record",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("entity", String(20), primary_key=True),
    Column("id", String(ID), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("payload", Text, nullable=False),
    Column("hash", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("device_id", String(ID)),  # who wrote the current version
    # The version the current writer's run of changes started from (see ingest.judge).
    Column("lineage", Integer, nullable=False, default=0),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_record_team_seq", "team_id", "seq", unique=True),
)

# One row per change a laptop sent: a retried batch gets the very same receipts back.
receipt = Table(
    "receipt",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("device_id", String(ID), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("hash", String(32), nullable=False),
    Column("status", String(10), nullable=False),
    Column("version", Integer),
    Column("code", String(30)),
)

# Changes that were rejected or in conflict, kept for the commune to see.
problem = Table(
    "problem",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("device_id", String(ID), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("entity", String(20), nullable=False),
    Column("record_id", String(ID), nullable=False),
    Column("status", String(10), nullable=False),
    Column("code", String(30), nullable=False),
    Column("message", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# --- the dashboard ------------------------------------------------------------------------------
# Facts: the fields of a team's records the figures and the team page need, as columns, kept at
# ingest beside `record` (whose payload is JSON). A deleted record's fact is removed, but for
# residents: the laptops' overview counts a trained resident deleted since (the roll-call holds).

f_resident = Table(
    "f_resident",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("id", String(ID), primary_key=True),
    Column("full_name", Text, nullable=False),
    Column("gender", String(10)),
    Column("birth_year", Integer),
    Column("deleted", Boolean, nullable=False),
    Column("neighbourhood_id", String(ID)),  # the rates per neighbourhood (issue 23)
)

f_training = Table(
    "f_training",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("id", String(ID), primary_key=True),
    Column("day", String(10), nullable=False),
    Column("year", Integer, nullable=False),
    Column("month", Integer, nullable=False),
    Column("status", String(10), nullable=False),
    Column("place", Text, nullable=False),
    Column("topics", Text, nullable=False),  # the topic ids, comma-separated
    Index("ix_f_training_team_id_year_day", "team_id", "year", "day"),
)

f_attendance = Table(
    "f_attendance",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("id", String(ID), primary_key=True),
    Column("training_id", String(ID), nullable=False),
    Column("resident_id", String(ID), nullable=False),
    Column("present", Boolean, nullable=False),
    Index("ix_f_attendance_team_id_training_id", "team_id", "training_id"),
)

f_assist = Table(
    "f_assist",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("id", String(ID), primary_key=True),
    Column("day", String(10), nullable=False),
    Column("year", Integer, nullable=False),
    Column("month", Integer, nullable=False),
    Column("resident_id", String(ID), nullable=False),
    Column("member_id", String(ID), nullable=False),
    Column("service_id", String(ID), nullable=False),
    Column("outcome", String(10), nullable=False),
    Index("ix_f_assist_team_id_year_day", "team_id", "year", "day"),
)

# A team's year whose figures must be computed again (marked by the ingest that changed them).
roll_dirty = Table(
    "roll_dirty",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("marked_at", DateTime, nullable=False),
)

# A team's figures for a period: "2026", "2026-Q1" or "2026-03" (the app's overview).
roll_team = Table(
    "roll_team",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("period", String(8), primary_key=True),
    Column("province_code", Integer, nullable=False),
    Column("commune_code", Integer, nullable=False),
    Column("trainings_held", Integer, nullable=False),
    Column("trainings_planned", Integer, nullable=False),
    Column("trainings_cancelled", Integer, nullable=False),
    Column("attendances", Integer, nullable=False),
    Column("residents_trained", Integer, nullable=False),
    Column("women_trained", Integer, nullable=False),
    Column("elderly_trained", Integer, nullable=False),
    Column("assists", Integer, nullable=False),
    Column("assisted_residents", Integer, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_roll_team_commune_code_period", "commune_code", "period"),
    Index("ix_roll_team_province_code_period", "province_code", "period"),
)

# Per topic (trainings held, attendances) and per service (done, not done, referred).
roll_topic = Table(
    "roll_topic",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("period", String(8), primary_key=True),
    Column("topic_id", String(ID), primary_key=True),
    Column("trainings", Integer, nullable=False),
    Column("attendances", Integer, nullable=False),
)

roll_service = Table(
    "roll_service",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("period", String(8), primary_key=True),
    Column("service_id", String(ID), primary_key=True),
    Column("done", Integer, nullable=False),
    Column("not_done", Integer, nullable=False),
    Column("referred", Integer, nullable=False),
)

# Per standard indicator (sotay/domain/standard.py): `people`, the distinct residents it
# reached; `count`, the attendances or help sessions done behind it. With the team's commune
# and province, so that a page sums a commune's or a province's teams by code in one range.
roll_code = Table(
    "roll_code",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("period", String(8), primary_key=True),
    Column("code", String(20), primary_key=True),
    Column("province_code", Integer, nullable=False),
    Column("commune_code", Integer, nullable=False),
    Column("people", Integer, nullable=False),
    Column("count", Integer, nullable=False),
    Index("ix_roll_code_commune_code_period", "commune_code", "period"),
    Index("ix_roll_code_province_code_period", "province_code", "period"),
)

# The neighbourhoods a commune declares (khu phố, ấp, thôn): what "every neighbourhood has an
# active team" is measured against.
area = Table(
    "area",
    metadata,
    Column("commune_code", Integer, primary_key=True),
    Column("name", String(200), primary_key=True),
)

# People of the commune or province who read the dashboard. `scope`: "commune" or "province",
# with its code; `admin` may also add teams, issue codes, revoke laptops and add accounts.
account = Table(
    "account",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("full_name", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("scope", String(10), nullable=False),
    Column("province_code", Integer, nullable=False),
    Column("commune_code", Integer),
    Column("admin", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("disabled_at", DateTime),
)

# Wrong passwords per username typed, whether or not an account has it (so the answer never
# tells which names exist), by its hash (a password typed into the name field is not kept).
login_guard = Table(
    "login_guard",
    metadata,
    Column("name_hash", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", DateTime),
    Column("updated_at", DateTime, nullable=False),
)

# A browser where an account signed in: the lock above does not stop it (its own wrong
# passwords are counted here). Only the hash of its cookie is kept.
known_browser = Table(
    "known_browser",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", String(ID), nullable=False, index=True),
    Column("failures", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# A signed-in browser: only the hash of its cookie is kept.
web_session = Table(
    "web_session",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("account_id", String(ID), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("seen_at", DateTime, nullable=False),
)

# The app's installers this server hosts (issue 20): the signed manifest's fields, checked at
# publication against the trusted keys, and the file under the data folder's releases/, named
# by its SHA-256. `state`: "offered" (laptops are told of it) or "held" (kept, not offered).
app_release = Table(
    "app_release",
    metadata,
    Column("platform", String(40), primary_key=True),
    Column("version", String(24), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("notes", Text, nullable=False),
    Column("signature", Text, nullable=False),
    Column("key_id", String(16), nullable=False),  # which trusted key signed it
    Column("state", String(8), nullable=False),
    Column("published_at", DateTime, nullable=False),
    Column("published_by", Text, nullable=False),  # a dashboard account, or the command line
)

# The people behind a team's figures about people, by year: each resident trained (present at a
# held class) or helped in the year, with the months they were, a bit a month (January = 1).
# Written with roll_team by rollups.refresh; the drill-down's lists of people read it
# (central/drill.py): the numbers of the moment the figures beside them were computed, and a
# commune's year in one read by its key, where the facts took 27,000 attendances to sort.
roll_person = Table(
    "roll_person",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("resident_id", String(ID), primary_key=True),
    Column("trained", Integer, nullable=False),  # the months trained, as bits
    Column("assisted", Integer, nullable=False),  # the months helped, as bits
)

# --- denominators and targets (issue 23; central/denominators.py) --------------------------------

# Residents trained per neighbourhood of a team and period (computed with roll_team).
roll_neighbourhood = Table(
    "roll_neighbourhood",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("period", String(8), primary_key=True),
    Column("neighbourhood_id", String(ID), primary_key=True),  # "" for no neighbourhood
    Column("residents_trained", Integer, nullable=False),
)

# A neighbourhood's adults and households as the commune counted them: they win over the
# figures the team's laptops keep in the neighbourhood record, and reach them with each pull.
nb_figure = Table(
    "nb_figure",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("neighbourhood_id", String(ID), primary_key=True),
    Column("adults", Integer, nullable=False),
    Column("households", Integer),
    Column("counted_on", String(10), nullable=False),
    Column("set_by", String(ID), nullable=False),  # the account
    Column("set_at", DateTime, nullable=False),
)

# Each team's adults: the sum over its live neighbourhoods of the figure that counts (the
# commune's, else the team's own), NULL when one of them is not counted. Kept by
# denominators.store_adults whenever a neighbourhood or the commune's figure of one changes, so
# that sharing a province's target among its communes reads a row per team, not every
# neighbourhood record of the province (issue 23's bench: 300 ms a page).
team_adults = Table(
    "team_adults",
    metadata,
    Column("team_id", String(ID), primary_key=True),
    Column("adults", Integer),
    Column("neighbourhoods", Integer, nullable=False),
)

# A year's target per indicator code (sotay/domain/standard.py) of a commune or a province:
# a count, or a rate in % of the adults (`unit`).
target = Table(
    "target",
    metadata,
    Column("scope", String(10), primary_key=True),  # "commune" or "province"
    Column("code", Integer, primary_key=True),  # the commune's or province's code
    Column("year", Integer, primary_key=True),
    Column("indicator", String(40), primary_key=True),
    Column("value", Float, nullable=False),
    Column("unit", String(10), nullable=False),
    Column("set_by", String(ID), nullable=False),
    Column("set_at", DateTime, nullable=False),
)

# API tokens for the figures' feed (GET /v1/feed/figures, central/apitokens.py): each reads
# as its dashboard account sees. Only the token's SHA-256 is kept; it is shown once, when issued.
api_token = Table(
    "api_token",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", String(ID), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False),
    Column("last_used_at", DateTime),
    Column("revoked_at", DateTime),
)
