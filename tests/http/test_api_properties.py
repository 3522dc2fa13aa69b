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

from tests.harness import VENV_BIN

MAX_EXAMPLES = 100  # per operation and phase; the whole run takes a few seconds


def test_the_api_answers_every_request_as_its_document_says(live_app, tmp_path):
    document = httpx.get(live_app.url("/api/v1/openapi.json")).json()
    command = [
        str(VENV_BIN / "st"), "run", live_app.url("/api/v1/openapi.json"),
        "--checks", "all", "--mode", "all", "--phases", "examples,coverage,fuzzing",
        "--max-examples", str(MAX_EXAMPLES), "--generation-deterministic", "--no-color",
        "--request-timeout", "10",
    ]
    # Run from an empty folder, so no schemathesis.toml of a developer's changes the run.
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-6000:]
    operations = len(document["paths"])
    assert re.search(rf"Tested: {operations}\b", report), report[-2000:]
    assert re.search(rf"Selected: {operations}/{operations}\b", report), report[-2000:]
