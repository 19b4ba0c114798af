"""The one escaping of profile text for every memo format, so a name cannot rewrite the memo."""

from __future__ import annotations

import html
import string
import unicodedata
from typing import Literal

Markup = Literal["markdown", "html"]
# CommonMark lets a backslash escape any ASCII punctuation, which then stands for itself: no
# heading, emphasis, link, autolink, table cell or raw HTML can start inside escaped text.
_MARKDOWN_ESCAPES = str.maketrans({char: "\\" + char for char in string.punctuation})
_LINE_BREAKS = {"\u2028", "\u2029"}


def escape(text: str, markup: Markup) -> str:
    """`text` as literal, single-line content of a memo in `markup`."""
    flat = _one_line(text)
    if markup == "markdown":
        return flat.translate(_MARKDOWN_ESCAPES)
    if markup == "html":
        return html.escape(flat, quote=True)
    raise ValueError(f"unknown markup {markup!r}")


def _one_line(text: str) -> str:
    """Control characters (newlines and tabs included) and line separators become spaces."""
    return "".join(
        " " if unicodedata.category(char) == "Cc" or char in _LINE_BREAKS else char for char in text
    )
