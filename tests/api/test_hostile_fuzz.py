"""Hostile input to every operation in /openapi.json, on SQLite and PostgreSQL: never a 5xx, and
every 4xx is problem+json.

The operations are read from the OpenAPI document, so an endpoint added later is fuzzed too. The
input is what a schema-driven fuzzer would not make: lone surrogates, control characters, huge
and non-finite numbers, deep nesting, repeated keys, extreme dates, odd cursors and ids.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service import create_app
from service.settings import Settings
from tests.conftest import CONFIG_DIR

EXAMPLES_PER_TARGET = 10


def _document() -> dict[str, Any]:
    """The OpenAPI document as served; the app opens no database to serve it."""
    app = create_app(Settings(config_dir=CONFIG_DIR, database_url="sqlite://"))
    try:
        return app.test_client().get("/openapi.json").json
    finally:
        app.extensions["advisor"].database.dispose()


DOCUMENT = _document()


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema:
        return _resolve(schema["allOf"][0])
    return schema


def _names_and_enums(schema: dict[str, Any], names: set[str], enums: set[str]) -> None:
    """Every property name and enum value reachable from a schema, to aim input at real fields."""
    schema = _resolve(schema)
    enums.update(value for value in schema.get("enum", []) if isinstance(value, str))
    for child in ("items", "additionalProperties"):
        if isinstance(schema.get(child), dict):
            _names_and_enums(schema[child], names, enums)
    for name, child in schema.get("properties", {}).items():
        names.add(name)
        _names_and_enums(child, names, enums)


def _operations() -> list[dict[str, Any]]:
    operations = []
    for path, item in DOCUMENT["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            parameters = operation.get("parameters", []) + item.get("parameters", [])
            names: set[str] = set()
            enums: set[str] = set()
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                _names_and_enums(body["schema"], names, enums)
            for parameter in parameters:
                _names_and_enums(parameter.get("schema", {}), set(), enums)
            operations.append(
                {
                    "id": f"{method.upper()} {path}",
                    "method": method.upper(),
                    "path": path,
                    "parameters": [
                        (p["in"], p["name"], _resolve(p.get("schema", {}))) for p in parameters
                    ],
                    "has_body": body is not None,
                    "names": sorted(names),
                    "enums": sorted(enums),
                }
            )
    return operations


OPERATIONS = _operations()

SURROGATE = st.integers(0xD800, 0xDFFF).map(chr)
CONTROL = st.sampled_from([chr(c) for c in (*range(0x20), 0x7F, 0x85, 0x9F)])
HOSTILE_CHARACTER = st.one_of(SURROGATE, CONTROL, st.characters())
HOSTILE_TEXT = st.one_of(
    st.text(HOSTILE_CHARACTER, max_size=24),
    st.sampled_from(
        ["", " ", "\u0000", "\ud800", "\udfff\ud800", "a\nb", "\t", "\u2028", "x" * 300]
    ),
)
EXTREME_DATES = st.sampled_from(
    [
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59.999999-00:01",
        "0000-01-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:00+24:00",
        "2026-01-01T00:00:00",
        "2026-01-01T00:00:00.9999999999Z",
        "+275760-09-13T00:00:00Z",
        "2026-01-01T00:00:00\u0000Z",
    ]
)
NUMBER_TEXT = st.one_of(
    st.sampled_from(
        ["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "9" * 5000, "-" + "9" * 4301]
    ),
    st.sampled_from(["1" + "0" * 400, "1e-400", "-0", "0.5", "1", "2", "-1", "1E+2", "0x10", "01"]),
    st.integers().map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)


def _cursor(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


ODD_CURSORS = st.one_of(
    st.sampled_from(
        [
            _cursor(["0001-01-01T00:00:00+14:00", "00000000-0000-0000-0000-000000000000"]),
            _cursor(["9999-12-31T23:59:59-14:00", "\u0000"]),
            _cursor(["2026-01-01T00:00:00", "\ud800"]),
            _cursor(["2026-01-01T00:00:00", 5]),
            _cursor(["not a date", "x"]),
            _cursor([1, 2, 3]),
            _cursor(None),
            "0" * 200,
            "=",
            "%%%",
        ]
    ),
    st.binary(max_size=60).map(lambda raw: base64.urlsafe_b64encode(raw).decode()),
    st.lists(st.one_of(HOSTILE_TEXT, EXTREME_DATES), max_size=3).map(_cursor),
)
ODD_IDS = st.one_of(
    st.sampled_from(["\u0000", "a\u0000b", "\ud800", "\n", "\x7f", "\x85"]),
    HOSTILE_TEXT,
    st.uuids().map(str),
    st.sampled_from(["00000000-0000-0000-0000-000000000000", "..", "x" * 2000, "diplomatic"]),
)


def _json_object(pairs: list[tuple[str, str]]) -> str:
    return "{" + ",".join(f"{json.dumps(key)}:{value}" for key, value in pairs) + "}"


def _json_text(operation: dict[str, Any]) -> st.SearchStrategy[str]:
    """JSON-like text aimed at the operation's fields, with every hostile shape mixed in."""
    keys = st.one_of(st.sampled_from(operation["names"] or ["x"]), HOSTILE_TEXT)
    enums = st.sampled_from(operation["enums"] or ["x"]).map(json.dumps)
    scalars = st.one_of(
        NUMBER_TEXT,
        enums,
        HOSTILE_TEXT.map(json.dumps),
        EXTREME_DATES.map(json.dumps),
        st.sampled_from(["true", "false", "null"]),
    )
    nested = st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4).map(lambda items: "[" + ",".join(items) + "]"),
            st.lists(st.tuples(keys, children), max_size=5).map(_json_object),
            # A repeated key, which the strict parser refuses.
            st.tuples(keys, children, children).map(lambda t: _json_object([t[:2], (t[0], t[2])])),
        ),
        max_leaves=12,
    )
    deep = st.integers(9, 3000).map(lambda depth: "[" * depth + "]" * depth)
    aimed = st.lists(st.tuples(keys, nested), max_size=6).map(
        lambda pairs: _json_object([("stakeholder_type", json.dumps("legislature")), *pairs])
    )
    return st.one_of(aimed, nested, deep)


