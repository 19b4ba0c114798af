"""The service's work with nothing around it: the benchmarks' second baseline.

A bare Flask app that answers the data rows of `make bench-http` by the same calls the service's
views make (service/assess.py, service/assessments.py, service/wire.py, the same registry and
store) and nothing else: no key check, rate limit, request id, access log, metrics, security or
CORS headers, body or path checks, argument parsing beyond the query's one flag. Beside the bare
hello-world app it tells how much of a row is the work itself; beside the service, how much the
request path around the work still costs. It serves benchmarks only: it trusts every request.

The caller it acts for is the client whose id is in ADVISOR_BENCH_CLIENT (a real client of the
database, so that what it stores is the service's to read, and the other way round).
"""

from __future__ import annotations

import os

from flask import Flask, Response, request

from service import assessments, wire
from service.api.assessments import cursor
from service.assess import submit
from service.profile import normalise
from service.recent import RecentEvaluations
from service.registry import load_registry
from service.settings import Settings
from service.store.database import Database
from service.store.repository import AssessmentRepository

JSON = "application/json"


def create_floor_app(settings: Settings, client_id: str) -> Flask:
    """The floor app on the service's configuration and database, acting for `client_id`."""
    registry = load_registry(settings.config_dir)
    database = Database(settings.database_url, settings.db_timeout_seconds)
    repository = AssessmentRepository(database)
    recent = RecentEvaluations(registry.engine, settings.recent_evaluations)
    app = Flask(__name__)
    app.extensions["database"] = database  # for whoever ends it: the tests

    @app.post("/v1/assessments")
    def create() -> Response:
        profile = normalise(registry.profile_schema, request.get_json())
        submission = submit(
            registry,
            repository,
            profile,
            client_id=client_id,
            dry_run=request.args.get("dry_run") == "true",
            recent=recent,
        )
        return Response(submission.body, status=submission.status, mimetype=JSON)

    @app.get("/v1/assessments/<assessment_id>")
    def read(assessment_id: str) -> Response:
        body = assessments.read_json(repository, assessment_id, client_id)
        return Response(body, mimetype=JSON) if body is not None else Response(status=404)

    @app.get("/v1/assessments")
    def listing() -> Response:
        page = assessments.list_page(repository, client_id, limit=int(request.args["limit"]))
        next_cursor = cursor.encode(*page.after) if page.after else None
        collection = request.script_root + "/v1/assessments/"
        body = wire.listing_json(page.rows, next_cursor, lambda ids: [collection + i for i in ids])
        return Response(body, mimetype=JSON)

    @app.get("/healthz")
    def health() -> dict[str, str]:  # what the benchmarks wait for before they start
        return {"status": "ok"}

    return app


def __getattr__(name: str) -> Flask:
    """`bench.floor:app` for gunicorn, built on first use from the environment."""
    if name != "app":
        raise AttributeError(name)
    app = create_floor_app(Settings.from_env(), os.environ["ADVISOR_BENCH_CLIENT"])
    globals()["app"] = app
    return app
