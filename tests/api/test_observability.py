"""In-process: JSON log lines with the request id, /metrics access and values, METRICS_PUBLIC."""

from __future__ import annotations

import json
import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.settings import Settings, SettingsError
from tests.conftest import bearer, load_example, make_key


def _lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.strip()]


def test_every_log_line_during_a_request_carries_its_request_id(make_app, capsys):
    app = make_app()
    app.add_url_rule(
        "/_say", "say", lambda: logging.getLogger("service.test").warning("inside") or "said"
    )
    app.add_url_rule("/_boom", "boom", lambda: 1 / 0)
    client = app.test_client()
    capsys.readouterr()

    logging.getLogger("service.test").warning("outside")
    said = client.get("/_say", headers={"X-Request-ID": "req-say.1"})
    boom = client.get("/_boom", headers={"X-Request-ID": "req-boom.2"})
    lines = _lines(capsys.readouterr().out)

    assert said.status_code == 200
    assert boom.status_code == 500
    by_message = {(line["message"], line["request_id"]) for line in lines}
    assert ("outside", None) in by_message
    assert ("inside", "req-say.1") in by_message
    assert ("GET /_say 200", "req-say.1") in by_message
    crash = next(line for line in lines if line["message"] == "unhandled error")
    assert crash["request_id"] == "req-boom.2"
    assert "ZeroDivisionError" in crash["exception"]
    access = next(line for line in lines if line["message"] == "GET /_boom 500")
    assert access["request_id"] == "req-boom.2"
    assert access["endpoint"] == "boom"
    assert all(line["level"] and line["ts"].endswith("Z") for line in lines)


def test_the_log_level_setting_applies(make_app, capsys):
    app = make_app(log_level="WARNING")
    client = app.test_client()
    capsys.readouterr()
    assert client.get("/healthz").status_code == 200
    logging.getLogger("service.test").warning("still shown")
    lines = _lines(capsys.readouterr().out)
    assert [line["message"] for line in lines] == ["still shown"]


def _samples(response) -> dict[tuple[str, frozenset], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for sample in family.samples
    }


def test_metrics_count_requests_assessments_and_rule_fires(make_app, registry):
    app = make_app()
    client = app.test_client()
    key = make_key(app, "metrics", ("assess", "read"))
    # The same profile twice: the second is answered from the evaluation the first made
    # (service/recent.py), and counted as fully as the first.
    for _ in range(2):
        created = client.post(
            "/v1/assessments", json=load_example("ua-armed-forces"), headers=bearer(key)
        )
        assert created.status_code == 201
    assert client.get("/v1/assessments/unknown", headers=bearer(key)).status_code == 404

    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    assert metrics.mimetype == "text/plain"
    assert metrics.headers["Cache-Control"] == "no-store"
    samples = _samples(metrics)
    assert samples[("advisor_assessments_created_total", frozenset())] == 2
    assert samples[("advisor_rules_loaded", frozenset())] == len(registry.engine.rules)
    request = {"method": "POST", "route": "/v1/assessments", "status": "201"}
    assert samples[("advisor_http_requests_total", frozenset(request.items()))] == 2
    missing = {"method": "GET", "route": "/v1/assessments/{assessment_id}", "status": "404"}
    assert samples[("advisor_http_requests_total", frozenset(missing.items()))] == 1
    areas = [item["area"] for item in created.json["recommendations"]]
    for ruleset in registry.rulesets:
        labels = frozenset({"area": ruleset.area}.items())
        assert samples[("advisor_rule_fires_total", labels)] == 2 * areas.count(ruleset.area)


def test_metrics_are_public_by_default_and_outside_the_openapi_document(make_app):
    app = make_app()
    client = app.test_client()
    assert client.get("/metrics").status_code == 200
    assert "/metrics" not in client.get("/openapi.json").json["paths"]
    assert app.url_map.bind("localhost").match("/metrics")[0] == "metrics.metrics"


def test_metrics_need_an_admin_key_when_not_public(make_app):
    app = make_app(metrics_public=False)
    client = app.test_client()
    reader = make_key(app, "reader", ("assess", "read"))
    admin = make_key(app, "operator", ("admin",))

    anonymous = client.get("/metrics")
    assert anonymous.status_code == 401
    assert anonymous.mimetype == "application/problem+json"
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics", headers=bearer(reader)).status_code == 403
    assert client.get("/metrics", headers=bearer(admin)).status_code == 200
    assert client.get("/healthz").status_code == 200  # probes stay public


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[("true", True), ("TRUE", True), ("1", True), ("yes", True)],
        *[("false", False), ("False", False), ("0", False), ("no", False), (" no ", False)],
    ],
)
def test_metrics_public_setting_is_a_boolean(raw, expected):
    assert Settings.from_env({"ADVISOR_METRICS_PUBLIC": raw}).metrics_public is expected


@pytest.mark.parametrize("raw", ["", "maybe", "2", "off"])
def test_metrics_public_setting_rejects_other_words(raw):
    with pytest.raises(SettingsError, match="ADVISOR_METRICS_PUBLIC"):
        Settings.from_env({"ADVISOR_METRICS_PUBLIC": raw})
