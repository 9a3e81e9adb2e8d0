"""The user guide: F1 and the Help menu open it on the real window, in Vietnamese, with its
pictures and working in-page links; one window however often it is asked for."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QApplication

from desktop.paths import resource_dir
from desktop.settings import Settings
from desktop.ui.guide import GuideDialog, guide_file
from tests.qt_helpers import activate, leader_window

GUIDE = resource_dir() / "guide" / "index.html"
SECTIONS = (
    "Bắt đầu lần đầu",
    "Ghi một buổi tập huấn",
    "Hỗ trợ người dân",
    "In danh sách điểm danh",
    "Kết nối với xã",
    "Sao lưu và khôi phục",
    "Nhập danh sách người dân từ Excel",
    "Chữ to hơn, tương phản cao",
    "Phím tắt",
    "Cài đặt, cập nhật và gỡ trên Windows",
)


class Page(HTMLParser):
    """What the page refers to: pictures, in-page links, anchors, headings."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.links: list[str] = []
        self.anchors: set[str] = set()
        self.headings: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "img":
            self.images.append(a.get("src") or "")
        elif tag == "a":
            if a.get("href"):
                self.links.append(a["href"] or "")
            if a.get("name"):
                self.anchors.add(a["name"] or "")
        elif tag in ("h1", "h2", "h3"):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def page() -> Page:
    parsed = Page()
    parsed.feed(GUIDE.read_text(encoding="utf-8"))
    return parsed


def guides() -> list[GuideDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, GuideDialog)]


def test_f1_opens_the_guide_in_vietnamese_and_again_brings_back_the_same_one(
    qtbot, team_store, tmp_path
) -> None:
    window = leader_window(qtbot, team_store, tmp_path)
    activate(qtbot, window)
    assert not [g for g in guides() if g.isVisible()]
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: any(g.isVisible() for g in guides()), timeout=5000)
    (guide,) = [g for g in guides() if g.isVisible()]
    assert guide.parent() is window and not guide.isModal()
    text = guide.browser.toPlainText()
    assert "Hướng dẫn sử dụng Sổ tay CNS" in text
    for title in SECTIONS:
        assert title in text, title
    assert guide.browser.source().toLocalFile() == str(GUIDE)
    # Fits a 1366x768 laptop's screen.
    free = guide.screen().availableGeometry()
    assert guide.width() <= free.width() and guide.height() <= free.height()

    guide.close()
    assert not guide.isVisible()
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(guide.isVisible, timeout=5000)
    window.show_guide()  # the menu again, while it is open
    assert [g for g in guides() if g.isVisible()] == [guide]  # one window, not a new one each time


def test_the_help_menu_offers_the_guide_with_f1_shown(qtbot, team_store, tmp_path) -> None:
    window = leader_window(qtbot, team_store, tmp_path)
    help_menu = window.menuBar().actions()[-1].menu()
    actions = [a for a in help_menu.actions() if not a.isSeparator()]
    first = actions[0]
    assert first is window.guide_action
    assert first.shortcut() == QKeySequence("F1")
    assert "F1" in first.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    first.trigger()
    qtbot.waitUntil(lambda: any(g.isVisible() for g in guides()), timeout=5000)


def test_the_page_has_every_section_in_its_contents() -> None:
    parsed = page()
    assert parsed.headings[0] == "Hướng dẫn sử dụng Sổ tay CNS"
    for title in SECTIONS:
        assert any(title in h for h in parsed.headings), f"no section {title!r}"
    in_page = [link for link in parsed.links if link.startswith("#")]
    assert len(in_page) >= len(SECTIONS)  # the contents list at the top
    assert not [link for link in parsed.links if not link.startswith("#")], "external links"
    html = GUIDE.read_text(encoding="utf-8")
    assert not re.search(r"<script|font-size\s*:\s*\d+(px|pt)|@font-face", html, re.I)


def test_every_picture_exists_and_loads() -> None:
    images = page().images
    assert len(images) >= 10
    total = 0
    for src in images:
        path = GUIDE.parent / src
        assert path.is_file(), f"{src} is missing"
        image = QImage(str(path))
        assert not image.isNull(), f"{src} does not load"
        assert 300 < image.width() <= 900, f"{src} is {image.width()} px wide"
        total += path.stat().st_size
    assert total < 1_000_000


def test_every_in_page_link_leads_somewhere(qtbot) -> None:
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    document = dialog.browser.document()
    names: set[str] = set()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            names.update(it.fragment().charFormat().anchorNames())
            it += 1
        block = block.next()
    targets = {link[1:] for link in page().links if link.startswith("#")}
    assert targets, "no contents links"
    assert targets <= names, f"links to nowhere: {targets - names}"
    # Following one scrolls the page there; Back returns to the top.
    bar = dialog.browser.verticalScrollBar()
    assert bar.value() == 0 and bar.maximum() > 0
    dialog.browser.setSource(dialog.browser.source().resolved("#sao-luu"))
    qtbot.waitUntil(lambda: bar.value() > 0)
    assert dialog.back_button.isEnabled()
    dialog.back_button.click()
    qtbot.waitUntil(lambda: bar.value() == 0)


def test_the_text_follows_the_apps_size(qtbot, qapp) -> None:
    from desktop.ui import theme

    theme.apply(qapp, Settings())
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    before = dialog.browser.document().defaultFont().pointSize()
    assert before == theme.BASE_POINT_SIZE
    try:
        theme.apply(qapp, Settings(font_step=3))
        qtbot.waitUntil(lambda: dialog.browser.document().defaultFont().pointSize() == before + 3)
    finally:
        theme.apply(qapp, Settings())


def test_a_missing_guide_is_said_plainly(qtbot, tmp_path: Path) -> None:
    dialog = GuideDialog(page=tmp_path / "nowhere" / "index.html")
    qtbot.addWidget(dialog)
    assert "not found" in dialog.browser.toPlainText()
    assert not dialog.home_button.isEnabled()


def test_the_guide_is_found_where_the_bundle_puts_it() -> None:
    assert guide_file() == GUIDE and GUIDE.is_file()


@pytest.mark.parametrize("name", ["first-start", "roll-call", "print-preview", "connect"])
def test_the_key_screens_are_pictured(name: str) -> None:
    assert f"{name}.png" in page().images
