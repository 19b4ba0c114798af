"""Prometheus metrics, correct under gunicorn's several worker processes.

Under gunicorn, config/gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR before prometheus_client is
imported, so every process writes its samples to files there and `/metrics` (whichever worker
answers) sums them. Without that directory (tests, a single process), each app has its own
registry.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, Response, current_app
from flask.views import MethodView
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess

from service.access import SCOPE_ATTRIBUTE

if TYPE_CHECKING:
    from werkzeug.routing import Rule

    from service.assess import Submission
    from service.registry import Registry

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
EXTENSION = "advisor_metrics"
BLUEPRINT = "metrics"
ENDPOINT = "metrics.metrics"  # what the rate limiter and auth see for GET /metrics
UNMATCHED = "unmatched"  # the route label of requests no URL rule matched (404, 405)
_CONVERTER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


class Metrics:
    """The service's metrics; one instance per app."""

    def __init__(self) -> None:
        self.multiprocess = bool(os.environ.get(MULTIPROC_ENV))
        self._counters: dict[tuple[str, str, int], Any] = {}
        self._histograms: dict[tuple[str, str], Any] = {}
        self._fires: dict[str, Any] = {}
        # In multiprocess mode the samples live in files; nothing needs registering.
        self.registry = None if self.multiprocess else CollectorRegistry()
        registry = self.registry
        self.requests = Counter(
            "advisor_http_requests",
            "HTTP requests answered, by method, route template and status code.",
            ["method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "advisor_http_request_duration_seconds",
            "Time from the start of request handling to the response, by method and route.",
            ["method", "route"],
            registry=registry,
        )
        self.assessments_created = Counter(
            "advisor_assessments_created",
            "Assessments stored by POST /v1/assessments (not dry runs, not idempotent replays).",
            registry=registry,
        )
        self.rules_loaded = Gauge(
            "advisor_rules_loaded",
            "Rules loaded from the rule sets at start.",
            registry=registry,
            multiprocess_mode="max",
        )
        self.waiting_for_turn = Gauge(
            "advisor_requests_waiting_for_turn",
            "Requests checked and waiting for a turn of their worker to run "
            "(ADVISOR_CONCURRENT_REQUESTS), or to take it back after waiting on the database.",
            registry=registry,
            multiprocess_mode="livesum",
        )
        self.rule_fires = Counter(
            "advisor_rule_fires",
            "Rules that fired (recommendations made) in evaluated assessments, by area.",
            ["area"],
            registry=registry,
        )

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        # The labelled children are looked up once per (method, route, status): `labels()` takes
        # a lock and builds a key on every call. Routes are templates, so the dicts stay small.
        counter = self._counters.get((method, route, status))
        if counter is None:
            counter = self._counters[method, route, status] = self.requests.labels(
                method, route, str(status)
            )
        histogram = self._histograms.get((method, route))
        if histogram is None:
            histogram = self._histograms[method, route] = self.latency.labels(method, route)
        counter.inc()
        histogram.observe(seconds)

    def count_fires(self, area: str, fired: int) -> None:
        # As in observe_request: one labelled child per area, looked up once.
        counter = self._fires.get(area)
        if counter is None:
            counter = self._fires[area] = self.rule_fires.labels(area)
        counter.inc(fired)

    def exposition(self) -> bytes:
        if self.registry is not None:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)


def route_label(rule: Rule | None) -> str:
    """The URL rule as a template, `/v1/assessments/{assessment_id}`: bounded cardinality."""
    if rule is None:
        return UNMATCHED
    label = _LABELS.get(rule.rule)
    if label is None:
        label = _LABELS[rule.rule] = _CONVERTER.sub(r"{\1}", rule.rule)
    return label


_LABELS: dict[str, str] = {}  # rule text -> label; as many entries as the app has URL rules


def init_metrics(app: Flask, registry: Registry, *, public: bool) -> Metrics:
    metrics = Metrics()
    metrics.rules_loaded.set(len(registry.engine.rules))
    for ruleset in registry.rulesets:
        metrics.rule_fires.labels(ruleset.area)  # every area shows, at 0 until a rule fires
    app.extensions[EXTENSION] = metrics
    app.register_blueprint(_blueprint(metrics, public=public))
    return metrics


def _blueprint(metrics: Metrics, *, public: bool) -> Blueprint:
    class MetricsView(MethodView):
        def get(self) -> Response:
            return Response(
                metrics.exposition(),
                content_type=CONTENT_TYPE_LATEST,
                headers={"Cache-Control": "no-store"},
            )

    if not public:
        # The auth check reads the scope from the view, as for the API's views.
        setattr(MetricsView.get, SCOPE_ATTRIBUTE, "admin")
    blueprint = Blueprint(BLUEPRINT, __name__)
    blueprint.add_url_rule("/metrics", view_func=MetricsView.as_view("metrics"))
    return blueprint


def record_submission(submission: Submission) -> None:
    """Count a POST's outcome: a stored assessment, and the rules that fired, by area."""
    metrics: Metrics | None = current_app.extensions.get(EXTENSION)
    if metrics is None or submission.replayed:
        return
    if submission.stored:
        metrics.assessments_created.inc()
    for area, fired in submission.fires_by_area:
        metrics.count_fires(area, fired)
