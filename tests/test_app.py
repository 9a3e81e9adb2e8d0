"""The app as a whole: self-test, remembered view settings, language switch, a damaged
database restored from a backup, and a log that holds no personal data."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.app import setup_logging
from desktop.settings import Settings
from desktop.store import commands, queries
from sotay.domain.models import Gender, Resident
from tests.helpers import result, seeded_store
from tests.qt_helpers import make_controller, when_modal

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.gui  # the app's own process, with its window
def test_self_test_exits_zero(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    run = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "self-test: ok" in run.stdout
    assert not (tmp_path / "data").exists()  # a throw-away profile, not the user's


def test_an_empty_folder_for_the_self_tests_files_is_refused(tmp_path: Path) -> None:
    """A script's unset variable ("") once saved the self-test's PDF into the current folder."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test", "--self-test-files", " "],
        cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert run.returncode == 2, run.stdout + run.stderr
    assert "a folder's name is needed" in run.stderr
    assert list(tmp_path.iterdir()) == []


# What the first screen needs is all a start may load: the forms, the Excel and PDF libraries,
# sync's HTTP client and the keyring each cost an old laptop tens of milliseconds at every start.
NOT_AT_START = (
    "desktop.ui.widgets",
    "desktop.ui.forms",
    "desktop.ui.listpage",
    "desktop.store.migrations",
    "sqlite_utils",
    "openpyxl",
    "reportlab",
    "requests",
    "keyring",
)
AT_READY = """
import os, sys
import desktop.app as app

def ready(self):
    print("loaded:", " ".join(sorted(sys.modules)), flush=True)
    os._exit(0)

app.Controller.self_test_passed = ready
app.main(["--self-test", "--data-dir", sys.argv[1]])
"""


@pytest.mark.gui  # the app's own process, with its window
@pytest.mark.parametrize("profile", ["daily", "new"])
def test_a_start_loads_only_what_the_first_screen_needs(tmp_path: Path, profile: str) -> None:
    if profile == "daily":
        store, _leader = seeded_store(tmp_path)
        store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-c", AT_READY, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("loaded:")]
    assert lines, run.stdout + run.stderr
    loaded = set(lines[0].split()[1:])
    assert "desktop.ui.main_window" in loaded  # the first screen itself was built
    assert sorted(loaded & set(NOT_AT_START)) == []


def test_view_settings_are_remembered_and_language_switches(
    qtbot, qapp, tmp_path, controllers
) -> None:
    store, leader = seeded_store(tmp_path)
    store.close()
    settings = Settings(language="vi", member_id=leader)
    controller = make_controller(qapp, tmp_path, settings, controllers)
    controller.start()
    qtbot.waitUntil(controller.window.isEnabled, timeout=10000)
    window = controller.window
    assert window.nav.item(0).text() == "Tổng quan"
    base = qapp.font().pointSize()
    dates = window.list_page("trainings").view.horizontalHeader()
    narrow = dates.sectionSize(0)
    window.bigger.trigger()
    window.bigger.trigger()
    assert qapp.font().pointSize() == base + 2
    # the lists' columns too: a date stays whole in larger digits
    qtbot.waitUntil(lambda: dates.sectionSize(0) > narrow)
    # every part of the open window grew: the side bar (it has a style sheet) and the rows
    qtbot.waitUntil(lambda: window.nav.font().pointSize() == base + 2)
    rows = window.overview.services.verticalHeader().defaultSectionSize()
    assert rows >= window.overview.services.fontMetrics().height() + 2
    window.contrast.setChecked(True)
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["font_step"] == 2 and saved["high_contrast"] is True
    assert Settings.load(tmp_path / "settings.json").font_step == 2

    window.set_language("en")  # the window is rebuilt in English, same data
    qtbot.waitUntil(
        lambda: controller.window is not window and controller.window.isEnabled(), timeout=10000
    )
    assert controller.window.nav.item(0).text() == "Overview"
    assert json.loads((tmp_path / "settings.json").read_text())["language"] == "en"
    controller.window.close()
    controller.store.close()


def test_damaged_database_is_restored_from_newest_good_backup(
    qtbot, qapp, tmp_path, controllers
) -> None:
    store, leader = seeded_store(tmp_path)
    kept = Resident(full_name="Đặng Thị Hoa", gender=Gender.FEMALE, birth_year=1950)
    result(store.write(commands.save_resident, kept, leader))
    result(store.backup_now())
    result(store.write(commands.save_resident, Resident(full_name="Lê Văn Sau"), leader))
    store.close()
    db = tmp_path / "sotay.sqlite3"
    with db.open("r+b") as f:  # a power cut mid-write: pages of garbage
        f.seek(4096)
        f.write(os.urandom(4096 * 4))
    damaged = db.read_bytes()

    controller = make_controller(qapp, tmp_path, Settings(member_id=leader), controllers)
    texts: list[str] = []

    def restore(box) -> None:
        assert isinstance(box, QMessageBox)
        texts.append(box.text())
        next(b for b in box.buttons() if "Khôi phục" in b.text()).click()

    when_modal(qtbot, restore)
    controller.start()
    qtbot.waitUntil(lambda: bool(texts) and controller.window.isEnabled(), timeout=15000)
    assert "hỏng" in texts[0]  # told in plain Vietnamese

    def found(text: str) -> list[str]:
        hits = result(controller.store.read(queries.search_residents, text))
        return [h.full_name for h in hits]

    assert found("hoa") == ["Đặng Thị Hoa"]  # from the backup
    assert found("sau") == []  # recorded after the backup: lost, as the dialog said
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name and p.suffix == ".sqlite3"]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged  # kept, untouched
    controller.window.close()
    controller.store.close()


