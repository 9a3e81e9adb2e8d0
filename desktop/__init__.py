"""Sổ tay CNS: the offline notebook of a community digital-technology team."""

from pathlib import Path

# In a file, not in the code: a build's version is data its bundle carries beside the frozen
# modules (the Windows check packs the same bundle as an older release to update from).
__version__ = Path(__file__).with_name("VERSION").read_text(encoding="ascii").strip()
APP_NAME = "Sổ tay CNS"
APP_ID = "sotay-cns"
