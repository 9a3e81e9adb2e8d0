"""Layering rules, checked on the syntax tree (not by grepping text).

- Only desktop/ui/, desktop/app.py and desktop/__main__.py may import Qt.
- desktop/domain/ holds no SQL and no storage; desktop/store/ knows nothing of the UI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop"
QT = ("PySide6", "shiboken6")
QT_ALLOWED = ("desktop/ui/", "desktop/app.py", "desktop/__main__.py")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module `source` imports, absolute, with its line: import/from-import (relative ones
    resolved), and importlib.import_module / __import__ with a literal name."""
    found: list[tuple[int, str]] = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from desktop import ui` imports desktop.ui
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call):
            fn = node.func
            name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            if (
                name in ("import_module", "__import__")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((node.lineno, node.args[0].value))
    return found


def is_under(module: str, roots: tuple[str, ...]) -> bool:
    return any(module == r or module.startswith(r + ".") for r in roots)


def python_files() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10, "desktop/ not found"
    return files


def offenders(forbidden: tuple[str, ...], files: list[Path]) -> list[str]:
    bad = []
    for path in files:
        mod = module_name(path)
        source = path.read_text(encoding="utf-8")
        for line, target in imports(source, mod, path.name == "__init__.py"):
            if is_under(target, forbidden):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    return bad


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_only_the_ui_imports_qt():
    files = [p for p in python_files() if not rel(p).startswith(QT_ALLOWED)]
    assert any(rel(p).startswith("desktop/store/") for p in files)
    assert offenders(QT, files) == []


def test_domain_has_no_storage_and_no_ui():
    files = [p for p in python_files() if rel(p).startswith("desktop/domain/")]
    assert files
    forbidden = (*QT, "sqlite3", "sqlite_utils", "desktop.store", "desktop.ui", "desktop.app")
    assert offenders(forbidden, files) == []


def test_store_knows_nothing_of_the_ui():
    files = [p for p in python_files() if rel(p).startswith("desktop/store/")]
    assert files
    assert offenders((*QT, "desktop.ui", "desktop.app"), files) == []


# --- the checker itself can fail ----------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "import PySide6",
        "import PySide6.QtCore as qc",
        "from PySide6.QtWidgets import QWidget",
        "from PySide6 import QtGui",
        "import os, shiboken6",
        "def f():\n    from PySide6.QtCore import Qt\n",
        "import importlib\nimportlib.import_module('PySide6.QtCore')",
        "__import__('PySide6')",
        "try:\n    import PySide6\nexcept ImportError:\n    pass\n",
    ],
)
def test_checker_catches_qt(source):
    found = [t for _, t in imports(source, "desktop.store.x")]
    assert any(is_under(t, QT) for t in found), found


@pytest.mark.parametrize(
    "source",
    [
        "import sqlite3",
        "# import PySide6",
        "x = 'from PySide6 import QtCore'",
        "import PySide6_helpers",
        "from desktop.domain import text",
    ],
)
def test_checker_ignores_non_imports(source):
    assert not any(is_under(t, QT) for _, t in imports(source, "desktop.store.x"))


def test_checker_resolves_relative_imports():
    found = {t for _, t in imports("from ..ui import tasks\nfrom . import db", "desktop.store.x")}
    assert {"desktop.ui", "desktop.ui.tasks", "desktop.store", "desktop.store.db"} <= found
    assert {t for _, t in imports("from .text import fold", "desktop.domain", True)} >= {
        "desktop.domain.text"
    }
