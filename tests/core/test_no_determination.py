"""No string the app can show or export says that a person is a victim.

Scans every string constant in the core and the GUI, every text in the bundled data files
(instruments, jurisdictions, directory), and every published schema. Translations are scanned
per language in test_i18n.py; rendered packets in tests/integration.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DETERMINATION = re.compile(r"\bis a victim\b|\bconfirmed victim|\bare victims\b", re.IGNORECASE)


def _python_strings() -> Iterator[tuple[str, str]]:
    for folder in ("screening_tools", "desktop"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            # Docstrings are for developers and never shown.
            docstrings = {
                id(node.body[0].value)
                for node in ast.walk(tree)
                if isinstance(
                    node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
                )
                and node.body
                and isinstance(node.body[0], ast.Expr)
                and isinstance(node.body[0].value, ast.Constant)
            }
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docstrings
                ):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value


def _data_strings() -> Iterator[tuple[str, str]]:
    def walk(where: str, value: object) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, dict):
            for key, inner in value.items():
                yield from walk(f"{where}.{key}", inner)
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                yield from walk(f"{where}[{index}]", inner)

    for path in (ROOT / "resources").rglob("*"):
        if path.suffix in (".yaml", ".yml"):
            yield from walk(str(path.relative_to(ROOT)), yaml.safe_load(path.read_text("utf-8")))
        elif path.suffix == ".json":
            yield from walk(str(path.relative_to(ROOT)), json.loads(path.read_text("utf-8")))


def test_scanner_finds_what_it_should() -> None:
    assert DETERMINATION.search("This person is a victim of trafficking")
    assert not DETERMINATION.search("The person may be a victim; indicators are not proof")
    assert sum(1 for _ in _python_strings()) > 1000
    assert sum(1 for _ in _data_strings()) > 500


def test_no_determination_in_code_or_data() -> None:
    hits = [
        (where, text[:80])
        for where, text in [*_python_strings(), *_data_strings()]
        if DETERMINATION.search(text) and "determination" not in where.lower()
    ]
    # The only allowed occurrences are the patterns that look for the phrase itself.
    hits = [h for h in hits if not re.search(r"\\b|\(\?|\|", h[1])]
    assert hits == []
