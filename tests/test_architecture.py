"""Layering rules, checked on the syntax tree (not by grepping text).

Dependencies point down only: ui > app > printing > sync > store > the shared core (sotay/).

- Only desktop/ui/, desktop/app.py and desktop/__main__.py may import Qt.
- desktop/store/ knows nothing above it; desktop/printing/ and desktop/sync/ have no Qt and
  know nothing of the screens.
- Two rules keep the two sides apart: central/ imports nothing from desktop/, and the shared
  core (sotay/: the domain, the protocol, the printed page) imports neither side, nor Qt, SQL
  or HTTP, so both can stand on it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop"
CENTRAL = ROOT / "central"
CORE = ROOT / "sotay"
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


def central_files() -> list[Path]:
    files = sorted(CENTRAL.rglob("*.py"))
    assert files, "central/ not found"  # its __init__.py at least
    return files


def core_files() -> list[Path]:
    files = sorted(CORE.rglob("*.py"))
    assert any(rel(p) == "sotay/protocol.py" for p in files), "sotay/ not found"
    return files


def files_under(folder: str) -> list[Path]:
    """Every .py file in desktop/<folder>/; none while the folder does not exist yet."""
    return [p for p in python_files() if rel(p).startswith(f"desktop/{folder}/")]


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


def test_the_shared_core_stands_on_neither_side():
    # sotay/ is imported by the laptop and by the server: it may import neither of them, nor
    # what only one side installs (Qt, the laptop's SQLite layer and HTTP client, the
    # server's web framework and database layer).
    forbidden = (
        *QT, "desktop", "central", "sqlite3", "sqlite_utils", "requests", "keyring",
        "fastapi", "starlette", "sqlalchemy", "alembic",
    )  # fmt: skip
    assert offenders(forbidden, core_files()) == []


def test_store_knows_nothing_of_the_layers_above_it():
    files = files_under("store")
    assert files
    forbidden = (*QT, "desktop.ui", "desktop.app", "desktop.printing", "desktop.sync")
    assert offenders(forbidden, files) == []


def test_printing_has_no_qt_and_no_screens():
    files = files_under("printing")
    assert any(p.name == "documents.py" for p in files)
    assert offenders((*QT, "desktop.ui", "desktop.app"), files) == []


def test_sync_has_no_qt_no_screens_and_no_printing():
    # May import desktop.store and sotay.domain. Passes while desktop/sync/ is still empty.
    files = files_under("sync")
    assert offenders((*QT, "desktop.ui", "desktop.app", "desktop.printing"), files) == []


def test_updates_have_no_qt_no_screens_and_no_data_file():
    # desktop/update/: the sync thread checks and downloads an installer with sync's client;
    # the window only reads its status.
    files = files_under("update")
    assert files
    forbidden = (*QT, "desktop.ui", "desktop.app", "desktop.printing", "desktop.store")
    assert offenders(forbidden, files) == []


def test_importing_reads_files_with_the_domain_only():
    # desktop/importing/: a spreadsheet read and planned with the domain's rules; the screen
    # shows the plan and the store writes it.
    files = files_under("importing")
    assert any(p.name == "residents.py" for p in files)
    forbidden = (*QT, "sqlite3", "desktop.store", "desktop.ui", "desktop.app", "desktop.sync")
    assert offenders((*forbidden, "desktop.printing"), files) == []


def test_failures_sit_below_sync():
    # desktop/failures.py: the store's, the files' and sync's failures, told apart by kind.
    # Beneath the store too: the store's exceptions carry their kind (no import cycle).
    files = [PACKAGE / "failures.py"]
    forbidden = (*QT, "desktop.ui", "desktop.app", "desktop.printing", "desktop.sync")
    forbidden += ("desktop.store",)
    assert offenders(forbidden, files) == []


def imports_beyond(allowed: tuple[str, ...], files: list[Path]) -> list[str]:
    """What `files` import besides the standard library and `allowed`."""
    bad = []
    for path in files:
        for line, target in imports(path.read_text(encoding="utf-8"), module_name(path)):
            top = target.partition(".")[0]
            if top in sys.stdlib_module_names or top == "__future__" or is_under(target, allowed):
                continue
            bad.append(f"{rel(path)}:{line} imports {target}")
    return bad


def test_migrations_call_no_live_code():
    # A migration does to a file met next year what it did when written: what it needs is
    # frozen in desktop/store/frozen.py, never imported from the store, the domain or sync.
    files = [PACKAGE / "store" / "migrations.py", PACKAGE / "store" / "frozen.py"]
    assert imports_beyond(("sqlite_utils", "desktop.store.frozen"), files) == []


def test_the_services_revisions_call_no_live_code():
    # The same for the commune's database: an Alembic revision carries what it needs (0002 its
    # copy of the facts' rules). Only env.py reads the live tables, as autogenerate's target.
    revisions = sorted((CENTRAL / "migrations" / "versions").glob("*.py"))
    assert any(p.name.startswith("0002") for p in revisions)
    assert imports_beyond(("sqlalchemy", "alembic"), revisions) == []


# central/ runs on a server without PySide6 and is deployed apart from the laptop's code: it
# shares the shared core (sotay/) with the laptop, nothing of desktop/ (its store, sync client
# or screens; importing them would run the packages above them too).


def central_offences(source: str, module: str, is_package: bool = False) -> list[str]:
    return [
        f"{module}:{line} imports {target}"
        for line, target in imports(source, module, is_package)
        if is_under(target, (*QT, "desktop"))
    ]


def test_central_imports_nothing_from_the_laptop():
    bad = []
    for path in central_files():
        source = path.read_text(encoding="utf-8")
        bad += central_offences(source, module_name(path), path.name == "__init__.py")
    assert bad == []


def test_the_shared_protocol_is_standard_library_only():
    # The wire format, readable without either side's dependencies (nor reportlab's).
    bad = []
    for path in (CORE / "__init__.py", CORE / "protocol.py", CORE / "domain" / "fields.py"):
        source = path.read_text(encoding="utf-8")
        for line, target in imports(source, module_name(path), path.name == "__init__.py"):
            top = target.partition(".")[0]
            if target in ("sotay", "sotay.domain") or is_under(target, ("sotay.domain.fields",)):
                continue
            if top not in sys.stdlib_module_names and top != "__future__":
                bad.append(f"{rel(path)}:{line} imports {target}")
    assert bad == []


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
        "from sotay.domain import text",
    ],
)
def test_checker_ignores_non_imports(source):
    assert not any(is_under(t, QT) for _, t in imports(source, "desktop.store.x"))


@pytest.mark.parametrize(
    ("source", "allowed"),
    [
        ("from sotay import protocol", True),
        ("from desktop.sync import protocol", False),
        ("from desktop import __version__", False),
        ("import desktop", False),
        ("from sotay.protocol import Change", True),
        ("import sotay.protocol as protocol", True),
        ("from fastapi import FastAPI", True),
        ("from desktop.sync import client", False),
        ("from desktop.store import db", False),
        ("import desktop.printing.reads", False),
        ("from sotay.domain.text import fold", True),
        ("from desktop.printing import documents", False),
        ("from sotay.domain.cleaning import clean_line", True),
        ("from desktop.ui import tasks", False),
        ("def f():\n    from desktop.app import main\n", False),
        ("from PySide6.QtCore import QObject", False),
    ],
)
def test_checker_for_central(source, allowed):
    assert (central_offences(source, "central.app") == []) == allowed


def test_checker_resolves_relative_imports():
    found = {t for _, t in imports("from ..ui import tasks\nfrom . import db", "desktop.store.x")}
    assert {"desktop.ui", "desktop.ui.tasks", "desktop.store", "desktop.store.db"} <= found
    assert {t for _, t in imports("from .text import fold", "sotay.domain", True)} >= {
        "sotay.domain.text"
    }
