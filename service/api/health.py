"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

import marshmallow as ma
from flask import Response
from flask.views import MethodView

from service.api.auth import public
from service.api.blueprint import Blueprint
from service.api.state import state
from service.wire import dumps

# The liveness answer never changes: written once, not dumped through the schema per probe.
ALIVE = dumps({"status": "ok"})

blueprint = Blueprint("health", __name__, description="Probes.")


class HealthSchema(ma.Schema):
    status = ma.fields.String(required=True)


class ReadySchema(HealthSchema):
    rules = ma.fields.Integer(required=True)
    database = ma.fields.String(required=True)


@blueprint.route("/healthz")
class Health(MethodView):
    @public(blueprint)
    @blueprint.doc(operationId="getHealth")
    @blueprint.own_response(200, HealthSchema)
    def get(self):
        """The process is alive"""
        return Response(ALIVE, mimetype="application/json")


@blueprint.route("/readyz")
class Ready(MethodView):
    @public(blueprint)
    @blueprint.doc(operationId="getReadiness")
    @blueprint.response(200, ReadySchema)
    @blueprint.alt_response(503, response="SERVICE_UNAVAILABLE")
    def get(self):
        """Rules are loaded and the database answers; 503 with Retry-After otherwise"""
        app = state()
        app.database.ping()
        return {"status": "ready", "rules": len(app.registry.engine.rules), "database": "ok"}
