"""Where the app keeps its files. `--data-dir` gives an isolated profile (tests, demos,
a second team on one laptop); otherwise the platform's per-user data folder.

Every name in the profile is here, once: the files outlive releases (a name changed in one
module only would orphan a user's data, lock or token)."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Paths:
    data: Path

    @property
    def db(self) -> Path:
        return self.data / "sotay.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def logs(self) -> Path:
        return self.data / "logs"

    @property
    def log(self) -> Path:
        """This session's log; the earlier ones beside it, numbered (sotay.log.1, .2...)."""
        return self.logs / "sotay.log"

    @property
    def updates(self) -> Path:
        """A newer app's installer being downloaded, and its signed manifest (desktop/update)."""
        return self.data / "updates"

    @property
    def settings(self) -> Path:
        return self.data / "settings.json"

    @property
    def health(self) -> Path:
        """When the data file's last full check passed (desktop/store/health.py)."""
        return self.data / "health.json"

    @property
    def lock(self) -> Path:
        """Held by the one app that has the profile open (desktop/ui/instance.py)."""
        return self.data / "sotay.lock"

    @property
    def token(self) -> Path:
        """The device token, where the system has no keyring (desktop/sync/credentials.py)."""
        return self.data / "sync-token"

    @classmethod
    def for_profile(cls, data_dir: Path | None, *, create: bool = True) -> Paths:
        if data_dir is None:
            from platformdirs import user_data_path

            data_dir = user_data_path("SoTayCNS", appauthor=False)
        if create:
            data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        return cls(data_dir.resolve())

    def secure(self) -> None:
        """Residents' data is readable by this user only: the profile's folders 0700, its
        files 0600 (profiles made by earlier versions too). Where the system has no such
        permissions (Windows), the per-user folder already belongs to the user."""
        secure_dir(self.data)
        for folder in (self.backups, self.logs):
            if folder.exists():
                secure_dir(folder)
        # Only the app's own files: a --data-dir may be a folder holding the user's others.
        mine = [*self.data.glob("sotay*"), self.settings, self.health]
        for folder in (self.backups, self.logs):
            if folder.exists():
                mine += folder.glob("sotay*")
        for path in mine:
            if path.is_file():
                secure_file(path)


def secure_dir(path: Path) -> None:
    # A read-only disk or someone else's folder: nothing to tighten there.
    with contextlib.suppress(OSError):
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.chmod(0o700)


def secure_file(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def resource_dir() -> Path:
    """`resources/` in a checkout, or inside the PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root / "resources"


def i18n_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root / "i18n"
