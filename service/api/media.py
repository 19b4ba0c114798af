"""Request body rules: JSON only (415 otherwise), so a form post is never read as an empty profile."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import UnsupportedMediaType

BODY_METHODS = {"POST", "PUT", "PATCH"}


def init_media_rules(app: Flask) -> None:
    @app.before_request
    def require_json() -> None:
        if request.method in BODY_METHODS and not request.is_json:
            raise UnsupportedMediaType(
                f"Send the body as application/json (got {request.mimetype or 'no Content-Type'})."
            )