def _encoded(text: str) -> str:
    """Percent-encoded UTF-8, surrogates included: what a raw HTTP client can put in a URL."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def _query_values(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    """Hostile values, weighted towards what the parameter's schema says it takes."""
    if schema.get("format") == "date-time":
        aimed = EXTREME_DATES
    elif schema.get("type") in ("integer", "number"):
        aimed = NUMBER_TEXT
    elif schema.get("enum"):
        aimed = st.sampled_from([str(value) for value in schema["enum"]])
    else:
        aimed = ODD_CURSORS
    return st.one_of(aimed, HOSTILE_TEXT, NUMBER_TEXT, EXTREME_DATES, ODD_CURSORS)


PLAIN_BODY = b'{"stakeholder_type": "legislature"}'


@st.composite
def requests(draw, operation: dict[str, Any], target: str) -> dict[str, Any]:
    """A request whose `target` (the body, or one parameter) is hostile and the rest plausible.

    One part at a time: an invalid neighbour would answer 422 before the target is looked at.
    """
    path, query = operation["path"], []
    headers: dict[str, str] = {}
    for location, name, schema in operation["parameters"]:
        hostile = target == f"{location}:{name}"
        if location == "path":
            value = draw(ODD_IDS) if hostile else "00000000-0000-0000-0000-000000000000"
            path = path.replace("{" + name + "}", _encoded(value))
        elif location == "query" and hostile:
            query.append(f"{_encoded(name)}={_encoded(draw(_query_values(schema)))}")
        elif location == "header" and hostile:
            # Header values reach a WSGI app as Latin-1 text, never with a line break.
            latin1 = st.characters(max_codepoint=0xFF, exclude_characters="\r\n")
            nasty = st.sampled_from(["\x00", "key\x00", "\x7f", "\t", "\xff", "\x85", ""])
            headers[name] = draw(st.one_of(nasty, st.text(latin1, max_size=40)))
    if query:
        path += "?" + "&".join(query)
    request: dict[str, Any] = {"method": operation["method"], "path": path, "headers": headers}
    if operation["has_body"]:
        request["headers"]["Content-Type"] = "application/json"
        request["data"] = PLAIN_BODY
        if target == "body":
            body = draw(st.one_of(_json_text(operation), st.binary(max_size=40).map(repr)))
            request["data"] = body.encode("utf-8", "surrogatepass")
    return request


def _check(response) -> None:
    text = response.get_data().decode("utf-8")  # strict UTF-8, whatever came in
    assert response.status_code < 500, text
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json", text
        problem = json.loads(text)
        assert problem["status"] == response.status_code
        if response.status_code == 422:
            assert problem["errors"], text


TARGETS = [
    (operation, target)
    for operation in OPERATIONS
    for target in (["body"] if operation["has_body"] else [])
    + [f"{location}:{name}" for location, name, _ in operation["parameters"]]
    or ["nothing"]
]


@pytest.mark.parametrize(
    ("operation", "target"), TARGETS, ids=[f"{o['id']} {target}" for o, target in TARGETS]
)
def test_hostile_input_never_gets_a_server_error(client, operation, target):
    @settings(
        max_examples=EXAMPLES_PER_TARGET,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(request=requests(operation, target))
    def fuzz(request):
        response = client.open(
            request["path"],
            method=request["method"],
            data=request.get("data"),
            headers=request["headers"],
        )
        _check(response)

    fuzz()


def test_every_operation_and_parameter_is_a_target():
    targets = {(operation["id"], target) for operation, target in TARGETS}
    assert {
        ("POST /v1/assessments", "body"),
        ("POST /v1/assessments", "header:Idempotency-Key"),
        ("GET /v1/assessments", "query:since"),
        ("GET /v1/assessments", "query:cursor"),
        ("GET /v1/assessments/{assessment_id}", "path:assessment_id"),
    } <= targets
    assert len({operation["id"] for operation in OPERATIONS}) >= 9
