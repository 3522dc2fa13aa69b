"""The JSON API against its own OpenAPI document, by property.

Schemathesis reads the document the running app publishes, generates requests from it (valid ones
and broken ones, boundary values first), sends them to the live app and runs every check it has:
no server error, every status, header, content type and body as documented, no valid request
refused, no invalid one accepted, methods the document does not list refused with Allow. The run is
deterministic (no random seed, no example database) and bounded in examples per operation.

The CLI runs it, in a process of its own: its pytest plugin does not work with this pytest.
"""

from __future__ import annotations

import re
import subprocess

import httpx

from tests.support.harness import VENV_BIN

MAX_EXAMPLES = 100  # per operation and phase; the whole run takes a few seconds


def test_the_api_answers_every_request_as_its_document_says(live_app, tmp_path):
    document = httpx.get(live_app.url("/api/v1/openapi.json")).json()
    command = [
        str(VENV_BIN / "st"), "run", live_app.url("/api/v1/openapi.json"),
        "--mode", "all", "--phases", "examples,coverage,fuzzing",
        "--max-examples", str(MAX_EXAMPLES), "--generation-deterministic", "--no-color",
        "--request-timeout", "10",
    ]
    # Run from a folder of its own, so no schemathesis.toml of a developer's changes the run. One rule
    # cannot be written in OpenAPI: the hours range's `to` must not be before its `from` (a 400 that
    # names `from`, tested in test_hours_api.py), so a schema-valid request may rightly be refused there.
    # Every check is on (schemathesis' default, not narrowed by a --checks flag, which would override this).
    (tmp_path / "schemathesis.toml").write_text(
        '[[operations]]\ninclude-operation-id = "getOfficeHours"\n'
        'checks.positive_data_acceptance.enabled = false\n')
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-6000:]
    operations = len(document["paths"])
    assert re.search(rf"Tested: {operations}\b", report), report[-2000:]
    assert re.search(rf"Selected: {operations}/{operations}\b", report), report[-2000:]
