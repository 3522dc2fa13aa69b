"""A build leaves the git tree clean: the committed reflex.lock/package.json is in the form a build writes.

Every build renders `.web/package.json` from reflex.lock/package.json (Reflex's own key order),
lets npm add the frontend packages (npm writes the file compactly, each dependency list sorted
by name) and copies the result back to reflex.lock/. Committed in any other order or layout,
the file shows as changed after every `make run`. (.ci/run also checks the tree after the tests,
which build the frontend.)
"""

from __future__ import annotations

import json

from reflex.utils import frontend_skeleton

from imigrasi_site.core.settings import PROJECT_ROOT

DEPENDENCY_LISTS = ("dependencies", "devDependencies")


def test_the_committed_package_json_is_what_a_build_writes_back(monkeypatch):
    committed = (PROJECT_ROOT / "reflex.lock" / "package.json").read_text()
    monkeypatch.chdir(PROJECT_ROOT)  # Reflex reads reflex.lock/ from the working directory
    rendered = json.loads(frontend_skeleton._compile_package_json())
    as_npm_writes = {key: dict(sorted(value.items())) if key in DEPENDENCY_LISTS else value
                     for key, value in rendered.items()}
    assert committed == json.dumps(as_npm_writes, separators=(",", ":"), ensure_ascii=False)
