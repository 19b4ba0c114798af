"""The image's HEALTHCHECK: GET /healthz on the address gunicorn is bound to (ADVISOR_BIND).

Standard library only, so the image needs no curl. Exit 0 when healthy, 1 otherwise.
"""

import os
import sys
import urllib.request

WILDCARDS = {"", "0.0.0.0", "*", "::", "[::]"}


def url(bind: str) -> str:
    host, _, port = bind.strip().rpartition(":")
    if host in WILDCARDS:
        host = "127.0.0.1" if host in {"", "0.0.0.0", "*"} else "[::1]"
    return f"http://{host}:{port}/healthz"


def main() -> int:
    target = url(os.environ.get("ADVISOR_BIND", "127.0.0.1:8000"))
    try:
        with urllib.request.urlopen(target, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except OSError as exc:
        print(f"{target}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