def test_log_holds_no_personal_data(qtbot, tmp_path) -> None:
    setup_logging(tmp_path / "logs" / "sotay.log")
    try:
        store, leader = seeded_store(tmp_path)
        secret = Resident(full_name="Hoàng Thị Bí Mật", phone="0912 000 111", birth_year=1961)
        result(store.write(commands.save_resident, secret, leader))
        result(store.backup_now())
        try:
            result(
                store.write(commands.save_resident, Resident(full_name="X", gender="bad"), leader)
            )
        except Exception as exc:  # a constraint failure, as a bug would be reported
            from desktop.ui.crash import build_report

            logging.getLogger("desktop.crash").error(
                "unexpected\n%s", build_report(type(exc), exc, None)
            )
        store.close()
    finally:
        for h in logging.getLogger().handlers[:]:
            if isinstance(h, logging.FileHandler):
                h.close()
                logging.getLogger().removeHandler(h)
    log = (tmp_path / "logs" / "sotay.log").read_text(encoding="utf-8")
    assert "backup made" in log  # the log is written...
    for private in ("Bí Mật", "Bi Mat", "0912000111", "1961"):
        assert private not in log  # ...but never a resident's details
    assert QApplication.instance() is not None


def test_log_is_rotated_at_start(tmp_path: Path) -> None:
    from desktop.app import LOG_KEEP, LOG_MAX_BYTES

    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "sotay.log").write_bytes(b"x" * (LOG_MAX_BYTES + 1))
    for n in range(1, LOG_KEEP + 1):
        (logs / f"sotay.log.{n}").write_text(f"old {n}")
    setup_logging(logs / "sotay.log")
    try:
        logging.getLogger("desktop").info("fresh start")
    finally:
        for h in logging.getLogger().handlers[:]:
            if isinstance(h, logging.FileHandler):
                h.close()
                logging.getLogger().removeHandler(h)
    assert (logs / "sotay.log.1").stat().st_size == LOG_MAX_BYTES + 1
    assert (logs / "sotay.log.2").read_text() == "old 1"
    assert (logs / f"sotay.log.{LOG_KEEP}").read_text() == f"old {LOG_KEEP - 1}"
    assert not (logs / f"sotay.log.{LOG_KEEP + 1}").exists()
    assert "fresh start" in (logs / "sotay.log").read_text()


def test_the_window_opens_maximised_on_a_small_screen_then_as_it_was_left(
    qtbot, qapp, tmp_path, controllers
) -> None:
    store, leader = seeded_store(tmp_path)
    store.close()
    controller = make_controller(qapp, tmp_path, Settings(member_id=leader), controllers)
    controller.start()
    qtbot.waitUntil(controller.window.isEnabled, timeout=10000)
    window = controller.window
    room = window.screen().availableGeometry()
    small = room.width() <= 1600 or room.height() <= 900
    assert window.isMaximized() == small  # the test screen is 800x600: small
    window.showNormal()
    qtbot.waitUntil(lambda: not window.isMaximized(), timeout=5000)
    window.resize(window.minimumSizeHint().expandedTo(window.minimumSize()))
    qtbot.wait(50)
    size = (window.width(), window.height())
    window.close()  # remembered with the settings
    controller.store.close()
    saved = Settings.load(tmp_path / "settings.json")
    assert saved.window

    again = make_controller(qapp, tmp_path, saved, controllers)
    again.start()
    qtbot.waitUntil(again.window.isEnabled, timeout=10000)
    assert not again.window.isMaximized()
    # (Qt fits a restored window into the screen: the 800px test screen takes a few pixels)
    assert abs(again.window.width() - size[0]) <= 10 and again.window.height() == size[1]
    again.window.close()
    again.store.close()


def test_a_plus_stays_under_the_pointer_as_the_text_grows(qtbot, qapp, tmp_path, controllers):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QToolBar

    store, leader = seeded_store(tmp_path)
    store.close()
    settings = Settings(member_id=leader)
    controller = make_controller(qapp, tmp_path, settings, controllers)
    controller.start()
    qtbot.waitUntil(controller.window.isEnabled, timeout=10000)
    window = controller.window
    window.showNormal()
    window.resize(1366, 768)
    bar = window.findChild(QToolBar)
    button = bar.widgetForAction(window.bigger)
    qtbot.waitUntil(button.isVisible, timeout=5000)
    assert button.text() == "A+" and window.bigger.text() == "Chữ lớn hơn"  # the menu says it
    spot = button.mapTo(window, button.rect().center())  # where the user clicks, each time
    for _ in range(4):
        target = window.childAt(spot)
        assert target is button, "the pointer is no longer on A+"
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(window, spot))
        QApplication.processEvents()
        qtbot.wait(20)
    assert settings.font_step == 4 and not settings.high_contrast
    # the side bar grows with the text: its longest title still fits
    for _ in range(2):
        window.bigger.trigger()
    QApplication.processEvents()
    metrics = window.nav.fontMetrics()
    widest = max(metrics.horizontalAdvance(window.nav.item(i).text()) for i in range(4))
    assert window.nav.width() >= widest + 20
    window.close()
    controller.store.close()
