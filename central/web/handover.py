"""An enrolment code between the form that issues it and the page that shows it.

The form posts, the server issues the code and answers with a redirect to the page that shows
it (post, redirect, get): reloading that page never issues another code. The code itself is
kept here, in this process's memory, under a random one-time ticket, for a few minutes:
- never in a URL or a log (the ticket is in the page's address; it is not the code, it opens
  nothing but that one page, once, for the session that issued it, within minutes);
- never on disk: the database keeps only the code's hash (central/teams.py), a backup or a
  replica holds no usable code, and no cookie carries it into a browser's files;
- shown once: the page takes it out; a reload says so and offers a new code.
The service runs as one process (`serve`: one uvicorn worker, as SQLite's writer queue needs);
a restart between the form and the page loses the code, which the page then says, like a
reload (the code issued, unseen, expires by itself).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from sotay.protocol import token_hash

KEEP_FOR = 10 * 60.0  # seconds between the redirect and the page, at most
MOST = 1000  # tickets kept at once (each issued by a signed-in admin)


@dataclass(frozen=True, slots=True)
class Issued:
    code: str
    expires: datetime  # when the code itself expires


@dataclass(frozen=True, slots=True)
class _Held:
    owner: str  # the hash of the issuing session's cookie
    team_id: str
    issued: Issued
    until: float  # time.monotonic()


class Handover:
    def __init__(self, keep_for: float = KEEP_FOR, most: int = MOST) -> None:
        self.keep_for, self.most = keep_for, most
        self._held: dict[str, _Held] = {}
        self._lock = threading.Lock()

    def put(self, cookie: str, team_id: str, issued: Issued) -> str:
        """Keep an issued code for the session's next page; returns its ticket."""
        ticket = secrets.token_urlsafe(18)
        now = time.monotonic()
        with self._lock:
            for old in [k for k, v in self._held.items() if v.until <= now]:
                del self._held[old]
            while len(self._held) >= self.most:  # the oldest first (dicts keep their order)
                del self._held[next(iter(self._held))]
            self._held[ticket] = _Held(token_hash(cookie), team_id, issued, now + self.keep_for)
        return ticket

    def take(self, cookie: str, team_id: str, ticket: str) -> Issued | None:
        """The code, once, for the session and team that issued it; None after that, after a
        few minutes, or for anyone else (whose asking leaves it to its owner)."""
        with self._lock:
            held = self._held.get(ticket)
            if held is None or held.until <= time.monotonic():
                self._held.pop(ticket, None)
                return None
            mine = hmac.compare_digest(held.owner, token_hash(cookie))
            if not mine or held.team_id != team_id:
                return None
            del self._held[ticket]
            return held.issued
