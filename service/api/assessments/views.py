"""Views of /v1/assessments: parse, call the service layer, answer. No decisions.

The views are plain MethodViews; each app registers its own documented subclass of them, because
the profile schema (and so the assessment schema) is generated from that app's vocabulary.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import marshmallow as ma
from flask import Response, request, url_for
from flask.views import MethodView
from flask_smorest import abort
from werkzeug.datastructures import MultiDict
from werkzeug.urls import iri_to_uri

from service import assessments, wire
from service.api.assessments import cursor as cursors
from service.api.assessments.schemas import (
    AssessmentListSchema,
    CreateArgsSchema,
    IdempotencyHeaderSchema,
    MemoArgsSchema,
    assessment_schema,
    list_args_schema,
)
from service.api.auth import requires
from service.api.blueprint import Blueprint
from service.api.openapi import header_ref, response_form
from service.api.plainheaders import set_headers
from service.api.state import AppState, caller, state
from service.assess import submit
from service.bounded import keep
from service.escaping import Markup
from service.fielderrors import Code, FieldError
from service.observability.metrics import record_submission
from service.observability.request_id import current_request_id
from service.registry import Registry

JSON = "application/json"
MARKDOWN = "text/markdown"
HTML = "text/html"
MEMO_TYPES: dict[str, Markup] = {MARKDOWN: "markdown", HTML: "html"}  # the first is the default
NOT_CACHED = (("Cache-Control", "no-store"),)
ENGLISH_NOT_CACHED = (*NOT_CACHED, ("Content-Language", "en"))
CREATED_HEADERS = {name: header_ref(name) for name in ("Location", "Idempotent-Replayed")}

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class Assessments(MethodView):
    def post(
        self, profile: dict[str, Any], explain: str, dry_run: bool, idempotency_key: str | None
    ) -> Response:
        """Assess a stakeholder profile

        Runs the four rule sets on the profile and stores the assessment (unless
        `dry_run=true`: then `stored` is false, `id` null and there is no Location). With an
        `Idempotency-Key`, a retry returns the stored response.
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
            request_id=current_request_id(),
            recent=app.recent,
        )
        record_submission(submission)
        response = Response(submission.body, status=submission.status, mimetype=JSON)
        if submission.stored:
            location = _location(app, submission.assessment_id)
            set_headers(request.environ, [("Location", location)])
        if submission.replayed:
            response.headers["Idempotent-Replayed"] = "true"
        return response

    def get(self, limit: int, cursor: str | None, stakeholder_type: str | None, since) -> Response:
        """List assessments, newest first

        Keyset pagination: pass `next_cursor` back as `cursor`; the `Link` header carries the
        next page's URL too.
        """
        app = state()
        page = assessments.list_page(
            app.assessments,
            caller().tenant,
            limit=limit,
            after=_decode_cursor(cursor),
            stakeholder_type=stakeholder_type,
            since=since,
        )
        next_cursor = cursors.encode(*page.after) if page.after else None
        collection = _mount(app).collection
        body = wire.listing_json(page.rows, next_cursor, _item_urls(collection))
        response = Response(body, mimetype=JSON)
        if next_cursor:
            response.headers["Link"] = f'<{_next_page(collection, next_cursor)}>; rel="next"'
        return response


class Assessment(MethodView):
    def get(self, assessment_id: str) -> Response:
        """Read an assessment

        JSON only; the briefing memo is its own resource, `/v1/assessments/{id}/memo`.
        """
        if _negotiate([JSON]) is None:
            abort(
                406,
                message=f"Supported media type: {JSON}. For the briefing memo as Markdown or "
                f"HTML, GET /v1/assessments/{assessment_id}/memo.",
            )
        body = assessments.read_json(state().assessments, assessment_id, caller().tenant)
        return Response(_found(body, assessment_id), mimetype=JSON)

    def delete(self, assessment_id: str) -> None:
        """Delete an assessment

        Its creator (with the `assess` scope) or an admin may delete it.
        """
        if not assessments.delete(state().assessments, assessment_id, caller().tenant):
            abort(404, message=f"No assessment {assessment_id}.")


