"""Debian's nginx, run in the foreground with the project's template, for end-to-end tests."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import CONFIG_DIR, skip_or_fail
from tests.e2e.conftest import free_port, stop

NGINX_DIR = CONFIG_DIR / "nginx"
TEMPLATE = NGINX_DIR / "templates" / "advisor.conf.template"
TEMPLATE_VARIABLES = ("PROXY_LISTEN", "PROXY_UPSTREAM", "PROXY_MAX_BODY_BYTES")
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def nginx_binary() -> str:
    """Debian's nginx (in /usr/sbin, which a non-root PATH may lack); skips or fails without it."""
    found = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    if found is None:
        skip_or_fail("nginx missing: apt-get install nginx (.ci/run does)")
    return found


def render_template(values: dict[str, str]) -> str:
    """What the official image's envsubst makes of the template, given these variables."""
    text = TEMPLATE.read_text(encoding="utf-8")
    missing = set(_PLACEHOLDER.findall(text)) - set(values)
    assert not missing, f"no value for {sorted(missing)}"
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def main_config(directory: Path, site: Path) -> str:
    """An nginx.conf that keeps every file nginx writes in `directory` and runs as this user."""
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {directory / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\n"
        f"pid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'error.log'} info;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"{temp}\n"
        f"    include {site};\n"
        "}\n"
    )


@dataclass
class Nginx:
    """A running nginx: its base URL and port, and the directory of its files."""

    url: str
    port: int
    directory: Path

    def access_log(self) -> str:
        return (self.directory / "stdout.log").read_text(errors="replace")

    def access_log_with(self, text: str, seconds: float = 10.0) -> str:
        """The access log once it holds `text`: nginx writes a request's line as it finishes the
        request, which may be just after the client has read the response."""
        deadline = time.monotonic() + seconds
        while text not in (log := self.access_log()) and time.monotonic() < deadline:
            time.sleep(0.05)
        return log


@contextmanager
def nginx(directory: Path, upstream: str, max_body_bytes: int) -> Iterator[Nginx]:
    """nginx in front of `upstream` (host:port) on a free loopback port; stopped on exit."""
    binary = nginx_binary()
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    site = directory / "advisor.conf"
    site.write_text(
        render_template(
            {
                "PROXY_LISTEN": f"127.0.0.1:{port}",
                "PROXY_UPSTREAM": upstream,
                "PROXY_MAX_BODY_BYTES": str(max_body_bytes),
            }
        ),
        encoding="utf-8",
    )
    conf = directory / "nginx.conf"
    conf.write_text(main_config(directory, site), encoding="utf-8")
    command = [binary, "-c", str(conf), "-e", str(directory / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    with (directory / "stdout.log").open("wb") as out:
        process = subprocess.Popen(
            [*command, "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT
        )
        try:
            _wait_listening(port, process, directory)
            yield Nginx(f"http://127.0.0.1:{port}", port, directory)
        finally:
            stop(process, signal.SIGQUIT, grace=10)


def _wait_listening(port: int, process: subprocess.Popen, directory: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError((directory / "error.log").read_text(errors="replace"))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nginx did not listen on {port} within 10 s")
