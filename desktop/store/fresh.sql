-- The schema of a new profile: what desktop/store/migrations.py builds, written by
-- `python -m desktop.store.fresh`. Never edit by hand; add a migration, then rewrite it.

CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);

CREATE TABLE team (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        province_code INTEGER NOT NULL,
        province_name TEXT NOT NULL,
        commune_code INTEGER NOT NULL,
        commune_name TEXT NOT NULL,
        
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    recorded_by TEXT,
    deleted_at TEXT

    , server_version INTEGER NOT NULL DEFAULT 0);

CREATE TABLE neighbourhood (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    recorded_by TEXT,
    deleted_at TEXT

    , server_version INTEGER NOT NULL DEFAULT 0, adults INTEGER CHECK (adults >= 0), households INTEGER CHECK (households >= 0), counted_on TEXT);

CREATE TABLE member (
        id TEXT PRIMARY KEY,
        full_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('leader', 'deputy', 'member')),
        phone TEXT NOT NULL DEFAULT '',
        
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    recorded_by TEXT,
    deleted_at TEXT

    , server_version INTEGER NOT NULL DEFAULT 0);

CREATE TABLE resident (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        full_name TEXT NOT NULL,
        name_folded TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        gender TEXT CHECK (gender IN ('female', 'male')),
        birth_year INTEGER,
        neighbourhood_id TEXT REFERENCES neighbourhood(id),
        phone TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    recorded_by TEXT,
    deleted_at TEXT

    , server_version INTEGER NOT NULL DEFAULT 0);

CREATE VIRTUAL TABLE resident_fts USING fts5(
        name_folded, content='resident', content_rowid='rid', prefix='1 2 3'
    );

CREATE TABLE topic (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        sort INTEGER NOT NULL DEFAULT 0,
        
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    recorded_by TEXT,
    deleted_at TEXT

    , server_version INTEGER NOT NULL DEFAULT 0, code TEXT);

CREATE TABLE service (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        sort INTEGER NOT NULL DEFAULT 0,
        
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    recorded_by TEXT,
    deleted_at TEXT

    , server_version INTEGER NOT NULL DEFAULT 0, code TEXT);

CREATE TABLE training (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT NOT NULL,
        place TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('planned', 'held', 'cancelled')),
        note TEXT NOT NULL DEFAULT '',
        
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    recorded_by TEXT,
    deleted_at TEXT

    , server_version INTEGER NOT NULL DEFAULT 0);

CREATE TABLE training_topic (
        training_id TEXT NOT NULL REFERENCES training(id),
        topic_id TEXT NOT NULL REFERENCES topic(id),
        PRIMARY KEY (training_id, topic_id)
    ) WITHOUT ROWID;

CREATE TABLE training_trainer (
        training_id TEXT NOT NULL REFERENCES training(id),
        member_id TEXT NOT NULL REFERENCES member(id),
        PRIMARY KEY (training_id, member_id)
    ) WITHOUT ROWID;

CREATE TABLE attendance (
        id TEXT PRIMARY KEY,
        training_id TEXT NOT NULL REFERENCES training(id),
        resident_id TEXT NOT NULL REFERENCES resident(id),
        present INTEGER NOT NULL DEFAULT 1,
        
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    recorded_by TEXT,
    deleted_at TEXT

    , server_version INTEGER NOT NULL DEFAULT 0);

CREATE TABLE assist (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        resident_id TEXT NOT NULL REFERENCES resident(id),
        member_id TEXT NOT NULL REFERENCES member(id),
        service_id TEXT NOT NULL REFERENCES service(id),
        outcome TEXT NOT NULL CHECK (outcome IN ('done', 'not_done', 'referred')),
        reason TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    recorded_by TEXT,
    deleted_at TEXT

    , server_version INTEGER NOT NULL DEFAULT 0);

CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
        payload TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );

CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

CREATE TABLE sync_attention (
        id INTEGER PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('conflict', 'rejected')),
        code TEXT NOT NULL DEFAULT '',
        message TEXT NOT NULL DEFAULT '',
        op TEXT NOT NULL,
        local_payload TEXT NOT NULL,
        server_payload TEXT,
        server_version INTEGER,
        created_at TEXT NOT NULL,
        resolved_at TEXT
    );

CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");

CREATE INDEX resident_sort ON resident(sort_key) WHERE deleted_at IS NULL;

CREATE INDEX resident_dup ON resident(name_folded, birth_year);

CREATE INDEX resident_phone ON resident(phone) WHERE phone != '';

CREATE INDEX resident_neighbourhood ON resident(neighbourhood_id, sort_key);

CREATE INDEX training_day ON training(day, start_time);

CREATE INDEX training_topic_topic ON training_topic(topic_id, training_id);

CREATE UNIQUE INDEX attendance_pair ON attendance(training_id, resident_id);

CREATE INDEX attendance_resident ON attendance(resident_id);

CREATE INDEX assist_day ON assist(day);

CREATE INDEX assist_service ON assist(service_id, day);

CREATE INDEX assist_resident ON assist(resident_id);

CREATE INDEX training_list ON training(day, start_time, id) WHERE deleted_at IS NULL;

CREATE INDEX attendance_roll ON attendance(training_id, present, resident_id)
        WHERE deleted_at IS NULL;

CREATE INDEX assist_list ON assist(day, id) WHERE deleted_at IS NULL;

CREATE INDEX resident_stats ON resident(id, gender, birth_year);

CREATE INDEX outbox_entity ON outbox(entity, entity_id);

CREATE INDEX sync_attention_open ON sync_attention(entity, entity_id)
        WHERE resolved_at IS NULL;

CREATE TRIGGER resident_ai AFTER INSERT ON resident BEGIN
        INSERT INTO resident_fts(rowid, name_folded) VALUES (new.rid, new.name_folded);
    END;

CREATE TRIGGER resident_ad AFTER DELETE ON resident BEGIN
        INSERT INTO resident_fts(resident_fts, rowid, name_folded)
        VALUES ('delete', old.rid, old.name_folded);
    END;

CREATE TRIGGER resident_au AFTER UPDATE OF name_folded ON resident BEGIN
        INSERT INTO resident_fts(resident_fts, rowid, name_folded)
        VALUES ('delete', old.rid, old.name_folded);
        INSERT INTO resident_fts(rowid, name_folded) VALUES (new.rid, new.name_folded);
    END;
