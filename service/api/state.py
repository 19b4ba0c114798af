"""What views need from the running app: the registry and the store, set up by create_app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, g

from service.access import Caller
from service.keys import Authenticator
from service.recent import RecentEvaluations
from service.registry import Registry
from service.settings import Settings
from service.store.clients import ClientRepository
from service.store.database import Database
from service.store.repository import AssessmentRepository


@dataclass(frozen=True)
class AppState:
    settings: Settings
    registry: Registry
    database: Database
    assessments: AssessmentRepository
    clients: ClientRepository
    keys: Authenticator
    recent: RecentEvaluations  # per app, as each app has its own registry
    # URLs that depend only on where the app is mounted, built once per mount point (by
    # api/assessments/views.py): per app, as each app has its own routes.
    mounts: dict[str, Any] = field(default_factory=dict)
    # The catalogue's bodies as written, by resource, mount point and version
    # (api/catalogue/conditional.py): per app, as each app has its own registry.
    written: dict[tuple[Any, ...], bytes] = field(default_factory=dict)


def state_of(app: Flask) -> AppState:
    """The state of `app`, for hooks that take what they need from it once, when registered."""
    return app.extensions["advisor"]


def state() -> AppState:
    """The state of the app serving the current request."""
    return state_of(current_app)


def caller() -> Caller:
    """The authenticated client; set by the auth check before any protected view runs."""
    return g.caller
