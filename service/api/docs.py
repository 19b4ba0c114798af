"""Interactive API docs at /docs, with Swagger UI served from the installed package: no CDN."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, send_from_directory
from swagger_ui_bundle import swagger_ui_path

STATIC = Path(__file__).parent / "static"
ASSETS = Path(str(swagger_ui_path))

blueprint = Blueprint("docs", __name__)

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Stakeholder Advisor API</title>
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
"""


@blueprint.get("/docs")
def page() -> Response:
    return Response(PAGE, mimetype="text/html")


@blueprint.get("/docs/init.js")
def init_script() -> Response:
    return send_from_directory(STATIC, "docs-init.js", mimetype="text/javascript")


@blueprint.get("/docs/assets/<path:name>")
def asset(name: str) -> Response:
    return send_from_directory(ASSETS, name)
