"""Comfort for weak eyes, seen in the pixels the widgets draw: high contrast reaches the
borders of text fields, unticked check boxes, the side bar and disabled text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QCheckBox, QLineEdit, QListWidget, QVBoxLayout, QWidget

from desktop.settings import Settings
from desktop.store import queries
from desktop.ui import theme


def lightness(image: QImage, x: int, y: int) -> int:
    return QColor(image.pixel(x, y)).lightness()


def brightest(image: QImage, xs: range, ys: range) -> int:
    return max(lightness(image, x, y) for x in xs for y in ys)


def test_high_contrast_draws_every_edge_bright_on_black(qtbot, qapp) -> None:
    theme.apply(qapp, Settings(high_contrast=True))
    try:
        page = QWidget()
        layout = QVBoxLayout(page)
        field, box, nav = QLineEdit(), QCheckBox("Nữ"), QListWidget()
        nav.setObjectName("nav")
        nav.addItem("Tổng quan")
        disabled = QLineEdit("Không sửa được")
        disabled.setEnabled(False)
        for w in (field, box, nav, disabled):
            layout.addWidget(w)
        qtbot.addWidget(page)
        page.resize(300, 300)
        page.show()
        qtbot.waitExposed(page)

        image = field.grab().toImage()
        w, h = image.width(), image.height()
        assert lightness(image, w // 2, h // 2) < 60  # a black field...
        assert brightest(image, range(w // 4, w // 2), range(0, 3)) > 200  # ...with a white edge

        image = box.grab().toImage()  # unticked: its square must still be seen
        h = image.height()
        assert brightest(image, range(0, h), range(0, h)) > 200
        image = nav.grab().toImage()
        assert lightness(image, image.width() - 10, image.height() - 10) < 60  # not white
        palette = disabled.palette()
        dim = palette.color(palette.ColorGroup.Disabled, palette.ColorRole.Text)
        assert 150 < dim.lightness() < 255  # readable, and told apart from live text
    finally:
        theme.apply(qapp, Settings())
    assert qapp.styleSheet() == ""  # the normal look pays nothing for it


def test_high_contrast_shows_the_arrows_and_the_chosen_tab(qtbot, qapp) -> None:
    """A year's arrows were two empty squares, a list's arrow a grey speck, and the chosen
    tab of the overview looked like the others."""
    from PySide6.QtWidgets import (
        QComboBox,
        QLabel,
        QSpinBox,
        QStyle,
        QStyleOptionSpinBox,
        QTabWidget,
    )

    theme.apply(qapp, Settings(high_contrast=True))
    try:
        page = QWidget()
        layout = QVBoxLayout(page)
        year, period, tabs = QSpinBox(), QComboBox(), QTabWidget()
        year.setRange(2020, 2100)
        period.addItems(["Tháng", "Quý"])
        tabs.addTab(QLabel("1"), "Theo chủ đề")
        tabs.addTab(QLabel("2"), "Theo khu phố/ấp")
        for w in (year, period, tabs):
            layout.addWidget(w)
        qtbot.addWidget(page)
        page.resize(400, 300)
        page.show()
        qtbot.waitExposed(page)

        option = QStyleOptionSpinBox()
        year.initStyleOption(option)
        up = year.style().subControlRect(
            QStyle.ComplexControl.CC_SpinBox, option, QStyle.SubControl.SC_SpinBoxUp, year
        )
        image = year.grab().toImage()
        inner = up.adjusted(4, 3, -4, -3)  # inside the button: only its arrow is bright there
        assert (
            brightest(image, range(inner.left(), inner.right()), range(inner.top(), inner.bottom()))
            > 200
        )

        image = period.grab().toImage()
        w, h = image.width(), image.height()
        arrow = sum(
            lightness(image, x, y) > 200
            for x in range(w - 20, w - 6)
            for y in range(h // 3, h * 2 // 3)
        )
        assert arrow >= 12  # a white triangle, not a few grey pixels

        bar = tabs.tabBar()
        image = bar.grab().toImage()
        chosen, other = bar.tabRect(0).center(), bar.tabRect(1).center()
        yellow = QColor(image.pixel(chosen.x() - 30, chosen.y() - 6))
        assert yellow.red() > 200 and yellow.green() > 200 and yellow.blue() < 80
        assert lightness(image, other.x() - 30, other.y() - 6) < 60  # black
    finally:
        theme.apply(qapp, Settings())


def test_the_overviews_headings_are_not_cut_at_1366x768(qtbot, qapp, team_store) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from PySide6.QtCore import QTranslator

    from desktop.paths import i18n_dir
    from desktop.ui.overview import OverviewPage

    vietnamese = QTranslator()
    assert vietnamese.load("sotay_vi", str(i18n_dir()))  # the longer headings
    qapp.installTranslator(vietnamese)
    try:
        page = OverviewPage(team_store, ThreadPoolExecutor(1))  # not used: no report printed
    finally:
        qapp.removeTranslator(vietnamese)
    assert page.topics.horizontalHeaderItem(2).text() == "Lượt người tham dự"
    qtbot.addWidget(page)
    page.resize(1366 - 200, 700)  # the window less the side bar
    page.show()
    qtbot.waitExposed(page)
    for table in (page.topics, page.services):
        header = table.horizontalHeader()
        metrics = header.fontMetrics()
        for column in range(1, table.columnCount()):  # the figures' headings, whole
            text = table.horizontalHeaderItem(column).text()
            assert header.sectionSize(column) >= metrics.horizontalAdvance(text), text


def test_high_contrast_turned_off_leaves_the_side_bar_light(qtbot, qapp, team_store, tmp_path):
    """The side bar has its own style sheet (its padding): it kept the black of high contrast
    after the user turned it off, until the app was started again."""
    from tests.qt_helpers import leader_window

    window = leader_window(qtbot, team_store, tmp_path)
    nav = window.nav

    def bottom_of_side_bar() -> int:  # below the four titles: the bar's own background
        image = nav.grab().toImage()
        return lightness(image, nav.width() // 2, nav.height() - 10)

    assert bottom_of_side_bar() > 200
    try:
        theme.apply(qapp, Settings(high_contrast=True))
        qtbot.waitUntil(lambda: bottom_of_side_bar() < 50)
    finally:
        theme.apply(qapp, Settings())
    qtbot.waitUntil(lambda: bottom_of_side_bar() > 200)


def indicator_fill(view, index) -> tuple[QColor, QColor]:
    """The colour inside an item's check box, and the row's own colour beside it, as drawn."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    option.index = index
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    image = view.viewport().grab().toImage()
    inside = QColor(image.pixel(box.center()))
    row = QColor(image.pixel(option.rect.right() - 3, box.center().y()))  # past the text
    return inside, row


