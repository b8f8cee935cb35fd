"""The store is the only home of SQL: no SQL text and no reach into the store's insides
anywhere else under ``src/agora``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "agora"
STORE = SRC / "store"

#: Statements as agora writes them (keywords in capitals); any one in a string literal is SQL.
_SQL = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b"
    r"|\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b"
    r"|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b"
    r"|\b(?:CREATE|DROP)\s+(?:VIRTUAL\s+)?(?:TABLE|INDEX|TRIGGER|VIEW)\b"
    r"|\bALTER\s+TABLE\b"
    r"|\bPRAGMA\s+\w+"
)
#: What only the store itself (and tests) may use: raw queries, transactions, the connection.
_RAW = {"query", "scalar", "column", "write", "db"}


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if STORE not in p.parents)


def sql_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """``(line, text)`` of every string constant that holds an SQL statement."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and _SQL.search(node.value)
    ]


def _is_store(node: ast.expr) -> bool:
    """``store``, ``self.store``, ``library.store``...: an expression naming a Store."""
    if isinstance(node, ast.Name):
        return node.id == "store"
    return isinstance(node, ast.Attribute) and node.attr == "store"


def _reaches_store(node: ast.expr) -> bool:
    while isinstance(node, ast.Attribute):
        if _is_store(node):
            return True
        node = node.value
    return _is_store(node)


def store_intrusions(tree: ast.AST) -> list[tuple[int, str]]:
    """``(line, attribute)`` of each private member of the store or of its repositories used,
    and of each raw query helper called on the store itself."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        private = node.attr.startswith("_") and not node.attr.startswith("__")
        if (private and _reaches_store(node.value)) or (
            node.attr in _RAW and _is_store(node.value)
        ):
            found.append((node.lineno, node.attr))
    return found


def test_the_checks_see_what_they_look_for() -> None:
    tree = ast.parse(
        'q = ("SELECT id "\n "FROM comments")\n'
        "store._delete_draft(db)\nself.store.outbox._return(db)\nlibrary.store.query(q)\n"
        'store.comments.get(1)\nx = "select the text from the list"\n'
        'y = f"DELETE FROM outbox WHERE id = {q}"\n'
    )
    assert [line for line, _ in sql_strings(tree)] == [1, 8]
    assert store_intrusions(tree) == [(3, "_delete_draft"), (4, "_return"), (5, "query")]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_sql_and_no_store_internals_outside_the_store(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    assert sql_strings(tree) == [], f"SQL outside agora.store in {path}"
    assert store_intrusions(tree) == [], f"{path} reaches into the store"
