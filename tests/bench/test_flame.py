"""`make bench-profile` charges each sample to the right owner, or its summary misleads."""

from __future__ import annotations

import sysconfig

from bench.flame import PROJECT, owner, shares

STDLIB = sysconfig.get_paths()["stdlib"]
SITE = sysconfig.get_paths()["purelib"]


def test_our_modules_are_named_by_package_or_module() -> None:
    assert owner(str(PROJECT / "service/engine/scoring.py")) == "service/engine"
    assert owner(str(PROJECT / "service/wire.py")) == "service/wire"
    assert owner(str(PROJECT / "service/api/assessments/views.py")) == "service/api"


def test_libraries_are_grouped_and_the_rest_is_stdlib_or_other() -> None:
    assert owner(f"{SITE}/werkzeug/routing/map.py") == "Flask+Werkzeug"
    assert owner(f"{SITE}/flask/app.py") == "Flask+Werkzeug"
    assert owner(f"{SITE}/gunicorn/workers/gthread.py") == "gunicorn"
    assert owner(f"{SITE}/typing_extensions.py") == "other libraries"
    assert owner(f"{STDLIB}/threading.py") == "stdlib"
    assert owner("<frozen importlib._bootstrap>") == "other"


def test_a_sample_is_charged_to_its_innermost_frame() -> None:
    views = PROJECT / "service/api/assessments/views.py"
    lines = [
        f"run ({SITE}/gunicorn/workers/gthread.py:10);get ({views}:12);dumps ({SITE}/orjson.py:1) 5",
        f"run ({SITE}/gunicorn/workers/gthread.py:10);get ({views}:12) 3",
        f"run ({SITE}/gunicorn/workers/gthread.py:10) 2",
        "",
    ]
    assert shares(lines) == {"other libraries": 5, "service/api": 3, "gunicorn": 2}