def assert_ticks_read_on_every_row(qtbot, view, ticked, unticked) -> None:
    """A ticked box is filled and an unticked one empty (the row's colour inside), on the
    highlighted row as on the others."""
    for chosen in (ticked, unticked, None):
        view.clearSelection()
        if chosen is not None:
            view.selectionModel().select(
                chosen,
                view.selectionModel().SelectionFlag.ClearAndSelect
                | view.selectionModel().SelectionFlag.Rows,
            )
        qtbot.wait(20)
        for index, is_ticked in ((ticked, True), (unticked, False)):
            inside, row = indicator_fill(view, index)
            looks_ticked = abs(inside.lightness() - row.lightness()) > 100
            state = "highlighted" if index == chosen else "plain"
            assert looks_ticked == is_ticked, f"{'un' * (not is_ticked)}ticked, {state} row"


def test_high_contrast_ticks_read_on_the_highlighted_row(qtbot, qapp, team_store) -> None:
    """The highlight is yellow, a ticked box was filled yellow: on the chosen row a ticked
    box looked empty and an unticked (black) one filled; in the topics, the roll-call and the
    import preview."""
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    from desktop.importing.reading import Sheet
    from desktop.ui.importer import ImportDialog
    from desktop.ui.team import CatalogueDialog
    from desktop.ui.trainings import TrainingDialog
    from tests.helpers import roster

    theme.apply(qapp, Settings(high_contrast=True))
    lane = ThreadPoolExecutor(1)
    try:
        team = roster(team_store)
        leader = team.members[0].id
        topics = CatalogueDialog(team_store, "topic", team.topics, leader)
        topics.list.item(1).setCheckState(Qt.CheckState.Unchecked)  # a retired topic
        hits = [
            (queries.ResidentHit(f"r{i}", name, 1950, "female", "Khu phố 3", ""), here)
            for i, (name, here) in enumerate((("Nguyễn Thị Thu Hương", True), ("Lê Văn Ba", False)))
        ]
        training = TrainingDialog(team_store, team, leader, people=hits)
        sheet = Sheet(
            "Ấp 3",
            [
                ["Họ và tên", "Năm sinh", "Khu phố / Ấp"],
                ["Nguyễn Thị Thu Hương", 1948, "Khu phố 3"],
                ["Trần Văn Bảo", 1950, "Khu phố 3"],
            ],
        )
        preview = ImportDialog(team_store, team, leader, Path("ds.xlsx"), [sheet], [], lane)
        for dialog in (topics, training, preview):
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
        qtbot.waitUntil(lambda: bool(preview.plan.rows), timeout=5000)
        model = preview.model
        model.setData(model.index(1, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)

        roll = training.roll.table
        views = {
            "topics": (topics.list, *(topics.list.model().index(r, 0) for r in (0, 1))),
            "roll-call": (roll, *(roll.model().index(r, 3) for r in (0, 1))),
            "import": (preview.view, model.index(0, 0), model.index(1, 0)),
        }
        for name, (view, ticked, unticked) in views.items():
            states = [
                Qt.CheckState(i.data(Qt.ItemDataRole.CheckStateRole)) for i in views[name][1:]
            ]
            assert states == [Qt.CheckState.Checked, Qt.CheckState.Unchecked], name
            assert_ticks_read_on_every_row(qtbot, view, ticked, unticked)
    finally:
        lane.shutdown()
        theme.apply(qapp, Settings())


def test_high_contrast_shows_a_lists_scroll_bar(qtbot, qapp) -> None:
    """The scroll bar's handle was dark grey on black: a long list gave no sign of where in
    it the rows shown are, nor a handle to drag."""
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

    theme.apply(qapp, Settings(high_contrast=True))
    try:
        rows = QListWidget()
        rows.addItems([f"Người dân {n}" for n in range(200)])
        qtbot.addWidget(rows)
        rows.resize(300, 200)
        rows.show()
        qtbot.waitExposed(rows)
        bar = rows.verticalScrollBar()
        option = QStyleOptionSlider()
        bar.initStyleOption(option)
        handle = bar.style().subControlRect(
            QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, bar
        )
        image = bar.grab().toImage()
        middle = handle.center()
        assert handle.height() >= 20  # a handle that can be seen and grabbed
        assert lightness(image, middle.x(), middle.y()) > 200  # bright...
        below = handle.bottom() + (bar.height() - handle.bottom()) // 2
        assert lightness(image, middle.x(), below) < 60  # ...on black
    finally:
        theme.apply(qapp, Settings())
