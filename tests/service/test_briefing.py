"""The memo keeps its own structure whatever text a profile carries (one escaping helper)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from service import wire
from service.assess import build_assessment
from service.briefing import render_markdown
from service.escaping import escape
from service.profile import normalise
from tests.conftest import load_example

HOSTILE_NAMES = [
    "Ministry\n# Injected heading\n\n- injected item",
    "[click here](https://evil.example/steal) ![x](https://evil.example/x.png)",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "**bold** _em_ `code` ~~gone~~ | a | table |",
    "https://evil.example/auto and www.evil.example and <https://evil.example>",
    "Line\rbreak\u2028separator\ttab\x00nul\\backslash &amp; entity",
]
PARSER = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def _memo_with_name(registry, name: str) -> str:
    profile = normalise(registry.profile_schema, load_example("kr-defence-ministry"))
    assessment = wire.assessment_dict(build_assessment(registry, profile))
    assessment["profile"] = {**assessment["profile"], "name": name}
    return render_markdown(assessment, registry.vocabulary)


def _heading_text(memo: str) -> tuple[list[int], Token]:
    tokens = PARSER.parse(memo)
    opened = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    inline = tokens[opened[0] + 1]
    return opened, inline


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_profile_text_stays_one_literal_heading(registry, name):
    clean = _memo_with_name(registry, "Plain name")
    memo = _memo_with_name(registry, name)
    opened, inline = _heading_text(memo)
    assert len(opened) == 1
    # The heading holds the name as plain text: no link, image, HTML, emphasis or code.
    assert {child.type for child in inline.children} <= {"text"}
    assert inline.content.startswith("Briefing: ")
    shown = "".join(child.content for child in inline.children)
    expected = "".join(" " if ch in "\n\r\t\x00\u2028" else ch for ch in name)
    assert shown == "Briefing: " + expected
    # The rest of the memo has the same structure as with a harmless name.
    assert len(memo.splitlines()) == len(clean.splitlines())
    assert [t.type for t in PARSER.parse(memo)] == [t.type for t in PARSER.parse(clean)]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escaped_markdown_renders_back_to_the_text_on_one_line(text):
    rendered = PARSER.parseInline(escape(text, "markdown"))[0].children
    assert {child.type for child in rendered} <= {"text"}
    flat = "".join(child.content for child in rendered)
    assert "\n" not in flat
    assert (
        flat.strip()
        == "".join(
            " " if (ord(ch) < 32 or 127 <= ord(ch) < 160 or ch in "\u2028\u2029") else ch
            for ch in text
        ).strip()
    )


def test_html_escaping_leaves_no_markup():
    assert escape("<a href=\"x\" onclick='y'>&\n</a>", "html") == (
        "&lt;a href=&quot;x&quot; onclick=&#x27;y&#x27;&gt;&amp; &lt;/a&gt;"
    )
