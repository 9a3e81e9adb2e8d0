"""Look: the bundled font, text size (A-/A+) and a high-contrast palette."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QStyleFactory, QWidget

from desktop.paths import resource_dir
from desktop.settings import Settings
from desktop.ui.keyboard import KeyboardStyle

BASE_POINT_SIZE = 10
UI_FAMILY = "Noto Sans"

# No application-wide style sheet: it makes every widget slower to create. The few styled
# widgets get their colour or weight directly.
_error = "#b00020"
_style: KeyboardStyle | None = None

HIGH_CONTRAST_SHEET = """
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QListView, QTableView,
QTreeView, QGroupBox, QPushButton, QToolButton {
    border: 2px solid white;
}
QPushButton, QToolButton { padding: 3px 8px; }
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus,
QAbstractSpinBox:focus, QListView:focus, QTableView:focus { border: 3px solid #ffff00; }
QToolButton:checked { background: #ffff00; color: black; }
QGroupBox { margin-top: 1.2em; padding-top: 0.4em; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; color: white; }
QCheckBox::indicator, QRadioButton::indicator, QAbstractItemView::indicator {
    width: 14px; height: 14px; border: 2px solid white; background: black;
}
QRadioButton::indicator { border-radius: 9px; }
QCheckBox::indicator:checked, QRadioButton::indicator:checked,
QAbstractItemView::indicator:checked { background: #ffff00; }
/* On the yellow highlight the same yellow fill looked empty and black looked filled: there a
   box is drawn in black, filled when ticked. */
QAbstractItemView::indicator:selected { border-color: black; background: #ffff00; }
QAbstractItemView::indicator:checked:selected { background: black; }
QListWidget#nav { background: black; color: white; }
QAbstractItemView::item:selected { background: #ffff00; color: black; }
QHeaderView::section { background: black; color: white; border: 1px solid white; }
QMenuBar, QMenu, QToolBar, QStatusBar { background: black; color: white; }
QMenuBar::item:selected, QMenu::item:selected { background: #ffff00; color: black; }
*:disabled { color: #c0c0c0; border-color: #808080; }
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {
    width: 1.2em; border-left: 2px solid white; background: black;
}
QAbstractSpinBox::up-arrow {
    width: 0; height: 0; border-left: 5px solid black; border-right: 5px solid black;
    border-bottom: 6px solid white;
}
QAbstractSpinBox::down-arrow {
    width: 0; height: 0; border-left: 5px solid black; border-right: 5px solid black;
    border-top: 6px solid white;
}
QComboBox { padding-right: 4px; }
QComboBox::drop-down, QDateTimeEdit::drop-down { width: 1.4em; border-left: 2px solid white; }
QComboBox::down-arrow, QDateTimeEdit::down-arrow {
    width: 0; height: 0; border-left: 6px solid black; border-right: 6px solid black;
    border-top: 8px solid white;
}
QTabBar::tab {
    background: black; color: white; border: 2px solid white; padding: 4px 10px;
    margin-right: 2px;
}
QTabBar::tab:selected { background: #ffff00; color: black; }
/* Fusion's handle was dark grey on black. White on black, yellow while held; no arrow buttons
   (a click beside the handle pages, as in Windows 11's own bars). */
QScrollBar { background: black; border: 1px solid white; }
QScrollBar:vertical { width: 16px; }
QScrollBar:horizontal { height: 16px; }
QScrollBar::handle { background: white; border: 2px solid black; }
QScrollBar::handle:vertical { min-height: 24px; }
QScrollBar::handle:horizontal { min-width: 24px; }
QScrollBar::handle:pressed { background: #ffff00; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; border: none; }
QScrollBar::add-page, QScrollBar::sub-page { background: black; }
"""


def scaled(px: int) -> int:
    """A size chosen at the base text size (a dialog's room, a column), grown with A+."""
    size = QApplication.font().pointSizeF()
    return round(px * max(size, BASE_POINT_SIZE) / BASE_POINT_SIZE)


# The room assumed when Qt knows no screen at all: the laptops' usual 1366x768, less a taskbar.
NO_SCREEN_ROOM = QRect(0, 0, 1366, 728)


def screen_room(widget: QWidget | None = None) -> QRect:
    """The free part of the widget's screen (or the primary one). Qt can know no screen at
    all (Wine's missing colour-profile call empties its list; a display being unplugged):
    the app then lays itself out for a 1366x768 laptop instead of failing."""
    screen = (widget.screen() if widget is not None else None) or QApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(NO_SCREEN_ROOM)


def set_app_icon(app: QApplication) -> None:
    """The notebook icon for every window and the taskbar (on Windows the .exe carries the same
    picture for Explorer and the shortcuts)."""
    app.setWindowIcon(QIcon(str(resource_dir() / "icon" / "sotay-cns.png")))


def fit_window(window: QWidget, width: int, height: int) -> None:
    """Resize a window to the size it has at the base text size, grown with the text, but
    never past the screen (at 150 % on a 1366x768 laptop a 1100x640 form fills it)."""
    room = screen_room(window)
    # The title bar and frame are outside the size given: leave them their room.
    window.resize(min(scaled(width), room.width() - 16), min(scaled(height), room.height() - 40))


def error_label() -> QLabel:
    """The line under a field that says what is wrong with it."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {_error};")
    label.hide()
    return label


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    # A field made of parts (a search and its button) marks its text boxes: a sheet on the
    # plain container drew the red border around the button too.
    parts = widget.findChildren(QLineEdit) if type(widget) is QWidget else []
    for part in parts or [widget]:
        part.setStyleSheet(f"border: 2px solid {_error};" if invalid else "")


def bold(widget: QWidget) -> None:
    """Bold, at whatever size the user chose (only the weight is fixed)."""
    font = QFont()
    font.setBold(True)
    widget.setFont(font)


def load_fonts() -> str:
    """Register the bundled UI font; return its family (falls back to the system's)."""
    family = ""
    for path in sorted((resource_dir() / "fonts").glob("NotoSans-*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else "")
    return family


def apply(app: QApplication, settings: Settings, family: str = UI_FAMILY) -> None:
    global _style
    if _style is None:
        # The same look everywhere (Fusion: palettes apply), with the keyboard's rules. Python
        # keeps the style: without its Python object Qt calls Fusion's own polish.
        _style = KeyboardStyle(QStyleFactory.create("Fusion"))
        app.setStyle(_style)
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
        grey = QColor("#c0c0c0")  # disabled text: dimmer, still readable on black
        for role in (
            QPalette.ColorRole.WindowText,
            QPalette.ColorRole.Text,
            QPalette.ColorRole.ButtonText,
        ):
            palette.setColor(QPalette.ColorGroup.Disabled, role, grey)
        for role in (QPalette.ColorRole.Light, QPalette.ColorRole.Midlight):
            palette.setColor(role, white)
        for role in (QPalette.ColorRole.Mid, QPalette.ColorRole.Dark, QPalette.ColorRole.Shadow):
            palette.setColor(role, grey)
        app.setPalette(palette)
        # Fusion draws frames and check boxes in a shade of the window colour: on black they
        # vanish. Only in this mode, a style sheet draws them in white (it costs every widget
        # some time to create, which the normal look does not pay).
        app.setStyleSheet(HIGH_CONTRAST_SHEET)
    else:
        app.setStyleSheet("")
        app.setPalette(app.style().standardPalette())
    global _error
    _error = "#ffff00" if settings.high_contrast else "#b00020"
    for widget in app.allWidgets():
        if widget.objectName() == "fieldError":
            widget.setStyleSheet(f"color: {_error};")
        elif widget.styleSheet():
            # A widget with its own sheet (the side bar's padding) kept the palette it was
            # polished with: the side bar stayed black after high contrast was turned off.
            widget.setStyleSheet(widget.styleSheet())
