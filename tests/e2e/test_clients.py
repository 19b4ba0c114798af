"""The kit's clients against a live gunicorn: create, read, memo, list and a typed 422, as a
portal team would run them (clients/python_tour.py, clients/typescript/src/tour.ts)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.conftest import PROJECT_ROOT, skip_or_fail
from tests.db import fresh_database
from tests.e2e.conftest import gunicorn, issue_key

CLIENTS = PROJECT_ROOT / "clients"
TYPESCRIPT = CLIENTS / "typescript"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, str]]:
    directory = tmp_path_factory.mktemp("clients")
    with fresh_database("sqlite", directory) as url:
        key = issue_key(url, "kit-clients")
        with gunicorn(url, directory / "gunicorn.log", workers=1) as base_url:
            yield base_url, key


def _run(command: list[str], cwd=PROJECT_ROOT, env=None, timeout=120) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, (
        f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout


def _check_tour(seen: dict, name: str) -> None:
    assert seen["read_id"] == seen["id"]
    assert seen["recommendations"] > 0
    assert seen["memo_first_line"].startswith("# Briefing: ")
    assert name.split(" ")[0] in seen["memo_first_line"]
    assert "<b>" not in seen["memo_first_line"] and "<i>" not in seen["memo_first_line"]
    assert seen["html_starts"].startswith('<article class="advisor-memo">')
    assert seen["id"] in seen["listed"]
    assert seen["problem_status"] == 422
    assert seen["problem_errors"] == {"capacities.military": ["out_of_range"]}


def test_the_python_client(server):
    base_url, key = server
    env = {**os.environ, "PYTHONPATH": str(CLIENTS / "python")}
    out = _run([sys.executable, str(CLIENTS / "python_tour.py"), base_url, key], env=env)
    _check_tour(json.loads(out), "Python kit")


@pytest.fixture(scope="module")
def typescript_project() -> None:
    """`npm ci` from the committed lock file; the compiler and the types come from there."""
    if not (shutil.which("node") and shutil.which("npm")):
        skip_or_fail("node and npm are not installed")
    _run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TYPESCRIPT, timeout=300)


def test_typescript_types_check_strictly(typescript_project):
    _run(["npx", "--no-install", "tsc", "--strict", "--noEmit"], cwd=TYPESCRIPT)


def test_the_typescript_client(typescript_project, server):
    base_url, key = server
    # Emitted into dist/, beside node_modules; the strict check is the test above.
    _run(["npx", "--no-install", "tsc", "--noCheck"], cwd=TYPESCRIPT)
    out = _run(["node", "dist/tour.js", base_url, key], cwd=TYPESCRIPT)
    _check_tour(json.loads(out), "TypeScript kit")
