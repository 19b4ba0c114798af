"""flask-smorest's Blueprint with three changes: request bodies are parsed by `service.strictjson`,
the decorators that only document a view add nothing to its call, and a view's arguments are
parsed by one wrapper however many `arguments` decorators it has.
"""

from __future__ import annotations

import datetime
import functools
import inspect
import types
import weakref
from collections.abc import Callable
from typing import Any

import flask
import flask_smorest
import marshmallow as ma
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import EnvironHeaders

from service import strictjson
from service.api.body import checked_body
from service.bounded import keep

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class StrictJsonParser(FlaskParser):
    """webargs' Flask parser; invalid JSON, NaN, Infinity and repeated keys answer 400.

    Query and headers are read through proxies that answer as webargs' own do, without the
    per-request walk of the schema for its multi-valued keys or an exception per absent key.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._multiple_keys: weakref.WeakKeyDictionary[ma.Schema, frozenset[str]] = (
            weakref.WeakKeyDictionary()
        )

    def _get_loader(self, location: str) -> Callable[..., Any]:
        """webargs' lookup without the set of every location it builds per call."""
        func = self.__location_map__.get(location)
        if func is None:
            return super()._get_loader(location)
        return getattr(self, func) if isinstance(func, str) else func

    def _multiple(self, schema: ma.Schema) -> frozenset[str]:
        """The keys of `schema` that take every value of a repeated key, found once per schema."""
        keys = self._multiple_keys.get(schema)
        if keys is None:
            walk = MultiDictProxy({}, schema, known_multi_fields=tuple(self.KNOWN_MULTI_FIELDS))
            keys = self._multiple_keys[schema] = frozenset(walk.multiple_keys)
        return keys

    def load_querystring(self, req: flask.Request, schema: ma.Schema) -> Any:
        return _QueryProxy(req.args, self._multiple(schema))

    def load_headers(self, req: flask.Request, schema: ma.Schema) -> Any:
        headers = req.headers
        if type(headers) is not EnvironHeaders:
            return super().load_headers(req, schema)
        return _HeaderProxy(headers, self._multiple(schema))

    def _raw_load_json(self, req: flask.Request) -> Any:
        if not is_json_request(req):
            return core.missing
        data = checked_body(req.environ)
        if data is None:  # a body the checks did not read (api/body.py)
            data = req.get_data(cache=True)
        if not data:
            return core.missing
        try:
            return strictjson.loads(data)
        except strictjson.InvalidJson as exc:
            self._handle_invalid_json_error(exc, req)


class _QueryProxy(MultiDictProxy):
    """MultiDictProxy over a Werkzeug MultiDict given its multi-valued keys; `get` of an absent key
    skips the BadRequestKeyError that `MultiDict.get` raises and catches."""

    def __init__(self, multidict: Any, multiple_keys: frozenset[str]) -> None:
        self.data = multidict
        self.multiple_keys = multiple_keys

    def get(self, key: str, default: Any = None) -> Any:
        """What `proxy[key]` answers (`missing` when absent), as Mapping.get would return it."""
        data = self.data
        if key not in data:
            return ma.missing
        if key in self.multiple_keys:
            return self[key]
        try:
            return data[key]  # its first value
        except KeyError:  # a key left with no values, which MultiDict.get also answers so
            return ma.missing


class _HeaderProxy(_QueryProxy):
    """The same over Werkzeug's EnvironHeaders, looking a header up in the WSGI environ itself."""

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.multiple_keys:
            return self[key]
        return self.data.environ.get(_environ_key(key), ma.missing)


@functools.cache
def _environ_key(header: str) -> str:
    """The WSGI environ key of a header, as EnvironHeaders spells it."""
    key = header.upper().replace("-", "_")
    return key if key in {"CONTENT_TYPE", "CONTENT_LENGTH"} else f"HTTP_{key}"


# What `arguments` passes on to the parser; the rest of its options only document.
_PARSER_OPTIONS = frozenset(inspect.signature(FlaskParser.use_args).parameters) - {
    "self",
    "argmap",
    "req",
}


_QUERY = frozenset(("query", "querystring"))
_QUERIES_KEPT = 256
# Values a view can take from a kept query's arguments without changing them for the next caller.
_UNCHANGING = frozenset((str, bytes, int, float, bool, type(None), datetime.datetime))


