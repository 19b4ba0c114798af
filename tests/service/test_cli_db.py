"""`db upgrade` and `db prune` from the command line."""

from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from sqlalchemy import update

from service.cli import main
from service.store.database import Database
from service.store.migrate import head_revision
from service.store.models import Assessment
from service.store.repository import AssessmentRepository
from tests.test_support import stored_assessment


def test_upgrade_then_prune_removes_only_expired_assessments(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("ADVISOR_DATABASE_URL", url)
    monkeypatch.setenv("ADVISOR_RETENTION_DAYS", "30")
    runner = CliRunner()
    upgraded = runner.invoke(main, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert f"revision {head_revision()}" in upgraded.stderr

    database = Database(url)
    repository = AssessmentRepository(database)
    now = datetime.now(UTC).replace(tzinfo=None)
    old, recent = stored_assessment(1), stored_assessment(2, created_at=now)
    repository.add(old)
    repository.add(recent)
    with database.writing() as session:
        session.execute(
            update(Assessment)
            .where(Assessment.id == old.id)
            .values(created_at=now - timedelta(days=31))
        )

    pruned = runner.invoke(main, ["db", "prune"])
    assert pruned.exit_code == 0
    assert "deleted 1 assessments older than 30 days" in pruned.output
    assert repository.get(old.id, None) is None
    assert repository.get(recent.id, None) is not None
    assert runner.invoke(main, ["db", "prune", "--days", "0"]).exit_code == 2
    database.dispose()


def test_bad_settings_are_a_usage_error(monkeypatch):
    monkeypatch.setenv("ADVISOR_WORKERS", "many")
    result = CliRunner().invoke(main, ["rules", "lint"])
    assert result.exit_code == 2
    assert "ADVISOR_WORKERS='many' is not a valid int" in result.stderr


def test_downgrade_takes_the_schema_back_and_upgrade_brings_it_again(tmp_path, monkeypatch):
    """To run an earlier release: its rows stay readable both ways (tests/store/test_packed.py)."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("ADVISOR_DATABASE_URL", url)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    database = Database(url)
    AssessmentRepository(database).add(stored_assessment(1, result='{"kept": true}'))
    database.dispose()

    downgraded = runner.invoke(main, ["db", "downgrade", "0007"])
    assert downgraded.exit_code == 0, downgraded.output
    assert "database at revision 0007" in downgraded.stderr
    unknown = runner.invoke(main, ["db", "downgrade", "no-such-revision"])
    assert unknown.exit_code == 2
    assert "no-such-revision" in unknown.stderr
    assert "Traceback" not in unknown.output

    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    database = Database(url)
    assert AssessmentRepository(database).get(stored_assessment(1).id, None).result == (
        b'{"kept": true}'
    )
    database.dispose()
