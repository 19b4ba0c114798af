"""X-Request-ID: accepted when well-formed, generated otherwise, echoed on every response."""

from __future__ import annotations

import os
import re

from flask import Flask, has_request_context, request

HEADER = "X-Request-ID"
ENVIRON_KEY = "advisor.request_id"
_INCOMING = "HTTP_X_REQUEST_ID"
_VALID = re.compile(r"[A-Za-z0-9._:-]{1,128}").fullmatch


class RequestId:
    """WSGI middleware: the request's id goes into its environ before the app sees it, and onto
    the header list of whatever response the app starts, errors included, as a plain tuple:
    as Flask hooks, reading the header and setting it on `Headers` cost a probe's request 8%."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        incoming = environ.get(_INCOMING, "")
        request_id = environ[ENVIRON_KEY] = incoming if _VALID(incoming) else os.urandom(16).hex()

        def start_with_request_id(status, headers, exc_info=None):
            headers.append((HEADER, request_id))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_with_request_id)


def current_request_id() -> str | None:
    """The id of the request being served; None outside one (start-up, a CLI, the master)."""
    return request.environ.get(ENVIRON_KEY) if has_request_context() else None


def init_request_id(app: Flask) -> None:
    app.wsgi_app = RequestId(app.wsgi_app)
