"""flask-smorest's Blueprint with two changes: request bodies are parsed by `service.strictjson`,
and the decorators that only document a view add nothing to its call.
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable
from typing import Any

import flask
import flask_smorest
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from service import strictjson
from service.api.body import checked_body

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class StrictJsonParser(FlaskParser):
    """webargs' Flask parser; invalid JSON, NaN, Infinity and repeated keys answer 400."""

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


# What `arguments` passes on to the parser; the rest of its options only document.
_PARSER_OPTIONS = frozenset(inspect.signature(FlaskParser.use_args).parameters) - {
    "self",
    "argmap",
    "req",
}


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
        """Documented by flask-smorest; parsed by the parser's own wrapper alone."""
        documenting = _documenting_only(super().arguments(schema, **options))
        parsing = self.ARGUMENTS_PARSER.use_args(
            schema, **{name: value for name, value in options.items() if name in _PARSER_OPTIONS}
        )

        def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
            return parsing(documenting(view))

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
