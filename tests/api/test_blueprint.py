"""The service's Blueprint: decorators that only document add no wrapper to a view's call, and
its parser reads query and headers as webargs' own does."""

import functools

import flask
import flask_smorest
import marshmallow as ma
import pytest
from webargs.flaskparser import FlaskParser

from service import leanschema
from service.api.blueprint import Blueprint


class ThingSchema(ma.Schema):
    name = ma.fields.String()


def view():
    """A view that builds its own Response."""


def test_own_response_documents_as_response_does_without_a_wrapper():
    blueprint = Blueprint("things", __name__)
    documented = blueprint.own_response(201, ThingSchema, headers={"Location": {}})(view)
    wrapped = flask_smorest.Blueprint.response(
        blueprint, 201, ThingSchema, headers={"Location": {}}
    )(view)
    assert documented.__code__ is view.__code__  # called as written, no frame around it
    assert documented is not view  # the shared function keeps no app's documentation
    ours, theirs = documented._apidoc, wrapped._apidoc
    assert ours["success_status_codes"] == theirs["success_status_codes"] == [201]
    [ours_201], [theirs_201] = (
        ours["response"]["responses"][201],
        theirs["response"]["responses"][201],
    )
    assert type(ours_201.pop("schema")) is type(theirs_201.pop("schema")) is ThingSchema
    assert ours_201 == theirs_201
    assert not hasattr(view, "_apidoc")


class ArgsSchema(ma.Schema):
    name = ma.fields.String()
    tags = ma.fields.List(ma.fields.String())
    pair = ma.fields.Tuple((ma.fields.String(), ma.fields.String()))
    count = ma.fields.Integer(data_key="Count", load_default=0)
    key = ma.fields.String(data_key="X-Key")


class LeanArgsSchema(leanschema.LeanSchema):
    name = leanschema.String()
    tags = leanschema.List(leanschema.String())
    pair = ma.fields.Tuple((leanschema.String(), leanschema.String()))
    count = leanschema.Integer(data_key="Count", load_default=0)
    key = leanschema.String(data_key="X-Key")


QUERIES = [
    "",
    "name=a&name=b",
    "tags=x&tags=y&other=1",
    "tags=x",
    "pair=a&pair=b",
    "pair=a",
    "Count=3&Count=x",
    "count=3",
    "Count=x",
    "X-Key=q&name=",
]
HEADERS = [
    {},
    {"X-Key": "k", "Count": "4"},
    {"x-key": "lower", "Tags": "t"},
    [("X-Key", "a"), ("X-Key", "b"), ("Pair", "p")],
    {"Count": "nope", "Content-Type": "text/plain"},
]


def _outcome(parser, schema, location, **request):
    app = flask.Flask(__name__)
    with app.test_request_context("/", **request):
        try:
            return "ok", parser.parse(schema, flask.request, location=location)
        except Exception as error:  # webargs' 422 carries the messages
            return type(error).__name__, getattr(error, "data", {}).get("messages")


@pytest.mark.parametrize("schema", [ArgsSchema(), LeanArgsSchema()], ids=["plain", "lean"])
def test_query_and_headers_parse_as_webargs_own_parser_does(schema):
    ours, theirs, plain = Blueprint.ARGUMENTS_PARSER, FlaskParser(), ArgsSchema()
    for query in QUERIES:
        expected = _outcome(theirs, plain, "query", query_string=query)
        assert _outcome(ours, schema, "query", query_string=query) == expected, query
    for headers in HEADERS:
        expected = _outcome(theirs, plain, "headers", headers=headers)
        assert _outcome(ours, schema, "headers", headers=headers) == expected, headers


class QuerySchema(leanschema.LeanSchema):
    flag = leanschema.Boolean(load_default=False)
    mode = leanschema.String(load_default="a", validate=ma.validate.OneOf(["a", "b"]))


class HeaderSchema(leanschema.LeanSchema):
    key = leanschema.String(data_key="X-Key", load_default=None)


class BodySchema(leanschema.LeanSchema):
    name = leanschema.String(required=True)
    tags = leanschema.List(leanschema.String(), load_default=list)


def _seen(*args, **kwargs):
    return args, kwargs


def _stacked(parse):
    """`_seen` under query, header and body parses, outermost first, as the views stack them."""
    view = parse(BodySchema(), location="json")(_seen)
    view = parse(HeaderSchema(), location="headers", as_kwargs=True)(view)
    return parse(QuerySchema(), location="query", as_kwargs=True)(view)


def _called(view, **request):
    app = flask.Flask(__name__)
    with app.test_request_context("/", method="POST", **request):
        try:
            return "ok", view()
        except Exception as error:
            return type(error).__name__, getattr(error, "data", {}).get("messages")


STACKED_REQUESTS = [
    {"json": {"name": "n"}},
    {"json": {"name": "n", "tags": ["x"]}, "query_string": "flag=true&mode=b&other=1"},
    {"json": {"name": "n"}, "query_string": "flag=true", "headers": {"X-Key": "k"}},
    {"json": {"name": 1, "extra": 2}},
    {"json": {}, "query_string": "flag=maybe"},
    {"json": {"name": "n"}, "query_string": "mode=c"},
    {"json": {"name": "n"}, "query_string": "flag=maybe"},  # the kept query must not hide it
    {"data": b"{", "content_type": "application/json"},
    {"data": b"", "content_type": "application/json"},
    {"data": b"name=n", "content_type": "text/plain"},
    {"json": ["n"]},
]


def test_stacked_arguments_are_one_wrapper_parsing_as_webargs_nested_ones_do():
    blueprint = Blueprint("things", __name__)
    ours = _stacked(blueprint.arguments)
    theirs = _stacked(Blueprint.ARGUMENTS_PARSER.use_args)
    assert ours.__wrapped__.__wrapped__.__code__ is ours.__code__  # joined, not nested
    assert [step.location for step in ours.__parsed__[0]] == ["query", "headers", "json"]
    for _ in range(2):  # the second time with every query's arguments kept
        for request in STACKED_REQUESTS:
            assert _called(ours, **request) == _called(theirs, **request), request


def test_arguments_join_no_other_decorator():
    blueprint = Blueprint("things", __name__)

    def other(view):
        return functools.wraps(view)(lambda *args, **kwargs: ("other", view(*args, **kwargs)))

    inner = blueprint.arguments(BodySchema(), location="json")(_seen)
    view = blueprint.arguments(QuerySchema(), location="query", as_kwargs=True)(other(inner))
    assert len(view.__parsed__[0]) == 1
    assert _called(view, json={"name": "n"}) == (
        "ok",
        ("other", (({"name": "n", "tags": []},), {"flag": False, "mode": "a"})),
    )


def test_kept_queries_stay_bounded_and_parse_alike_once_forgotten(monkeypatch):
    """A client sending ever new query strings costs the process a bounded memo, and a query
    forgotten when it was emptied parses as it did."""
    monkeypatch.setattr("service.api.blueprint._QUERIES_KEPT", 4)
    view = Blueprint("things", __name__).arguments(QuerySchema(), location="query", as_kwargs=True)(
        _seen
    )
    [step] = view.__parsed__[0]
    queries = [f"flag=true&mode=b&n={n}" for n in range(10)]
    first = [_called(view, query_string=query) for query in queries]
    assert len(step.by_query) <= 4
    assert [_called(view, query_string=query) for query in queries] == first
    assert first[0] == ("ok", ((), {"flag": True, "mode": "b"}))
