"""QtPdf under Wine, outside the app: a one-line PDF from reportlab, opened by QPdfDocument.

    wine python.exe build/windows/qtpdf_under_wine.py OUT.pdf

Under Wine 8 the process stops inside Qt6Pdf (pdfium's internal CHECK, exception 0x80000003)
before `pageCount()` answers: a gap of Wine's, not of the app's, which is why the app's
self-test checks the PDF's structure instead when it runs under Wine. build/windows/check.sh
runs this each time and says what it found, so the day Wine closes the gap is seen.
"""

import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtPdf import QPdfDocument
from reportlab.pdfgen import canvas

page = canvas.Canvas(sys.argv[1])
page.drawString(72, 720, "QtPdf under Wine")
page.save()
app = QGuiApplication(["qtpdf", "-platform", "offscreen"])
document = QPdfDocument()
document.load(sys.argv[1])
print("pages:", document.pageCount(), flush=True)
sys.exit(0 if document.pageCount() == 1 else 1)
