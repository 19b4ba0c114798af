"""flask-smorest's Blueprint with one change: request bodies are parsed by `service.strictjson`."""

from __future__ import annotations

from typing import Any

import flask
import flask_smorest
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from service import strictjson


class StrictJsonParser(FlaskParser):
    """webargs' Flask parser; invalid JSON, NaN, Infinity and repeated keys answer 400."""

    def _raw_load_json(self, req: flask.Request) -> Any:
        if not is_json_request(req):
            return core.missing
        data = req.get_data(cache=True)
        if not data:
            return core.missing
        try:
            return strictjson.loads(data)
        except strictjson.InvalidJson as exc:
            self._handle_invalid_json_error(exc, req)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = StrictJsonParser()
