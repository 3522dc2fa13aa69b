"""One language at a time in the workspace: no "Indonesian / English" labels in its pages, frame,
selector or states, and no use of i18n.both() there; every word comes from the catalogue."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

from imigrasi_site.ui import state as ui_state
from imigrasi_site.ui.pages import admin as admin_pages

ROOT = Path(__file__).resolve().parents[2] / "imigrasi_site" / "ui"
# The sign-in page is shown before anyone is signed in, so no account's language is known there yet;
# the sign-in state and its routes belong to the two-factor work (ui/state/auth.py).
NOT_WORKSPACE = {"login.py", "auth.py", "public.py", "subscribe.py", "inputs.py", "__init__.py"}
SLASH_JOINED = re.compile(r"[a-z)] / [A-Za-z(]")


def _workspace_files() -> list[Path]:
    files = [*sorted((ROOT / "pages" / "admin").glob("*.py")), *sorted((ROOT / "state").glob("*.py")),
             ROOT / "components" / "workspace.py", ROOT / "components" / "cell_selector.py",
             ROOT / "components" / "office_picker.py", ROOT / "components" / "words.py"]
    return [f for f in files if f.name not in NOT_WORKSPACE]


@pytest.mark.parametrize("path", _workspace_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_slash_joined_words_and_no_both(path):
    tree = ast.parse(path.read_text())
    joined = [node.value for node in ast.walk(tree)
              if isinstance(node, ast.Constant) and isinstance(node.value, str) and SLASH_JOINED.search(node.value)
              and not node.value.startswith(("/", "http"))]
    assert joined == [], f"{path.name} writes two languages at once: {joined}"
    uses_both = [node.lineno for node in ast.walk(tree)
                 if isinstance(node, ast.Name) and node.id == "both"
                 or isinstance(node, ast.alias) and node.name == "both"]
    assert uses_both == [], f"{path.name} uses i18n.both() (lines {uses_both})"


def test_every_workspace_page_builds_with_catalogue_words_only():
    """A key missing from the catalogue fails here, when the page is built, not in front of an editor."""
    for module_info in pkgutil.iter_modules(admin_pages.__path__):
        module = importlib.import_module(f"{admin_pages.__name__}.{module_info.name}")
        for name in dir(module):
            if name.endswith("_page") and callable(getattr(module, name)):
                assert getattr(module, name)() is not None


def test_the_states_are_all_importable():
    for module_info in pkgutil.iter_modules(ui_state.__path__):
        importlib.import_module(f"{ui_state.__name__}.{module_info.name}")
