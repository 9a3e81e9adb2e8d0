"""Where the service keeps its data and which database it uses."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from central.retention import REFUSED_DAYS

DEFAULT_DATA = "central-data"


@dataclass(frozen=True, slots=True)
class Config:
    data_dir: Path
    database_url: str
    # Per device: a burst of `rate_burst` requests, then `rate_per_second` on average.
    rate_per_second: float = 20.0
    rate_burst: int = 60
    code_days: int = 7  # an enrolment code expires after this many days
    # A refused change's content (names, phones) is forgotten this many days after it came, or
    # sooner once settled (central/retention.py): $SOTAY_CENTRAL_REFUSED_DAYS.
    refused_days: int = REFUSED_DAYS
    # Enrolment codes per address: a burst of tries, then one each 1/code_rate seconds
    # (central/deps.py, code_guesses_allowed).
    code_rate: float = 0.2
    code_burst: int = 20
    # A PostgreSQL read replica for the dashboard's pages (empty: they read the database).
    read_database_url: str = ""
    # Reverse proxies whose forwarded headers are believed (`serve --proxy`): none by default.
    proxies: tuple[str, ...] = ()
    # A file of release public keys trusted besides the ones this build carries
    # (sotay/release_keys.txt): `--release-keys` or $SOTAY_CENTRAL_RELEASE_KEYS, for tests and a
    # project's test server. The server's check only catches a mistake early; the laptop's own
    # check, against the keys the app carries, is the guard.
    release_keys: Path | None = None

    @classmethod
    def load(
        cls,
        data_dir: str | Path | None = None,
        database_url: str | None = None,
        read_database_url: str | None = None,
        release_keys: str | Path | None = None,
    ) -> Config:
        folder = Path(data_dir or os.environ.get("SOTAY_CENTRAL_DATA") or DEFAULT_DATA)
        url = database_url or os.environ.get("SOTAY_CENTRAL_DB") or ""
        if not url:
            url = f"sqlite:///{(folder / 'central.sqlite3').resolve()}"
        replica = read_database_url or os.environ.get("SOTAY_CENTRAL_READ_DB") or ""
        # FORWARDED_ALLOW_IPS: uvicorn's own name, which the README once gave.
        named = os.environ.get("SOTAY_CENTRAL_PROXIES") or os.environ.get("FORWARDED_ALLOW_IPS")
        proxies = tuple(p.strip() for p in (named or "").split(",") if p.strip())
        keys = release_keys or os.environ.get("SOTAY_CENTRAL_RELEASE_KEYS") or None
        days = os.environ.get("SOTAY_CENTRAL_REFUSED_DAYS", "").strip()
        return cls(
            folder.resolve(),
            url,
            refused_days=max(1, int(days)) if days.isdigit() else REFUSED_DAYS,
            read_database_url=replica,
            proxies=proxies,
            release_keys=Path(keys).resolve() if keys else None,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
