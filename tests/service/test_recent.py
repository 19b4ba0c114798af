"""A profile a client sends again is answered from the evaluation it had, and exactly as afresh."""

from __future__ import annotations

import gc
import json

import pytest

from service.assess import submit
from service.profile import digest, normalise
from service.recent import Evaluated, RecentEvaluations
from service.settings import Settings, SettingsError
from tests.conftest import example_names, load_example


class CountingEngine:
    """The registry's engine, counting the evaluations it is asked for."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.calls = 0

    def evaluate(self, profile, explain=False):
        self.calls += 1
        return self.engine.evaluate(profile, explain=explain)


def _profile(registry, name: str = "kr-defence-ministry"):
    return normalise(registry.profile_schema, load_example(name))


def _without_instance(body: bytes) -> dict:
    """A dry run's answer without the time it was made at, the one field two runs differ in."""
    answer = json.loads(body)
    del answer["created_at"]
    return answer


@pytest.mark.parametrize("name", example_names())
def test_a_repeated_profile_is_answered_byte_for_byte_as_afresh(registry, name):
    profile = _profile(registry, name)
    recent = RecentEvaluations(registry.engine, limit=8)
    for explain in (False, True):
        fresh = submit(registry, None, profile, client_id="c", explain=explain, dry_run=True)
        first = submit(
            registry, None, profile, client_id="c", explain=explain, dry_run=True, recent=recent
        )
        again = submit(
            registry, None, profile, client_id="c", explain=explain, dry_run=True, recent=recent
        )
        assert _without_instance(again.body) == _without_instance(fresh.body)
        assert (
            again.body[again.body.index(b'"profile"') :]
            == fresh.body[fresh.body.index(b'"profile"') :]
        )
        assert again.fires_by_area == first.fires_by_area == fresh.fires_by_area
    assert len(recent) == 2


def test_a_profile_is_evaluated_once_per_client_and_explain(registry):
    engine = CountingEngine(registry.engine)
    recent = RecentEvaluations(engine, limit=8)
    profile = _profile(registry)
    key = digest(profile)
    first = recent.evaluated("a", profile, key, explain=False)
    assert recent.evaluated("a", profile, key, explain=False) is first
    assert engine.calls == 1
    recent.evaluated("b", profile, key, explain=False)  # another client's, never shared
    recent.evaluated("a", profile, key, explain=True)
    assert engine.calls == 3
    other = _profile(registry, "icrc")
    recent.evaluated("a", other, digest(other), explain=False)
    assert engine.calls == 4
    assert recent.evaluated("a", profile, key, explain=False) is first


def test_a_changed_profile_is_evaluated_again(registry):
    engine = CountingEngine(registry.engine)
    recent = RecentEvaluations(engine, limit=8)
    profile = _profile(registry)
    recent.evaluated("a", profile, digest(profile), explain=False)
    changed = normalise(
        registry.profile_schema, {**load_example("kr-defence-ministry"), "name": "Another name"}
    )
    recent.evaluated("a", changed, digest(changed), explain=False)
    assert engine.calls == 2


def test_the_kept_evaluations_stay_within_their_limit(registry):
    engine = CountingEngine(registry.engine)
    recent = RecentEvaluations(engine, limit=3)
    profiles = [_profile(registry, name) for name in example_names()[:5]]
    for profile in profiles:
        recent.evaluated("a", profile, digest(profile), explain=False)
        assert len(recent) <= 3
    assert engine.calls == 5


def test_a_limit_of_0_keeps_none(registry):
    engine = CountingEngine(registry.engine)
    recent = RecentEvaluations(engine, limit=0)
    profile = _profile(registry)
    for _ in range(3):
        recent.evaluated("a", profile, digest(profile), explain=False)
    assert (engine.calls, len(recent)) == (3, 0)


def test_the_setting_defaults_to_128_and_refuses_a_negative_count():
    assert Settings().recent_evaluations == 128
    assert Settings.from_env({"ADVISOR_RECENT_EVALUATIONS": "0"}).recent_evaluations == 0
    with pytest.raises(SettingsError, match="ADVISOR_RECENT_EVALUATIONS"):
        Settings.from_env({"ADVISOR_RECENT_EVALUATIONS": "-1"})


def test_what_is_kept_of_an_evaluation_is_nothing_the_garbage_collector_walks(registry):
    """Kept evaluations of the engine's own objects made every collection walk them (a worker
    meeting only new profiles spent 30 to 55 µs a request collecting, against 2 to 7)."""
    for explain in (False, True):
        kept = Evaluated.of(registry.engine.evaluate(_profile(registry), explain=explain))
        # Tuples of strings, numbers and None are untracked by a collection; a tuple of such
        # tuples, by the next.
        gc.collect()
        gc.collect()
        members = [getattr(kept, name) for name in kept.__dataclass_fields__]
        inside = [*members, *kept.written.values()]
        assert [member for member in inside if gc.is_tracked(member)] == []
