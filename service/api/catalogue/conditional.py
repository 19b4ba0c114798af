"""Conditional GET for the versioned, read-only resources: the ETag is the resource's version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, request
from flask_smorest import Blueprint

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


def versioned(version: str, build: Callable[[], dict[str, Any]]) -> Response | tuple:
    """304 (with the ETag, and nothing built) if the client has this version; else the data."""
    headers = {"ETag": f'"{version}"', "Cache-Control": "no-cache", "Content-Language": "en"}
    if request.if_none_match.contains_weak(version):
        return Response(status=304, headers=headers)
    return build(), 200, headers
