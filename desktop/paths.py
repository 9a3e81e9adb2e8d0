"""Where the app keeps its files. `--data-dir` gives an isolated profile (tests, demos,
a second team on one laptop); otherwise the platform's per-user data folder."""

from __future__ import annotations

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
    def settings(self) -> Path:
        return self.data / "settings.json"

    @classmethod
    def for_profile(cls, data_dir: Path | None) -> Paths:
        if data_dir is None:
            from platformdirs import user_data_path

            data_dir = user_data_path("SoTayCNS", appauthor=False)
        data_dir.mkdir(parents=True, exist_ok=True)
        return cls(data_dir.resolve())


def resource_dir() -> Path:
    """`resources/` in a checkout, or inside the PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root / "resources"


def i18n_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root / "i18n"
