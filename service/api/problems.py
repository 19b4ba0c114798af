"""Every error as RFC 9457 application/problem+json: HTTP errors, validation, domain errors, crashes."""

from __future__ import annotations

import json
import logging
from typing import Any

import marshmallow as ma
from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from service.errors import AdvisorError, flatten_errors
from service.fielderrors import Code, coded_errors
from service.observability.request_id import current_request_id
from service.problemtypes import by_slug, for_status
from service.profile import VOCABULARY

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("service.api")

# Headers an error response must keep (RFC 9110): Allow on 405, Retry-After on 429/503, ...
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Location")


VALIDATION_ERROR = by_slug("validation-error")


class FieldErrorSchema(ma.Schema):
    """One coded error of one field (DESIGN §9); the codes are listed in the README."""

    code = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf([str(code) for code in Code]),
        metadata={VOCABULARY: "field_error_codes"},
    )
    message = ma.fields.String(required=True, metadata={"description": "In English."})
    suggestion = ma.fields.String(
        metadata={"description": "The value (or field name) probably meant, for a one-click fix."}
    )


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details; `errors` (422 only) maps dotted field paths to coded errors."""

    type = ma.fields.String(
        required=True,
        metadata={
            "description": "A relative `/problems/<slug>` URI; GET it for a short explanation.",
            "example": VALIDATION_ERROR.uri,
        },
    )
    title = ma.fields.String(required=True, metadata={"example": VALIDATION_ERROR.title})
    status = ma.fields.Integer(required=True, metadata={"example": 422})
    detail = ma.fields.String(
        metadata={"example": "The request has invalid fields: alliances.0, capacities.military."}
    )
    instance = ma.fields.String()
    request_id = ma.fields.String()
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.Nested(FieldErrorSchema)),
        metadata={
            "example": {
                "alliances.0": [
                    {
                        "code": "unknown_value",
                        "message": "Unknown value 'natoo'; did you mean 'nato'?",
                        "suggestion": "nato",
                    }
                ],
                "capacities.military": [
                    {"code": "out_of_range", "message": "Must be between 0 and 1."}
                ],
            }
        },
    )


def encodable(value: Any) -> Any:
    """`value` with unpaired surrogates in every key and string written as `\\udXXX` escapes.

    They come from JSON escapes such as "\\ud800" and are echoed in field paths and messages;
    UTF-8 cannot encode them, so left alone they would crash the error response itself.
    """
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {encodable(key): encodable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [encodable(item) for item in value]
    return value


def problem_response(
    status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    body = encodable(body)
    problem_type = for_status(status)
    body.setdefault("type", problem_type.uri)
    body.setdefault("title", problem_type.title)
    body["status"] = status
    request_id = current_request_id()
    if request_id:
        body["request_id"] = request_id
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON)
    response.headers["Content-Language"] = "en"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _validation_errors(messages: Any) -> dict[str, list[dict[str, Any]]]:
    """webargs nests messages under the request location ({"json": {...}}); DESIGN §9 wants flat."""
    if isinstance(messages, dict) and set(messages) <= {"json", "query", "headers", "path"}:
        flat: dict[str, list[str]] = {}
        for location_messages in messages.values():
            flat.update(flatten_errors(location_messages))
        return coded_errors(flat)
    return coded_errors(flatten_errors(messages))


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    headers = {k: v for k, v in error.get_headers() if k in KEPT_HEADERS}
    data = getattr(error, "data", None) or {}
    headers.update(data.get("headers") or {})
    body: dict[str, Any] = {"detail": data.get("message") or error.description}
    if status == 400 and getattr(error, "exc", None) is not None:
        body["detail"] = f"The body is not valid JSON: {error.exc}"
    if status == 422:
        errors = _validation_errors(data.get("messages") or data.get("errors") or {})
        body.update(
            type=VALIDATION_ERROR.uri,
            title=VALIDATION_ERROR.title,
            detail="The request has invalid fields: " + ", ".join(sorted(errors)) + ".",
            errors=errors,
        )
    return problem_response(status, body, headers)


def handle_advisor_error(error: AdvisorError) -> Response:
    return problem_response(error.status, error.problem(), error.headers())


def handle_unexpected(error: Exception) -> Response:
    logger.exception("unhandled error", extra={"request_id": current_request_id()})
    return problem_response(
        500,
        {
            "detail": "An unexpected error occurred; quote the request id when reporting it.",
        },
    )


def register_problem_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(AdvisorError, handle_advisor_error)
    app.register_error_handler(Exception, handle_unexpected)
