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
threads = _settings.threads
# The app (rules, articles, schema) is loaded once in the master and shared by the workers;
# create_app opens no database connection, so nothing connected crosses the fork.
preload_app = True
timeout = 30
graceful_timeout = 25
keepalive = 5
# No worker is replaced after a number of requests unless ADVISOR_MAX_REQUESTS asks: a replaced
# worker's keep-alive clients reconnect to the workers still running, and its successor idles
# until they move again, so for seconds one worker serves every connection (bench-http's req/s
# halved while it lasted). Without it, a worker's memory stayed at 71-77 MB over 450,000 requests.
max_requests = _settings.max_requests
max_requests_jitter = _settings.max_requests // 20
# Each worker listens on a socket of its own (SO_REUSEPORT) and the kernel spreads new connections
# over them. On one shared socket, whichever worker woke first accepted a whole burst: keep-alive
# clients often all landed on one worker, which then served them on one core (a 15 s dry-run
# load: 710 req/s with 8 connections on one worker, 1,300-2,050 spread). A worker's own socket
# closes with it, resetting the connections still queued on it, so workers replaced routinely
# (ADVISOR_MAX_REQUESTS) share one socket instead, as do unix sockets, which cannot be shared so.
reuse_port = _settings.max_requests == 0 and not _settings.bind.startswith(("unix:", "fd://"))
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


def _announce() -> None:
    """Print `stakeholder-advisor serve --announce`'s text: a request made now is answered."""
    announcement = os.environ.get("ADVISOR_ANNOUNCE")
    if announcement:
        print(announcement, flush=True)


def when_ready(server):
    """With one shared socket, the master's is listening once the server is ready."""
    if not reuse_port:
        _announce()


def post_worker_init(worker):
    """With a socket per worker, each says where it listens (the master's "Listening at" names
    none), and the first worker's is listening once the worker has loaded."""
    if not reuse_port:
        return
    addresses = ",".join(str(listener) for listener in worker.sockets)
    worker.log.info("Listening at: %s (worker %s)", addresses, worker.pid)
    if worker.age == 1:
        _announce()


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
