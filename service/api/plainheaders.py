"""Headers a request's hooks decide on, added to its response as plain tuples when it starts.

Set on Werkzeug's `Headers`, each was checked for line breaks when set and again when copied for
the server; values made here (constants, numbers) need neither. They go on whatever response
the app starts, errors included, as the after-request hooks that set them did.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask

ENVIRON_KEY = "advisor.headers"


def set_headers(environ: dict, pairs: Iterable[tuple[str, str]]) -> None:
    """Have `pairs` sent with this request's response, for names its own headers never have.

    Set, not added: a hook that runs twice (after-request hooks do when one of them fails)
    sends each header once."""
    environ.setdefault(ENVIRON_KEY, {}).update(pairs)


class PlainHeaders:
    """WSGI middleware: the headers left in the environ join the response's header list."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def start_with_plain_headers(status, headers, exc_info=None):
            extra = environ.get(ENVIRON_KEY)
            if extra:
                headers.extend(extra.items())
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_with_plain_headers)


def init_plain_headers(app: Flask) -> None:
    """Wrap the app itself: the headers follow those of the response Flask built."""
    app.wsgi_app = PlainHeaders(app.wsgi_app)
