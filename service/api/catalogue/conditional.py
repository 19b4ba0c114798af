"""Conditional GET for the versioned, read-only resources: the ETag is the resource's version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow as ma
from flask import Response, jsonify, request
from flask_smorest import Blueprint

from service.api.state import state
from service.bounded import keep

VERSION_HEADERS = {
    "ETag": {"description": "The resource's version (a sha256).", "schema": {"type": "string"}},
    "Cache-Control": {
        "description": "`no-cache`: revalidate with If-None-Match.",
        "schema": {"type": "string"},
    },
}
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "An ETag from an earlier answer; 304 if the resource has not changed.",
}


def conditional(blp: Blueprint) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Document If-None-Match and the 304 answer of a view that returns `versioned(...)`."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view = blp.alt_response(304, description="Not Modified: the ETag still matches.")(view)
        return blp.doc(parameters=[IF_NONE_MATCH])(view)

    return decorate


def versioned(
    version: str, build: Callable[[], dict[str, Any]], schema: type[ma.Schema] | ma.Schema
) -> Response | tuple:
    """304 (with the ETag, and nothing built) if the client has this version; else the body:
    the data dumped through `schema` and written as the blueprint's `response` would, once per
    resource, version and mount point (a rule set's dump and JSON cost a millisecond), then sent
    as written."""
    headers = {"ETag": f'"{version}"', "Cache-Control": "no-cache", "Content-Language": "en"}
    if request.if_none_match.contains_weak(version):
        return Response(status=304, headers=headers)
    key = (request.endpoint, request.script_root, _arguments(request.view_args), version)
    written = state().written
    body = written.get(key)
    if body is None:
        dumper = schema() if isinstance(schema, type) else schema
        body = keep(written, key, jsonify(dumper.dump(build())).get_data(), WRITTEN_KEPT)
    return Response(body, mimetype="application/json"), 200, headers


# Resources x versions x mount points: a few dozen are expected; more are forgotten.
WRITTEN_KEPT = 256


def _arguments(view_args: dict[str, Any] | None) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(view_args.items())) if view_args else ()
