"""Failure behaviour: the database going away and coming back, SIGTERM under load, broken config.

The database outage goes through a TCP proxy this test owns (tests/e2e/tcp_proxy.py); the
machine's PostgreSQL keeps running for everyone else.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from service import create_app
from service.settings import Settings
from service.store.database import Database
from service.store.repository import AssessmentRepository
from tests.conftest import CONFIG_DIR, bearer, load_example, make_key
from tests.db import fresh_database
from tests.e2e.conftest import GUNICORN_CONF, free_port, gunicorn_server, issue_key
from tests.e2e.http_support import post_assessment
from tests.e2e.tcp_proxy import HANG, RESET, TcpProxy

PROFILE = load_example("ua-armed-forces")
BODY = json.dumps(PROFILE).encode()

# ADVISOR_DB_TIMEOUT_SECONDS for the outage test. psycopg waits at least 2 s for a connection,
# so a request facing a database that never answers takes about that long; allow some slack.
DB_TIMEOUT = 2.0
ANSWER_BOUND = 2 * DB_TIMEOUT + 1
GRACEFUL_TIMEOUT = 25  # config/gunicorn.conf.py


# --- The database goes away and comes back ---------------------------------------------------


@pytest.fixture
def outage(tmp_path):
    """An app whose only way to PostgreSQL is a proxy the test can cut."""
    with (
        fresh_database("postgresql", tmp_path) as direct_url,
        TcpProxy.to_database(direct_url) as proxy,
    ):
        app = create_app(
            Settings(
                config_dir=CONFIG_DIR,
                database_url=proxy.url_through(direct_url),
                db_timeout_seconds=DB_TIMEOUT,
            )
        )
        try:
            yield app, proxy, direct_url
        finally:
            app.extensions["advisor"].database.dispose()


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _assert_unavailable(response, elapsed: float) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 503
    assert response.json["request_id"] == response.headers["X-Request-ID"]
    assert int(response.headers["Retry-After"]) > 0
    assert elapsed < ANSWER_BOUND, f"took {elapsed:.1f}s, bound {ANSWER_BOUND}s"


@pytest.mark.parametrize("mode", [RESET, HANG], ids=["connections-reset", "connections-hang"])
def test_database_outage_answers_503_in_bounded_time_and_recovers(outage, mode):
    app, proxy, direct_url = outage
    key = make_key(app, "outage", ("assess", "read"))
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = bearer(key)["Authorization"]

    before = client.post("/v1/assessments", json=PROFILE)
    assert before.status_code == 201
    assert client.get("/readyz").status_code == 200
    assert proxy.connections > 0  # the app's pool really goes through the proxy

    proxy.cut(mode)
    for call in (
        lambda: client.post("/v1/assessments", json=PROFILE),
        lambda: client.get(f"/v1/assessments/{before.json['id']}"),
        lambda: client.get("/v1/assessments"),
        lambda: client.get("/readyz"),
    ):
        _assert_unavailable(*_timed(call))
    # Liveness does not depend on the database: the process is fine, only not ready.
    assert client.get("/healthz").status_code == 200

    proxy.restore()
    # The same app, not restarted: the pool drops its dead connections and opens new ones.
    assert client.get("/readyz").status_code == 200
    after = client.post("/v1/assessments", json=PROFILE)
    assert after.status_code == 201, after.get_data(as_text=True)
    assert client.get(f"/v1/assessments/{before.json['id']}").status_code == 200

    database = Database(direct_url)
    try:
        assert AssessmentRepository(database).count() == 2
    finally:
        database.dispose()


# --- SIGTERM with requests in flight ---------------------------------------------------------


def _post(base: str, key: str) -> tuple[int | None, str | None]:
    """(status, id), or (None, None) when the server did not take the request at all."""
    try:
        return post_assessment(base, key, BODY)
    except (ConnectionError, http.client.HTTPException):
        return None, None


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigterm_lets_in_flight_requests_finish_and_loses_no_assessment(tmp_path, backend):
    with fresh_database(backend, tmp_path) as url:
        key = issue_key(url, "sigterm")
        with gunicorn_server(url, tmp_path / "gunicorn.log", workers=2) as server:
            parts = urlsplit(server.url)
            # A request certainly in flight at SIGTERM: its connection is served (a first
            # request answered on it), its second request's body is only half sent.
            slow = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
            slow.request("POST", "/v1/assessments", BODY, headers)
            first = slow.getresponse()
            first_id = json.loads(first.read())["id"]
            assert first.status == 201
            slow.putrequest("POST", "/v1/assessments")
            for name, value in {**headers, "Content-Length": str(len(BODY))}.items():
                slow.putheader(name, value)
            slow.endheaders()
            half = len(BODY) // 2
            slow.send(BODY[:half])

            # A burst of concurrent POSTs; SIGTERM once a quarter of them have been answered.
            total, answered, quarter = 64, [0], threading.Event()
            lock = threading.Lock()

            def post(_):
                result = _post(server.url, key)
                with lock:
                    answered[0] += 1
                    if answered[0] >= total // 4:
                        quarter.set()
                return result

            with ThreadPoolExecutor(8) as pool:
                burst = pool.map(post, range(total))
                assert quarter.wait(30)
                server.process.send_signal(signal.SIGTERM)
                signalled = time.monotonic()
                time.sleep(0.5)  # the workers are stopping now; the slow client finishes its body
                slow.send(BODY[half:])
                last = slow.getresponse()
                last_body = json.loads(last.read())
                results = list(burst)
            slow.close()

            assert last.status == 201, last_body
            exit_code = server.process.wait(timeout=GRACEFUL_TIMEOUT + 5)
            stopped_after = time.monotonic() - signalled
            log = server.log()

        assert exit_code == 0, log
        assert stopped_after < GRACEFUL_TIMEOUT, log
        statuses = {status for status, _ in results}
        # Each burst request was either answered 201 or never taken (connection refused/reset).
        assert statuses <= {201, None}, statuses
        accepted = {first_id, last_body["id"]} | {i for status, i in results if status == 201}
        database = Database(url)
        try:
            repository = AssessmentRepository(database)
            assert repository.count() == len(accepted)
            assert all(repository.get(i, None) is not None for i in accepted)
        finally:
            database.dispose()


# --- A broken rule set or article at start -----------------------------------------------------


def _break_quote(config: Path, edit_yaml) -> str:
    def change(data):
        data["rules"][0]["evidence"][0]["quote"] = "Words the article never says."

    edit_yaml(config / "rulesets" / "diplomatic.yaml", change)
    return "quote not found in any article: 'Words the article never says.'"


def _break_article(config: Path, _edit_yaml) -> str:
    article = config / "articles" / "dprk-troops-kursk.yaml"
    text = article.read_text(encoding="utf-8").replace("title: ", "headline: ", 1)
    article.write_text(text, encoding="utf-8")
    return "dprk-troops-kursk.yaml: title: required"


def _launch(launcher: str, config: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "ADVISOR_CONFIG_DIR": str(config),
        "ADVISOR_DATABASE_URL": f"sqlite:///{tmp_path / 'never-used.db'}",
        "ADVISOR_BIND": f"127.0.0.1:{free_port()}",
        "ADVISOR_WORKERS": "1",
    }
    if launcher == "serve":
        command = [str(Path(sys.executable).parent / "stakeholder-advisor"), "serve"]
    else:
        command = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("breakage", [_break_quote, _break_article], ids=["rule-set", "article"])
@pytest.mark.parametrize("launcher", ["serve", "gunicorn"])
def test_broken_configuration_stops_the_process_with_the_loaders_message(
    tmp_path, config_copy, edit_yaml, launcher, breakage
):
    message = breakage(config_copy, edit_yaml)
    finished = _launch(launcher, config_copy, tmp_path)
    output = finished.stdout + finished.stderr
    assert finished.returncode != 0, output
    assert message in output, output
    if launcher == "serve":
        # The command checks the configuration itself: exit 2 and the list of problems.
        assert finished.returncode == 2
        assert "configuration error" in finished.stderr
    assert "Listening at" not in output