class Memo(MethodView):
    def get(self, assessment_id: str, download: bool) -> Response:
        """Read an assessment's briefing memo

        Markdown (the default, also for `Accept: */*`) or, with `Accept: text/html`, an HTML
        fragment to embed: one `<article class="advisor-memo">` with CSS classes and no scripts,
        styles, handlers or links, all text escaped. `download=true` names a file to save.
        """
        wanted = _negotiate(list(MEMO_TYPES))
        if wanted is None:
            abort(406, message=f"Supported media types: {MARKDOWN}, {HTML}.")
        app = state()
        memo = assessments.read_memo(
            app.assessments, app.registry, assessment_id, caller().tenant, MEMO_TYPES[wanted]
        )
        response = Response(_found(memo, assessment_id), mimetype=wanted)
        if download:
            extension = "md" if wanted == MARKDOWN else "html"
            response.headers["Content-Disposition"] = (
                f'attachment; filename="assessment-{assessment_id}.{extension}"'
            )
        response.vary.add("Accept")
        return response


@dataclass(frozen=True)
class AppSchemas:
    """The schemas of one app, generated from its vocabulary: what its views are documented with.

    Instances, not classes: webargs would build a schema per request from a class.
    """

    profile: ma.Schema
    assessment: ma.Schema
    list_args: ma.Schema
    example: dict[str, Any] | None

    @classmethod
    def of(cls, registry: Registry) -> AppSchemas:
        example = registry.config_dir / "examples" / "kr-defence-ministry.json"
        return cls(
            profile=registry.profile_schema,
            assessment=assessment_schema(
                response_form(type(registry.profile_schema), "ProfileSchema")
            )(),
            list_args=list_args_schema(registry.vocabulary)(),
            example=json.loads(example.read_text(encoding="utf-8")) if example.exists() else None,
        )


def _collection_docs(blp: Blueprint, schemas: AppSchemas) -> dict[str, list[Decorator]]:
    return {
        "post": [
            blp.doc(operationId="createAssessment"),
            requires(blp, "assess"),
            blp.arguments(CreateArgsSchema(), location="query", as_kwargs=True),
            blp.arguments(IdempotencyHeaderSchema(), location="headers", as_kwargs=True),
            blp.arguments(
                schemas.profile,
                description="The stakeholder profile; only stakeholder_type is required.",
                example=schemas.example,
            ),
            blp.own_response(201, schemas.assessment, headers=CREATED_HEADERS),
            blp.alt_response(
                200, schema=schemas.assessment, description="Dry run: not stored.", success=True
            ),
            *(blp.alt_response(status, response=name) for status, name in _POST_ERRORS),
        ],
        "get": [
            blp.doc(operationId="listAssessments"),
            requires(blp, "read"),
            blp.arguments(schemas.list_args, location="query", as_kwargs=True),
            blp.own_response(200, AssessmentListSchema, headers={"Link": header_ref("Link")}),
        ],
    }


def _item_docs(blp: Blueprint, schemas: AppSchemas) -> dict[str, list[Decorator]]:
    return {
        "get": [
            blp.doc(operationId="getAssessment"),
            requires(blp, "read"),
            blp.own_response(200, schemas.assessment),
            blp.alt_response(404, response="NOT_FOUND"),
            blp.alt_response(406, response="NOT_ACCEPTABLE"),
        ],
        "delete": [
            blp.doc(operationId="deleteAssessment"),
            requires(blp, "assess"),
            blp.response(204),
            blp.alt_response(404, response="NOT_FOUND"),
        ],
    }


