"""Every operator: its test on true and false cases, and witnesses that really pass or fail it."""

import pytest

from service.engine.operators import OPERATORS, operators_for
from service.vocabulary import FieldSpec, Kind

TYPE = FieldSpec(
    "stakeholder_type", Kind.ENUM, ("defence_ministry", "foreign_ministry", "legislature")
)
FLAGS = FieldSpec(
    "circumstances", Kind.ENUM_SET, ("borders_dprk", "borders_russia", "hosts_us_forces")
)
NUMBER = FieldSpec("public_casualty_sensitivity", Kind.NUMBER)
COUNTRY = FieldSpec("country", Kind.ENUM, ("JP", "KR"))

# (operator, field, expected literal, actual value, result)
CASES = [
    ("eq", TYPE, "legislature", "legislature", True),
    ("eq", TYPE, "legislature", "foreign_ministry", False),
    ("eq", NUMBER, 0.5, 0.5, True),
    ("eq", COUNTRY, "KR", None, False),
    ("ne", TYPE, "legislature", "foreign_ministry", True),
    ("ne", TYPE, "legislature", "legislature", False),
    ("ne", COUNTRY, "KR", None, True),
    ("in", TYPE, ("defence_ministry", "legislature"), "legislature", True),
    ("in", TYPE, ("defence_ministry", "legislature"), "foreign_ministry", False),
    ("not_in", TYPE, ("defence_ministry",), "legislature", True),
    ("not_in", TYPE, ("defence_ministry",), "defence_ministry", False),
    ("contains", FLAGS, "borders_dprk", frozenset({"borders_dprk", "hosts_us_forces"}), True),
    ("contains", FLAGS, "borders_dprk", frozenset({"hosts_us_forces"}), False),
    (
        "contains_any",
        FLAGS,
        ("borders_dprk", "borders_russia"),
        frozenset({"borders_russia"}),
        True,
    ),
    ("contains_any", FLAGS, ("borders_dprk", "borders_russia"), frozenset(), False),
    ("contains_all", FLAGS, ("borders_dprk", "borders_russia"), frozenset(FLAGS.choices), True),
    ("contains_all", FLAGS, ("borders_dprk", "borders_russia"), frozenset({"borders_dprk"}), False),
    ("gt", NUMBER, 0.5, 0.51, True),
    ("gt", NUMBER, 0.5, 0.5, False),
    ("gte", NUMBER, 0.5, 0.5, True),
    ("gte", NUMBER, 0.5, 0.49, False),
    ("lt", NUMBER, 0.5, 0.49, True),
    ("lt", NUMBER, 0.5, 0.5, False),
    ("lte", NUMBER, 0.5, 0.5, True),
    ("lte", NUMBER, 0.5, 0.51, False),
    ("between", NUMBER, (0.2, 0.6), 0.2, True),
    ("between", NUMBER, (0.2, 0.6), 0.6, True),
    ("between", NUMBER, (0.2, 0.6), 0.61, False),
    ("exists", COUNTRY, True, "KR", True),
    ("exists", COUNTRY, True, None, False),
    ("exists", COUNTRY, False, None, True),
    ("exists", FLAGS, True, frozenset(), False),
    ("exists", FLAGS, True, frozenset({"borders_dprk"}), True),
]


@pytest.mark.parametrize(("op", "spec", "expected", "actual", "result"), CASES)
def test_operator_result(op, spec, expected, actual, result):
    predicate = OPERATORS[op].build(spec.path, expected)
    assert predicate({spec.path: actual}) is result


@pytest.mark.parametrize(("op", "spec", "expected", "actual", "result"), CASES)
@pytest.mark.parametrize("want", [True, False])
def test_witness_gives_the_wanted_result(op, spec, expected, actual, result, want):
    operator = OPERATORS[op]
    witness = operator.witness(spec, expected, actual, want)
    as_fact = frozenset(witness) if spec.kind is Kind.ENUM_SET else witness
    assert operator.build(spec.path, expected)({spec.path: as_fact}) is want


def test_every_operator_is_covered_by_the_cases():
    assert {case[0] for case in CASES} == set(OPERATORS)


def test_operators_by_kind():
    assert operators_for(Kind.ENUM_SET) == ["contains", "contains_any", "contains_all", "exists"]
    assert "between" in operators_for(Kind.NUMBER) and "in" not in operators_for(Kind.NUMBER)
