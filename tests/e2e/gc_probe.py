"""A WSGI app for tests/e2e/test_workers.py: reports how many objects its worker's collector froze."""

import gc
import json


def app(environ, start_response):
    body = json.dumps({"frozen": gc.get_freeze_count()}).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]
