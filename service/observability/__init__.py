"""Observability: JSON logs with the request id on every line, an access log, Prometheus metrics.

`init_observability(app)` wires all of it into the app factory, right after the request id.
"""

from __future__ import annotations

import time

from flask import Flask, Response, g, request


def init_observability(app: Flask) -> None:
    """JSON logging at the configured level, one access line and one metrics sample per request,
    and `GET /metrics` (endpoint `metrics.metrics`)."""
    from service.observability.logs import configure_logging, log_access
    from service.observability.metrics import init_metrics, route_label

    state = app.extensions["advisor"]
    configure_logging(state.settings.log_level)
    metrics = init_metrics(app, state.registry, public=state.settings.metrics_public)

    @app.before_request
    def start_clock() -> None:
        g.observed_since = time.perf_counter()

    @app.after_request
    def observe(response: Response) -> Response:
        # Registered early, so it runs after the other after_request hooks: the status is final.
        state = g._get_current_object()
        started = getattr(state, "observed_since", None)
        seconds = time.perf_counter() - started if started is not None else 0.0
        current = request._get_current_object()
        route = route_label(current.url_rule)
        status = response.status_code
        metrics.observe_request(current.method, route, status, seconds)
        log_access(current, getattr(state, "caller", None), route, status, seconds)
        return response
