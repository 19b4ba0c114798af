"""What gunicorn's workers inherit from the preloading master, under config/gunicorn.conf.py."""

from __future__ import annotations

import json
import urllib.request

from tests.e2e.conftest import gunicorn_server


def test_workers_start_with_the_preloaded_app_frozen_out_of_garbage_collection(tmp_path):
    # Without the freeze every worker's full collections walk the whole preloaded app, and their
    # writes to its objects' headers unshare the pages the workers were forked with.
    unused = f"sqlite:///{tmp_path / 'unused.db'}"
    with (
        gunicorn_server(unused, tmp_path / "log", 1, app="tests.e2e.gc_probe:app") as server,
        urllib.request.urlopen(f"{server.url}/healthz", timeout=10) as response,
    ):
        frozen = json.load(response)["frozen"]
    assert frozen > 10_000  # the interpreter, gunicorn and the app's imports, at the least
