"""The HTTP API: flask-smorest blueprints per resource, thin views over the service layer."""

from __future__ import annotations

import http

import flask
from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from service import __version__
from service.api import problems
from service.api.assessments.views import build_blueprint as assessments_blueprint
from service.api.catalogue.views import BLUEPRINTS as CATALOGUE_BLUEPRINTS
from service.api.docs import blueprint as docs_blueprint
from service.api.health import blueprint as health_blueprint
from service.api.openapi import (
    ContractPlugin,
    error_response_headers,
    named_enum_and_no_null_default,
    register_components,
)
from service.api.problempages import blueprint as problems_blueprint
from service.registry import Registry

API_DESCRIPTION = (
    "Prioritised recommendations for a stakeholder of the deployment of North Korean troops to "
    "Russia's Kursk front, in four areas (military readiness, humanitarian, diplomatic, public "
    "opinion), each grounded in verbatim passages of the source article with character offsets, "
    "with a score that can be recomputed from its breakdown. Errors are RFC 9457 "
    "application/problem+json."
)


class AdvisorApi(Api):
    """flask-smorest's Api, documenting and answering every error as problem+json."""

    ERROR_SCHEMA = problems.ProblemSchema
    _openapi_text: str | None = None  # GET /openapi.json as written on its first request

    def _register_responses(self) -> None:
        # The first schemas converted are these responses': the converter rule must come first.
        self.ma_plugin.converter.add_attribute_function(named_enum_and_no_null_default)
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
                response["headers"] = error_response_headers(status)
            prepare_response(response, self.spec, problems.PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {
            "description": "Error (RFC 9457 problem details)",
            "schema": self.ERROR_SCHEMA,
            "headers": error_response_headers(500),
        }
        prepare_response(response, self.spec, problems.PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)

    def _register_pagination_header(self) -> None:
        """Nothing: listings paginate by cursor, not flask-smorest's page numbers."""

    def handle_http_exception(self, error):
        return problems.handle_http_exception(error)

    def _openapi_json(self):
        """GET /openapi.json, written on its first request and sent as written after: the
        document is complete once the app is made, and writing it cost 2.6 ms a request."""
        text = self._openapi_text
        if text is None:
            text = self._openapi_text = flask.json.dumps(
                self.spec.to_dict(), indent=2, sort_keys=False
            )
        return flask.current_app.response_class(text, mimetype="application/json")


def init_api(app: Flask, registry: Registry) -> AdvisorApi:
    app.config.update(
        API_TITLE="Stakeholder Advisor",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": API_DESCRIPTION},
            "servers": [{"url": "/"}],
            "security": [{"bearerAuth": []}],
        },
    )
    api = AdvisorApi(app, spec_kwargs={"extra_plugins": [ContractPlugin()]})
    api.spec.components.security_scheme(
        "bearerAuth",
        {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key from `stakeholder-advisor keys create`.",
        },
    )
    register_components(api, registry)
    api.register_blueprint(health_blueprint)
    api.register_blueprint(assessments_blueprint(registry))
    for blueprint in CATALOGUE_BLUEPRINTS:
        api.register_blueprint(blueprint)
    api.register_blueprint(problems_blueprint)
    app.register_blueprint(docs_blueprint)
    problems.register_problem_handlers(app)
    return api
