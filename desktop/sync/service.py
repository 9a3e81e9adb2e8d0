"""The sync service: connects a profile to the commune's central service, then pushes the
outbox and pulls the team's other changes, by itself, on its own thread. No Qt: the GUI
listens to `on_status` and calls `sync_now`, `poke` and `stop`.

A cycle: (first time only) restore what the server holds, then push the whole outbox in
batches, then pull every page after the cursor. Each page of records and its cursor are
written in one local transaction; each batch's receipts in another. A cycle cut short at any
point (network, kill -9) repeats safely: the server answers a retried batch with the same
receipts, and a page applied twice changes nothing.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.failures import Failure
from desktop.store import syncdata
from desktop.store.store import Changed, Store
from desktop.sync.credentials import Credentials
from sotay.domain.denominators import COMMUNE_KEY
from sotay.protocol import BATCH_BYTES, BATCH_CHANGES, FETCH_LIMIT, known_header

if TYPE_CHECKING:
    from desktop.store.health import Missing
    from desktop.sync.client import Client
    from desktop.update import Updates, UpdateStatus

log = logging.getLogger(__name__)

INTERVAL = 300.0  # a cycle every 5 minutes while all is well
AFTER_SAVE = 5.0  # a save is synced this soon (saves in a row are merged)
BACKOFF_FIRST = 10.0
BACKOFF_MAX = 900.0
CLOCK_SKEW_WARN = 600.0  # seconds between the laptop's clock and the server's
SHORT_WAIT = 5.0  # a Retry-After up to this long is waited out within the cycle
UPDATE_CHECK_EVERY = 4 * 3600.0  # ask the server for a newer app this often (and at start)
PROGRESS_EVERY = 0.5  # seconds between two statuses telling a download's progress


class State:
    NOT_CONNECTED = "not_connected"
    SYNCING = "syncing"
    SYNCED = "synced"
    OFFLINE = "offline"  # network trouble: it will try again by itself
    FAILED = "failed"  # the server refused: see `failure`
    REVOKED = "revoked"  # the commune removed this laptop: connect again to go on


@dataclass(frozen=True, slots=True)
class Status:
    state: str = State.NOT_CONNECTED
    waiting: int = 0  # changes not yet on the server
    attention: int = 0  # changes the user must look at
    synced_at: datetime | None = None  # UTC, of the last complete cycle
    failure: Failure | None = None
    clock_skew: float | None = None  # seconds the laptop is ahead (+) or behind (-), if far
    team_name: str = ""
    update: UpdateStatus | None = None  # a newer app on offer, how far its download is


@dataclass(frozen=True, slots=True)
class Repair:
    """What asking the server for missing records did (SyncService.repair_missing)."""

    connected: bool  # False: not connected to a server, nothing was asked
    found: int = 0  # records brought back
    missing: tuple[Missing, ...] = ()  # still missing: the server has none of them either


@dataclass(frozen=True, slots=True)
class Offer:
    """What the server says an enrolment code is for, shown to the user before binding."""

    url: str
    code: str
    server_id: str
    team: dict[str, Any]


class SyncService:
    def __init__(
        self,
        store: Store,
        profile: Path,
        *,
        credentials: Credentials | None = None,
        client_factory: Callable[..., Client] | None = None,
        on_status: Callable[[Status], None] | None = None,
        interval: float = INTERVAL,
        after_save: float = AFTER_SAVE,
        updates: Updates | None = None,
        update_every: float = UPDATE_CHECK_EVERY,
        updates_factory: Callable[[], Updates] | None = None,
    ) -> None:
        """`updates_factory`: made on the sync thread (the window's: its imports, its folder
        read and its signature check stay off the GUI thread)."""
        self.store = store
        self.credentials = credentials or Credentials(profile)
        # The client (and `requests`, ~0.15 s to import) loads on the sync thread, never on
        # the window's start-up path.
        self._client_factory = client_factory
        self.on_status = on_status
        self.interval = interval
        self.after_save = after_save
        self.status = Status()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._cycle_lock = threading.Lock()  # one cycle at a time (thread, tests, Sync now)
        self._due = 0.0  # monotonic time of the next scheduled cycle
        self._requested = float("inf")  # ...or sooner: Sync now, a save
        self._failures = 0
        self._retry_after: float | None = None
        self._counts_dirty = False  # a local save changed the number of changes waiting
        self._thread: threading.Thread | None = None
        self._session: Any = None
        # Updates: checked after a successful cycle, downloaded while no sync is wanted.
        self.updates = updates if updates is not None and updates.platform is not None else None
        self.update_every = update_every
        self._update_checked = float("-inf")  # monotonic time of the last check
        self._update_client: Client | None = None  # the last good cycle's (its session)
        self._download_failed = False  # the download waits for the next good cycle
        if self.updates is not None:
            self.status = Status(update=self.updates.status())
        self._updates_factory = updates_factory
        store.subscribe(self._store_changed)

    # --- control --------------------------------------------------------------------------------

    def start(self) -> None:
        """Sync in the background: now, shortly after each save, every few minutes."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the background thread. A request under way ends by its own timeout; nothing
        is lost if the app exits meanwhile (the outbox keeps every unacknowledged change)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def sync_now(self) -> None:
        self._retry_after = None
        self._requested = 0.0
        self._wake.set()

    def poke(self) -> None:
        """A change was saved: sync it soon (several saves in a row make one cycle). A save
        made during a cycle gets a cycle of its own after it."""
        import time

        soon = time.monotonic() + self.after_save
        if self._failures == 0 and soon < self._requested:
            self._requested = soon
            self._wake.set()

    def _store_changed(self, change: Changed) -> None:
        if change.origin == "local":
            self._counts_dirty = True  # the sync thread tells the status bar at once
            self._wake.set()
            self.poke()

    def _run(self) -> None:
        import time

        if self._updates_factory is not None:
            made = self._updates_factory()
            if made.platform is not None:
                self.updates = made
                self._publish(replace(self.status, update=made.status()))
        self._due = time.monotonic()
        while not self._stopping.is_set():
            if self._counts_dirty:
                self._counts_dirty = False
                try:
                    self._publish_counts()
                except RuntimeError:  # the store was closed: the app is closing
                    return
            delay = min(self._due, self._requested) - time.monotonic()
            if delay > 0 and self._download_wanted():
                # Idle: the update's next ranges, until a sync is wanted (a save, Sync now,
                # the time of the next cycle), which then runs first.
                self._wake.clear()
                self.download_update()
                continue
            if delay > 0:
                self._wake.wait(delay)
                self._wake.clear()
                continue
            self._requested = float("inf")  # requests from now on ask for another cycle
            try:
                self.run_once()
            except RuntimeError as exc:  # the store was closed under us: the app is closing
                log.info("sync stopped: %s", type(exc).__name__)
                return
            except Exception:
                log.exception("sync cycle failed")
                self._failures += 1
            self._due = time.monotonic() + self._next_delay()

    def _next_delay(self) -> float:
        if self.status.state == State.REVOKED or self.status.state == State.NOT_CONNECTED:
            return 24 * 3600.0  # until connected again (connect() wakes the thread)
        if self._failures == 0:
            return self.interval
        if self._retry_after is not None:
            return self._retry_after
        base = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (self._failures - 1))
        return base * random.uniform(0.5, 1.5)  # jitter: a commune's laptops don't stampede

    # --- connecting -----------------------------------------------------------------------------

    def client_factory(self, *args: Any, **kwargs: Any) -> Client:
        if self._client_factory is None:
            from desktop.sync.client import Client

            self._client_factory = Client
        return self._client_factory(*args, **kwargs)

    def _session_for(self) -> Any:
        if self._session is None:
            from desktop.sync.client import new_session

            self._session = new_session()
        return self._session

    def offer(self, url: str, code: str) -> Offer:
        """Ask the server what the code is for (does not use it up)."""
        from desktop.sync.client import SyncError

        if self.store.read(syncdata.is_demo).result():
            raise SyncError(Failure.DEMO, "demo profile")
        client = self.client_factory(url, self._session_for())
        ping = client.ping()
        client.server_id = ping["server_id"]
        answer = client.check_code(code)
        bound_to = self.store.read(syncdata.state).result().get("team_id")
        if bound_to is not None and bound_to != answer["team"]["id"]:
            # Its records would go to the other team: a second team needs its own profile.
            raise SyncError(Failure.OTHER_TEAM, "profile of another team")
        return Offer(client.base_url, code, ping["server_id"], answer["team"])

    def connect(self, offer: Offer, device_name: str) -> str:
        """Use the code up and bind this profile to the team. Returns where the token was
        kept: "keyring" or "file". The next cycle restores the team's data, then pushes."""
        from desktop.sync.client import SyncError

        if self.store.read(syncdata.is_demo).result():
            raise SyncError(Failure.DEMO, "demo profile")
        bound_to = self.store.read(syncdata.state).result().get("team_id")
        if bound_to is not None and bound_to != offer.team["id"]:
            raise SyncError(Failure.OTHER_TEAM, "profile of another team")
        client = self.client_factory(offer.url, self._session_for(), server_id=offer.server_id)
        with self._cycle_lock:  # not in the middle of a cycle on the old binding
            return self._enrol(client, offer, device_name)

    def _enrol(self, client: Client, offer: Offer, device_name: str) -> str:
        key = self.store.write(syncdata.enrol_key).result()
        answer = client.enrol(offer.code, device_name, key)
        where = self.credentials.save(answer["token"])
        self.store.write(
            syncdata.bind,
            offer.url,
            offer.server_id,
            answer["device_id"],
            answer["team"],
            origin="sync",  # the team changed under the open screens
        ).result()
        log.info("connected as device %s of team %s", answer["device_id"], answer["team"]["id"])
        self._failures = 0
        self._publish(replace(self.status, state=State.SYNCING, failure=None))
        self.sync_now()
        return where

    # --- a cycle --------------------------------------------------------------------------------

    def run_once(self) -> Status:
        """One whole cycle on the calling thread: restore (once), push, pull."""
        with self._cycle_lock:
            return self._cycle()

    def _cycle(self) -> Status:
        from desktop.sync.client import SyncError

        state = self.store.read(syncdata.state).result()
        counts = self.store.read(syncdata.counts).result()
        base = replace(self.status, waiting=counts.waiting, attention=counts.attention)
        if "server_url" not in state:
            return self._publish(replace(base, state=State.NOT_CONNECTED, failure=None))
        token = self.credentials.load()
        if token is None:
            return self._publish(replace(base, state=State.FAILED, failure=Failure.UNAUTHORIZED))
        self._publish(replace(base, state=State.SYNCING))
        client = self.client_factory(
            state["server_url"], self._session_for(), token=token, server_id=state["server_id"]
        )
        try:
            skew = self._clock_skew(client)
            if state.get("rebase") == "1":
                # This profile was restored from a local backup: its outbox numbering went
                # back. What the server processed of it is dropped; the rest goes on above.
                last_seq = int(client.me()["last_seq"])
                self.store.write(syncdata.rebase, last_seq).result()
                state = self.store.read(syncdata.state).result()
                # The backup's rows settle first (receipts told again), so that the full
                # restore after them is not kept off those records by their queued rows.
                self._push(client)
            if state.get("restored") != "1":
                # A restore cut short resumes where it stopped (not when it must also learn
                # what the server lacks: that needs every page).
                resume = "" if state.get("recover") == "1" else state.get("cursor", "")
                self._pull(client, resume, everything=True)
            self._push(client)
            self._pull(client, self.store.read(syncdata.state).result().get("cursor", ""))
        except SyncError as exc:
            return self._failed(exc)
        except RuntimeError:
            raise  # the store was closed: the app is closing
        except Exception as exc:
            # A local failure (a full disk...) or a bug: said, logged, tried again later;
            # never a status bar stuck on "Syncing".
            from desktop.failures import classify

            log.exception("sync cycle failed")
            self._failures += 1
            self._retry_after = None
            return self._publish(replace(self.status, state=State.FAILED, failure=classify(exc)))
        self._failures = 0
        self._retry_after = None
        counts = self.store.read(syncdata.counts).result()
        self._publish(
            Status(
                State.SYNCED,
                counts.waiting,
                counts.attention,
                datetime.now(UTC),
                None,
                skew,
                self.status.team_name,
                self.status.update,
            )
        )
        self._check_update(client)
        return self.status

    # --- missing records ------------------------------------------------------------------------

    def repair_missing(self, missing: tuple[Missing, ...]) -> Repair:
        """Ask the server for the records the full check found referred to but missing, by id
        (POST /v1/records/fetch), and write them as a pull does. A record brought back may
        refer to another missing one: asked for in turn. Nothing local is removed: what the
        server lacks too stays referred to, and is returned. On the calling thread (never the
        GUI's); raises SyncError when the server cannot be asked."""
        from desktop.store import health

        with self._cycle_lock:
            state = self.store.read(syncdata.state).result()
            token = self.credentials.load()
            if "server_url" not in state or token is None:
                return Repair(False, 0, missing)
            client = self.client_factory(
                state["server_url"], self._session_for(), token=token, server_id=state["server_id"]
            )
            asked: set[tuple[str, str]] = set()
            found = 0
            while True:
                wanted = [(m.entity, m.id) for m in missing if (m.entity, m.id) not in asked]
                if not wanted:
                    break
                asked.update(wanted)
                for i in range(0, len(wanted), FETCH_LIMIT):
                    records = client.fetch(wanted[i : i + FETCH_LIMIT])
                    pulled = self.store.write(
                        syncdata.apply_records, records, origin="sync", foreign_keys=False
                    ).result()
                    found += pulled.applied
                missing = self.store.read(health.dangling).result()
            if found:
                log.warning("brought back %d missing records from the server", found)
            if missing:
                log.warning("%d records referred to are missing here and on the server",
                            len(missing))  # fmt: skip
            return Repair(True, found, missing)

    # --- updates --------------------------------------------------------------------------------

    def _check_update(self, client: Client, *, force: bool = False) -> None:
        """After a good cycle: what the server offers (at most every few hours)."""
        import time

        if self.updates is None:
            return
        self._update_client = client
        self._download_failed = False
        if not force and time.monotonic() - self._update_checked < self.update_every:
            return
        self._update_checked = time.monotonic()
        try:
            update = self.updates.check(client)
        except Exception as exc:  # a local failure (the disk) or a bug: never the sync's
            from desktop.failures import classify

            log.exception("update check failed")
            update = self.updates.status()
            self._publish(replace(self.status, update=replace(update, problem=classify(exc))))
            return
        self._publish(replace(self.status, update=update))

    def check_update(self) -> Any:
        """Ask the server now (Sync now does not wait for the next check): the UpdateStatus.
        Needs a successful cycle first; on the calling thread."""
        with self._cycle_lock:
            if self._update_client is not None:
                self._check_update(self._update_client, force=True)
            return self.status.update

    def _download_wanted(self) -> bool:
        return (
            self.updates is not None
            and self._update_client is not None
            and not self._download_failed
            and self.updates.wants_download
            and not self._stopping.is_set()
        )

    def download_update(self, should_stop: Callable[[], bool] | None = None) -> Any:
        """The update's ranges, one at a time, on the calling thread (the sync thread, between
        two syncs), until whole or `should_stop()` (by default: until a sync is wanted). The
        UpdateStatus. A failure (a cut link, a full disk) waits for the next good cycle."""
        import time

        if self.updates is None or self._update_client is None:
            return self.status.update
        told = time.monotonic()

        def sync_wanted() -> bool:
            return (
                self._stopping.is_set()
                or self._wake.is_set()
                or time.monotonic() >= min(self._due, self._requested)
            )

        def progress(update: UpdateStatus) -> None:
            nonlocal told
            if time.monotonic() - told >= PROGRESS_EVERY:
                told = time.monotonic()
                self._publish(replace(self.status, update=update))

        with self._cycle_lock:
            try:
                update = self.updates.download(
                    self._update_client, should_stop or sync_wanted, progress
                )
            except Exception as exc:
                from desktop.failures import classify

                log.exception("update download failed")
                update = replace(self.updates.status(), problem=classify(exc))
            self._download_failed = update.problem is not None
        return self._publish(replace(self.status, update=update)).update

    def _failed(self, exc: Any) -> Status:
        self._failures += 1
        self._retry_after = exc.retry_after
        counts = self.store.read(syncdata.counts).result()
        if exc.failure is Failure.REVOKED:
            state = State.REVOKED
        elif exc.failure in (Failure.OFFLINE, Failure.TIMEOUT, Failure.PORTAL):
            state = State.OFFLINE
        else:
            state = State.FAILED
        log.info("sync: %s (%s)", exc.failure, exc.code or exc.status or "")
        return self._publish(
            replace(
                self.status,
                state=state,
                failure=exc.failure,
                waiting=counts.waiting,
                attention=counts.attention,
            )
        )

    def _clock_skew(self, client: Client) -> float | None:
        answer = client.ping()
        try:
            server = datetime.strptime(answer["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except (KeyError, TypeError, ValueError):
            return None
        skew = (datetime.now(UTC) - server).total_seconds()
        return skew if abs(skew) > CLOCK_SKEW_WARN else None

    def _push(self, client: Client) -> None:
        import time

        from desktop.sync.client import SeqConflict, SyncError, TooLarge

        rows = BATCH_CHANGES
        busy_waits = 0
        counted = time.monotonic()
        while not self._stopping.is_set():
            changes = self.store.read(syncdata.read_batch, rows, BATCH_BYTES).result()
            if not changes:
                return
            batch_id = uuid.uuid4().hex
            try:
                answer = client.push(batch_id, [c.wire() for c in changes], known=self._known())
            except TooLarge:
                if rows == 1:
                    raise
                rows = max(1, rows // 2)
                continue
            except SeqConflict as exc:
                log.warning("server holds change numbers up to %d: renumbering", exc.last_seq)
                self.store.write(syncdata.renumber_outbox, exc.last_seq).result()
                continue
            except SyncError as exc:
                # A short "later" (the per-laptop rate limit during a first push of months of
                # work) is waited out here, so the status bar does not flash a failure.
                wait = exc.retry_after
                if exc.failure is not Failure.SERVER_BUSY or wait is None or wait > SHORT_WAIT:
                    raise
                if busy_waits >= 10:
                    raise
                busy_waits += 1
                self._stopping.wait(wait)
                continue
            applied = self.store.write(
                _apply_receipts, changes, answer["receipts"], answer.get("last_seq"), origin="sync"
            ).result()
            if applied.kept:
                # Receipts missing for some changes: not acknowledged, try again later.
                raise SyncError(Failure.SERVER_ERROR, "receipts missing")
            rows = BATCH_CHANGES
            # Counting a long outbox takes milliseconds: after every batch, it made a first
            # push of a whole ward quadratic. Twice a second is enough for a progress display.
            if time.monotonic() - counted >= 0.5:
                counted = time.monotonic()
                self._publish_counts()

    def _pull(self, client: Client, cursor: str, *, everything: bool = False) -> None:
        from desktop.sync.client import CursorUnknown

        # After the server lost data (restored from a backup), a full restore also tells what
        # it no longer has: those records of this laptop are queued again.
        recover = everything and self.store.read(syncdata.state).result().get("recover") == "1"
        seen: dict[tuple[str, str], int] = {}
        while not self._stopping.is_set():
            try:
                page = client.pull(cursor, everything=everything, known=self._known())
            except CursorUnknown:
                log.warning("server did not know the cursor: restoring in full")
                # What it acknowledged before is no longer what it holds: forgotten until the
                # next push's answer, or this laptop would tell the server it is behind again.
                self.store.write(
                    syncdata.set_state,
                    {"restored": None, "cursor": "", "recover": "1", "acked": None},
                ).result()
                cursor, everything, recover, seen = "", True, True, {}
                continue
            more = bool(page.get("more"))
            done: dict[str, str | None] = {"cursor": page["cursor"]}
            if recover:
                seen.update(
                    ((r.get("entity"), r.get("id")), int(r.get("version") or 0))
                    for r in page["records"]
                )
            if not more and isinstance(page.get(COMMUNE_KEY), dict):
                # The commune's own figures and targets (central/denominators.py), whole each
                # time: kept as sent, in the last page's transaction. An older server sends
                # none, and what came before stays.
                done[COMMUNE_KEY] = json.dumps(page[COMMUNE_KEY], ensure_ascii=False)
            lost = None
            if everything and not more:
                done["restored"] = "1"
                if recover:
                    done["recover"] = None
                    lost = seen
            self.store.write(
                _apply_page, page["records"], done, lost, origin="sync", foreign_keys=False
            ).result()
            cursor = page["cursor"]
            if not more:
                return

    def _known(self) -> str:
        """What this laptop holds from the server, sent with each push and pull: a server
        behind it was restored from a backup unannounced (central/restored.py)."""
        state = self.store.read(syncdata.state).result()
        return known_header(
            state.get("server_id", ""), state.get("cursor", ""), int(state.get("acked") or 0)
        )

    # --- status ---------------------------------------------------------------------------------

    def _publish_counts(self) -> None:
        counts = self.store.read(syncdata.counts).result()
        self._publish(replace(self.status, waiting=counts.waiting, attention=counts.attention))

    def _publish(self, status: Status) -> Status:
        self.status = status
        if self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:
                log.exception("status listener failed")
        return status


def _apply_receipts(
    db: Any, changes: list[Any], receipts: list[dict[str, Any]], acked: Any
) -> syncdata.Applied:
    """A batch's receipts and the server's last acknowledged seq of this laptop's outbox, in
    one transaction."""
    applied = syncdata.apply_receipts(db, changes, receipts)
    if isinstance(acked, int) and not isinstance(acked, bool) and acked >= 0:
        syncdata.set_state(db, {"acked": str(acked)})
    return applied


def _apply_page(
    db: Any,
    records: list[dict[str, Any]],
    state: dict[str, str | None],
    lost: dict[tuple[str, str], int] | None = None,
) -> None:
    """A pulled page and the cursor after it, in one transaction: a crash between the two
    cannot skip or repeat a page."""
    syncdata.apply_records(db, records)
    syncdata.set_state(db, state)
    syncdata.forget_resolved(db.conn)
    if lost is not None:
        queued = syncdata.queue_lost(db, lost)
        if queued:
            log.warning("the server had lost %d of this laptop's records: sent again", queued)
