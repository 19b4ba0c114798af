"""`keys create|list|revoke|dev`: keys shown once on stdout, details on stderr, usable at once."""

import pytest
from click.testing import CliRunner

from service.cli import main
from service.keys import authenticate
from service.store.clients import ClientRepository
from service.store.database import Database
from service.store.migrate import upgrade


@pytest.fixture
def cli(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    upgrade(url)
    monkeypatch.setenv("ADVISOR_DATABASE_URL", url)
    runner = CliRunner()
    database = Database(url)
    yield (lambda *args: runner.invoke(main, list(args))), ClientRepository(database)
    database.dispose()


def test_create_prints_only_the_key_and_it_authenticates(cli):
    run, clients = cli
    result = run(
        "keys", "create", "--name", "portal", "--scopes", "assess,read", "--expires-in", "30"
    )
    assert result.exit_code == 0, result.stderr
    key = result.stdout.strip()
    assert key.startswith("sa_") and "\n" not in key and len(key) > 40
    assert "portal" in result.stderr and "expires" in result.stderr
    caller = authenticate(clients, key)
    assert caller.name == "portal"
    assert caller.scopes == ("assess", "read")


def test_bad_scope_and_duplicate_name_are_usage_errors(cli):
    run, _ = cli
    assert run("keys", "create", "--name", "x", "--scopes", "write").exit_code == 2
    assert run("keys", "create", "--name", "x", "--scopes", "read").exit_code == 0
    duplicate = run("keys", "create", "--name", "x", "--scopes", "read")
    assert duplicate.exit_code == 2
    assert "already exists" in duplicate.stderr


def test_list_shows_state_never_the_key(cli):
    run, _ = cli
    key = run("keys", "create", "--name", "listed", "--scopes", "read").stdout.strip()
    run("keys", "create", "--name", "gone", "--scopes", "read")
    assert run("keys", "revoke", "gone").exit_code == 0
    listing = run("keys", "list").stdout
    assert key not in listing
    lines = {line.split()[1]: line for line in listing.splitlines()[1:]}
    assert "active" in lines["listed"]
    assert "revoked" in lines["gone"]


def test_revoke_stops_the_key(cli):
    run, clients = cli
    key = run("keys", "create", "--name", "temp", "--scopes", "read").stdout.strip()
    assert authenticate(clients, key) is not None
    assert run("keys", "revoke", "temp").exit_code == 0
    assert authenticate(clients, key) is None
    assert run("keys", "revoke", "nobody").exit_code == 2


def test_dev_key_is_created_once_and_reused(cli, tmp_path):
    run, clients = cli
    key_file = tmp_path / "var" / "dev-key"
    first = run("keys", "dev", "--file", str(key_file))
    assert first.exit_code == 0
    key = first.stdout.strip()
    assert key_file.read_text().strip() == key
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert authenticate(clients, key).scopes == ("assess", "read")
    assert run("keys", "dev", "--file", str(key_file)).stdout.strip() == key
