"""User settings, declared once: every key with its type and default. Stored as JSON in the
profile; a damaged or older file falls back to defaults key by key."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

log = logging.getLogger(__name__)

FONT_STEPS = (-2, 6)  # A- / A+ range, in points added to the base size
LANGUAGES = ("vi", "en")


@dataclass(slots=True)
class Settings:
    language: str = "vi"
    font_step: int = 0
    high_contrast: bool = False
    member_id: str | None = None  # who is using the app on this laptop
    window: str = ""  # the main window's size and place (Qt's saveGeometry, base64)
    save_folder: str = ""  # where the last document was saved

    @classmethod
    def load(cls, path: Path) -> Settings:
        settings = cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, ValueError) as exc:
            log.warning("settings unreadable, using defaults: %s", exc)
            return settings
        for f in fields(cls):
            value = data.get(f.name)
            default = getattr(settings, f.name)
            if value is None and default is not None:
                continue
            if default is None or isinstance(value, type(default)):
                setattr(settings, f.name, value)
        if settings.language not in LANGUAGES:
            settings.language = "vi"
        settings.font_step = max(FONT_STEPS[0], min(FONT_STEPS[1], settings.font_step))
        return settings

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")
        os.replace(tmp, path)
