"""Each new result is kept packed (lz4); rows written before packing read as they were, and a
downgrade gives earlier releases back the text they read."""

import lz4.block
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from service import wire
from service.assess import build_assessment
from service.profile import normalise
from service.store.backfill import server_has_lz4
from service.store.database import Database
from service.store.migrate import current_revision, downgrade, head_revision, upgrade
from service.store.packed import MARKER, pack, unpack
from service.store.repository import AssessmentRepository, IdempotencyKeyTaken
from tests.conftest import load_example
from tests.db import fresh_database
from tests.test_support import stored_assessment

# A row as releases before packing left it: text on SQLite; on PostgreSQL the UTF-8 bytes that
# migration 0009 made of its text.
EARLIER_ROW = {
    "sqlite": text("UPDATE assessments SET result = :body WHERE id = :id"),
    "postgresql": text("UPDATE assessments SET result = convert_to(:body, 'UTF8') WHERE id = :id"),
}
TEXT_ROW = text("UPDATE assessments SET result = :body WHERE id = :id")


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


def _backend(database: Database) -> str:
    return "sqlite" if database.is_sqlite else "postgresql"


def test_a_result_is_kept_packed_a_third_of_its_size(repository, body):
    """A marker and an LZ4 block: a BLOB on SQLite, a bytea on PostgreSQL."""
    row = stored_assessment(1, result=body)
    repository.add(row)
    value, held = _held(repository.database, row.id)
    assert held == ("blob" if repository.database.is_sqlite else "bytea")
    assert value == pack(body)
    assert value.startswith(MARKER)
    assert lz4.block.decompress(value[len(MARKER) :]) == body
    assert len(value) < len(body) / 2
    assert repository.get(row.id, "local").result == body


def test_a_row_written_before_packing_reads_as_it_was(repository, body):
    """A GET and an idempotent replay send an unpacked row's body as it is."""
    row = stored_assessment(1, key="k", result=body)
    repository.add(row)
    with repository.database.writing() as session:
        earlier = EARLIER_ROW[_backend(repository.database)]
        session.execute(earlier, {"body": body.decode(), "id": row.id})
    assert _held(repository.database, row.id)[0] in (body, body.decode())
    assert repository.get(row.id, "local").result == body
    with pytest.raises(IdempotencyKeyTaken) as taken:
        repository.add(stored_assessment(2, key="k", result=b"{}"))
    assert taken.value.existing.result == body


def test_a_replay_sends_the_body_the_key_first_stored(repository, body):
    first = stored_assessment(1, key="k", result=body)
    repository.add(first)
    with pytest.raises(IdempotencyKeyTaken) as taken:
        repository.add(stored_assessment(2, key="k", result=b"{}"))
    existing = taken.value.existing
    assert (existing.id, existing.result, existing.result_format) == (first.id, body, 2)
    assert existing.request_digest == first.request_digest


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_downgrade_gives_earlier_releases_their_text_back(tmp_path, body, backend):
    """Releases before packing read text only: the upgrade keeps old rows' text readable, and
    migrating back unpacks every row (0007 on SQLite, 0008 on PostgreSQL, which it leaves
    compressing its text with lz4 where the server can)."""
    before = "0007" if backend == "sqlite" else "0008"
    bodies = {n: body.replace(b'"rank":1', f'"rank":{n}'.encode()) for n in (1, 2, 3)}
    with fresh_database(backend, tmp_path, migrate=False) as url:
        upgrade(url, before)
        database = Database(url)  # one row as that release wrote it: its columns, its text
        AssessmentRepository(database).add(stored_assessment(3, result=b"{}"))
        with database.writing() as session:
            session.execute(TEXT_ROW, {"body": bodies[3].decode(), "id": stored_assessment(3).id})
        database.dispose()
        upgrade(url)
        database = Database(url)
        for n in (1, 2):
            AssessmentRepository(database).add(stored_assessment(n, result=bodies[n]))
        assert (
            AssessmentRepository(database).get(stored_assessment(3).id, None).result == (bodies[3])
        )
        database.dispose()

        downgrade(url, before)
        database = Database(url)
        for n, written in bodies.items():
            assert _held(database, stored_assessment(n).id) == (written.decode(), "text")
        with database.engine.connect() as connection:
            lz4_on_server = backend == "postgresql" and server_has_lz4(connection)
        if lz4_on_server:
            compression = "SELECT attcompression FROM pg_attribute WHERE attrelid = "
            compression += "'assessments'::regclass AND attname = 'result'"
            assert database.rows(text(compression))[0][0] == "l"
        database.dispose()
        upgrade(url)
        assert current_revision(url) == head_revision()
        database = Database(url)
        for n, written in bodies.items():
            found = AssessmentRepository(database).get(stored_assessment(n).id, None)
            assert found.result == written
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