class _Step:
    """One `arguments` decorator's parse, as webargs' `use_args` wrapper runs it: the location's
    data loaded (an absent body is `{}`), the schema's load, and any ValidationError handed to
    the parser's error handler. What webargs works out on every call is worked out here once."""

    def __init__(self, parser: FlaskParser, schema: Any, options: dict[str, Any]) -> None:
        unsupported = set(options) - {"location", "as_kwargs", "unknown", "error_status_code"}
        if unsupported or not isinstance(schema, ma.Schema):
            raise TypeError(
                f"arguments() parses a Schema instance only, not {unsupported or schema}"
            )
        self.parser = parser
        self.schema = schema
        self.location = options.get("location") or parser.location
        self.loader = parser._get_loader(self.location)
        unknown = options.get("unknown", core._UNKNOWN_DEFAULT_PARAM)
        if unknown == core._UNKNOWN_DEFAULT_PARAM:
            unknown = (
                parser.unknown
                if parser.unknown != core._UNKNOWN_DEFAULT_PARAM
                else parser.DEFAULT_UNKNOWN_BY_LOCATION.get(self.location)
            )
        self.load_options = {"unknown": unknown} if unknown else {}
        self.as_kwargs = bool(options.get("as_kwargs"))
        self.error_status_code = options.get("error_status_code")
        self.plain = type(parser).pre_load is core.Parser.pre_load
        # Query string -> its arguments: a client sends a handful of distinct queries, and what
        # a query parses to depends on its text alone (no default is made by a call).
        fixed = not any(callable(f.load_default) for f in schema.load_fields.values())
        kept = self.location in _QUERY and self.as_kwargs and self.plain and fixed
        self.by_query: dict[bytes, dict[str, Any]] | None = {} if kept else None

    def __call__(self, req: flask.Request) -> Any:
        by_query = self.by_query
        if by_query is None:
            return self._parse(req)
        query = req.query_string
        known = by_query.get(query)
        if known is None:
            known = self._parse(req)
            if all(type(value) in _UNCHANGING for value in known.values()):
                keep(by_query, query, known, _QUERIES_KEPT)
        return known

    def _parse(self, req: flask.Request) -> Any:
        schema = self.schema
        try:
            data = self.loader(req, schema)
            if data is core.missing:
                data = {}
            if not self.plain:
                data = self.parser.pre_load(data, schema=schema, req=req, location=self.location)
            return schema.load(data, **self.load_options)
        except ma.ValidationError as error:
            self.parser._on_validation_error(
                error,
                req,
                schema,
                self.location,
                error_status_code=self.error_status_code,
                error_headers=None,
            )
            raise ValueError("_on_validation_error hook did not raise an exception") from error


def _parsing(steps: tuple[_Step, ...], view: Callable[..., Any]) -> Callable[..., Any]:
    """The view called with the arguments each step parses, in the steps' order: what webargs'
    nested wrappers, one per decorator, would pass it."""

    def parsed(*args: Any, **kwargs: Any) -> Any:
        req = flask.request._get_current_object()  # one context lookup for every step
        for step in steps:
            data = step(req)
            if step.as_kwargs:
                kwargs.update(data)
            else:
                args += (data,)
        return view(*args, **kwargs)

    return parsed


_PARSED_CODE = _parsing((), lambda: None).__code__


class Blueprint(flask_smorest.Blueprint):
    """`doc`, `alt_response` and `arguments` record what they document as flask-smorest does, but
    return the view itself (a copy carrying the record) rather than a wrapper that only calls
    through: each such wrapper cost a frame and a `current_app` lookup on every request."""

    ARGUMENTS_PARSER = StrictJsonParser()

    @staticmethod
    def doc(**kwargs: Any) -> Decorator:
        return _documenting_only(flask_smorest.Blueprint.doc(**kwargs))

    def alt_response(self, *args: Any, **kwargs: Any) -> Decorator:
        return _documenting_only(super().alt_response(*args, **kwargs))

    def own_response(self, status_code: int, schema: Any = None, **options: Any) -> Decorator:
        """`response`'s documentation for a view that always returns a `Response` it built itself:
        flask-smorest's wrapper would only check that and hand it back, a frame and a
        `current_app` lookup per request. A view that returns data to dump needs `response`."""
        return _documenting_only(super().response(status_code, schema, **options))

    def arguments(self, schema: Any, **options: Any) -> Decorator:
        """Documented by flask-smorest; parsed as webargs' `use_args` would, by one wrapper.

        Stacked directly on another `arguments`, its parse joins that one's wrapper, run first
        (as the outer decorator's would be): a view's query, headers and body cost one frame.
        """
        documenting = _documenting_only(super().arguments(schema, **options))
        step = _Step(
            self.ARGUMENTS_PARSER,
            schema,
            {name: value for name, value in options.items() if name in _PARSER_OPTIONS},
        )

        def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
            documented = documenting(view)
            steps, target = (step,), documented
            # Only our own wrapper (or its documented copy) is joined, never another decorator.
            if getattr(view, "__code__", None) is _PARSED_CODE:
                inner_steps, target = view.__parsed__
                steps = (step, *inner_steps)
            wrapper = functools.update_wrapper(_parsing(steps, target), documented)
            wrapper.__parsed__ = (steps, target)  # type: ignore[attr-defined]
            return wrapper

        return decorate


def _documenting_only(decorator: Decorator) -> Decorator:
    """`decorator`'s documentation (flask-smorest keeps it in `_apidoc`) on a copy of the view,
    without the wrapper.

    A copy, never the view itself: a view method is shared by every app's documented subclass.
    """

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        wrapper = decorator(view)
        if not isinstance(view, types.FunctionType):
            return wrapper
        twin = types.FunctionType(
            view.__code__, view.__globals__, view.__name__, view.__defaults__, view.__closure__
        )
        twin.__kwdefaults__ = view.__kwdefaults__
        functools.update_wrapper(twin, view)
        twin._apidoc = wrapper._apidoc  # type: ignore[attr-defined]
        return twin

    return decorate
