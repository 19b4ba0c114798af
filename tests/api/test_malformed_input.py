"""Malformed input answers a 4xx problem naming the field, the same on SQLite and PostgreSQL."""

import base64
import json

import pytest

from service.store.models import Assessment

OK = b'"stakeholder_type": "legislature"'


def problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.json
    assert body["status"] == status
    return body


def post(client, body: bytes, query: str = ""):
    return client.post(f"/v1/assessments{query}", data=body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"{" + OK + b', "capacities": {"military": NaN}}', "NaN"),
        (b"{" + OK + b', "capacities": {"military": Infinity}}', "Infinity"),
        (b"{" + OK + b', "capacities": {"military": -Infinity}}', "-Infinity"),
        (b"{" + OK + b", " + OK + b"}", "appears more than once"),
        (b"{" + OK + b', "capacities": {"military": 0.1, "military": 0.2}}', "more than once"),
        (b"{" + OK + b", ", "not valid JSON"),
        (b"\xff\xfe{}", "UTF-8"),
        (b"\xef\xbb\xbf{" + OK + b"}", "Unexpected UTF-8 BOM"),
    ],
)
def test_invalid_json_is_400(client, body, why):
    detail = problem(post(client, body), 400)["detail"]
    assert "not valid JSON" in detail and why in detail


@pytest.mark.parametrize(
    "number",
    [b"1e999", b"-1e999", b"9" * 5000, b"-" + b"9" * 5000, b"1" + b"0" * 400, b"2", b"-0.5"],
)
def test_numbers_out_of_range_are_422_out_of_range(client, number):
    body = b"{" + OK + b', "capacities": {"military": ' + number + b"}}"
    errors = problem(post(client, body), 422)["errors"]
    assert errors == {
        "capacities.military": [{"code": "out_of_range", "message": "Must be between 0 and 1."}]
    }


@pytest.mark.parametrize(
    "name",
    [
        "a\u0000b",
        "line\nbreak",
        "tab\there",
        "bell\u0007",
        "del\u007f",
        "c1\u0085",
        "\ud800",
        "x\udfff",
    ],
)
def test_control_characters_and_lone_surrogates_in_text_are_422(client, app, name):
    body = ("{" + OK.decode() + ', "name": ' + json.dumps(name) + "}").encode()
    errors = problem(post(client, body), 422)["errors"]
    assert list(errors) == ["name"]
    [error] = errors["name"]
    assert error["code"] == "control_characters"
    assert "control characters or unpaired surrogates" in error["message"]
    with app.extensions["advisor"].database.reading() as session:
        assert session.query(Assessment).count() == 0


def test_ordinary_unicode_names_are_accepted(client):
    body = {"stakeholder_type": "legislature", "name": "Verkhovna Rada – Україна 🇺🇦 \u00a0"}
    response = client.post("/v1/assessments?dry_run=true", json=body)
    assert response.status_code == 200
    assert response.json["profile"]["name"] == body["name"]


@pytest.mark.parametrize("field", ["stakeholder_type", "country", "alignment", "time_horizon"])
def test_lone_surrogates_in_enum_values_are_422(client, field):
    body = {"stakeholder_type": "legislature", field: "\ud800x"}
    raw = json.dumps(body).encode()  # ensure_ascii writes the surrogate as \ud800
    errors = problem(post(client, raw), 422)["errors"]
    assert list(errors) == [field]
    [error] = errors[field]
    assert error["code"] == "unknown_value"
    assert "\\ud800x" in error["message"]


def test_lone_surrogates_in_list_values_are_422(client):
    raw = json.dumps({"stakeholder_type": "legislature", "alliances": ["\udc00"]}).encode()
    errors = problem(post(client, raw), 422)["errors"]
    assert list(errors) == ["alliances.0"]


def test_lone_surrogates_in_field_names_are_escaped_in_the_errors(client):
    raw = json.dumps({"stakeholder_type": "legislature", "\ud800bad": 1, "exposure": {"\udfff": 1}})
    response = post(client, raw.encode())
    body = problem(response, 422)
    assert set(body["errors"]) == {"\\ud800bad", "exposure.\\udfff"}
    assert {e[0]["code"] for e in body["errors"].values()} == {"unknown_field"}
    assert "\\ud800bad" in body["detail"]
    response.get_data().decode("utf-8")  # strict UTF-8 all through


@pytest.mark.parametrize(
    "since",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+23:59"],
)
def test_since_outside_utc_is_422(client, since):
    response = client.get("/v1/assessments", query_string={"since": since})
    errors = problem(response, 422)["errors"]
    assert errors["since"][0]["code"] == "out_of_range"


def test_since_at_the_edges_of_utc_is_accepted(client):
    for since in ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59+00:00"):
        response = client.get("/v1/assessments", query_string={"since": since})
        assert response.status_code == 200, response.json


@pytest.mark.parametrize("limit", ["9" * 5000, "-" + "9" * 5000, "1000", "0"])
def test_limit_out_of_range_is_422(client, limit):
    errors = problem(client.get("/v1/assessments", query_string={"limit": limit}), 422)["errors"]
    assert errors == {"limit": [{"code": "out_of_range", "message": "Must be between 1 and 100."}]}


def _cursor(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        _cursor(["2026-01-01T00:00:00", "\ud800"]),
        _cursor(["2026-01-01T00:00:00", "a\u0000b"]),
        _cursor(["2026-01-01T00:00:00", "new\nline"]),
        "\u0000",
        "%",
    ],
)
def test_cursors_with_nul_or_surrogates_are_422(client, cursor):
    errors = problem(client.get("/v1/assessments", query_string={"cursor": cursor}), 422)["errors"]
    assert list(errors) == ["cursor"]
    assert errors["cursor"][0]["code"] in {"invalid_format", "control_characters"}


UNNAMEABLE = ["%00", "abc%00def", "%ED%A0%80", "%0A", "x%7F"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", f"/v1/assessments/{i}") for i in UNNAMEABLE]
    + [("DELETE", f"/v1/assessments/{i}") for i in UNNAMEABLE]
    + [("GET", "/v1/rulesets/%00"), ("GET", "/v1/articles/dprk-troops-kursk%00")],
)
def test_path_ids_with_nul_or_surrogates_are_404(client, method, path):
    problem(client.open(path, method=method), 404)


@pytest.mark.parametrize("key", ["tab\tkey", "nul\u0000key", "é-key", ""])
def test_idempotency_keys_outside_printable_ascii_are_422(client, key):
    response = client.post(
        "/v1/assessments",
        json={"stakeholder_type": "legislature"},
        headers={"Idempotency-Key": key},
    )
    errors = problem(response, 422)["errors"]
    assert list(errors) == ["Idempotency-Key"]
    assert errors["Idempotency-Key"][0]["code"] in {"invalid_format", "too_short"}
