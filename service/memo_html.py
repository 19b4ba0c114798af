"""Render a memo document (service/memo_document.py) as an HTML fragment safe to embed in a page.

Every piece of text, the caller's and the service's alike, goes through `escape(text, "html")`;
the only markup is the fixed set of tags below, with CSS classes and no styles, scripts, handlers
or links, so a portal's own stylesheet decides the look.
"""

from __future__ import annotations

from collections.abc import Iterable

from service.bounded import keep
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

ROOT_CLASS = "advisor-memo"
# Text -> its escaped form: a memo is some 300 pieces of text, most of them the service's own
# (rule text, the article's passages, labels) and the same in every memo. The caller's own text
# is a name of at most 200 characters, so the memo stays within a few MB whoever fills it.
_ESCAPED: dict[str, str] = {}
_ESCAPED_LIMIT = 8192


def render(blocks: Iterable[Block]) -> str:
    """One <article class="advisor-memo"> holding the blocks, ending in one newline."""
    body = "\n".join([_block(block) for block in blocks])
    return f'<article class="{ROOT_CLASS}">\n{body}\n</article>\n'


def _block(block: Block) -> str:
    match block:
        case Heading(level, parts):
            return f'<h{level} class="memo-h{level}">{_inline(parts)}</h{level}>'
        case Paragraph(parts, role):
            css = f"memo-{role}" if role else "memo-p"
            return f'<p class="{css}">{_inline(parts)}</p>'
        case Items(entries, None):
            items = "".join([f"<li>{_inline(entry)}</li>" for entry in entries])
            return f'<ul class="memo-list">{items}</ul>'
        case Items(entries, numbers):
            items = "".join(
                [
                    f'<li value="{n:d}">{_inline(entry)}</li>'
                    for n, entry in zip(numbers, entries, strict=True)
                ]
            )
            return f'<ol class="memo-numbered">{items}</ol>'
        case Quote(lines):
            return (
                '<blockquote class="memo-quote">'
                + "<br>".join([_inline(line) for line in lines])
                + "</blockquote>"
            )
        case Divider():
            return '<hr class="memo-divider">'
    raise TypeError(f"not a memo block: {block!r}")


def _inline(parts: Iterable[Inline]) -> str:
    return "".join([_part(part) for part in parts])


def _part(part: Inline) -> str:
    match part:
        case str(text) | Given(text):
            escaped = _ESCAPED.get(text)
            return escaped if escaped is not None else _escape(text)
        case Strong(parts):
            return f"<strong>{_inline(parts)}</strong>"
        case Em(parts):
            return f"<em>{_inline(parts)}</em>"
        case Code(text):
            return f"<code>{escape(text, 'html')}</code>"
    raise TypeError(f"not a memo inline part: {part!r}")


def _escape(text: str) -> str:
    return keep(_ESCAPED, text, escape(text, "html"), _ESCAPED_LIMIT)
