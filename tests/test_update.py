"""The laptop's updates (desktop/update), against the real central service on 127.0.0.1: a
newer release the commune publishes is learnt of after a sync, downloaded in ranges across
cuts, restarts and a full disk, and becomes the installer only once it is exactly the signed
file; anything else is refused and says why.

The releases are signed by a key each run makes; the server trusts it and another key (its
`--release-keys` file), the laptop only the first. Each test uses a platform of its own, so that
one server holds them all. The installers are a few hundred KiB, downloaded in 64 KiB ranges.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.failures import Failure
from desktop.store import syncdata
from desktop.sync.client import Client, new_session
from desktop.sync.credentials import Credentials
from desktop.sync.service import SyncService
from desktop.update import Updates, UpdateStatus
from sotay import releases
from sotay.releases import Refusal
from tests.faultproxy import Fault, FaultProxy
from tests.helpers import Laptop, add_resident, connected_team, outbox
from tests.servers import ROOT, Admin, Central

RANGE = 64 * 1024
SIZE = 10 * RANGE + 1234  # eleven ranges, the last one short
FILE = "/v1/app/file/"
_platforms = itertools.count(1)


@pytest.fixture(scope="module")
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def other_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, key: Ed25519PrivateKey, other_key: Ed25519PrivateKey
) -> Iterator[Central]:
    """A central service (SQLite) trusting both keys for publication (its check only catches
    a mistake early: the laptop's check is the guard)."""
    folder = tmp_path_factory.mktemp("central-releases")
    keys = folder / "release_keys.txt"
    keys.write_text("".join(releases.public_text(k.public_key()) + "\n" for k in (key, other_key)))
    env = dict(os.environ, SOTAY_CENTRAL_RELEASE_KEYS=str(keys))
    central = Central(folder / "data", env=env).start()
    central.admin_ops = Admin(central)
    yield central
    central.stop()
    central.admin_ops.engine.dispose()


@pytest.fixture
def platform() -> str:
    return f"test-{next(_platforms)}"


@pytest.fixture
def laptop(server: Central, laptops: Callable[[str], Laptop]) -> Laptop:
    _team, (leader,) = connected_team(server, laptops, "leader")
    return leader


@pytest.fixture
def publish(
    server: Central, platform: str, tmp_path: Path, key: Ed25519PrivateKey
) -> Callable[..., tuple[releases.Release, bytes]]:
    """publish("0.2.0") signs an installer of that version and publishes it on the server
    with its command line, as the commune's IT person does; returns the release and bytes."""

    def make(
        version: str, *, signer: Ed25519PrivateKey | None = None, size: int = SIZE
    ) -> tuple[releases.Release, bytes]:
        data = b"MZ" + os.urandom(size - 2)
        setup = tmp_path / "published" / f"SoTayCNS-{version}-setup.exe"
        setup.parent.mkdir(exist_ok=True)
        setup.write_bytes(data)
        release = releases.sign(setup, version, f"Bản {version}.", signer or key, platform)
        releases.write_manifest(setup, release)
        server.admin("release", "publish", str(setup))
        return release, data

    return make


def stored_file(server: Central, release: releases.Release) -> Path:
    """The installer as the server keeps it (named by its hash)."""
    path = server.data_dir / "releases" / release.sha256
    assert path.is_file()
    return path


def updates_of(folder: Path, platform: str, key: Ed25519PrivateKey, **kw: Any) -> Updates:
    return Updates(folder, "0.1.0", platform, [key.public_key()], range_bytes=RANGE, **kw)


def client_of(laptop: Laptop, url: str | None = None) -> Client:
    """A client as the sync service makes it: the laptop's token, the server's id."""
    state = laptop.read(syncdata.state)
    token = Credentials(laptop.folder, use_keyring=False).load()
    return Client(
        url or state["server_url"], new_session(), token=token, server_id=state["server_id"]
    )


def with_updates(laptop: Laptop, updates: Updates, **kw: Any) -> SyncService:
    """The laptop's sync service, now with its updates."""
    laptop.sync.stop()
    laptop.sync = SyncService(
        laptop.store,
        laptop.folder,
        credentials=Credentials(laptop.folder, use_keyring=False),
        on_status=laptop.statuses.append,
        updates=updates,
        **kw,
    )
    return laptop.sync


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def download_all(updates: Updates, client: Client, tries: int = 40) -> UpdateStatus:
    """Until ready or refused, going on after each failure (as the next idle time does)."""
    status = updates.status()
    for _ in range(tries):
        status = updates.download(client)
        if status.ready is not None or status.problem in set(Refusal):
            return status
    raise AssertionError(f"not downloaded in {tries} tries: {status}")


# --- refused offers and files ---------------------------------------------------------------


def test_an_offer_signed_by_another_key_is_refused_before_a_byte(
    laptop: Laptop, publish: Any, platform: str, key: Ed25519PrivateKey, other_key: Any
) -> None:
    publish("0.2.0", signer=other_key)
    folder = laptop.folder / "updates"
    sync = with_updates(laptop, updates_of(folder, platform, key))
    status = sync.run_once()
    assert status.state == "synced"
    assert status.update == UpdateStatus(problem=Refusal.SIGNATURE)
    assert laptop.statuses[-1].update.problem == "signature"  # what the window is told
    assert files(folder) == set()  # not even its manifest
    assert sync.download_update().ready is None


def test_a_truncated_file_is_refused_by_its_size(
    laptop: Laptop, server: Central, publish: Any, platform: str, key: Ed25519PrivateKey
) -> None:
    release, data = publish("0.2.0")
    stored = stored_file(server, release)
    stored.write_bytes(data[: SIZE // 2])  # the server's disk lost the end
    folder = laptop.folder / "updates"
    updates = updates_of(folder, platform, key)
    client = client_of(laptop)
    assert updates.check(client).release == release
    status = download_all(updates, client)
    assert status.problem == Refusal.SIZE and status.ready is None
    assert files(folder) == {f"SoTayCNS-0.2.0-setup.exe{releases.MANIFEST_SUFFIX}"}
    # The same offer again is not downloaded again (until the app starts anew).
    assert updates.check(client).problem == Refusal.SIZE
    assert updates.download(client).downloaded == 0
    assert files(folder) == {f"SoTayCNS-0.2.0-setup.exe{releases.MANIFEST_SUFFIX}"}


def test_a_file_altered_on_the_server_is_refused_by_its_hash(
    laptop: Laptop, server: Central, publish: Any, platform: str, key: Ed25519PrivateKey
) -> None:
    release, data = publish("0.2.0")
    stored = stored_file(server, release)
    altered = bytearray(data)
    altered[SIZE // 3] ^= 0xFF  # one byte: same size, another file
    stored.write_bytes(bytes(altered))
    folder = laptop.folder / "updates"
    sync = with_updates(laptop, updates_of(folder, platform, key))
    assert sync.run_once().update.release == release
    status = sync.download_update(lambda: False)
    assert status.problem == Refusal.HASH and status.ready is None
    assert not list(folder.glob("*.exe")) and not list(folder.glob("*.part"))
    assert laptop.statuses[-1].update.problem == "hash"


def test_an_older_or_the_same_version_is_ignored(
    laptop: Laptop, publish: Any, platform: str, key: Ed25519PrivateKey
) -> None:
    folder = laptop.folder / "updates"
    client = client_of(laptop)
    publish("0.2.0")
    # This laptop runs 0.3.0: the server's newest is older.
    older = Updates(folder, "0.3.0", platform, [key.public_key()], range_bytes=RANGE)
    assert older.check(client) == UpdateStatus()
    assert files(folder) == set()
    # The same version as the one running: nothing either.
    same = Updates(folder, "0.2.0", platform, [key.public_key()], range_bytes=RANGE)
    assert same.check(client) == UpdateStatus()
    # A laptop on 0.1.0 takes it, and the files stay across a restart...
    taken = updates_of(folder, platform, key)
    assert taken.check(client).release is not None
    assert download_all(taken, client).ready is not None
    assert updates_of(folder, platform, key).status().ready is not None
    # ...until 0.2.0 runs (the update was installed): its files are gone at the next start.
    installed = Updates(folder, "0.2.0", platform, [key.public_key()], range_bytes=RANGE)
    assert installed.status() == UpdateStatus()
    assert files(folder) == set()


def test_a_withdrawn_offer_is_dropped_and_a_newer_one_replaces_an_older(
    laptop: Laptop, server: Central, publish: Any, platform: str, key: Ed25519PrivateKey
) -> None:
    folder = laptop.folder / "updates"
    client = client_of(laptop)
    updates = updates_of(folder, platform, key)
    publish("0.2.0")
    updates.check(client)
    updates.download(client, should_stop=iter([False, False, True]).__next__)
    assert 0 < updates.status().downloaded < SIZE
    newer, _data = publish("0.3.0")
    assert updates.check(client).release == newer
    assert files(folder) == {f"SoTayCNS-0.3.0-setup.exe{releases.MANIFEST_SUFFIX}"}
    updates.download(client, should_stop=iter([False, True]).__next__)
    # The commune holds 0.3.0 back mid-download: the file is no longer there for the laptop.
    server.admin("release", "hold", "0.3.0", "--platform", platform)
    assert updates.download(client) == UpdateStatus()
    assert files(folder) == set()
    assert updates.check(client).release is not None  # 0.2.0 is offered again
    assert updates.status().release.version == "0.2.0"


# --- cut links, restarts, a full disk ---------------------------------------------------------


class TenthCuts(FaultProxy):
    """Cuts the answer of the range in which each tenth of the file starts (once each), the
    laptop's `.part` telling where the download is."""

    def __init__(self, upstream: int, part: Callable[[], int], **kw: Any) -> None:
        super().__init__(upstream, **kw)
        self.part = part
        self.marks = [SIZE * i // 10 for i in range(1, 10)] + [SIZE - 1]
        self.file_requests = 0

    def _choose(self, path: str, has_body: bool) -> Fault | None:
        if not path.startswith(FILE):
            return super()._choose(path, has_body)
        start = self.part()
        with self._lock:
            self.file_requests += 1
            if self.marks and start <= self.marks[0] < start + RANGE:
                self.marks.pop(0)
                self.injected[Fault.CUT_ANSWER] += 1
                return Fault.CUT_ANSWER
        return super()._choose(path, has_body)


def test_a_download_cut_at_every_tenth_resumes_and_ends_checked(
    laptop: Laptop, server: Central, publish: Any, platform: str, key: Ed25519PrivateKey
) -> None:
    release, data = publish("0.2.0")
    folder = laptop.folder / "updates"
    part = folder / "SoTayCNS-0.2.0-setup.exe.part"
    proxy = TenthCuts(server.port, lambda: part.stat().st_size if part.exists() else 0).start()
    try:
        updates = updates_of(folder, platform, key)
        client = client_of(laptop, proxy.url)
        assert updates.check(client).release == release
        seen: list[UpdateStatus] = []
        for _ in range(40):
            status = updates.download(client)
            seen.append(status)
            if status.ready is not None:
                break
        assert proxy.marks == [] and proxy.injected[Fault.CUT_ANSWER] == 10
        cut = [s for s in seen if s.problem is not None]
        assert len(cut) == 10 and {s.problem for s in cut} <= {Failure.OFFLINE, Failure.TIMEOUT}
        downloaded = [s.downloaded for s in seen]
        assert downloaded == sorted(downloaded)  # each try went on from the .part
        # Resumed, not started again: each cut cost one range asked for again, no more.
        assert proxy.file_requests == 11 + 10
        assert status.ready is not None and status.problem is None
        assert status.ready.read_bytes() == data
        assert updates.ready() == status.ready
    finally:
        proxy.stop()


def test_the_download_keeps_to_the_servers_pace(
    laptop: Laptop, publish: Any, platform: str, key: Ed25519PrivateKey
) -> None:
    # Each range counts against the laptop's rate limit on the server (a burst of 60, then
    # 20 a second): a file of 100 ranges meets it on loopback. The download waits as the
    # server's Retry-After asks and ends in one go, instead of failing as "server busy".
    release, data = publish("0.2.0", size=100 * 4096)
    folder = laptop.folder / "updates"
    updates = Updates(folder, "0.1.0", platform, [key.public_key()], range_bytes=4096)
    client = client_of(laptop)
    assert updates.check(client).release == release
    status = updates.download(client)
    assert status.problem is None and status.ready is not None
    assert status.ready.read_bytes() == data


def test_a_restart_mid_download_goes_on_from_the_part(
    laptop: Laptop, publish: Any, platform: str, key: Ed25519PrivateKey
) -> None:
    release, data = publish("0.2.0")
    folder = laptop.folder / "updates"
    first = updates_of(folder, platform, key)
    first.check(client_of(laptop))
    stop_after = iter([False] * 4 + [True])
    assert first.download(client_of(laptop), stop_after.__next__).downloaded == 4 * RANGE
    # The app closed; a new start finds the offer and the bytes so far.
    again = updates_of(folder, platform, key)
    assert again.status() == UpdateStatus(release, 4 * RANGE, None, None)
    client = client_of(laptop)
    status = again.download(client)
    assert status.ready is not None and status.ready.read_bytes() == data
    # Only the rest came over the network (each answer's headers counted as 200 bytes).
    assert client.received_bytes <= SIZE - 4 * RANGE + 7 * 200


def can_mount() -> bool:
    from tests.test_damage import MOUNT

    return MOUNT


@contextlib.contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    from tests.test_damage import small_disk as mount

    with mount(where, size) as disk:
        yield disk


@pytest.mark.skipif(not can_mount(), reason="needs root on Linux to mount a small disk")
def test_a_full_disk_keeps_the_part_and_the_download_ends_once_space_returns(
    laptop: Laptop, publish: Any, platform: str, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    release, data = publish("0.2.0")
    with small_disk(tmp_path / "disk", "2m") as disk:
        folder = disk / "updates"
        updates = updates_of(folder, platform, key)
        client = client_of(laptop)
        assert updates.check(client).release == release
        filler = disk / "filler"
        with filler.open("wb") as f:  # room left for about a third of the installer
            f.write(bytes(shutil.disk_usage(disk).free - SIZE // 3))
        status = updates.download(client)
        assert status.problem == Failure.DISK_FULL and status.ready is None
        part = folder / "SoTayCNS-0.2.0-setup.exe.part"
        assert 0 < status.downloaded < SIZE and part.stat().st_size == status.downloaded
        assert part.read_bytes() == data[: status.downloaded]  # what was written is right
        kept = status.downloaded
        filler.unlink()
        client = client_of(laptop)
        status = updates.download(client)
        assert status.problem is None and status.ready is not None
        assert status.ready.read_bytes() == data
        assert client.received_bytes <= SIZE - kept + RANGE + 12 * 200  # went on, not anew


# --- the sync comes first ---------------------------------------------------------------------


class Watching(FaultProxy):
    """Every request's path, in order; the `hold`-th request for the file waits for `go`."""

    def __init__(self, upstream: int, hold: int, **kw: Any) -> None:
        super().__init__(upstream, **kw)
        self.paths: list[str] = []
        self.hold = hold
        self.holding = threading.Event()
        self.go = threading.Event()

    def _choose(self, path: str, has_body: bool) -> Fault | None:
        with self._lock:
            self.paths.append(path)
            n = sum(p.startswith(FILE) for p in self.paths)
        if path.startswith(FILE) and n == self.hold:
            self.holding.set()
            self.go.wait(60)
        return super()._choose(path, has_body)


def test_a_save_during_the_download_is_synced_first(
    server: Central, laptops: Callable[[str], Laptop], publish: Any, platform: str, key: Any
) -> None:
    proxy = Watching(server.port, hold=3).start()
    try:
        laptop = laptops("leader")
        laptop.set_up()
        team = server.admin_ops.team()
        laptop.connect(proxy.url, server.admin_ops.code(team.id))
        _release, data = publish("0.2.0")
        folder = laptop.folder / "updates"
        sync = with_updates(laptop, updates_of(folder, platform, key), after_save=0.0)
        sync.start()  # syncs at once, learns of the offer, downloads while idle
        assert proxy.holding.wait(60), "the download did not start"
        add_resident(laptop, "Nguyễn Thị Hoa")  # saved while a range is on its way
        held_at = len(proxy.paths)
        proxy.go.set()
        wait_for(lambda: outbox(laptop) == 0)
        wait_for(lambda: (laptop.sync.status.update or UpdateStatus()).ready is not None)
        after = proxy.paths[held_at:]
        first_push = next(i for i, p in enumerate(after) if p.startswith("/v1/sync/push"))
        # Not one more range before the sync: it stopped between two ranges...
        assert not any(p.startswith(FILE) for p in after[:first_push]), after
        # ...and went on after it, to the end.
        assert any(p.startswith(FILE) for p in after[first_push:])
        assert laptop.sync.status.update.ready.read_bytes() == data
        assert laptop.sync.status.state == "synced"
    finally:
        proxy.go.set()
        proxy.stop()


def wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.02)


# --- the command line ---------------------------------------------------------------------------


def test_the_update_command_downloads_and_checks_in_a_child_process(
    laptop: Laptop, publish: Any, platform: str, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    profile = laptop.folder
    laptop.close()  # the command takes the profile's lock
    keys = tmp_path / "keys.txt"
    keys.write_text(releases.public_text(key.public_key()) + "\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    child = ROOT / "tests" / "update_child.py"
    command = [sys.executable, str(child), str(keys), platform, "--data-dir", str(profile)]
    done = subprocess.run(
        [*command, "--update"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "update: none"  # nothing published yet
    _release, data = publish("0.2.0")
    done = subprocess.run(
        [*command, "--update"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    setup = profile / "updates" / "SoTayCNS-0.2.0-setup.exe"
    assert done.stdout.splitlines()[-1] == f"update: ready 0.2.0 {setup}"
    assert setup.read_bytes() == data
    # Again: the same answer, nothing downloaded anew.
    done = subprocess.run(
        [*command, "--update"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.splitlines()[-1] == f"update: ready 0.2.0 {setup}"
    # A build trusting another key only: the offer is refused (and the files dropped), exit 1.
    keys.write_text(releases.public_text(Ed25519PrivateKey.generate().public_key()) + "\n")
    done = subprocess.run(
        [*command, "--update"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "update: refused signature", done.stdout
    assert not setup.exists()
