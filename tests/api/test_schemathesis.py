"""Fuzz the whole OpenAPI document in-process: no server error, no response outside the schema."""

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from service import create_app
from service.settings import Settings
from service.store.migrate import upgrade
from tests.conftest import CONFIG_DIR, UNLIMITED, make_key

_DIRECTORY = Path(tempfile.mkdtemp(prefix="advisor-fuzz-"))
_URL = f"sqlite:///{_DIRECTORY / 'fuzz.db'}"
upgrade(_URL)
APP = create_app(
    Settings(
        config_dir=CONFIG_DIR,
        database_url=_URL,
        ratelimit_default=UNLIMITED,
        ratelimit_unauthenticated=UNLIMITED,
    )
)
KEY = make_key(APP, "fuzzer", ("assess", "read"))
schema = schemathesis.openapi.from_wsgi("/openapi.json", APP)


@schema.auth()
class BearerKey:
    """A real key, declared as auth so schemathesis also probes without it and with a wrong one."""

    def get(self, case, context):
        return KEY

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    APP.extensions["advisor"].database.dispose()
    shutil.rmtree(_DIRECTORY, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()


class AssessmentLifecycle(schema.as_state_machine()):
    """POST → GET → DELETE sequences. Dry runs answer 200 without storing, which the
    resource-availability check would read as a created resource; they are fuzzed above."""

    def before_call(self, case):
        if case.method == "POST":
            case.query = {**(case.query or {}), "dry_run": "false"}


StatefulTest = AssessmentLifecycle.TestCase
StatefulTest.settings = settings(
    max_examples=15,
    stateful_step_count=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
