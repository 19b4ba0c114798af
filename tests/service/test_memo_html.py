"""The HTML memo: the same briefing as the Markdown one, inert whatever text a profile carries."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from service import wire
from service.assess import build_assessment
from service.briefing import render_html, render_markdown
from service.profile import normalise
from tests.conftest import CONFIG_DIR, example_names, load_example
from tests.memo_html import assert_inert

HOSTILE = {
    "name": '<script>alert(1)</script><img src=x onerror="alert(1)"> **bold** [x](javascript:y)',
    "country": "</article><style>body{display:none}</style>\n# heading",
}


def _assessment(registry, example: str, **overrides):
    profile = normalise(registry.profile_schema, load_example(example))
    assessment = wire.assessment_dict(build_assessment(registry, profile))
    assessment["profile"] = {**assessment["profile"], **overrides}
    return assessment


def _kr_assessment():
    from service.registry import load_registry

    registry = load_registry(CONFIG_DIR)
    return _assessment(registry, "kr-defence-ministry"), registry


KR_ASSESSMENT, _REGISTRY = _kr_assessment()
CLEAN_TAGS = assert_inert(render_html(KR_ASSESSMENT, _REGISTRY.vocabulary, _REGISTRY.articles)).tags


def _one_line(text: str) -> str:
    """What the escaping helper makes of a text: control characters and separators as spaces."""
    return "".join(
        " " if unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029" else ch for ch in text
    )


def _markdown_headings(memo: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(memo)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


@pytest.mark.parametrize("name", example_names())
def test_every_example_memo_renders_the_same_briefing_in_both_formats(registry, name):
    assessment = _assessment(registry, name)
    page = render_html(assessment, registry.vocabulary, registry.articles)
    memo = render_markdown(assessment, registry.vocabulary, registry.articles)
    found = assert_inert(page)
    assert page.startswith('<article class="advisor-memo">')
    assert found.headings == _markdown_headings(memo)
    for rec in assessment["recommendations"]:
        assert rec["action"] in found.text
        for evidence in rec["evidence"]:
            assert evidence["quote"] in found.text


def test_hostile_profile_text_is_inert_and_shown_as_written(registry):
    clean = render_html(
        _assessment(registry, "kr-defence-ministry", name="Plain", country="KR"),
        registry.vocabulary,
        registry.articles,
    )
    page = render_html(
        _assessment(registry, "kr-defence-ministry", **HOSTILE),
        registry.vocabulary,
        registry.articles,
    )
    found = assert_inert(page)
    assert found.headings[0] == "Briefing: " + HOSTILE["name"]
    assert HOSTILE["country"].replace("\n", " ") in found.text
    assert found.tags == assert_inert(clean).tags


def test_the_markdown_memo_lists_rules_as_code_and_the_html_one_too(registry):
    assessment = _assessment(registry, "icrc")
    page = render_html(assessment, registry.vocabulary, registry.articles)
    for rec in assessment["recommendations"]:
        assert f"<code>{rec['id']}</code>" in page


@settings(max_examples=100, deadline=None)
@given(name=st.text(min_size=1, max_size=60), country=st.text(min_size=1, max_size=20))
def test_any_profile_text_is_one_literal_text_node(registry, name, country):
    page = render_html(
        {
            **KR_ASSESSMENT,
            "profile": {**KR_ASSESSMENT["profile"], "name": name, "country": country},
        },
        registry.vocabulary,
        registry.articles,
    )
    found = assert_inert(page)
    assert found.tags == CLEAN_TAGS
    assert found.headings[0] == "Briefing: " + _one_line(name)
