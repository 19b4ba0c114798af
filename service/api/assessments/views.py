"""Views of /v1/assessments: parse, call the use case or the repository, serialise. No decisions."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from flask import Response, g, request, url_for
from flask.views import MethodView
from flask_smorest import abort

from service.api.assessments import cursor as cursors
from service.api.assessments.schemas import (
    AssessmentListSchema,
    CreateArgsSchema,
    IdempotencyHeaderSchema,
    assessment_schema,
    list_args_schema,
)
from service.api.auth import requires
from service.api.blueprint import Blueprint
from service.api.state import caller, state
from service.assess import rfc3339, submit
from service.briefing import render_markdown
from service.observability.metrics import record_submission
from service.registry import Registry

JSON = "application/json"
MARKDOWN = "text/markdown"
LOCATION_HEADER = {
    "Location": {"description": "URL of the new assessment", "schema": {"type": "string"}}
}


def build_blueprint(registry: Registry) -> Blueprint:
    """Built per app, because the profile schema is generated from that app's vocabulary."""
    # Instances, not classes: webargs would build a schema per request from a class.
    profile_schema = registry.profile_schema
    assessment = assessment_schema(type(profile_schema))
    list_args = list_args_schema(registry.vocabulary)()
    blp = Blueprint(
        "assessments",
        __name__,
        url_prefix="/v1/assessments",
        description="Assess a stakeholder profile; read, list and delete stored assessments.",
    )

    @blp.after_request
    def no_store(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        return response

    @blp.route("")
    class Assessments(MethodView):
        @requires(blp, "assess")
        @blp.arguments(CreateArgsSchema(), location="query", as_kwargs=True)
        @blp.arguments(IdempotencyHeaderSchema(), location="headers", as_kwargs=True)
        @blp.arguments(
            profile_schema,
            description="The stakeholder profile; only stakeholder_type is required.",
            example=_example(registry),
        )
        @blp.response(201, assessment, headers=LOCATION_HEADER)
        @blp.alt_response(
            200, schema=assessment, description="Dry run: evaluated, not stored.", success=True
        )
        @blp.alt_response(409, response="CONFLICT")
        @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
        @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
        @blp.alt_response(400, response="BAD_REQUEST")
        def post(
            self, profile: dict[str, Any], explain: str, dry_run: bool, idempotency_key: str | None
        ):
            """Assess a stakeholder profile

            Runs the four rule sets on the profile and stores the assessment (unless
            `dry_run=true`). With an `Idempotency-Key`, a retry returns the stored response.
            """
            app = state()
            submission = submit(
                app.registry,
                app.assessments,
                profile,
                client_id=caller().id,
                explain=explain == "full",
                dry_run=dry_run,
                idempotency_key=idempotency_key,
                request_id=g.get("request_id"),
            )
            record_submission(submission)
            response = Response(submission.body, status=submission.status, mimetype=JSON)
            if submission.stored:
                response.headers["Location"] = url_for(
                    "assessments.Assessment", assessment_id=submission.assessment_id
                )
            if submission.replayed:
                response.headers["Idempotent-Replayed"] = "true"
            return response

        @requires(blp, "read")
        @blp.arguments(list_args, location="query", as_kwargs=True)
        @blp.response(200, AssessmentListSchema)
        def get(self, limit: int, cursor: str | None, stakeholder_type: str | None, since):
            """List assessments, newest first

            Keyset pagination: pass `next_cursor` back as `cursor`; the `Link` header carries the
            next page's URL too.
            """
            before = _decode_cursor(cursor)
            rows = state().assessments.page(
                caller().tenant,
                limit=limit + 1,
                before=before,
                stakeholder_type=stakeholder_type,
                since=since.astimezone(UTC).replace(tzinfo=None) if since else None,
            )
            page, more = rows[:limit], len(rows) > limit
            next_cursor = cursors.encode(page[-1].created_at, page[-1].id) if more else None
            body = {
                "items": [
                    {
                        "id": row.id,
                        "created_at": rfc3339(row.created_at),
                        "name": row.name,
                        "stakeholder_type": row.stakeholder_type,
                        "top_area": row.top_area,
                    }
                    for row in page
                ],
                "next_cursor": next_cursor,
            }
            headers = {}
            if next_cursor:
                args = {**request.args.to_dict(), "cursor": next_cursor}
                headers["Link"] = f'<{url_for("assessments.Assessments", **args)}>; rel="next"'
            return body, 200, headers

    @blp.route("/<string:assessment_id>")
    class Assessment(MethodView):
        @requires(blp, "read")
        @blp.response(200, assessment)
        @blp.alt_response(
            200,
            schema={"type": "string"},
            content_type=MARKDOWN,
            description="The assessment as a Markdown briefing memo (Accept: text/markdown).",
            success=True,
        )
        @blp.alt_response(404, response="NOT_FOUND")
        @blp.alt_response(406, response="NOT_ACCEPTABLE")
        def get(self, assessment_id: str):
            """Read an assessment

            JSON by default; `Accept: text/markdown` gives the briefing memo.
            """
            wanted = (
                request.accept_mimetypes.best_match([JSON, MARKDOWN])
                if request.accept_mimetypes
                else JSON
            )
            if wanted is None:
                abort(406, message=f"Supported media types: {JSON}, {MARKDOWN}.")
            app = state()
            stored = app.assessments.get(assessment_id, caller().tenant)
            if stored is None:
                abort(404, message=f"No assessment {assessment_id}.")
            if wanted == MARKDOWN:
                memo = render_markdown(json.loads(stored.result), app.registry.vocabulary)
                return Response(memo, mimetype=MARKDOWN)
            return Response(stored.result, mimetype=JSON)

        @requires(blp, "assess")
        @blp.response(204)
        @blp.alt_response(404, response="NOT_FOUND")
        def delete(self, assessment_id: str):
            """Delete an assessment

            Its creator (with the `assess` scope) or an admin may delete it.
            """
            if not state().assessments.delete(assessment_id, caller().tenant):
                abort(404, message=f"No assessment {assessment_id}.")

    return blp


def _decode_cursor(value: str | None):
    if value is None:
        return None
    try:
        return cursors.decode(value)
    except cursors.InvalidCursor:
        abort(422, errors={"cursor": ["Not a cursor returned by this listing."]})


def _example(registry: Registry) -> dict[str, Any] | None:
    example = registry.config_dir / "examples" / "kr-defence-ministry.json"
    return json.loads(example.read_text(encoding="utf-8")) if example.exists() else None
