"""Split an article body into sections, paragraphs and sentences with stable ids and offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

HEADING = "### "
LEAD_TITLE = "Lead"

# A sentence ends at . ! or ? followed by whitespace and a capital, digit or opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"‘'])")
# Tokens that end in a full stop without ending a sentence.
_NOT_A_STOP = re.compile(r"(?:\b(?:U\.S|U\.N|Mr|Ms|Dr|St|e\.g|i\.e|vs|No)\.|^\d+\.)$")


class Level(StrEnum):
    SECTION = "section"
    PARAGRAPH = "paragraph"
    SENTENCE = "sentence"


@dataclass(frozen=True)
class Passage:
    """A citable span of the body: `body[start:end]` is its text, with no surrounding whitespace."""

    id: str
    level: Level
    start: int
    end: int
    section_id: str
    section_title: str


def segment(body: str) -> tuple[Passage, ...]:
    """Passages in document order; each section precedes its paragraphs, each paragraph its sentences.

    `s0` is the untitled lead; `### ` headings open sections s1, s2, ...; every non-empty line is
    a paragraph.
    """
    passages: list[Passage] = []
    section_index = 0
    section_id, section_title = "s0", LEAD_TITLE
    section_start: int | None = None
    section_end = 0
    paragraph_index = 0
    pending: list[Passage] = []

    def close_section() -> None:
        if section_start is not None:
            passages.append(
                Passage(
                    section_id,
                    Level.SECTION,
                    section_start,
                    section_end,
                    section_id,
                    section_title,
                )
            )
        passages.extend(pending)
        pending.clear()

    offset = 0
    for line in body.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        start = line_start + (len(line) - len(line.lstrip()))
        end = start + len(stripped)
        if stripped.startswith(HEADING):
            close_section()
            section_index += 1
            section_id = f"s{section_index}"
            title_start = start + len(HEADING)
            section_title = body[title_start:end].strip()
            section_start, section_end = start, end
            paragraph_index = 0
            continue
        if section_start is None:
            section_start = start
        section_end = end
        paragraph_index += 1
        paragraph_id = f"{section_id}.p{paragraph_index}"
        pending.append(
            Passage(paragraph_id, Level.PARAGRAPH, start, end, section_id, section_title)
        )
        for number, (s_start, s_end) in enumerate(_sentences(body, start, end), start=1):
            pending.append(
                Passage(
                    f"{paragraph_id}.x{number}",
                    Level.SENTENCE,
                    s_start,
                    s_end,
                    section_id,
                    section_title,
                )
            )
    close_section()
    return tuple(passages)


def _sentences(body: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    sentence_start = start
    for match in _SENTENCE_END.finditer(body, start, end):
        if _NOT_A_STOP.search(body[sentence_start : match.start()]):
            continue
        spans.append((sentence_start, match.start()))
        sentence_start = match.end()
    spans.append((sentence_start, end))
    return spans
