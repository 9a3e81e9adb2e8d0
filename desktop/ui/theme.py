"""Look: the bundled font, text size (A-/A+) and a high-contrast palette."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from desktop.paths import resource_dir
from desktop.settings import Settings

BASE_POINT_SIZE = 10
UI_FAMILY = "Noto Sans"

_STYLE = """
QLabel#fieldError { color: %(error)s; }
*[invalid="true"] { border: 2px solid %(error)s; }
QLabel#figure { font-weight: bold; }
QLabel#counts { font-weight: bold; }
QListWidget#nav { font-size: %(nav)dpt; }
QListWidget#nav::item { padding: 8px 6px; }
"""


def load_fonts() -> str:
    """Register the bundled UI font; return its family (falls back to the system's)."""
    family = ""
    for path in sorted((resource_dir() / "fonts").glob("NotoSans-*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else "")
    return family


def apply(app: QApplication, settings: Settings, family: str = UI_FAMILY) -> None:
    app.setStyle(QStyleFactory.create("Fusion"))
    font = QFont(family)
    font.setPointSize(BASE_POINT_SIZE + settings.font_step)
    app.setFont(font)
    if settings.high_contrast:
        palette = QPalette()
        black, white, yellow = QColor("black"), QColor("white"), QColor("#ffff00")
        for role in (
            QPalette.ColorRole.Window,
            QPalette.ColorRole.Base,
            QPalette.ColorRole.AlternateBase,
            QPalette.ColorRole.Button,
        ):
            palette.setColor(role, black)
        for role in (
            QPalette.ColorRole.WindowText,
            QPalette.ColorRole.Text,
            QPalette.ColorRole.ButtonText,
            QPalette.ColorRole.ToolTipText,
        ):
            palette.setColor(role, white)
        palette.setColor(QPalette.ColorRole.ToolTipBase, black)
        palette.setColor(QPalette.ColorRole.Highlight, yellow)
        palette.setColor(QPalette.ColorRole.HighlightedText, black)
        palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#c0c0c0"))
        palette.setColor(QPalette.ColorRole.Link, QColor("#00ffff"))
        app.setPalette(palette)
        error = "#ffff00"
    else:
        app.setPalette(app.style().standardPalette())
        error = "#b00020"
    app.setStyleSheet(_STYLE % {"error": error, "nav": BASE_POINT_SIZE + settings.font_step + 1})
