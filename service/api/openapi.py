"""What the OpenAPI document needs beyond flask-smorest's defaults, for clean generated clients.

One named enum schema per vocabulary list (`Area`, `Country`, ...) that request and response
fields both refer to, no `default: null`, reusable header components, and the response form of
the profile (every field present) beside its request form.
"""

from __future__ import annotations

import copy
from typing import Any

import marshmallow as ma
from apispec import BasePlugin
from flask_smorest import Api

from service.fielderrors import Code
from service.profile import VOCABULARY
from service.registry import Registry

# The component name of each vocabulary list's enum.
ENUM_NAMES = {
    "stakeholder_types": "StakeholderType",
    "countries": "Country",
    "theatres": "Theatre",
    "exposure_levels": "ExposureLevel",
    "alignments": "Alignment",
    "alliances": "Alliance",
    "circumstances": "Circumstance",
    "relationships": "Relationship",
    "capacities": "Capacity",
    "areas": "Area",
    "horizons": "Horizon",
    "severities": "Severity",
    "tiers": "Tier",
    "confidence_levels": "ConfidenceLevel",
    "field_error_codes": "FieldErrorCode",
}


def enum_values(registry: Registry) -> dict[str, list[str]]:
    """Every list a field may take its values from, by the name fields mark it with."""
    vocabulary = registry.vocabulary
    lists = {group: list(vocabulary.values(group)) for group in vocabulary.groups}
    lists["countries"] = list(vocabulary.countries)
    lists["field_error_codes"] = [str(code) for code in Code]
    return lists


def from_vocabulary(group: str, **metadata: Any) -> dict[str, Any]:
    """Field metadata saying that its values are those of a vocabulary list (its named enum)."""
    return {**metadata, VOCABULARY: group}


HEADERS = {
    "X-Request-ID": "The request's id (the caller's own, if it sent a valid one); quote it when "
    "reporting a problem.",
    "X-RateLimit-Limit": "Requests the API key may make in the current window.",
    "X-RateLimit-Remaining": "Requests left in the current window.",
    "X-RateLimit-Reset": "When the window resets, in seconds since the Unix epoch.",
    "Retry-After": "Seconds to wait before retrying.",
    "Link": 'The next page: `<url>; rel="next"`, absent on the last page.',
    "Idempotent-Replayed": "`true` when the answer replays a stored response for the same "
    "Idempotency-Key.",
    "Location": "URL of the new assessment.",
    "Content-Language": "`en`: the language of the answer's prose.",
}
INTEGER_HEADERS = {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"}


def header_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/headers/{name}"}


def register_components(api: Api, registry: Registry) -> None:
    """The enums and headers the operations refer to; before any blueprint is registered."""
    spec = api.spec
    for group, values in enum_values(registry).items():
        spec.components.schema(ENUM_NAMES[group], {"type": "string", "enum": values})
    for name, description in HEADERS.items():
        schema = {"type": "integer" if name in INTEGER_HEADERS else "string"}
        spec.components.header(name, {"description": description, "schema": schema})


# OpenAPI 3.0 applies `nullable` only beside a `type`, so a nullable reference is an anyOf.
NULL = {"type": "string", "nullable": True, "enum": [None]}


def named_enum_and_no_null_default(self: Any, field: ma.fields.Field, ret: dict, **_: Any) -> dict:
    """A field marked with a vocabulary list refers to that list's enum; `default: null` goes.

    A null default only says "absent means null", which `nullable` and `required` already say;
    generators turn it into a third, identical enum.
    """
    if "default" in ret and ret["default"] is None:
        del ret["default"]
    group = field.metadata.get(VOCABULARY)
    if group is None:
        return {}
    ret.pop("type", None)
    ret.pop("enum", None)
    reference = {"$ref": f"#/components/schemas/{ENUM_NAMES[group]}"}
    if ret.pop("nullable", False):
        ret["anyOf"] = [reference, NULL]
    elif ret:
        ret["allOf"] = [reference]
    else:
        ret.update(reference)
    return {}


def response_form(schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The response form of a request schema: every field present, nothing defaulted.

    Nested `...InputSchema`s get their response form too; other nested schemas (area weights,
    whose areas stay absent unless given) are shared as they are.
    """
    attributes: dict[str, Any] = {}
    for field_name, field in schema._declared_fields.items():
        shown = copy.copy(field)
        shown.required = True
        shown.load_default = ma.missing
        if isinstance(field, ma.fields.Nested) and isinstance(field.nested, type):
            nested_name = field.nested.__name__
            if nested_name.endswith("InputSchema"):
                shown.nested = response_form(
                    field.nested, nested_name.replace("InputSchema", "Schema")
                )
                shown._schema = None
        attributes[field_name] = shown
    return type(name, (ma.Schema,), attributes)


# Headers every answer carries, and those of the answers of /v1 operations to an accepted key.
EVERY_ANSWER = ("X-Request-ID",)
RATE_LIMITED = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
# Headers particular to a status, on the component responses of errors.
ERROR_HEADERS = {
    401: ("WWW-Authenticate",),
    405: ("Allow",),
    429: ("Retry-After",),
    503: ("Retry-After",),
}
PLAIN_HEADERS = {
    "WWW-Authenticate": '`Bearer`, with `error="invalid_token"` when a key was sent.',
    "Allow": "The methods the resource supports.",
}


def error_response_headers(status: int) -> dict[str, Any]:
    """The headers of an error answer: the request id, the language, and what its status needs."""
    headers: dict[str, Any] = {
        name: header_ref(name) for name in (*EVERY_ANSWER, "Content-Language")
    }
    for name in ERROR_HEADERS.get(status, ()):
        if name in HEADERS:
            headers[name] = header_ref(name)
        else:
            headers[name] = {"description": PLAIN_HEADERS[name], "schema": {"type": "string"}}
    return headers


class ContractPlugin(BasePlugin):
    """429 and 503 on every /v1 operation; the common headers on every documented answer."""

    def operation_helper(
        self, path: str | None = None, operations: dict | None = None, **_: Any
    ) -> None:
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            on_v1 = bool(path and path.startswith("/v1/"))
            if on_v1:
                responses.setdefault(429, "TOO_MANY_REQUESTS")
                responses.setdefault(503, "SERVICE_UNAVAILABLE")
            for status, response in responses.items():
                if not isinstance(response, dict) or int(status) >= 400:
                    continue
                headers = response.setdefault("headers", {})
                names = [*EVERY_ANSWER, *(RATE_LIMITED if on_v1 else ())]
                if "content" in response and has_prose(method, path or ""):
                    names.append("Content-Language")
                for name in names:
                    headers.setdefault(name, header_ref(name))


def has_prose(method: str, path: str) -> bool:
    """Answers written in English: assessments, the catalogue, problem pages (not the listing)."""
    listing = method.lower() == "get" and path.rstrip("/") == "/v1/assessments"
    return not listing and path.startswith(("/v1/", "/problems/"))
