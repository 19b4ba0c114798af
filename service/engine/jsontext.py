"""Compact JSON text, byte for byte as `json.dumps` writes it, for the engine's prepared fragments.

The engine answers in JSON text assembled from fragments made when the rules compile, so on each
request only the profile's own values are written, by the encoders here.
"""

from __future__ import annotations

import json
from bisect import bisect
from collections.abc import Callable, Collection
from typing import Any

from service.vocabulary import FieldSpec, Kind

Encoder = Callable[[Any], str]


def dumps(value: Any) -> str:
    """The one JSON form of the service (the API's bodies, stored rows): compact and ASCII.

    Escaping the article's few dashes and curly quotes keeps every fragment one byte per character,
    so joining fragments and encoding the body for the wire are plain copies.
    """
    return json.dumps(value, separators=(",", ":"))


def number(value: float | None) -> str:
    """A finite number or None; `repr` is what `json.dumps` itself writes for ints and floats."""
    return "null" if value is None else repr(value)


def choices_text(spec: FieldSpec) -> dict[str | None, str]:
    """Each choice of an enum field (and None) as JSON text."""
    return {None: "null", **{choice: dumps(choice) for choice in spec.choices}}


def vocabulary_rank(spec: FieldSpec) -> Callable[[str], int]:
    """A choice's place in the vocabulary: the order in which sets are shown."""
    return {choice: index for index, choice in enumerate(spec.choices)}.__getitem__


def set_encoder(spec: FieldSpec) -> Callable[[Collection[str]], str]:
    """A set of choices as the JSON list explanations show: in vocabulary order."""
    rank = vocabulary_rank(spec)
    pick = choices_text(spec).__getitem__

    def encode(values: Collection[str]) -> str:
        if not values:
            return "[]"
        return "[" + ",".join(map(pick, sorted(values, key=rank))) + "]"

    return encode


def insertion_encoder(
    spec: FieldSpec,
) -> Callable[[Collection[str]], tuple[str, Callable[[int, str], str]]]:
    """For a set of choices: its JSON text, and a writer of the set plus one more choice.

    Near misses on a set field mostly name the set with one choice added; the set is sorted and
    encoded once per evaluation, and each near miss only slots its choice in.
    """
    text = choices_text(spec)
    rank = vocabulary_rank(spec)

    def prepare(values: Collection[str]) -> tuple[str, Callable[[int, str], str]]:
        ordered = sorted(values, key=rank)
        ranks = [rank(choice) for choice in ordered]
        items = [text[choice] for choice in ordered]

        def with_choice(choice_rank: int, choice_text: str) -> str:
            at = bisect(ranks, choice_rank)
            return "[" + ",".join([*items[:at], choice_text, *items[at:]]) + "]"

        return "[" + ",".join(items) + "]", with_choice

    return prepare


def fact_encoder(spec: FieldSpec) -> Encoder:
    """The JSON text of one fact of this field, as `actual` shows it."""
    if spec.kind is Kind.ENUM_SET:
        return set_encoder(spec)
    if spec.kind is Kind.NUMBER:
        return number
    return choices_text(spec).__getitem__
