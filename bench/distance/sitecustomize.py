"""A PostgreSQL server farther away, for `bench/http.py --server-distance-ms`.

Python imports `sitecustomize` at start-up from its path, and the benchmark puts this folder on
the PYTHONPATH of the servers it starts: each psycopg statement and commit then first sleeps
ADVISOR_BENCH_SERVER_DISTANCE_MS, the GIL released, as a thread waiting on a socket to a server
across a network does. This machine's kernel has no netem to delay the packets themselves.
"""

import os
import time

DISTANCE = "ADVISOR_BENCH_SERVER_DISTANCE_MS"


def _farther(method, seconds: float):
    def waited(*args, **kwargs):
        time.sleep(seconds)
        return method(*args, **kwargs)

    return waited


def _install(seconds: float) -> None:
    try:
        import psycopg
    except ImportError:  # a server that never talks to PostgreSQL
        return
    psycopg.Cursor.execute = _farther(psycopg.Cursor.execute, seconds)
    psycopg.Connection.commit = _farther(psycopg.Connection.commit, seconds)


_milliseconds = float(os.environ.get(DISTANCE) or 0)
if _milliseconds > 0:
    _install(_milliseconds / 1000)
