"""What views need from the running app: the registry and the store, set up by create_app."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from service.registry import Registry
from service.settings import Settings
from service.store.database import Database
from service.store.models import LOCAL_CLIENT_ID
from service.store.repository import AssessmentRepository


@dataclass(frozen=True)
class AppState:
    settings: Settings
    registry: Registry
    database: Database
    assessments: AssessmentRepository


def state() -> AppState:
    return current_app.extensions["advisor"]


def caller_id() -> str:
    """Until API keys exist every request is the built-in `local` client (DESIGN §9)."""
    return LOCAL_CLIENT_ID
