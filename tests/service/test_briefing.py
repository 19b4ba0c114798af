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
from tests.conftest import example_names, load_example

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
    return render_markdown(assessment, registry.vocabulary, registry.articles)


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


SECTIONS = [
    "Bottom line",
    "Key judgements",
    "Recommendations by area",
    "What to watch",
    "Assumptions",
    "Source",
    "Caveats",
]


def _h2(memo: str) -> list[str]:
    tokens = PARSER.parse(memo)
    return [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2"
    ]


@pytest.mark.parametrize("name", example_names())
def test_every_example_memo_is_a_briefing_in_order(registry, name):
    profile = normalise(registry.profile_schema, load_example(name))
    assessment = wire.assessment_dict(build_assessment(registry, profile, stored=True))
    memo = render_markdown(assessment, registry.vocabulary, registry.articles)
    assert [h for h in _h2(memo) if h != "Trade-offs"] == SECTIONS
    head, _, rest = memo.partition("## Key judgements")
    assert assessment["summary"]["bottom_line"] in head
    judgements, _, by_area = rest.partition("## Recommendations by area")
    items = [line for line in judgements.splitlines() if line[:1].isdigit()]
    ranks = len(assessment["recommendations"])
    assert min(3, ranks) <= len(items) <= 5
    for line, rec in zip(items, assessment["recommendations"], strict=False):
        level = registry.vocabulary.label("confidence_levels", rec["confidence"]["level"])
        tier = registry.vocabulary.label("tiers", rec["priority"]["tier"])
        # Priority and confidence apart, in words; no score, no tier code.
        assert f"Priority: {tier.lower()}. Confidence: {level.lower()}." in line
        assert rec["priority"]["tier"] not in line.replace(tier.lower(), "")
        assert str(rec["priority"]["score"]) not in line
    for area in assessment["summary"]["areas"]:
        if area["why_empty"]:
            assert f"Nothing in this area. {area['why_empty']['text']}" in by_area
    # Every indicator and assumption is shown once, with the recommendations it bears on.
    watch = memo.partition("## What to watch")[2].partition("## Assumptions")[0]
    for rec in assessment["recommendations"]:
        for indicator in rec["indicators"]:
            grounded = [e["quote"] for e in indicator.get("evidence", ())]
            assert indicator["text"] in watch or all(q in watch for q in grounded)
        for assumption in rec["assumptions"]:
            assert memo.count(assumption.rstrip(".")) == 1
    source = memo.partition("## Source")[2].partition("## Caveats")[0]
    assert "publisher and author are unknown" in source and "no publication date" in source
    assert "central claim rests on an announcement by Ukraine's president" in source
    # Ids and hashes only in the provenance footer.
    body, _, footer = memo.rpartition("\n---\n")
    assert assessment["id"] in footer and assessment["versions"]["rules"][:12] in footer
    assert assessment["id"] not in body
    assert all(f"`{r['id']}`" in footer for r in assessment["recommendations"])
    assert all(r["id"] not in body.replace(r["title"], "") for r in assessment["recommendations"])


def test_what_to_watch_merges_one_development_watched_by_several_rules(registry):
    profile = normalise(registry.profile_schema, load_example("kr-defence-ministry"))
    assessment = wire.assessment_dict(build_assessment(registry, profile))
    memo = render_markdown(assessment, registry.vocabulary, registry.articles)
    quote = "As tensions mount, South Korea, Japan, and other nations may strengthen"
    watchers = [
        r["rank"]
        for r in assessment["recommendations"]
        if any(quote in e["quote"] for i in r["indicators"] for e in i.get("evidence", ()))
    ]
    assert len(watchers) > 1
    watch = memo.partition("## What to watch")[2].partition("## Assumptions")[0]
    assert watch.count(quote) == 1
    assert f"recommendations {', '.join(map(str, watchers))}" in watch
