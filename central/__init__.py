"""The central service: receives the teams' batches, serves them back to the team's other
laptops, and keeps every team's records apart. FastAPI, SQLAlchemy 2 and Alembic; SQLite by
default, PostgreSQL when given a database URL. No PySide6 here."""

__version__ = "0.1.0"