def _memo_docs(blp: Blueprint) -> dict[str, list[Decorator]]:
    return {
        "get": [
            blp.doc(operationId="getAssessmentMemo"),
            requires(blp, "read"),
            blp.arguments(MemoArgsSchema(), location="query", as_kwargs=True),
            blp.doc(responses={"200": MEMO_RESPONSE}),
            blp.alt_response(404, response="NOT_FOUND"),
            blp.alt_response(406, response="NOT_ACCEPTABLE"),
        ],
    }


MEMO_RESPONSE = {
    "description": "The briefing memo: Markdown, or an embeddable HTML fragment.",
    "headers": {
        "Content-Disposition": {
            "description": 'With `download=true`: `attachment; filename="assessment-<id>.md"` '
            "(or `.html`).",
            "schema": {"type": "string"},
        }
    },
    "content": {
        MARKDOWN: {"schema": {"type": "string"}},
        HTML: {"schema": {"type": "string"}},
    },
}


def build_blueprint(registry: Registry) -> Blueprint:
    """The blueprint of one app: the views, documented with that app's schemas."""
    blp = Blueprint(
        "assessments",
        __name__,
        url_prefix="/v1/assessments",
        description="Assess a stakeholder profile; read, list and delete stored assessments.",
    )
    blp.after_request(_answer_headers)
    schemas = AppSchemas.of(registry)
    blp.route("")(_documented(Assessments, **_collection_docs(blp, schemas)))
    blp.route("/<string:assessment_id>")(_documented(Assessment, **_item_docs(blp, schemas)))
    blp.route("/<string:assessment_id>/memo")(_documented(Memo, **_memo_docs(blp)))
    return blp


_POST_ERRORS = (
    (409, "CONFLICT"),
    (415, "UNSUPPORTED_MEDIA_TYPE"),
    (413, "REQUEST_ENTITY_TOO_LARGE"),
    (400, "BAD_REQUEST"),
)


def _documented(view: type[MethodView], **methods: list[Decorator]) -> type[MethodView]:
    """A subclass of the view for one app, each named method wrapped in its decorators.

    Decorators are listed outermost first, as they would be written above a method.
    """
    wrapped = {}
    for name, decorators in methods.items():
        method = getattr(view, name)
        for decorate in reversed(decorators):
            method = decorate(method)
        wrapped[name] = method
    return type(view.__name__, (view,), wrapped)


def _answer_headers(response: Response) -> Response:
    """Assessments are never cached; their prose is English (a listing has none; an error's
    problem document says so itself)."""
    current = request._get_current_object()  # one context lookup, not one per attribute
    status = response.status_code
    listing = current.method == "GET" and current.endpoint == "assessments.Assessments"
    english = status < 400 and status != 204 and not listing
    set_headers(current.environ, ENGLISH_NOT_CACHED if english else NOT_CACHED)
    return response


# What Werkzeug's default converter leaves unquoted in a path segment (its `to_url`); an id made
# only of these, as every UUID is, goes into its URL as it is.
_SEGMENT_SAFE = "!$&'()*+,/:;=@"
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~!$&'()*+,/:;=@-]+").fullmatch


@dataclass(frozen=True)
class _Mount:
    """URLs that depend only on where the service is mounted (the request's SCRIPT_NAME)."""

    collection: str  # `url_for` of the collection
    location_prefix: str  # an assessment's Location as Werkzeug sends it (a URI), less its id


def _mount(app: AppState) -> _Mount:
    """The mount point's URLs, built once per mount point: Werkzeug's rule builder costs a
    listing about 4% of its instructions, and turning a Location into a URI (`iri_to_uri`) a
    stored POST about 2%. A few mount points at most are expected; more are forgotten."""
    script_name = request.environ.get("SCRIPT_NAME", "")
    mounts = app.mounts
    mount = mounts.get(script_name)
    if mount is None:
        collection = url_for("assessments.Assessments")
        mount = keep(
            mounts, script_name, _Mount(collection, iri_to_uri(f"{collection}/")), _MOUNT_POINTS
        )
    return mount


_MOUNT_POINTS = 16


