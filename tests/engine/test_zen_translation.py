"""The benchmark's zen-engine translation fires exactly the rules our engine fires."""

import pytest

from bench.profiles import example_profiles, random_profiles
from bench.zen_translate import dnf, fired_ids, to_jdm, zen_paths
from service.engine.model import All, AnyOf, Leaf, Not
from service.vocabulary import FieldSpec, Kind

_SPEC = FieldSpec("stakeholder_type", Kind.ENUM, ("a", "b", "c"))


def _leaf(value):
    return Leaf(_SPEC, "eq", value)


@pytest.fixture(scope="module")
def zen_call(registry):
    paths = zen_paths(to_jdm(compiled.rule for compiled in registry.engine.rules))
    return paths["static loader"]


def _ours(registry, profile):
    return {r.id for r in registry.engine.evaluate(profile).recommendations}


def test_examples_fire_the_same_rules(registry, zen_call):
    for profile in example_profiles(registry):
        assert fired_ids(zen_call(profile)) == _ours(registry, profile)


def test_random_profiles_fire_the_same_rules(registry, zen_call):
    for profile in random_profiles(registry, 60, seed=7):
        assert fired_ids(zen_call(profile)) == _ours(registry, profile), profile


def test_every_zen_path_agrees(registry):
    profiles = example_profiles(registry)
    for name, call in zen_paths(to_jdm(c.rule for c in registry.engine.rules)).items():
        for profile in profiles:
            assert fired_ids(call(profile)) == _ours(registry, profile), name


def test_not_is_pushed_down_by_de_morgan():
    a, b, c = _leaf("a"), _leaf("b"), _leaf("c")
    tree = Not(All((a, AnyOf((b, Not(c))))))
    # not (a and (b or not c))  ==  (not a) or (not b and c)
    assert dnf(tree) == [((a, True),), ((b, True), (c, False))]


def test_all_over_any_multiplies_out():
    a, b, c = _leaf("a"), _leaf("b"), _leaf("c")
    assert dnf(All((a, AnyOf((b, c))))) == [((a, False), (b, False)), ((a, False), (c, False))]
