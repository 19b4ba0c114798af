"""The wire form of an assessment: the one place where evaluations and stored rows become JSON.

The API, the CLI and the memo all read what this module writes, and the OpenAPI response schemas
(service/api/assessments/schemas.py) describe exactly it. Stored rows keep the text written here
with its format number; reading a row upgrades any earlier format to the current one's shape,
without inventing judgements (confidence, bottom line) the row was not made with.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from json.encoder import encode_basestring_ascii
from typing import TYPE_CHECKING, Any

import orjson

from service.bounded import keep
from service.engine.confidence import Confidence
from service.engine.model import Rule, indicator_as_data, rule_text
from service.engine.results import (
    AreaSummary,
    Evaluation,
    FailedTest,
    FieldTest,
    NearMiss,
    Priority,
    Recommendation,
    TensionPair,
    WhyEmpty,
)

if TYPE_CHECKING:
    from service.assess import Assessment

FORMAT = 3  # of the stored JSON; bump it, and add an upgrade below, when the response changes


def encode(body: Any) -> bytes:
    """The one JSON form of the service (bodies and stored rows): compact UTF-8.

    orjson writes an explained assessment about five times faster than `json.dumps`. Bytes, so a
    response body is sent as written rather than decoded to text and encoded back.
    """
    return orjson.dumps(body)


def dumps(body: Any) -> str:
    """`encode` as text, for what is stored or compared as text."""
    return encode(body).decode()


_MILLISECONDS = tuple(f".{ms:03d}Z" for ms in range(1000))


def rfc3339(moment: datetime) -> str:
    """UTC with millisecond precision and a `Z`; naive datetimes are taken to be UTC.

    orjson writes the seconds (`isoformat`'s, byte for byte) in about a fifth of its instructions.
    """
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    seconds = orjson.dumps(moment, option=orjson.OPT_OMIT_MICROSECONDS)[1:20].decode()
    return seconds + _MILLISECONDS[moment.microsecond // 1000]


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    """An assessment as the API answers it; `id` is None and `stored` false on a dry run."""
    return _assessment(assessment, evaluation_dict(assessment.evaluation))


def assessment_body(assessment: Assessment, written: dict[str, Any] | None = None) -> bytes:
    """`encode(assessment_dict(assessment))` byte for byte, for a response; `written` is the
    evaluation's part as `encoded_evaluation` wrote it, if the caller kept it (service/recent.py)."""
    if written is None:
        written = encoded_evaluation(assessment.evaluation)
    return encode(_assessment(assessment, written))


def encoded_evaluation(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation's part of a response, each member encoded, for orjson to include as it is:
    what a rule's every recommendation says alike, and a field test seen before, go in already
    encoded."""
    parts = _evaluation(evaluation, _encoded_form, _encoded_tests, _priority_as_written)
    return {name: orjson.Fragment(encode(value)) for name, value in parts.items()}


def _assessment(assessment: Assessment, evaluation: dict[str, Any]) -> dict[str, Any]:
    versions = assessment.versions
    return {
        "id": assessment.id,
        "created_at": rfc3339(assessment.created_at),
        "profile": assessment.profile,
        "profile_digest": assessment.profile_digest,
        "versions": {
            "rules": versions["rules"],
            "articles": dict(versions["articles"]),
            "service": versions["service"],
        },
        "stored": assessment.stored,
        **evaluation,
        "caveats": list(assessment.caveats),
    }


def evaluation_dict(evaluation: Evaluation) -> dict[str, Any]:
    """The engine's answer: summary, ranked recommendations, tensions and, if asked, near misses."""
    return _evaluation(evaluation, _rule_form, _tests, _priority)


# How a recommendation's rule (_rule_form), field tests (_tests) and priority (_priority) are
# written: as plain data, or partly encoded for a response (assessment_body).
FormOf = Callable[[Rule, Confidence], dict[str, Any]]
TestsOf = Callable[[Sequence[FieldTest]], list[Any]]
PriorityOf = Callable[[Priority], Any]


def _evaluation(
    evaluation: Evaluation, form: FormOf, tests: TestsOf, priority: PriorityOf
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "summary": {
            "bottom_line": evaluation.bottom_line,
            "areas": [_area(area, tests) for area in evaluation.areas],
            "top_area": evaluation.top_area,
        },
        "recommendations": [
            _recommendation(r, form, tests, priority) for r in evaluation.recommendations
        ],
        "tensions": [_tension(tension) for tension in evaluation.tensions],
    }
    if evaluation.not_applicable is not None:
        body["not_applicable"] = [_near_miss(miss, tests) for miss in evaluation.not_applicable]
    return body


def _recommendation(
    recommendation: Recommendation, form: FormOf, tests: TestsOf, priority: PriorityOf
) -> dict[str, Any]:
    # A copy of the rule's form keeps its keys' order; the three that differ are filled in place.
    item = form(recommendation.rule, recommendation.confidence).copy()
    item["rank"] = recommendation.rank
    item["priority"] = priority(recommendation.priority)
    item["matched"] = tests(recommendation.matched)
    return item


# (id(rule), id(confidence)) -> (rule, confidence, their form). The objects are kept beside
# their form, so an id reused by a later object cannot be mistaken for theirs.
_FORMS: dict[tuple[int, int], tuple[Rule, Confidence, dict[str, Any]]] = {}
_ENCODED_FORMS: dict[tuple[int, int], tuple[Rule, Confidence, dict[str, Any]]] = {}
_FORMS_LIMIT = 4096  # rules of all registries loaded in one process (tests load many)


def _rule_form(rule: Rule, confidence: Confidence) -> dict[str, Any]:
    """A recommendation of the rule as every one says it, written once per loaded rule: None
    where each says its own (rank, priority, matched)."""
    key = (id(rule), id(confidence))
    known = _FORMS.get(key)
    if known is not None and known[0] is rule and known[1] is confidence:
        return known[2]
    form = {
        "rank": None,
        **rule_text(rule),
        "priority": None,
        "confidence": _confidence(confidence),
        "assumptions": list(rule.assumptions),
        "indicators": [indicator_as_data(indicator) for indicator in rule.indicators],
        "matched": None,
        "cautions": list(rule.cautions),
        "evidence": [citation.as_dict() for citation in rule.evidence],
    }
    keep(_FORMS, key, (rule, confidence, form), _FORMS_LIMIT)
    return form


def _encoded_form(rule: Rule, confidence: Confidence) -> dict[str, Any]:
    """`_rule_form` with its lists and objects encoded once, for orjson to include as they are:
    they are most of a response, and the same in every recommendation of the rule."""
    key = (id(rule), id(confidence))
    known = _ENCODED_FORMS.get(key)
    if known is not None and known[0] is rule and known[1] is confidence:
        return known[2]
    form = {
        name: orjson.Fragment(encode(value)) if isinstance(value, list | dict) else value
        for name, value in _rule_form(rule, confidence).items()
    }
    keep(_ENCODED_FORMS, key, (rule, confidence, form), _FORMS_LIMIT)
    return form


def _confidence(confidence: Confidence) -> dict[str, Any]:
    """The level, and each reason for it with the passages it is about."""
    return {
        "level": confidence.level,
        "basis": [
            {"kind": reason.kind, "text": reason.text, "passages": list(reason.passages)}
            for reason in confidence.basis
        ],
    }


def _priority(priority: Priority) -> dict[str, Any]:
    b = priority.breakdown
    return {
        "score": priority.score,
        "tier": priority.tier,
        "breakdown": {
            "severity_weight": b.severity_weight,
            "area_weight": b.area_weight,
            "boost": b.boost,
            "capacity": b.capacity,
            "capacity_factor": b.capacity_factor,
            "horizon_factor": b.horizon_factor,
            "fit": b.fit,
            "boosts": [{"by": boost.by, "reason": boost.reason} for boost in b.boosts],
        },
    }


def _priority_as_written(priority: Priority) -> Priority | dict[str, Any]:
    """A priority for orjson to write itself when no boost held: it writes a dataclass as its
    fields in order, which is then its wire form (_priority), with no dicts made for it. A held
    boost is written as its `by` and `reason` only, so those go through _priority."""
    return _priority(priority) if priority.breakdown.boosts else priority


# id(test) -> (test, its wire form): most field tests are made once, at load, by the compiler
# (compiler.py `Compiled.reports`), and a response holds dozens. Kept beside its test, as above.
_TESTS: dict[int, tuple[FieldTest, dict[str, Any]]] = {}
_TESTS_LIMIT = 8192  # the tests made per request are kept too, until the limit clears them all


def _tests(tests: Sequence[FieldTest]) -> list[dict[str, Any]]:
    """Field tests as written, each remembered by identity (see _TESTS)."""
    written = []
    for test in tests:
        known = _TESTS.get(id(test))
        written.append(known[1] if known is not None and known[0] is test else _remember(test))
    return written


def _remember(test: FieldTest) -> dict[str, Any]:
    item = _test(test)
    keep(_TESTS, id(test), (test, item), _TESTS_LIMIT)
    return item


# id(test) -> (test, its wire form encoded): a test seen a second time is most likely one of the
# compiler's, met again in most responses, so it is encoded then; one made per request is not.
_ENCODED_TESTS: dict[int, tuple[FieldTest, orjson.Fragment]] = {}


def _encoded_tests(tests: Sequence[FieldTest]) -> list[dict[str, Any] | orjson.Fragment]:
    """`_tests`, those seen before encoded, for orjson to include as they are."""
    written: list[dict[str, Any] | orjson.Fragment] = []
    for test in tests:
        known = _ENCODED_TESTS.get(id(test))
        written.append(known[1] if known is not None and known[0] is test else _encode(test))
    return written


def _encode(test: FieldTest) -> dict[str, Any] | orjson.Fragment:
    seen = _TESTS.get(id(test))
    if seen is None or seen[0] is not test:
        return _remember(test)
    encoded = orjson.Fragment(encode(seen[1]))
    keep(_ENCODED_TESTS, id(test), (test, encoded), _TESTS_LIMIT)
    return encoded


def _test(test: FieldTest) -> dict[str, Any]:
    item = {
        "path": test.path,
        "op": test.op,
        "expected": _value(test.expected),
        "actual": _value(test.actual),
        "negated": test.negated,
    }
    if isinstance(test, FailedTest):
        item["would_pass"] = _value(test.would_pass)
    return item


def _value(value: Any) -> Any:
    """A literal or a fact: tuples (list literals, sets of choices) go out as JSON lists."""
    return list(value) if isinstance(value, tuple) else value


def _near_miss(miss: NearMiss, tests: TestsOf) -> dict[str, Any]:
    rule = miss.rule
    return {
        "id": rule.id,
        "area": rule.area,
        "title": rule.title,
        "failed": tests(miss.failed),
    }


def _tension(tension: TensionPair) -> dict[str, Any]:
    return {"between": list(tension.between), "note": tension.note}


def _area(area: AreaSummary, tests: TestsOf) -> dict[str, Any]:
    return {
        "area": area.area,
        "score": area.score,
        "count": area.count,
        "top_recommendation": area.top_recommendation,
        "why_empty": None if area.why_empty is None else _why_empty(area.why_empty, tests),
    }


def _why_empty(why: WhyEmpty, tests: TestsOf) -> dict[str, Any]:
    """Why nothing fired in an area; `nearest` only when a rule missed on named facts."""
    nearest = None
    if why.nearest is not None:
        nearest = {
            "id": why.nearest.id,
            "title": why.nearest.title,
            "score": why.score,
            "failed": tests(why.failed),
        }
    return {"reason": why.reason, "text": why.text, "nearest": nearest}


# --- stored rows ---------------------------------------------------------------------------------


def _from_format_1(body: dict[str, Any]) -> dict[str, Any]:
    """Format 1 (rows written before formats were numbered) had no `stored`: every row is stored."""
    upgraded: dict[str, Any] = {}
    for key, value in body.items():
        upgraded[key] = value
        if key == "versions":
            upgraded["stored"] = True
    return upgraded


def _from_format_2(body: dict[str, Any]) -> dict[str, Any]:
    """Format 3 added `confidence`, `assumptions` and `indicators` to recommendations, and
    `bottom_line` and `why_empty` to the summary. A format 2 row was judged without them: it is
    read as written, and never given judgements it was not made with."""
    return body


# Format n -> the function that turns its body into format n + 1.
_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _from_format_1,
    2: _from_format_2,
}


def stored_dict(stored: str | bytes, format_version: int) -> dict[str, Any]:
    """A stored assessment in the current wire form, whichever format it was stored in.

    Parsed by orjson, in less than half `json.loads`'s time for an assessment (a memo reads one
    on every request); what orjson refuses, a NaN or a lone surrogate that an early row's
    `json.dumps` could have written, by `json`. No stored integer is past 64 bits (ranks, counts,
    offsets), which orjson would read as a float.
    """
    try:
        body = orjson.loads(stored)
    except orjson.JSONDecodeError:
        body = json.loads(stored)
    for version in range(format_version, FORMAT):
        body = _UPGRADES[version](body)
    return body


def stored_body(stored: str | bytes, format_version: int) -> bytes:
    """`stored_dict` as the JSON a response sends; a row in the current format is sent as it
    was stored."""
    if format_version == FORMAT:
        return stored if isinstance(stored, bytes) else stored.encode()
    return encode(stored_dict(stored, format_version))


# --- the listing ---------------------------------------------------------------------------------


LISTED = (
    "id",
    "created_at",
    "name",
    "stakeholder_type",
    "country",
    "top_area",
    "top_tier",
    "recommendation_count",
)  # an item's fields in wire order; `url` follows them


def listed_item(row: Sequence[Any]) -> str:
    """One listing item without its `url`: JSON text in the form a page writes it.

    `row` holds the `LISTED` fields in that order, `created_at` a datetime or its ISO 8601 text as
    SQLite stores it. Written once, when the assessment is stored (its `listed` column), so a page
    of items is joined rather than encoded. Compact and ASCII-only, as `ensure_ascii` writes it.
    Stored items keep the form they were written in: a change here needs a migration that writes
    them again (as 0006 first wrote them).
    """
    assessment_id, created_at, name, kind, country, area, tier, count = row
    item = {
        "id": assessment_id,
        "created_at": rfc3339_of_text(created_at),
        "name": name,
        "stakeholder_type": kind,
        "country": country,
        "top_area": area,
        "top_tier": tier,
        "recommendation_count": count,
    }
    # No stored text holds an unpaired surrogate (neither database can store one), so orjson
    # writes every item; outside strings JSON text is ASCII, so what `ensure_ascii` would escape
    # (non-ASCII and DEL) is inside a string.
    text = orjson.dumps(item).decode()
    if text.isascii() and "\x7f" not in text:
        return text
    return _NOT_ASCII.sub(_escaped, text)


def listing_json(
    rows: Sequence[tuple[Any, ...]],
    next_cursor: str | None,
    item_urls: Callable[[list[str]], list[str]],
) -> bytes:
    """A page of the listing, byte for byte in the form Flask's JSON provider first gave it.

    `rows` are (id, created_at, listed item) as the store keeps them; `item_urls` gives the URLs
    of a page's ids, which depend on where the service is mounted and so are added here. Compact,
    ASCII-only (`ensure_ascii`) and newline-ended, unlike an assessment.
    """
    urls = item_urls([row[0] for row in rows])
    items = ",".join(
        [
            f'{item[:-1]},"url":{encode_basestring_ascii(url)}}}'
            for (_, _, item), url in zip(rows, urls, strict=True)
        ]
    )
    cursor = "null" if next_cursor is None else encode_basestring_ascii(next_cursor)
    return f'{{"items":[{items}],"next_cursor":{cursor}}}\n'.encode()


# A time as SQLite stores it (SQLAlchemy's DateTime).
_STORED_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", re.ASCII).fullmatch


def rfc3339_of_text(moment: str | datetime) -> str:
    """`rfc3339` of a naive UTC time given as the ISO 8601 text SQLite stores for it,
    `YYYY-MM-DD HH:MM:SS.ffffff`, cut and pasted rather than parsed (the milliseconds are the
    fraction's first three digits); any other text, or a datetime, goes through `rfc3339`."""
    if type(moment) is str and _STORED_TIME(moment):
        return f"{moment[:10]}T{moment[11:23]}Z"
    return rfc3339(moment if isinstance(moment, datetime) else datetime.fromisoformat(moment))


_NOT_ASCII = re.compile("[\x7f-\U0010ffff]")


def _escaped(match: re.Match[str]) -> str:
    return encode_basestring_ascii(match.group())[1:-1]
