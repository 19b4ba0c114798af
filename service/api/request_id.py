"""X-Request-ID: accepted when well-formed, generated otherwise, echoed on every response."""

from __future__ import annotations

import re
import secrets

from flask import Flask, Response, g, request

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def init_request_id(app: Flask) -> None:
    @app.before_request
    def assign() -> None:
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if _VALID.match(incoming) else secrets.token_hex(16)

    @app.after_request
    def echo(response: Response) -> Response:
        request_id = getattr(g._get_current_object(), "request_id", None)
        if request_id:
            response.headers[HEADER] = request_id
        return response
