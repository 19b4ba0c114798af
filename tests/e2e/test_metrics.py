"""Metrics after known traffic through a 3-worker gunicorn: every worker's /metrics sums them all."""

from __future__ import annotations

import http.client
import json
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import example_names, load_example
from tests.db import fresh_database
from tests.e2e.conftest import access_entry, gunicorn_server, issue_key

ASSESSMENTS = "/v1/assessments"
ONE = "/v1/assessments/{assessment_id}"


class Client:
    """One new connection per request, so the kernel spreads them over the workers."""

    def __init__(self, base: str, key: str | None = None) -> None:
        parts = urlsplit(base)
        self.host, self.port, self.key = parts.hostname, parts.port, key

    def send(self, method: str, path: str, body: object = None, **headers: str):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            if self.key:
                headers["Authorization"] = f"Bearer {self.key}"
            payload = None
            if body is not None:
                payload = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            connection.request(method, path, payload, headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


def parse(text: str) -> dict[tuple[str, frozenset], float]:
    """{(sample name, labels): value} for every sample of the exposition."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def fires(body: bytes) -> Counter:
    return Counter(item["area"] for item in json.loads(body)["recommendations"])


def test_metrics_sum_known_traffic_over_all_workers(tmp_path, registry):
    profiles = [load_example(name) for name in example_names()[:6]]
    with fresh_database("sqlite", tmp_path) as url:
        key = issue_key(url, "metrics")
        with gunicorn_server(url, tmp_path / "gunicorn.log", workers=3) as server:
            client = Client(server.url, key)
            anonymous = Client(server.url)

            # N stored assessments (the first with an idempotency key), concurrently.
            def create(indexed):
                index, profile = indexed
                headers = {"Idempotency-Key": "metrics-1"} if index == 0 else {}
                return client.send("POST", ASSESSMENTS, profile, **headers)

            with ThreadPoolExecutor(4) as pool:
                created = list(pool.map(create, enumerate(profiles)))
            assert [status for status, _, _ in created] == [201] * len(profiles)
            ids = [json.loads(body)["id"] for _, _, body in created]
            expected_fires = sum((fires(body) for _, _, body in created), Counter())

            # A replay (not a new assessment), a dry run (evaluated, not stored), no key (401).
            replay = client.send(
                "POST", ASSESSMENTS, profiles[0], **{"Idempotency-Key": "metrics-1"}
            )
            assert (replay[0], replay[1].get("Idempotent-Replayed")) == (201, "true")
            dry_run = client.send("POST", ASSESSMENTS + "?dry_run=true", profiles[1])
            assert dry_run[0] == 200
            expected_fires += fires(dry_run[2])
            assert anonymous.send("POST", ASSESSMENTS, profiles[1])[0] == 401

            # Reads: found, not found, unknown routes, one listing.
            with ThreadPoolExecutor(4) as pool:
                found = list(pool.map(lambda i: client.send("GET", f"{ASSESSMENTS}/{i}"), ids[:4]))
                missing = list(
                    pool.map(
                        lambda _: client.send("GET", f"{ASSESSMENTS}/{uuid.uuid4()}"), range(3)
                    )
                )
                unrouted = list(pool.map(lambda n: client.send("GET", f"/nowhere/{n}"), range(2)))
            assert [r[0] for r in found] == [200] * 4
            assert [r[0] for r in missing] == [404] * 3
            assert [r[0] for r in unrouted] == [404] * 2
            assert client.send("GET", ASSESSMENTS)[0] == 200

            # Scrape until two different workers have answered; each scrape sees everything.
            scrapes, workers = [], set()
            while len(workers) < 2 and len(scrapes) < 40:
                status, headers, body = anonymous.send("GET", "/metrics")
                assert status == 200
                assert headers["Content-Type"].startswith("text/plain")
                scrapes.append(parse(body.decode()))
                workers.add(_worker_of(server.log(), headers["X-Request-ID"]))
            assert len(workers) >= 2, "every scrape was answered by the same worker"

    for earlier_scrapes, samples in enumerate(scrapes):
        assert value(samples, "advisor_assessments_created_total") == len(profiles)
        assert value(samples, "advisor_rules_loaded") == len(registry.engine.rules)
        for ruleset in registry.rulesets:
            assert (
                value(samples, "advisor_rule_fires_total", area=ruleset.area)
                == (expected_fires[ruleset.area])
            ), ruleset.area
        requests = {
            ("POST", ASSESSMENTS, "201"): len(profiles) + 1,
            ("POST", ASSESSMENTS, "200"): 1,
            ("POST", ASSESSMENTS, "401"): 1,
            ("GET", ONE, "200"): 4,
            ("GET", ONE, "404"): 3,
            ("GET", "unmatched", "404"): 2,
            ("GET", ASSESSMENTS, "200"): 1,
            ("GET", "/metrics", "200"): earlier_scrapes,
        }
        for (method, route, status), count in requests.items():
            labels = {"method": method, "route": route, "status": status}
            assert value(samples, "advisor_http_requests_total", **labels) == count, labels
        histogram = {"method": "POST", "route": ASSESSMENTS}
        assert value(samples, "advisor_http_request_duration_seconds_count", **histogram) == (
            len(profiles) + 3
        )
        assert (
            value(samples, "advisor_http_request_duration_seconds_bucket", le="+Inf", **histogram)
            == len(profiles) + 3
        )
        assert value(samples, "advisor_http_request_duration_seconds_sum", **histogram) > 0
    assert sum(expected_fires.values()) > 0


def _worker_of(log: str, request_id: str) -> int:
    entry = access_entry(log, request_id)
    assert entry is not None, f"no access line for {request_id}"
    return entry["pid"]