def _location(app: AppState, assessment_id: str) -> str:
    """The Location of a new assessment, as Werkzeug would send `url_for`'s URL of it: sent as
    a plain header, which Werkzeug leaves as it is. An id of characters a URI path keeps as
    they are (every UUID) follows the prefix as it is."""
    mount = _mount(app)
    if _UNQUOTED(assessment_id):
        return mount.location_prefix + assessment_id
    return iri_to_uri(_item_urls(mount.collection)([assessment_id])[0])


def _item_urls(collection: str) -> Callable[[list[str]], list[str]]:
    """The URLs of a page's assessments as `url_for` builds them: the collection's URL, a slash,
    the id quoted as Werkzeug's default converter quotes a path segment. A page of ids none of
    which needs quoting (every UUID) is checked by one match of them all."""
    prefix = f"{collection}/"

    def item_url(assessment_id: str) -> str:
        if _UNQUOTED(assessment_id):
            return prefix + assessment_id
        return prefix + quote(assessment_id, safe=_SEGMENT_SAFE)

    def item_urls(assessment_ids: list[str]) -> list[str]:
        if _UNQUOTED("".join(assessment_ids)):
            return [prefix + assessment_id for assessment_id in assessment_ids]
        return list(map(item_url, assessment_ids))

    return item_urls


# What Werkzeug leaves unquoted in the query string of a URL it builds.
_QUERY_SAFE = "!$'()*,/:;?@"


def _next_page(collection: str, cursor: str) -> str:
    """The listing's URL with the request's query as sent, every value of a repeated parameter
    kept, and the next page's cursor in place of the current one (or last).

    Not `url_for(**args)`: it would take a client's `_external`, `_scheme` or `_anchor` as its
    own options and build another kind of URL."""
    before, after = _link_query(request.environ.get("QUERY_STRING", ""), request.args)
    return f"{collection}?{before}{urlencode([('cursor', cursor)], safe=_QUERY_SAFE)}{after}"


def _link_query(query_string: str, args: MultiDict[str, str]) -> tuple[str, str]:
    """The next page's query before and after its cursor, encoded, from `args` (what
    `query_string` parses to) and kept by that string: parsing and encoding it on every page cost
    a listing about 50k instructions (3%), and a client pages with one query. A few hundred query
    strings are kept; more are forgotten."""
    known = _LINK_QUERIES.get(query_string)
    if known is None:
        before: list[tuple[str, str]] = []
        after: list[tuple[str, str]] = []
        side = before
        for name, values in args.lists():
            if name == "cursor":
                side = after
            else:
                side.extend((name, value) for value in values)
        encoded_before = urlencode(before, safe=_QUERY_SAFE)
        encoded_after = urlencode(after, safe=_QUERY_SAFE)
        known = keep(
            _LINK_QUERIES,
            query_string,
            (
                f"{encoded_before}&" if encoded_before else "",
                f"&{encoded_after}" if encoded_after else "",
            ),
            _LINK_QUERIES_KEPT,
        )
    return known


_LINK_QUERIES: dict[str, tuple[str, str]] = {}
_LINK_QUERIES_KEPT = 256


def _negotiate(offered: list[str]) -> str | None:
    """The offered type the Accept header prefers; the first one when it names none.

    No header and `*/*`, what most clients send, take every type alike: the first, unparsed."""
    if request.environ.get("HTTP_ACCEPT", "*/*") in _ANY_TYPE or not request.accept_mimetypes:
        return offered[0]
    return request.accept_mimetypes.best_match(offered)


_ANY_TYPE = frozenset(("", "*/*"))


def _found(body: str | bytes | None, assessment_id: str) -> str | bytes:
    if body is None:
        abort(404, message=f"No assessment {assessment_id}.")
    return body


def _decode_cursor(value: str | None):
    if value is None:
        return None
    try:
        return cursors.decode(value)
    except cursors.InvalidCursor:
        message = FieldError("Not a cursor returned by this listing.", Code.INVALID_FORMAT)
        abort(422, errors={"cursor": [message]})
