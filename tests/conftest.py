"""Shared fixtures: a real SQLite profile per test, the real store, and helpers to type
Vietnamese into real widgets (qtbot.keyClicks aborts on non-ASCII text)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.domain.models import Member, Neighbourhood, Role, Team
from desktop.store import commands
from desktop.store.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "sotay.sqlite3", tmp_path / "backups")
    s.opened.result(timeout=30)
    yield s
    s.close()


@pytest.fixture
def team_store(store: Store) -> Store:
    """A store with a team of two members and two neighbourhoods already set up."""
    team = Team(
        name="Tổ CNSCĐ khu phố 3",
        province_code=1,
        province_name="Thành phố Hà Nội",
        commune_code=4,
        commune_name="Phường Ba Đình",
    )
    store.write(
        commands.set_up,
        team,
        [Neighbourhood(name="Khu phố 3"), Neighbourhood(name="Khu phố 4")],
        [
            Member(full_name="Trần Thị Lan", role=Role.LEADER, phone="0912345678"),
            Member(full_name="Lê Văn Minh", role=Role.MEMBER),
        ],
    ).result()
    return store


def result(future: Future[Any]) -> Any:
    return future.result(timeout=30)


def type_text(widget: Any, text: str) -> None:
    """Type text as an input method would commit it (works for Vietnamese)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
