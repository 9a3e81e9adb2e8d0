"""The last step of an update: the checked installer runs once the app has closed, and the
next start says how it went. No Qt.

The app never replaces its own files: Windows keeps a running program's files locked, and a
half-replaced program would not start. It hands over to the installer, which waits for it to
close (`/UPDATE`), installs the new version over the old one (the data folder is elsewhere and
untouched) and, when the leader chose "now", opens the app again (`/RELAUNCH`).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.update import release_files, remove_files
from sotay import releases
from sotay.releases import Release

log = logging.getLogger(__name__)

ATTEMPT = "attempt.json"  # in the updates folder: which version the installer was started for


@dataclass(frozen=True)
class Updated:
    """This start is the first of a new version: what changed, in the release's own words."""

    version: str
    notes: str


@dataclass(frozen=True)
class NotUpdated:
    """The installer was started for `version`, and this is still the old app."""

    version: str


def installer_command(setup: Path, *, relaunch: bool) -> list[str]:
    return [str(setup), "/S", "/UPDATE", *(["/RELAUNCH"] if relaunch else [])]


def check_again(setup: Path, keys: Any = None) -> Release:
    """Right before it runs: the file on disk is still the signed one (the profile folder is
    the user's, and time has passed since the download was checked)."""
    release = releases.read_manifest(releases.manifest_path(setup))
    releases.verify(release, keys)
    releases.check_file(setup, release)
    return release


def hand_over(
    setup: Path,
    running: str,
    *,
    relaunch: bool,
    keys: Any = None,
    start: Callable[..., Any] | None = None,
) -> Release:
    """Check the installer once more, note the attempt, start it detached (it outlives the
    app, which must close at once after this). Raises BadRelease or OSError: nothing started."""
    release = check_again(setup, keys)
    attempt = {"version": release.version, "from": running}
    (setup.parent / ATTEMPT).write_text(json.dumps(attempt), encoding="utf-8")
    flags = 0
    if sys.platform == "win32":
        # Its own process, not the app's child: closing the app must not take it along.
        flags = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
    (subprocess.Popen if start is None else start)(
        installer_command(setup, relaunch=relaunch),
        cwd=str(setup.parent),
        creationflags=flags,
        close_fds=True,
    )
    log.info("update: installer of %s started (from %s)", release.version, running)
    return release


def outcome(updates: Path, running: str) -> Updated | NotUpdated | None:
    """What the last hand-over came to, said once: the attempt note is removed, and so is an
    installer that is now installed (or older)."""
    note = updates / ATTEMPT
    try:
        attempt = json.loads(note.read_text(encoding="utf-8"))
        version = str(attempt["version"])
        releases.parse_version(version)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, releases.BadRelease):
        note.unlink(missing_ok=True)
        return None
    note.unlink(missing_ok=True)
    if releases.is_newer(version, running):
        return NotUpdated(version)
    notes = ""
    for manifest in updates.glob("*" + releases.MANIFEST_SUFFIX):
        try:
            release = releases.read_manifest(manifest)
        except releases.BadRelease:
            continue
        if release.version == version:
            notes = release.notes
        if not releases.is_newer(release.version, running):
            remove_files(release_files(manifest))
    return Updated(version, notes)
