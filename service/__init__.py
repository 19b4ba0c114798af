"""Stakeholder Advisor: grounded, prioritised recommendations for stakeholders of the Kursk deployment."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from flask import Flask

    from service.settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """The app factory: load and verify the configuration, open the store, register the API.

    Raises ConfigError when rules, vocabulary, scoring or articles are invalid, so a broken
    configuration stops the process before it serves anything.
    """
    from service.api import init_api
    from service.api.auth import init_auth
    from service.api.body import init_body_rules
    from service.api.cors import init_cors
    from service.api.flaskapp import AdvisorFlask
    from service.api.media import init_media_rules
    from service.api.path_params import init_path_rules
    from service.api.plainheaders import init_plain_headers
    from service.api.proxies import init_trusted_proxies
    from service.api.ratelimit import failed_auth_budget, init_rate_limits
    from service.api.security import init_security
    from service.api.state import AppState
    from service.api.turns import init_turns
    from service.keys import Authenticator
    from service.observability import init_observability
    from service.observability.request_id import init_request_id
    from service.recent import RecentEvaluations
    from service.registry import load_registry
    from service.settings import Settings
    from service.store.clients import ClientRepository
    from service.store.database import Database
    from service.store.repository import AssessmentRepository

    settings = settings or Settings.from_env()
    registry = load_registry(settings.config_dir)
    database = Database(settings.database_url, settings.db_timeout_seconds)
    app = AdvisorFlask(__name__)
    # Never the debugger or propagated exceptions, whatever FLASK_DEBUG says in the environment.
    app.debug = False
    app.config.update(MAX_CONTENT_LENGTH=settings.max_body_bytes)
    app.json.sort_keys = False
    clients = ClientRepository(database)
    app.extensions["advisor"] = AppState(
        settings=settings,
        registry=registry,
        database=database,
        assessments=AssessmentRepository(database),
        clients=clients,
        keys=Authenticator(clients, settings.key_cache_seconds),
        recent=RecentEvaluations(registry.engine, settings.recent_evaluations),
    )
    init_plain_headers(app)
    init_trusted_proxies(app, settings.trusted_proxies)
    init_request_id(app)
    init_observability(app)
    init_security(app)
    # Cheap checks first: the key and the rate limits before anything reads the body.
    init_auth(app, failed_auth_budget(settings))
    init_rate_limits(app, settings)
    init_media_rules(app)
    init_body_rules(app, settings.max_body_bytes)
    init_path_rules(app)
    turns = init_turns(app, settings.requests_at_once, settings.threads)
    if turns is not None and not database.is_sqlite:
        database.while_waiting = turns.aside
    init_cors(app, settings.cors_origins)
    init_api(app, registry)
    return app
