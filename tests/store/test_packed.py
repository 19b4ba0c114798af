"""SQLite keeps each new result packed (lz4); rows written as text before read as they were."""

import dataclasses

import lz4.block
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from service import wire
from service.assess import build_assessment
from service.profile import normalise
from service.store.database import Database
from service.store.migrate import current_revision, downgrade, upgrade
from service.store.packed import MARKER, pack, unpack
from service.store.repository import AssessmentRepository, IdempotencyKeyTaken
from tests.conftest import load_example
from tests.db import fresh_database
from tests.test_support import stored_assessment

# A row as releases before packing wrote it: the body kept as text.
AS_EARLIER_RELEASES_WROTE = text("UPDATE assessments SET result = :body WHERE id = :id")


@pytest.fixture(scope="module")
def body(registry) -> bytes:
    """A real assessment, as a stored POST writes it (40 KB of JSON)."""
    profile = normalise(registry.profile_schema, load_example("kr-defence-ministry"))
    return wire.assessment_body(build_assessment(registry, profile, stored=True))


def _held(database: Database, assessment_id: str) -> tuple[object, str]:
    """A row's result as the driver reads it, and the type the database holds it as."""
    typeof = "typeof" if database.is_sqlite else "pg_typeof"
    query = text(f"SELECT result, CAST({typeof}(result) AS TEXT) FROM assessments WHERE id = :id")
    return tuple(database.rows(query, {"id": assessment_id})[0])


def test_a_result_is_kept_packed_on_sqlite_and_as_text_on_postgresql(repository, body):
    """On SQLite a marker and an LZ4 block, a third of the JSON's size; PostgreSQL compresses text
    itself (migration 0005)."""
    row = stored_assessment(1, result=body)
    repository.add(row)
    value, held = _held(repository.database, row.id)
    if repository.database.is_sqlite:
        assert held == "blob"
        assert value.startswith(MARKER)
        assert lz4.block.decompress(value[len(MARKER) :]) == body
        assert len(value) < len(body) / 2
    else:
        assert (value, held) == (body.decode(), "text")
    assert repository.get(row.id, "local").result == body


def test_a_result_written_as_text_by_an_earlier_release_reads_as_it_was(repository, body):
    """Rows stored before packing stay text: a GET and an idempotent replay send them as they are."""
    row = stored_assessment(1, key="k", result=body)
    repository.add(row)
    with repository.database.writing() as session:
        session.execute(AS_EARLIER_RELEASES_WROTE, {"body": body.decode(), "id": row.id})
    assert _held(repository.database, row.id) == (body.decode(), "text")
    assert repository.get(row.id, "local").result == body
    with pytest.raises(IdempotencyKeyTaken) as taken:
        repository.add(dataclasses.replace(stored_assessment(2, key="k"), result=b"{}"))
    assert taken.value.existing.result == body


def test_a_replay_sends_the_body_the_key_first_stored(repository, body):
    first = stored_assessment(1, key="k", result=body)
    repository.add(first)
    with pytest.raises(IdempotencyKeyTaken) as taken:
        repository.add(stored_assessment(2, key="k", result=b"{}"))
    existing = taken.value.existing
    assert (existing.id, existing.result, existing.result_format) == (first.id, body, 2)
    assert existing.request_digest == first.request_digest


def test_a_downgrade_writes_packed_results_back_as_the_text_they_were(tmp_path, body):
    """Releases before 0008 read text only: migrating back to 0007 unpacks every row."""
    with fresh_database("sqlite", tmp_path) as url:
        database = Database(url)
        repository = AssessmentRepository(database)
        bodies = {n: body.replace(b'"rank":1', f'"rank":{n}'.encode()) for n in (1, 2, 3)}
        for n, written in bodies.items():
            repository.add(stored_assessment(n, result=written))
        with database.writing() as session:  # one row as an earlier release left it
            session.execute(
                AS_EARLIER_RELEASES_WROTE,
                {"body": bodies[3].decode(), "id": stored_assessment(3).id},
            )
        database.dispose()
        downgrade(url, "0007")
        database = Database(url)
        for n, written in bodies.items():
            assert _held(database, stored_assessment(n).id) == (written.decode(), "text")
        database.dispose()
        upgrade(url)
        assert current_revision(url) == "0008"
        database = Database(url)
        for n, written in bodies.items():
            assert (
                AssessmentRepository(database).get(stored_assessment(n).id, None).result == written
            )
        database.dispose()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(value=_JSON, padding=st.sampled_from(["", " ", "\n", "\t", "\r\n "]))
def test_json_text_is_never_mistaken_for_a_packed_body(value, padding):
    """What tells the two kinds of row apart: a JSON text never begins with the marker."""
    stored = padding.encode() + orjson.dumps(value)
    assert unpack(stored) is stored


@given(body=st.binary(max_size=5_000))
def test_unpacking_gives_back_what_was_packed(body):
    assert unpack(pack(body)) == body
