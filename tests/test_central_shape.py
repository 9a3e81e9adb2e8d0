"""The central service stays in pieces a test can import and a reader can hold: no function of
central/ longer than 150 lines (its routes were once closures in two functions of 282 and 610
lines). A function's length runs from its `def` line to its last line (decorators left out);
a nested function counts as part of the one it is in."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CENTRAL = ROOT / "central"
LONGEST = 150


def long_functions(source: str, where: str, limit: int = LONGEST) -> list[str]:
    """`where:line name (length)` for each function of `source` longer than `limit` lines."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            length = node.end_lineno - node.lineno + 1
            if length > limit:
                found.append(f"{where}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_of_central_is_over_150_lines() -> None:
    files = sorted(CENTRAL.rglob("*.py"))
    assert len(files) > 10, "central/ not found"
    offences = [
        offence
        for path in files
        for offence in long_functions(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert offences == [], "functions over 150 lines:\n" + "\n".join(offences)


def function(name: str, lines: int, indent: str = "") -> str:
    """The source of a function `lines` long, from its def line to its last."""
    body = "".join(f"{indent}    x{n} = {n}\n" for n in range(lines - 2))
    return f"{indent}def {name}() -> None:\n{body}{indent}    return None\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (function("short", 150), []),
        (function("long", 151), ["x.py:1 long (151 lines)"]),
        ("@decorator\n" + function("decorated", 150), []),  # the decorator is not counted
        ("async " + function("waiting", 151), ["x.py:1 waiting (151 lines)"]),
        # a closure makes its enclosing function long, and may be long itself
        (
            "def outer() -> None:\n" + function("inner", 150, "    "),
            ["x.py:1 outer (151 lines)"],
        ),
        (
            "class Routes:\n" + function("method", 151, "    "),
            ["x.py:2 method (151 lines)"],
        ),
    ],
)
def test_the_check_sees_a_long_function(source: str, expected: list[str]) -> None:
    assert long_functions(source, "x.py") == expected
