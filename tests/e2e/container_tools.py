"""Build the project's real Dockerfile and run the image with buildah and podman, on loopback.

No registry is reachable here, so `FROM python:3.11-slim` is satisfied by a local stand-in tagged
with that name: Debian bookworm from debootstrap plus Debian's python3 (3.11), pip and venv. It is
built once per machine and kept in podman's storage; the project image is rebuilt by every session
with buildah's layer cache, so only the layers after a change are redone.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.settings import PROJECT_ROOT
from tests.conftest import skip_or_fail
from tests.e2e.http_support import wait_for_health

TOOLS = ("buildah", "podman", "runc", "debootstrap")
IMAGE = "localhost/stakeholder-advisor:test"
BASE_IMAGE = "docker.io/library/python:3.11-slim"
DEBIAN_IMAGE = "localhost/debian-py:bookworm"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
CONTAINERS_CONF = Path(__file__).with_name("containers.conf")
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
BUILD_LOCK = Path(tempfile.gettempdir()) / "stakeholder-advisor-image-build.lock"

# Raised when the stand-in changes, so that a machine holding an older one builds it again.
STAND_IN_VERSION = "3"
STAND_IN_DOCKERFILE = f"""\
FROM {DEBIAN_IMAGE}
RUN apt-get update \\
    && apt-get install -y --no-install-recommends python3-pip python3-venv python-is-python3 ca-certificates \\
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb /usr/lib/python3*/EXTERNALLY-MANAGED
LABEL advisor.stand-in="{STAND_IN_VERSION}"
CMD ["python3"]
"""


def _path() -> str:
    """runc and debootstrap live in /usr/sbin, which a non-login PATH may lack."""
    return os.pathsep.join([os.environ.get("PATH", ""), "/usr/local/sbin", "/usr/sbin", "/sbin"])


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool, path=_path()) is None]
    if missing:
        skip_or_fail(f"container tools missing: {', '.join(missing)}")


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": _path(), "CONTAINERS_CONF": str(CONTAINERS_CONF)}


def run(*command: str, timeout: float = 120, check: bool = True, **kwargs: Any):
    executable = shutil.which(command[0], path=_path()) or command[0]
    result = subprocess.run(
        [executable, *command[1:]],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} exited {result.returncode}\n"
            f"stdout:\n{result.stdout[-4000:]}\nstderr:\n{result.stderr[-4000:]}"
        )
    return result


def podman(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return run("podman", *args, **kwargs)


def image_exists(name: str) -> bool:
    return podman("image", "exists", name, check=False).returncode == 0


@contextmanager
def _build_lock() -> Iterator[None]:
    """Two test runs on one machine must not build the same images at once."""
    with BUILD_LOCK.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_base_image() -> None:
    """Build the stand-in for python:3.11-slim unless this machine already has this version."""
    if image_exists(BASE_IMAGE) and stand_in_version() in {STAND_IN_VERSION, None}:
        return
    with tempfile.TemporaryDirectory(prefix="advisor-standin-", dir="/var/tmp") as scratch:
        work = Path(scratch)
        if not image_exists(DEBIAN_IMAGE):
            rootfs = work / "rootfs"
            run(
                "debootstrap",
                "--variant=minbase",
                "--include=python3",
                "bookworm",
                str(rootfs),
                DEBIAN_MIRROR,
                timeout=600,
            )
            for deb in (rootfs / "var/cache/apt/archives").glob("*.deb"):
                deb.unlink()
            tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
            try:
                run(
                    "podman",
                    "import",
                    "--change",
                    'CMD ["/usr/bin/python3"]',
                    "-",
                    DEBIAN_IMAGE,
                    stdin=tar.stdout,
                    timeout=300,
                )
            finally:
                assert tar.stdout is not None
                tar.stdout.close()
                tar.wait()
        (work / "Dockerfile").write_text(STAND_IN_DOCKERFILE)
        buildah_bud(work, BASE_IMAGE)


def buildah_bud(context: Path, tag: str, *, host_ca: bool = False) -> None:
    """`--format docker` keeps HEALTHCHECK (the OCI format drops it). With host_ca, the host's CA
    bundle is mounted during RUN steps only, for pip behind this network's TLS inspection (not
    for the stand-in, whose ca-certificates package writes that file)."""
    volume = ["--volume", f"{CA_BUNDLE}:{CA_BUNDLE}:ro"] if host_ca and CA_BUNDLE.exists() else []
    run(
        "buildah",
        "bud",
        "--isolation",
        "chroot",
        "--pull=never",
        "--layers",
        "--format",
        "docker",
        *volume,
        "--tag",
        tag,
        str(context),
        timeout=900,
    )


def build_image() -> str:
    """Build the project's Dockerfile (the stand-in base first, if needed); return the tag."""
    with _build_lock():
        ensure_base_image()
        previous = image_id(IMAGE)
        buildah_bud(PROJECT_ROOT, IMAGE, host_ca=True)
        if previous and previous != image_id(IMAGE):
            # The last build's own layers; the cached ones (the pinned lock's above all) stay.
            podman("rmi", previous, check=False)
    return IMAGE


