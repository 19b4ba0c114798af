"""Segmentation of the real article into sections, paragraphs and sentences."""

from service.grounding.segment import Level, segment


def test_sections_are_the_lead_and_the_six_headings(article):
    sections = article.sections()
    assert [s.id for s in sections] == ["s0", "s1", "s2", "s3", "s4", "s5", "s6"]
    assert [s.section_title for s in sections] == [
        "Lead",
        "Understanding the Context of North Korean Involvement in Ukraine",
        "The Immediate Military Implications",
        "Geopolitical Ramifications",
        "The Role of the International Community",
        "Considerations for Stakeholders",
        "Conclusion: Navigating Uncertain Waters",
    ]


def test_article_has_33_sentences_in_16_paragraphs(article):
    levels = [p.level for p in article.passages]
    assert levels.count(Level.SENTENCE) == 33
    assert levels.count(Level.PARAGRAPH) == 16


def test_every_passage_is_an_exact_trimmed_span(article):
    for passage in article.passages:
        text = article.text(passage)
        assert text == text.strip() and text
        assert article.passage(passage.id) == passage


def test_first_and_last_sentence_of_a_section(article):
    sentences = [p for p in article.passages if p.level is Level.SENTENCE and p.section_id == "s2"]
    assert sentences[0].id == "s2.p1.x1"
    assert article.text(sentences[0]).startswith("Zelensky’s assertion that North Korean troops")
    assert sentences[-1].id == "s2.p2.x2"
    assert article.text(sentences[-1]) == (
        "If this trend persists, it could lead to internal dissent within North Korea, potentially "
        "creating a ripple effect where the regime’s reliability as a military ally is questioned."
    )


def test_numbered_list_items_and_abbreviations_do_not_split_sentences(article):
    item = article.passage("s5.p2.x1")
    assert article.text(item).startswith("1. **Military Readiness**: Countries should assess")
    us_sentence = article.text(article.passage("s4.p1.x2"))
    assert us_sentence.endswith("prompting a response from allies like China and the U.S.")


def test_last_sentence_ends_at_the_end_of_the_body(article):
    last = [p for p in article.passages if p.level is Level.SENTENCE][-1]
    assert last.id == "s6.p2.x2"
    assert last.end == len(article.body)


def test_segment_handles_text_without_a_lead_and_blank_lines():
    body = "### One\n\nFirst sentence. Second one!\n### Two\nOnly this?"
    passages = {p.id: p for p in segment(body)}
    assert "s0" not in passages
    assert body[passages["s1"].start : passages["s1"].end] == (
        "### One\n\nFirst sentence. Second one!"
    )
    assert body[passages["s1.p1.x2"].start : passages["s1.p1.x2"].end] == "Second one!"
    assert passages["s2.p1.x1"].section_title == "Two"
