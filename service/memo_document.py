"""A memo as data: blocks of inline parts that each output format renders with its own escaping.

Text the caller supplied is wrapped in `Given`, so a renderer can never mistake it for markup; plain
`str` parts are the service's own words (vocabulary, rules, articles).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Given:
    """Text from the caller's profile: always escaped, in every format."""

    text: str


@dataclass(frozen=True)
class Strong:
    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Em:
    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


Inline = str | Given | Strong | Em | Code


@dataclass(frozen=True)
class Heading:
    level: int
    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Inline, ...]
    role: str = ""  # a CSS class suffix in HTML; nothing in Markdown


@dataclass(frozen=True)
class Items:
    """A list; `numbers` (one per entry) makes it an ordered list numbered as given."""

    entries: tuple[tuple[Inline, ...], ...]
    numbers: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Quote:
    lines: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class Divider:
    pass


Block = Heading | Paragraph | Items | Quote | Divider


def em(*parts: Inline) -> Em:
    return Em(parts)


def strong(*parts: Inline) -> Strong:
    return Strong(parts)


def para(*parts: Inline, role: str = "") -> Paragraph:
    return Paragraph(parts, role)


def heading(level: int, *parts: Inline) -> Heading:
    return Heading(level, parts)


def bullets(entries: list[tuple[Inline, ...]]) -> Items:
    return Items(tuple(entries))
