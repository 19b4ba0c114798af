"""Render a memo document (service/memo_document.py) as CommonMark."""

from __future__ import annotations

from collections.abc import Iterable

from service.escaping import escape
from service.memo_document import (
    Block,
    Code,
    Divider,
    Em,
    Given,
    Heading,
    Inline,
    Items,
    Paragraph,
    Quote,
    Strong,
)


def render(blocks: Iterable[Block]) -> str:
    """Blocks separated by blank lines, ending in one newline."""
    return "\n\n".join(["\n".join(_block(block)) for block in blocks]) + "\n"


def _block(block: Block) -> list[str]:
    match block:
        case Heading(level, parts):
            return ["#" * level + " " + _inline(parts)]
        case Paragraph(parts):
            return [_inline(parts)]
        case Items(entries, None):
            return ["- " + _inline(entry) for entry in entries]
        case Items(entries, numbers):
            return [f"{n}. {_inline(entry)}" for n, entry in zip(numbers, entries, strict=True)]
        case Quote(lines):
            return ["> " + _inline(line) for line in lines]
        case Divider():
            return ["---"]
    raise TypeError(f"not a memo block: {block!r}")


def _inline(parts: Iterable[Inline]) -> str:
    return "".join([_part(part) for part in parts])


def _part(part: Inline) -> str:
    match part:
        case str():
            return part
        case Given(text):
            return escape(text, "markdown")
        case Strong(parts):
            return f"**{_inline(parts)}**"
        case Em(parts):
            return f"*{_inline(parts)}*"
        case Code(text):
            return f"`{text}`"
    raise TypeError(f"not a memo inline part: {part!r}")
