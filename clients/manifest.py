"""Record, or check, the SHA-256 of the schema and of every generated client file.

`make clients` writes clients/manifest.json after generating; the test suite checks it, so a hand
edit of generated code, or code generated from another schema, fails the build.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

CLIENTS = Path(__file__).resolve().parent
MANIFEST = CLIENTS / "manifest.json"
SCHEMA = "openapi.json"
GENERATED = ("python", "typescript/src/schema.d.ts")


def generated_files() -> list[str]:
    """Every generated file, relative to clients/, sorted."""
    found: list[str] = []
    for entry in GENERATED:
        path = CLIENTS / entry
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        found += [
            p.relative_to(CLIENTS).as_posix()
            for p in files
            if not {"__pycache__", ".ruff_cache"} & set(p.parts)
        ]
    return sorted(found)


def digests() -> dict[str, str]:
    return {
        name: hashlib.sha256((CLIENTS / name).read_bytes()).hexdigest()
        for name in [SCHEMA, *generated_files()]
    }


def write() -> None:
    MANIFEST.write_text(json.dumps(digests(), indent=2, sort_keys=True) + "\n", encoding="utf-8")


def recorded() -> dict[str, str]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


if __name__ == "__main__":
    if sys.argv[1:] == ["write"]:
        write()
    elif sys.argv[1:] == ["check"]:
        sys.exit(0 if recorded() == digests() else "clients/ differ from clients/manifest.json")
    else:
        sys.exit("usage: manifest.py write|check")
