"""Path parameters that no resource can be named by answer 404 before any lookup, on every store."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import NotFound

from service import plaintext


def init_path_rules(app: Flask) -> None:
    """Register after authentication, so an unauthenticated caller learns nothing from a 404."""

    @app.before_request
    def unnameable_path_parameters() -> None:
        for value in (request.view_args or {}).values():
            if isinstance(value, str) and plaintext.REFUSED.search(value):
                raise NotFound("No resource is named with control characters or lone surrogates.")
