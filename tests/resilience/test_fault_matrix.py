"""docs/reliability.md: every row of the fault matrix names a command that runs a test of this folder."""

from __future__ import annotations

import ast
import re

from tests.support.harness import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "reliability.md"
COMMAND = re.compile(r"`\.venv/bin/python -m pytest -q (tests/resilience/test_fault_\w+\.py)(?: -k (\w+))?`")


def _rows() -> list[str]:
    return [line for line in DOC.read_text().splitlines() if re.match(r"\| \d+ \|", line)]


def _tests(path) -> list[str]:
    return [node.name for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]


def test_every_fault_has_a_row_with_every_column_and_a_test():
    rows = _rows()
    assert [int(row.split("|")[1]) for row in rows] == list(range(1, len(rows) + 1)) and len(rows) >= 9
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 7 and all(cells), row[:80]
        assert cells[5].startswith("Nothing"), f"row {cells[0]} loses something: {cells[5]}"
        command = COMMAND.search(cells[6])
        assert command, f"row {cells[0]} has no test command"
        path, selector = PROJECT_ROOT / command.group(1), command.group(2)
        assert path.is_file(), path
        tests = _tests(path)
        assert tests, path
        if selector:
            assert any(selector in name for name in tests), f"-k {selector} selects nothing in {path.name}"
