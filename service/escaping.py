"""The one escaping of profile text for every memo format, so a name cannot rewrite the memo."""

from __future__ import annotations

import html
import re
from typing import Literal

from service.plaintext import CONTROL

Markup = Literal["markdown", "html"]
# The characters that can open Markdown structure inside a line (emphasis, code, links, images,
# raw HTML, entities, table cells, strikethrough, a heading's closing #s, autolinks' scheme and
# address). CommonMark lets a backslash escape them, and each then stands for itself; other
# punctuation is left alone so names read as written.
_MARKDOWN_SPECIAL = "\\`*_[]<>!|~&#:@"
_MARKDOWN_ESCAPES = str.maketrans({char: "\\" + char for char in _MARKDOWN_SPECIAL})
# GFM links a bare "www." too: its dot is escaped so no address can start there.
_WWW = re.compile(r"(?i)\b(www)\.")
# What would break a line or hide in it: control characters and Unicode's line separators.
_BREAKING = re.compile(f"[{CONTROL}\u2028\u2029]")


def escape(text: str, markup: Markup) -> str:
    """`text` as literal, single-line content of a memo in `markup`."""
    flat = _one_line(text)
    if markup == "markdown":
        return _WWW.sub(r"\1\\.", flat.translate(_MARKDOWN_ESCAPES))
    if markup == "html":
        return html.escape(flat, quote=True)
    raise ValueError(f"unknown markup {markup!r}")


def _one_line(text: str) -> str:
    """Control characters (newlines and tabs included) and line separators become spaces."""
    return _BREAKING.sub(" ", text)
