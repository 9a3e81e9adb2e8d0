"""The app's Vietnamese catalogues (its own and Qt's buttons), installed on a Qt application:
one loader for the window, the command line (`--connect`, `--sync`) and the "already open"
message of a second start. QtCore only."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTranslator

from desktop.paths import i18n_dir

log = logging.getLogger(__name__)

CATALOGUES = ("qtbase_vi", "sotay_vi")


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the catalogues for `language` ("en" needs none). The caller keeps the list:
    Qt silently stops translating with a translator nobody references."""
    if language == "en":
        return []
    installed = []
    for name in CATALOGUES:
        translator = QTranslator(app)
        if translator.load(name, str(i18n_dir())):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found in %s", name, i18n_dir())
    return installed
