"""Sổ tay CNS: the offline notebook of a community digital-technology team."""

__version__ = "0.1.0"
APP_NAME = "Sổ tay CNS"
APP_ID = "sotay-cns"
