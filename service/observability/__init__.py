"""Observability: JSON logs with the request id on every line, an access log, Prometheus metrics.

`init_observability(app)` wires all of it into the app factory, right after the request id.
"""

from __future__ import annotations

import time

from flask import Flask, Response, g, request

STARTED = "advisor.started"  # WSGI environ key: perf_counter() when the app was handed the request


class StartClock:
    """WSGI middleware: the request's start time in its environ, read by the access log and the
    latency histogram; a before-request hook setting it on `g` cost a hook call and a proxy."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        environ[STARTED] = time.perf_counter()
        return self.wsgi_app(environ, start_response)


def init_observability(app: Flask) -> None:
    """JSON logging at the configured level, one access line and one metrics sample per request,
    and `GET /metrics` (endpoint `metrics.metrics`)."""
    from service.observability.logs import configure_logging, log_access
    from service.observability.metrics import init_metrics, route_label

    state = app.extensions["advisor"]
    configure_logging(state.settings.log_level)
    metrics = init_metrics(app, state.registry, public=state.settings.metrics_public)

    app.wsgi_app = StartClock(app.wsgi_app)

    @app.after_request
    def observe(response: Response) -> Response:
        # Registered early, so it runs after the other after_request hooks: the status is final.
        current = request._get_current_object()
        started = current.environ.get(STARTED)
        seconds = time.perf_counter() - started if started is not None else 0.0
        route = route_label(current.url_rule)
        status = response.status_code
        metrics.observe_request(current.method, route, status, seconds)
        log_access(current, g.get("caller"), route, status, seconds)
        return response
