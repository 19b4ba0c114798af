"""The OpenAPI document as the app serves it, produced in-process: what the clients are made from.

Built from an app on default settings and an in-memory database, so it depends only on the code
and config/, never on the environment of whoever regenerates the clients.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def openapi_document(config_dir: Path) -> dict[str, Any]:
    """The body of GET /openapi.json of an app on `config_dir` with default settings."""
    from service import create_app
    from service.settings import Settings

    app = create_app(Settings(config_dir=config_dir, database_url="sqlite://"))
    try:
        # The route's own view, without the request hooks (no access log line on stdout).
        with app.test_request_context("/openapi.json"):
            endpoint = app.url_map.bind("localhost").match("/openapi.json")[0]
            return app.view_functions[endpoint]().json
    finally:
        app.extensions["advisor"].database.dispose()


def openapi_text(document: dict[str, Any]) -> str:
    """The one way the document is written to disk, so a snapshot compares byte for byte."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
