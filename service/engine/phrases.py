"""Small pieces of English shared by the texts the engine writes (bottom line, empty areas, basis)."""

from __future__ import annotations

from collections.abc import Sequence

from service.vocabulary import Vocabulary

# Stakeholder types that read wrongly as "a <label>".
_NOUNS = {
    "armed_forces": "armed forces",
    "civil_society": "a civil-society group",
    "private_sector": "a company",
}


def stakeholder(stakeholder_type: str, vocabulary: Vocabulary) -> str:
    """'a foreign ministry', 'an intelligence agency', 'armed forces'."""
    if stakeholder_type in _NOUNS:
        return _NOUNS[stakeholder_type]
    label = vocabulary.label("stakeholder_types", stakeholder_type).lower()
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def infinitive(title: str) -> str:
    """A rule title (an imperative with a capitalised verb) as 'to …' inside a sentence."""
    if title.startswith("Do not "):
        return "not to " + title.removeprefix("Do not ")
    return "to " + title[:1].lower() + title[1:]


def listed(items: Sequence[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
