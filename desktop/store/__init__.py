"""Local SQLite storage: connection, migrations, the single writer, outbox, queries. No Qt."""
