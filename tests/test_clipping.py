"""No clipped text at 1366x768, in Vietnamese (the longer words), at 100 % and at 150 % (A+
five times): every screen of the main window and the forms, each widget's text measured
against its room. With SOTAY_SCREENSHOTS=<folder>, each is saved there at 150 %.

The other tests' offscreen screen is 800x800: these run in a child pytest whose offscreen
screen is a 1366x768 laptop's (Qt's offscreen platform reads its screens from a JSON file)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QGroupBox,
    QLabel,
    QListView,
    QPushButton,
    QRadioButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QWidget,
)

from desktop.paths import i18n_dir
from desktop.settings import Settings
from desktop.store import queries
from desktop.store.store import Store
from desktop.ui import theme
from tests.helpers import result
from tests.qt_helpers import run_on_laptop_screen, started_window

CHILD = os.environ.get("SOTAY_CLIPPING_CHILD") == "1"
laptop_screen = pytest.mark.skipif(not CHILD, reason="runs in the 1366x768 child")
STEPS = (0, 5)  # 100 % and 150 % of the 10 pt base
SHOTS = os.environ.get("SOTAY_SCREENSHOTS", "")
_TAGS = re.compile(r"<[^>]+>")


@pytest.fixture
def vietnamese(qapp) -> Iterator[None]:
    translators = []
    for name in ("qtbase_vi", "sotay_vi"):  # as the app: Qt's own buttons (Cancel) too
        translator = QTranslator()
        assert translator.load(name, str(i18n_dir()))
        qapp.installTranslator(translator)
        translators.append(translator)
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    theme.apply(qapp, Settings())


def plain(text: str) -> str:
    return _TAGS.sub("", text).replace("&&", "\0").replace("&", "").replace("\0", "&")


def clipped(root: QWidget) -> list[str]:
    """Every visible text wider (or, wrapped, taller) than the room it has."""
    bad: list[str] = []

    def note(widget: QWidget, text: str, need: int, room: int) -> None:
        bad.append(f"{type(widget).__name__} '{text}': needs {need} px, has {room}")

    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        metrics = w.fontMetrics()
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            text = plain(w.text())
            room = w.contentsRect()
            if w.wordWrap():
                need = w.heightForWidth(room.width())
                if need > room.height() + 1:
                    note(w, text, need, room.height())
            else:
                widest = max(metrics.horizontalAdvance(line) for line in text.splitlines() or [""])
                if widest > room.width() + 1:
                    note(w, text, widest, room.width())
        elif isinstance(w, QPushButton | QToolButton | QCheckBox | QRadioButton):
            text = plain(w.text())
            if text and w.sizeHint().width() > w.width() + 1:
                note(w, text, w.sizeHint().width(), w.width())
        elif isinstance(w, QGroupBox) and w.title():
            text = plain(w.title())
            if metrics.horizontalAdvance(text) + 12 > w.width():
                note(w, text, metrics.horizontalAdvance(text) + 12, w.width())
        elif isinstance(w, QTabWidget):
            bar = w.tabBar()
            for i in range(bar.count()):
                need = bar.fontMetrics().horizontalAdvance(plain(bar.tabText(i)))
                if need > bar.tabRect(i).width():
                    note(bar, bar.tabText(i), need, bar.tabRect(i).width())
        elif isinstance(w, QTableView) and w.model() is not None:
            header = w.horizontalHeader()
            if header.isHidden():
                continue
            for col in range(w.model().columnCount()):
                if header.isSectionHidden(col) or header.sectionSize(col) == 0:
                    continue
                text = str(w.model().headerData(col, header.orientation()) or "")
                # the last column stretches: its heading may share the room with a sort arrow
                need = header.fontMetrics().horizontalAdvance(text) + 8
                if need > header.sectionSize(col):
                    note(header, text, need, header.sectionSize(col))
            rows = w.verticalHeader().defaultSectionSize()
            if rows < w.fontMetrics().height() + 2:
                note(w, "(row height)", w.fontMetrics().height() + 2, rows)
            bad += short_cells_cut(w)
        elif isinstance(w, QListView) and w.model() is not None:
            room = w.viewport().width()
            for row in range(w.model().rowCount()):
                index = w.model().index(row, 0)
                need = w.sizeHintForIndex(index).width()
                if need > room + 1:
                    note(w, str(index.data()), need, room)
    return bad


def short_cells_cut(view: QTableView) -> list[str]:
    """A short value (a date, a time, a count, a status: 15 characters at most) is never cut
    to "01/01/2..." in the rows in sight; a long one may be, its whole text in its tooltip."""
    bad: list[str] = []
    model, header = view.model(), view.horizontalHeader()
    first = max(view.rowAt(0), 0)
    last = view.rowAt(view.viewport().height() - 1)
    last = model.rowCount() - 1 if last < 0 else last
    for row in range(first, min(last, first + 30) + 1):
        for col in range(model.columnCount()):
            if header.isSectionHidden(col) or header.sectionSize(col) == 0:
                continue
            index = model.index(row, col)
            text = str(index.data() or "")
            need = view.sizeHintForIndex(index).width()  # the text and the cell's margins
            if 0 < len(text) <= 15 and need > header.sectionSize(col):
                bad.append(f"cell '{text}': needs {need} px, has {header.sectionSize(col)}")
    return bad


def shoot(widget: QWidget, name: str, step: int) -> None:
    if SHOTS and step == STEPS[-1]:
        folder = Path(SHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(folder / f"150-{name}-vi.png"))


@pytest.mark.gui  # the windows, in a child process on a 1366x768 screen
@pytest.mark.skipif(CHILD, reason="the child itself")
def test_at_1366x768_nothing_is_cut(tmp_path) -> None:
    out = run_on_laptop_screen(__file__, tmp_path, {"SOTAY_CLIPPING_CHILD": "1"})
    assert "6 passed, 1 skipped" in out  # only this test skipped: the rest ran


def fill_lists(store: Store, leader: str) -> None:
    """A row in each list with its widest short values: a date, an evening's hours, a
    status, an outcome, a birth year, a phone number."""
    from datetime import date

    from desktop.store import commands
    from sotay.domain.models import (
        Assist,
        Attendance,
        Outcome,
        Resident,
        Training,
        TrainingStatus,
    )

    r = result(store.read(queries.load_roster))
    who = Resident(full_name="Nguyễn Thị Thu Hương", birth_year=1948, phone="0912345678")
    result(store.write(commands.save_resident, who, leader))
    held = Training(day=date(2026, 10, 28), start_time="19:30", end_time="21:00",
                    place="Nhà văn hóa khu phố 3", status=TrainingStatus.HELD,
                    topic_ids=[t.id for t in r.topics],
                    attendance=[Attendance(who.id)])  # fmt: skip
    result(store.write(commands.save_training, held, leader))
    referred = Assist(day=date(2026, 10, 28), resident_id=who.id, member_id=leader,
                      service_id=r.services[0].id, outcome=Outcome.REFERRED,
                      reason="Chuyển lên bộ phận một cửa")  # fmt: skip
    result(store.write(commands.save_assist, referred, leader))


@laptop_screen
@pytest.mark.parametrize("step", STEPS)
def test_no_screen_of_the_main_window_cuts_its_text(
    qtbot, qapp, vietnamese, team_store: Store, tmp_path, step: int
) -> None:
    assert qapp.primaryScreen().availableGeometry().width() == 1366
    leader = result(team_store.read(queries.load_roster)).members[0].id
    fill_lists(team_store, leader)
    settings = Settings(member_id=leader, font_step=step)
    theme.apply(qapp, settings)
    window = started_window(qtbot, team_store, tmp_path, settings)
    window.setGeometry(0, 0, 1366, 768)
    problems: dict[str, list[str]] = {}
    for row, name in enumerate(("overview", "trainings", "assists", "residents")):
        window.go_to(row)
        qtbot.wait(50)
        if row == 0:
            tabs = window.overview.findChild(QTabWidget)
            for t in range(tabs.count() if tabs else 0):
                tabs.setCurrentIndex(t)
                qtbot.wait(20)
                problems[f"{name}/{t}"] = clipped(window)
                assert window.width() <= 1366, f"{name}/{t}: the window grew past the screen"
                shoot(window, f"{name}-{t}", step)
        else:
            page = window.list_page(name)
            qtbot.waitUntil(lambda p=page: p.model.rowCount() > 0, timeout=5000)
            header = page.view.horizontalHeader()
            last = header.count() - 1
            if last in page.short_columns:  # a count: the room to spare went to the texts
                assert header.sectionSize(last) < 2 * header.sectionSizeHint(last), name
            problems[name] = clipped(window)
            shoot(window, name, step)
        assert window.width() <= 1366, f"{name}: the window grew past the screen"
    assert {k: v for k, v in problems.items() if v} == {}


@laptop_screen
@pytest.mark.parametrize("step", STEPS)
def test_no_form_cuts_its_text(
    qtbot, qapp, vietnamese, team_store: Store, tmp_path, step: int
) -> None:
    from desktop.ui.assists import AssistDialog
    from desktop.ui.residents import ResidentDialog
    from desktop.ui.team import TeamDialog
    from desktop.ui.trainings import TrainingDialog
    from sotay.domain.models import Outcome

    theme.apply(qapp, Settings(font_step=step))
    roster = result(team_store.read(queries.load_roster))
    leader = roster.members[0].id
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date

    from desktop.importing.reading import Sheet
    from desktop.sync.credentials import Credentials
    from desktop.sync.service import SyncService
    from desktop.ui.importer import ImportDialog
    from desktop.ui.residents import DuplicateDialog, HistoryDialog
    from desktop.ui.restore import RestoreDialog
    from desktop.ui.sync import AttentionDialog, ConnectDialog
    from desktop.ui.team import CatalogueDialog, WhoDialog
    from desktop.ui.trainings import EarlierClassDialog

    lane = ThreadPoolExecutor(1)  # the window's lanes: the import's rows, the backups' list
    day = date(2026, 11, 2)
    hit = queries.ResidentHit("x", "Nguyễn Thị Thu Hương", 1948, "female", "Khu phố 3", "")
    history = queries.History(
        [(day, "held", "Kích hoạt và sử dụng VNeID mức 2", "Nhà văn hóa khu phố 3", True)],
        [(day, "Nộp hồ sơ dịch vụ công trực tuyến", "not_done", "Chưa có căn cước")],
    )
    sheet = Sheet(
        "Ấp 3",
        [
            ["Họ và tên", "Năm sinh", "Giới tính", "Khu phố / Ấp", "Số điện thoại"],
            ["Nguyễn Thị Thu Hương", 1948, "Nữ", "Khu phố 3", "12345"],
            ["", 1950, "Nam", "Khu phố 3", ""],
        ],
    )
    roll_call = [  # long names, as the roll-calls have them
        (queries.ResidentHit(f"r{i}", name, 1948 + i, "female", "Khu phố 3", ""), i != 2)
        for i, name in enumerate(
            (
                "Nguyễn Thị Hoàng Phương Thảo",
                "Phạm Nguyễn Hoàng Bảo Ngọc",
                "Tôn Nữ Thị Khánh Huyền",
                "Trần Văn Minh",
                "Lê Thị Thu Hương",
            )
        )
    ]
    forms = {
        "resident": ResidentDialog(team_store, roster, leader),
        "training": TrainingDialog(team_store, roster, leader, people=roll_call),
        "assist": AssistDialog(team_store, roster, leader),
        "team": TeamDialog(team_store, roster),
        "duplicate": DuplicateDialog([hit]),
        "history": HistoryDialog(hit.full_name, history),
        "who": WhoDialog(roster.members, None),
        "earlier": EarlierClassDialog([("t", day, "Kích hoạt VNeID mức 2", "Nhà văn hóa", 24)]),
        "import": ImportDialog(team_store, roster, leader, Path("ds.xlsx"), [sheet], [], lane),
        "topics": CatalogueDialog(team_store, "topic", roster.topics, leader),
        "connect": ConnectDialog(
            SyncService(team_store, tmp_path, credentials=Credentials(tmp_path, use_keyring=False))
        ),
        "attention": AttentionDialog(team_store, roster),
        "restore": RestoreDialog(tmp_path / "backups", lane),
    }
    assist = forms["assist"]
    outcome = getattr(assist, "outcome", None)
    problems: dict[str, list[str]] = {}
    for name, dialog in forms.items():
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if name == "assist" and outcome is not None:  # "not done" asks for a reason
            outcome.setCurrentIndex(max(0, outcome.findData(Outcome.NOT_DONE)))
            qtbot.wait(20)
        if name == "assist":
            dialog.save_button.click()  # the reason's message shows
            qtbot.wait(50)
        if name == "import":
            qtbot.waitUntil(lambda d=dialog: bool(d.plan.rows), timeout=5000)
        if name == "training":  # every topic in sight, none scrolled out
            assert not dialog.topics.verticalScrollBar().isVisible()
            qtbot.wait(50)  # the scrolled page's bars settle (the picture had a stray one)
        screen = dialog.screen().availableGeometry()
        assert dialog.height() <= screen.height() and dialog.width() <= screen.width(), name
        problems[name] = clipped(dialog)
        shoot(dialog, name, step)
        if name == "training" and dialog.stacked:  # the roll-call, below the fields
            dialog.to_roll.click()
            qtbot.wait(20)
            shoot(dialog, "roll-call", step)
        dialog.close()
    lane.shutdown()
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_measure_finds_a_cut_label(qtbot) -> None:
    label = QLabel("Chưa xong cần ghi lý do vì sao")
    button: QAbstractButton = QPushButton("Lưu các dòng không nhập…")
    box = QWidget()
    label.setParent(box)
    button.setParent(box)
    qtbot.addWidget(box)
    box.show()
    label.setGeometry(0, 0, 40, 20)
    button.setGeometry(0, 30, 40, 20)
    found = clipped(box)
    assert len(found) == 2 and "Chưa xong" in found[0]


def test_the_help_sessions_chosen_resident_is_whole(
    qtbot, qapp, vietnamese, team_store: Store
) -> None:
    """Issue 19, the keyboard journey at 150 % with A+ twice: the help session's resident,
    found by typing and chosen with Enter, was shown as "Nguyễn Thị Hoàng Phương Thảo · 1956 ·
    Nữ · Khu", cut at the form's edge: whose help it records must be read whole."""
    from desktop.store import commands
    from desktop.ui.assists import AssistDialog
    from sotay.domain.models import Gender, Resident
    from tests.qt_helpers import activate

    theme.apply(qapp, Settings(font_step=2, high_contrast=True))
    roster = result(team_store.read(queries.load_roster))
    leader = roster.members[0].id
    thao = Resident(full_name="Nguyễn Thị Hoàng Phương Thảo", gender=Gender.FEMALE,
                    birth_year=1956, neighbourhood_id=roster.neighbourhoods[0].id)  # fmt: skip
    result(team_store.write(commands.save_resident, thao, leader))
    dialog = AssistDialog(team_store, roster, leader)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    dialog.search.setFocus()
    qtbot.keyClicks(dialog.search, "phuong thao")
    qtbot.waitUntil(lambda: bool(dialog.search.hits), timeout=5000)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.hit is not None)
    qtbot.wait(20)  # the form's rows laid out again
    assert "Nguyễn Thị Hoàng Phương Thảo · 1956" in dialog.chosen.text()
    assert [p for p in clipped(dialog) if "Phương Thảo" in p] == []

    # The form taller for its second line: no field squeezed or pushed past its bottom.
    def squeezed(w: QWidget) -> bool:
        least = min(max(w.minimumSizeHint().height(), w.minimumHeight()), w.maximumHeight())
        inside = dialog.rect().contains(QRect(w.mapTo(dialog, QPoint(0, 0)), w.size()))
        return w.height() < least or not inside

    fields = [*dialog.form.fields.values(), *dialog.findChildren(QPushButton)]
    cut = [
        f"{type(w).__name__} {w.accessibleName() or getattr(w, 'text', str)()!r}"
        for w in fields
        if w.isVisible() and squeezed(w)
    ]
    assert cut == []
    dialog.discard()