def stand_in_version() -> str | None:
    """Our stand-in's version label on the image named python:3.11-slim ("" before labels);
    None for the official image itself, which sets PYTHON_VERSION."""
    config = inspect_image(BASE_IMAGE)["Config"]
    if any(env.startswith("PYTHON_VERSION=") for env in config.get("Env") or ()):
        return None
    return (config.get("Labels") or {}).get("advisor.stand-in", "")


def image_id(name: str) -> str | None:
    result = podman("image", "inspect", "--format", "{{.Id}}", name, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def inspect_image(image: str) -> dict[str, Any]:
    return json.loads(podman("image", "inspect", image).stdout)[0]


@dataclass
class Container:
    """A container started with `podman run -d` on the host network, bound to one loopback port."""

    id: str
    port: int
    image: str
    args: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def exec(self, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return podman("exec", self.id, *command, check=check)

    def logs(self) -> str:
        result = podman("logs", self.id, check=False)
        return result.stdout + result.stderr

    def state(self) -> dict[str, Any]:
        return json.loads(podman("container", "inspect", self.id).stdout)[0]["State"]

    def healthcheck(self) -> subprocess.CompletedProcess[str]:
        """Run the image's HEALTHCHECK once (no systemd here to schedule it)."""
        return podman("healthcheck", "run", self.id, check=False, timeout=30)

    def wait_healthy(self, timeout: float = 60) -> None:
        wait_for_health(
            self.base,
            alive=lambda: bool(self.state().get("Running")),
            describe=self.logs,
            timeout=timeout,
        )

    def stop(self, grace: int) -> float:
        """`podman stop -t GRACE`: SIGTERM, then SIGKILL after GRACE seconds. Return the time."""
        started = time.monotonic()
        podman("stop", "-t", str(grace), self.id, timeout=grace + 60)
        return time.monotonic() - started

    def remove(self) -> None:
        podman("rm", "--force", "--volumes", "--time", "0", self.id, check=False)


class Containers:
    """Starts containers and volumes for one test and removes them all afterwards."""

    def __init__(self, image: str) -> None:
        self.image = image
        self.started: list[Container] = []
        self.volumes: list[str] = []

    def volume(self) -> str:
        name = f"advisor-test-{uuid.uuid4().hex[:10]}"
        podman("volume", "create", name)
        self.volumes.append(name)
        return name

    def run(self, port: int, *, volume: str | None = None, env: dict[str, str] | None = None):
        args = [
            "--detach",
            "--network",
            "host",
            "--health-interval",
            "disable",
            "--env",
            f"ADVISOR_BIND=127.0.0.1:{port}",
            "--env",
            "ADVISOR_WORKERS=2",
        ]
        for name, value in (env or {}).items():
            args += ["--env", f"{name}={value}"]
        if volume:
            args += ["--volume", f"{volume}:/app/var"]
        container_id = podman("run", *args, self.image, timeout=60).stdout.strip()
        container = Container(container_id, port, self.image, args)
        self.started.append(container)
        return container

    def cleanup(self) -> None:
        for container in self.started:
            container.remove()
        for name in self.volumes:
            podman("volume", "rm", "--force", name, check=False)


def http(
    method: str, url: str, *, key: str | None = None, body: bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request; any status comes back as it is (no exception for 4xx and 5xx)."""
    headers = {"Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
