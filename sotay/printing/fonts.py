"""The bundled serif font (Liberation Serif: metric-compatible with Times New Roman, SIL OFL),
registered once with reportlab and embedded in every PDF. The files are this package's data
(`ttf/`), so a wheel of the commune's service prints the same page as the laptop: nothing is
looked up in a checkout's `resources/` or on the system."""

from __future__ import annotations

from functools import cache
from pathlib import Path

# Beside this module in a checkout, an installed wheel and a PyInstaller bundle alike.
FOLDER = Path(__file__).resolve().parent / "ttf"

SERIF = "LiberationSerif"
SERIF_BOLD = "LiberationSerif-Bold"
SERIF_ITALIC = "LiberationSerif-Italic"
SERIF_BOLD_ITALIC = "LiberationSerif-BoldItalic"


@cache
def register() -> str:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = FOLDER
    files = {
        SERIF: "LiberationSerif-Regular.ttf",
        SERIF_BOLD: "LiberationSerif-Bold.ttf",
        SERIF_ITALIC: "LiberationSerif-Italic.ttf",
        SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
    }
    for name, file in files.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF_BOLD)
    addMapping(SERIF, 0, 1, SERIF_ITALIC)
    addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
    return SERIF
