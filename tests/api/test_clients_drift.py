"""The committed clients are generated from the schema the app serves now (`make clients`)."""

from __future__ import annotations

import importlib.util

from service.api.openapi_document import openapi_document, openapi_text
from tests.conftest import CONFIG_DIR, PROJECT_ROOT

CLIENTS = PROJECT_ROOT / "clients"
REGENERATE = "run `make clients` and commit clients/"


def _manifest():
    spec = importlib.util.spec_from_file_location("clients_manifest", CLIENTS / "manifest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_schema_snapshot_is_the_schema_served():
    served = openapi_text(openapi_document(CONFIG_DIR))
    committed = (CLIENTS / "openapi.json").read_text(encoding="utf-8")
    assert served == committed, f"the API's schema changed: {REGENERATE}"


def test_the_generated_code_is_what_the_generators_made_from_the_snapshot():
    manifest = _manifest()
    recorded, actual = manifest.recorded(), manifest.digests()
    assert recorded["openapi.json"] == actual["openapi.json"], REGENERATE
    changed = sorted(
        name for name in recorded.keys() | actual.keys() if recorded.get(name) != actual.get(name)
    )
    assert changed == [], f"edited, added or removed by hand: {changed}; {REGENERATE}"
    assert "typescript/src/schema.d.ts" in recorded
    assert any(name.endswith("api/assessments/get_assessment_memo.py") for name in recorded)
