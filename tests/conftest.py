"""Fixtures shared by every layer: the real configuration, loaded once, and editable copies of it."""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import event

from service.registry import Registry, load_registry
from service.settings import PROJECT_ROOT

CONFIG_DIR = PROJECT_ROOT / "config"
EXAMPLES_DIR = CONFIG_DIR / "examples"
ARTICLE_ID = "dprk-troops-kursk"


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry(CONFIG_DIR)


@pytest.fixture(scope="session")
def article(registry: Registry):
    return registry.articles[ARTICLE_ID]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Outside CI a missing tool skips the test; in CI it is a failure (.ci/run installs them)."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: .ci/run should have installed it)")
    pytest.skip(reason)


def load_example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))


def example_names() -> list[str]:
    return sorted(path.stem for path in EXAMPLES_DIR.glob("*.json"))


@pytest.fixture
def config_copy(tmp_path: Path) -> Path:
    """A private copy of config/ that a test may break."""
    target = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, target)
    return target


@pytest.fixture
def edit_yaml() -> Callable[[Path, Callable[[Any], Any]], None]:
    """Rewrite a YAML file after a function has changed its parsed content in place."""

    def edit(path: Path, change: Callable[[Any], Any]) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    return edit


BACKENDS = ["sqlite", "postgresql"]
# Most tests are not about rate limits; the ones that are build apps with their own limits.
UNLIMITED = "1000000 per minute"
PORTAL_ORIGIN = "https://portal.example.org"


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """A migrated database per backend, shared by the session; tests clean up their rows."""
    from tests.db import fresh_database

    with fresh_database(request.param, tmp_path_factory.mktemp(request.param)) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url: str):
    from service import create_app
    from service.settings import Settings

    application = create_app(
        Settings(
            config_dir=CONFIG_DIR,
            database_url=database_url,
            ratelimit_default=UNLIMITED,
            ratelimit_unauthenticated=UNLIMITED,
            cors_origins=(PORTAL_ORIGIN,),
        )
    )
    yield application
    application.extensions["advisor"].database.dispose()


@pytest.fixture
def make_app(tmp_path):
    """Build fresh apps with given settings, each on its own SQLite database (so its metrics
    start at zero); disposed of afterwards."""
    apps = []
    root_level = logging.getLogger().level

    def build(**settings):
        from service import create_app
        from service.settings import Settings
        from tests.db import fresh_database

        directory = tmp_path / f"app{len(apps)}"
        directory.mkdir()
        context = fresh_database("sqlite", directory)
        url = context.__enter__()
        app = create_app(Settings(config_dir=CONFIG_DIR, database_url=url, **settings))
        apps.append((app, context))
        return app

    yield build
    for app, context in apps:
        app.extensions["advisor"].database.dispose()
        context.__exit__(None, None, None)
    logging.getLogger().setLevel(root_level)


def make_key(app, name: str, scopes: tuple[str, ...], expires_in_days: int | None = None) -> str:
    """A real API key in the app's database, created the way `keys create` does."""
    from service.keys import create_key

    raw_key, _ = create_key(app.extensions["advisor"].clients, name, scopes, expires_in_days)
    return raw_key


@contextmanager
def counting_key_lookups(app):
    """Count the statements that read api_clients, the table a key is looked up in."""
    engine = app.extensions["advisor"].database.engine
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "api_clients" in statement and statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="session")
def api_key(app) -> str:
    """The default caller of the API tests: scopes assess and read."""
    return make_key(app, "tests-default", ("assess", "read"))


@pytest.fixture
def anon_client(app):
    """A client that sends no credentials; assessments are removed afterwards."""
    from sqlalchemy import delete

    from service.store.models import Assessment

    yield app.test_client()
    with app.extensions["advisor"].database.writing() as session:
        session.execute(delete(Assessment))


@pytest.fixture
def client(anon_client, api_key):
    """A test client on the real app and database, authenticated with `api_key`."""
    anon_client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {api_key}"
    return anon_client
