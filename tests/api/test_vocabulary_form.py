"""A portal builds the whole profile form from /v1/vocabulary alone, and it matches ProfileInput."""

import pytest


@pytest.fixture(scope="module")
def spec(app):
    return app.test_client().get("/openapi.json").json


def _schema(spec, node):
    """A property's schema, following a `$ref` or a one-item `allOf`."""
    ref = node.get("$ref") or (node.get("allOf") or [{}])[0].get("$ref")
    return spec["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else node


def _profile_input_paths(spec):
    """Every value ProfileInput takes, members of its object fields expanded (dotted)."""
    paths = set()
    for name, node in spec["components"]["schemas"]["ProfileInput"]["properties"].items():
        schema = _schema(spec, node)
        if schema.get("type") == "object" and "properties" in schema:
            paths |= {f"{name}.{member}" for member in schema["properties"]}
        else:
            paths.add(name)
    return paths


def build_form(vocabulary):
    """What a portal does: one control per field, its options labelled from the same document."""
    controls = {}
    for field in vocabulary["fields"]:
        control = {"label": field["label"], "kind": field["kind"], "default": field["default"]}
        if field["vocabulary"] == "countries":
            control["options"] = {code: code for code in vocabulary["countries"]}
        elif field["vocabulary"]:
            terms = vocabulary[field["vocabulary"]]
            control["options"] = {term["value"]: term["label"] for term in terms}
        controls[field["path"]] = control
    return controls


def test_a_form_built_from_the_vocabulary_covers_every_profile_input_field(client, spec):
    vocabulary = client.get("/v1/vocabulary").json
    form = build_form(vocabulary)
    assert set(form) == _profile_input_paths(spec)
    for field in vocabulary["fields"]:
        assert field["label"] and field["help"], field["path"]
        assert field["required"] == (field["path"] == "stakeholder_type")
    assert form["alignment"]["options"]["supports_ukraine"] == "Supports Ukraine"
    assert form["country"]["options"]["KR"] == "KR"


def test_form_fields_state_kinds_bounds_and_defaults(client, registry):
    fields = {f["path"]: f for f in client.get("/v1/vocabulary").json["fields"]}
    assert fields["capacities.military"] | {"help": ""} == {
        "path": "capacities.military",
        "label": "Capacities: Military",
        "help": "",
        "kind": "number",
        "vocabulary": None,
        "required": False,
        "min": 0,
        "max": 1,
        "default": 0.5,
        "default_by_stakeholder_type": None,
    }
    assert fields["name"]["kind"] == "text" and fields["name"]["max"] == 200
    assert fields["alliances"]["kind"] == "enum_set"
    assert fields["alliances"]["vocabulary"] == "alliances"
    assert fields["alliances"]["default"] == []
    assert fields["exposure.korean_peninsula"]["default"] == "distant"
    assert fields["time_horizon"]["default"] == "near_term"
    weights = fields["area_weights.diplomatic"]
    assert weights["default"] is None
    assert weights["default_by_stakeholder_type"] == {
        stype: area_weights["diplomatic"]
        for stype, area_weights in registry.scoring.type_area_weights.items()
    }
    assert weights["default_by_stakeholder_type"]["foreign_ministry"] == 1.0


def test_tiers_have_labels_and_score_thresholds(client):
    tiers = client.get("/v1/vocabulary").json["tiers"]
    assert [(t["value"], t["label"], t["min"]) for t in tiers] == [
        ("act_now", "Act now", 60),
        ("plan", "Plan", 35),
        ("monitor", "Monitor", 0),
    ]


def test_the_vocabulary_keeps_its_etag_and_answers_304(client):
    first = client.get("/v1/vocabulary")
    assert first.headers["Content-Language"] == "en"
    again = client.get("/v1/vocabulary", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
