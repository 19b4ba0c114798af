"""Bearer-key authentication and per-view scopes, checked before any request body is read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, g, request
from flask_smorest import Blueprint

from service.access import SCOPE_ATTRIBUTE
from service.api.ratelimit import FailedAuthBudget
from service.api.state import state_of
from service.errors import Forbidden, Unauthenticated


def requires(blp: Blueprint, scope: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare the scope a view needs, and document its 401 and 403 answers."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view = blp.alt_response(403, response="FORBIDDEN")(view)
        view = blp.alt_response(401, response="UNAUTHORIZED")(view)
        setattr(view, SCOPE_ATTRIBUTE, scope)
        return view

    return decorate


def public(blp: Blueprint) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a view as open to anyone (probes, docs), overriding the document's default security."""
    return blp.doc(security=[])


def required_scope(app: Flask, endpoint: str | None, method: str) -> str | None:
    view = app.view_functions.get(endpoint) if endpoint else None
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return None
    handler = getattr(view_class, "get" if method == "HEAD" else method.lower(), None)
    return getattr(handler, SCOPE_ATTRIBUTE, None)


def init_auth(app: Flask, failed_auth: FailedAuthBudget) -> None:
    """Register before the rate limiter (it counts per key) and before any body is read."""
    keys = state_of(app).keys
    # (endpoint, method) -> the scope its view needs: views are all registered before a request.
    scopes: dict[tuple[str | None, str], str | None] = {}

    @app.before_request
    def authorise() -> None:
        current = request._get_current_object()  # one context lookup, not one per attribute
        method = current.method
        # Preflights carry no credentials (CORS); unknown routes and methods get their 404/405.
        if method == "OPTIONS" or current.routing_exception is not None:
            return
        endpoint = current.endpoint
        try:
            scope = scopes[endpoint, method]
        except KeyError:
            scope = scopes[endpoint, method] = required_scope(app, endpoint, method)
        if scope is None:
            return
        # Asked before the key is looked up, so a flood of wrong keys costs no database query.
        failed_auth.refuse_if_spent(current.remote_addr)
        scheme, _, token = current.environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            failed_auth.spend()
            raise Unauthenticated(
                "Send an API key as 'Authorization: Bearer <key>'.", token_given=False
            )
        caller = keys.caller(token)
        if caller is None:
            failed_auth.spend()
            raise Unauthenticated("The API key is unknown, revoked or expired.", token_given=True)
        if not caller.may(scope):
            raise Forbidden(f"This key lacks the '{scope}' scope.")
        g.caller = caller
