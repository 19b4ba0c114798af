"""GET /problems/<slug>: the page each problem `type` resolves to, plain HTML with no script."""

from __future__ import annotations

from html import escape

from flask import Response
from flask.views import MethodView
from flask_smorest import abort

from service.api.auth import public
from service.api.blueprint import Blueprint
from service.fielderrors import CODE_MEANINGS
from service.problemtypes import PROBLEM_BASE, PROBLEM_TYPES, ProblemType

blueprint = Blueprint(
    "problems",
    __name__,
    url_prefix=PROBLEM_BASE.rstrip("/"),
    description="What each problem `type` of an error answer means.",
)

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} ({status})</title>
</head>
<body>
  <h1>{title}</h1>
  <p>HTTP status {status}. Problem type <code>{uri}</code>.</p>
  <p>{explanation}</p>
{extra}  <p>Error answers are RFC 9457 <code>application/problem+json</code>; quote their
  <code>request_id</code> when reporting one. Every operation is described in
  <a href="/openapi.json">/openapi.json</a> and at <a href="/docs">/docs</a>.</p>
</body>
</html>
"""


def _codes_table() -> str:
    rows = "".join(
        f"    <tr><td><code>{escape(str(code))}</code></td><td>{escape(meaning)}</td></tr>\n"
        for code, meaning in CODE_MEANINGS.items()
    )
    return "  <table>\n    <tr><th>code</th><th>meaning</th></tr>\n" + rows + "  </table>\n"


def render(problem: ProblemType) -> str:
    """The page of one problem type; the validation error's page lists the field error codes."""
    extra = _codes_table() if problem.slug == "validation-error" else ""
    return PAGE.format(
        title=escape(problem.title),
        status=problem.status,
        uri=escape(problem.uri),
        explanation=escape(problem.explanation),
        extra=extra,
    )


@blueprint.route("/<string:slug>")
class ProblemPage(MethodView):
    @public(blueprint)
    @blueprint.doc(operationId="getProblemType")
    @blueprint.own_response(
        200,
        {"type": "string"},
        content_type="text/html",
        description="A short page saying what the problem type means and what to do.",
    )
    @blueprint.alt_response(404, response="NOT_FOUND")
    def get(self, slug: str) -> Response:
        """Explain a problem type"""
        problem = PROBLEM_TYPES.get(slug)
        if problem is None:
            abort(404, message=f"No problem type '{slug}'.")
        response = Response(render(problem), mimetype="text/html")
        response.headers["Content-Language"] = "en"
        return response
