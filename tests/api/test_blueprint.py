"""The service's Blueprint: decorators that only document add no wrapper to a view's call."""

import flask_smorest
import marshmallow as ma

from service.api.blueprint import Blueprint


class ThingSchema(ma.Schema):
    name = ma.fields.String()


def view():
    """A view that builds its own Response."""


def test_own_response_documents_as_response_does_without_a_wrapper():
    blueprint = Blueprint("things", __name__)
    documented = blueprint.own_response(201, ThingSchema, headers={"Location": {}})(view)
    wrapped = flask_smorest.Blueprint.response(
        blueprint, 201, ThingSchema, headers={"Location": {}}
    )(view)
    assert documented.__code__ is view.__code__  # called as written, no frame around it
    assert documented is not view  # the shared function keeps no app's documentation
    ours, theirs = documented._apidoc, wrapped._apidoc
    assert ours["success_status_codes"] == theirs["success_status_codes"] == [201]
    [ours_201], [theirs_201] = (
        ours["response"]["responses"][201],
        theirs["response"]["responses"][201],
    )
    assert type(ours_201.pop("schema")) is type(theirs_201.pop("schema")) is ThingSchema
    assert ours_201 == theirs_201
    assert not hasattr(view, "_apidoc")
