"""Where save dialogs start: the folder the user last saved into, else their Documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from desktop.settings import Settings

_settings: Settings | None = None
_changed: Callable[[str], None] | None = None
_attached = 0  # which attach the module holds: a window's detach undoes only its own


def attach(settings: Settings, changed: Callable[[str], None]) -> int:
    """The window's settings (remembered folders are saved with them); the number given
    back detaches them when that window goes."""
    global _settings, _changed, _attached
    _settings, _changed, _attached = settings, changed, _attached + 1
    return _attached


def detach(attached: int) -> None:
    """The window that attached is gone: its signal must not be called. A window built
    after it (a language switch, with the same settings) keeps its own attach."""
    global _settings, _changed
    if attached == _attached:
        _settings, _changed = None, None


def save_folder() -> Path:
    if _settings is not None and _settings.save_folder:
        last = Path(_settings.save_folder)
        if last.is_dir():  # a USB stick taken out since: back to Documents
            return last
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    # No Documents folder (a bare account): the home folder, not a missing one that the
    # dialog would put in the file name box.
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember(saved: Path) -> None:
    """The folder of a file just saved: the next save dialog starts there."""
    if _settings is None:
        return
    folder = str(saved.parent)
    if folder != _settings.save_folder:
        _settings.save_folder = folder
        if _changed is not None:
            _changed("save_folder")
