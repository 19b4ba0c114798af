"""JSON log lines on stdout, one object per line, each carrying the request id it belongs to.

The app's own loggers, the libraries' and gunicorn's error log all go through `JsonFormatter`;
the access log is written by the app (`log_access`), not by gunicorn.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from typing import Any

import orjson
from flask import Request
from gunicorn.glogging import Logger as _GunicornBaseLogger

from service.access import Caller
from service.observability.request_id import ENVIRON_KEY as REQUEST_ID
from service.observability.request_id import current_request_id

ACCESS_LOGGER = "service.access"
access_logger = logging.getLogger(ACCESS_LOGGER)

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


def timestamp(seconds: float) -> str:
    """A line's `ts`: UTC, to the millisecond, with a `Z`; the access line writes one per request.

    The date and time to the second are formatted once per second, not once per line."""
    global _last_second
    whole = int(seconds)
    second, text = _last_second
    if whole != second:
        text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
        _last_second = (whole, text)  # one tuple: threads see the old pair or the new one
    return f"{text}.{int(seconds % 1 * 1000):03d}Z"


_last_second: tuple[int, str] = (-1, "")


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "message", "request_id", "pid", ...extra fields}` per line.

    `request_id` is on every line: the record's own (from `extra=`), else the id of the request
    being served, else null (start-up, shutdown, the gunicorn master).
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": record.__dict__.get("request_id") or current_request_id(),
            "pid": record.process,
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        try:
            return orjson.dumps(entry, default=str).decode()
        except orjson.JSONEncodeError:  # text orjson refuses, such as a lone surrogate
            return json.dumps(entry, default=str)  # escaped, so the line can always be written


class StdoutHandler(logging.StreamHandler):
    """Writes to whatever `sys.stdout` is at the time of the record (pytest swaps it per test)."""

    advisor = True

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())

    @property
    def stream(self):  # type: ignore[override]
        return sys.stdout

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure_logging(level: str) -> None:
    """One JSON handler on the root logger at `level`; calling it again replaces it, not adds."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "advisor", False):
            root.removeHandler(handler)
    root.addHandler(StdoutHandler())
    root.setLevel(level)


def log_access(
    current: Request, caller: Caller | None, route: str, status: int, seconds: float
) -> None:
    """The access line of `current`, the request being answered (by `caller`, if any); called
    once per response.

    Written straight to stdout rather than through `logging`: the record, the formatter's pass
    over its attributes and the handler's lock cost more than the request of a probe. The line
    has the fields `JsonFormatter` would give it, and is written whole, then flushed.
    """
    if not access_logger.isEnabledFor(logging.INFO):
        return
    method, path = current.method, current.path
    entry = {
        "ts": timestamp(time.time()),
        "level": "INFO",
        "logger": ACCESS_LOGGER,
        "message": f"{method} {path} {status}",
        "request_id": current.environ.get(REQUEST_ID),
        "pid": os.getpid(),
        "method": method,
        "path": path,
        "route": route,
        "endpoint": current.endpoint,
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
        "client_id": caller.id if caller is not None else None,
        "remote_addr": current.remote_addr,
    }
    try:
        line = orjson.dumps(entry, option=orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:  # a path with a lone surrogate: escaped, still one line
        line = (json.dumps(entry) + "\n").encode()
    _write_line(line)


def _write_line(line: bytes) -> None:
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stream (a test's replacement)
        stream.write(line.decode())
    else:
        stream.flush()  # text written before this line goes out before it
        buffer.write(line)
    stream.flush()


class GunicornLogger(_GunicornBaseLogger):
    """gunicorn's error log as JSON lines on stdout; no access log (the app writes its own)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        logging.captureWarnings(True)
        for handler in list(self.error_log.handlers):
            if cfg.errorlog == "-":
                self.error_log.removeHandler(handler)
            else:
                handler.setFormatter(JsonFormatter())
        if cfg.errorlog == "-":
            handler = StdoutHandler()
            handler._gunicorn = True  # so gunicorn's own setup() drops it on a config reload
            self.error_log.addHandler(handler)

    def access(self, resp, req, environ, request_time) -> None:
        return
