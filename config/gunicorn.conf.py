"""gunicorn settings, all from ADVISOR_* variables (see service/settings.py for their defaults)."""

import atexit
import gc
import os
import shutil
import tempfile
from pathlib import Path

# Metrics across workers: prometheus-client's multiprocess mode needs its directory in the
# environment before it is first imported, in the master (the app is preloaded) and so in every
# worker. A fresh directory per server start, or ADVISOR_METRICS_DIR emptied at start; a config
# reload (SIGHUP) in the same master keeps the directory it has.
_METRICS_OWNER = "ADVISOR_METRICS_DIR_OWNER"


def _remove_metrics_dir(path: Path, owner: int) -> None:
    if os.getpid() == owner:  # the master; workers inherit atexit handlers too
        shutil.rmtree(path, ignore_errors=True)


if os.environ.get(_METRICS_OWNER) != str(os.getpid()):
    if os.environ.get("ADVISOR_METRICS_DIR"):
        _metrics_dir = Path(os.environ["ADVISOR_METRICS_DIR"])
        _metrics_dir.mkdir(parents=True, exist_ok=True)
        for _stale in _metrics_dir.glob("*.db"):
            _stale.unlink()
    else:
        _metrics_dir = Path(tempfile.mkdtemp(prefix="advisor-metrics-"))
        atexit.register(_remove_metrics_dir, _metrics_dir, os.getpid())
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(_metrics_dir)
    os.environ[_METRICS_OWNER] = str(os.getpid())

from service.settings import Settings  # noqa: E402  (after the metrics directory is set)

_settings = Settings.from_env()

wsgi_app = "service.wsgi:app"
bind = [_settings.bind]
workers = _settings.workers
worker_class = "gthread"
threads = 4
# The app (rules, articles, schema) is loaded once in the master and shared by the workers;
# create_app opens no database connection, so nothing connected crosses the fork.
preload_app = True
timeout = 30
graceful_timeout = 25
keepalive = 5
max_requests = 10000
max_requests_jitter = 500
limit_request_line = 8190
# gunicorn believes no forwarding header from anyone (by default it takes X-Forwarded-Proto from
# 127.0.0.1): the app does, from ADVISOR_TRUSTED_PROXIES only (service/api/proxies.py).
forwarded_allow_ips = ""
# Logs: JSON lines on stdout. The app writes one access line per request (with the request id
# and the client), so gunicorn's text access log is off; its error log is JSON too.
accesslog = None
# gunicorn 27's control socket (for gunicornc) is shared per host and unused here.
control_socket_disable = True
errorlog = "-"
logger_class = "service.observability.logs.GunicornLogger"
loglevel = _settings.log_level.lower()
# Do not advertise the server software or version.
proc_name = "stakeholder-advisor"


def when_ready(server):
    """Print `stakeholder-advisor serve --announce`'s text once the sockets are listening."""
    announcement = os.environ.get("ADVISOR_ANNOUNCE")
    if announcement:
        print(announcement, flush=True)


def pre_fork(server, worker):
    """Put the preloaded app (rules, articles, schemas) out of the garbage collector's reach.

    Frozen objects are never scanned, so a worker's full collections walk only what its requests
    made (in process: /healthz 189 -> 114 µs, a dry-run POST 935 -> 744 µs), and they no longer
    write to the shared pages, which stay shared instead of being copied into every worker.
    """
    gc.freeze()


def child_exit(server, worker):
    """Drop the live-gauge files of a worker that has exited (its counters are kept)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
