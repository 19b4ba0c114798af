"""Request body rules: JSON only (415 otherwise), so a form post is never read as an empty profile."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import UnsupportedMediaType

BODY_METHODS = {"POST", "PUT", "PATCH"}


def init_media_rules(app: Flask) -> None:
    @app.before_request
    def require_json() -> None:
        # Unknown routes and methods fall through to their own 404/405.
        current = request._get_current_object()  # one context lookup, not one per attribute
        if (
            current.method in BODY_METHODS
            and current.routing_exception is None
            and not current.is_json
        ):
            raise UnsupportedMediaType(
                f"Send the body as application/json (got {current.mimetype or 'no Content-Type'})."
            )
