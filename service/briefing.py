"""Render an assessment as a Markdown briefing laid out the way ICD 203 asks a product to be read.

Bottom line first, then the key judgements with priority and confidence shown apart, the
recommendations by area, what to watch, the assumptions, the source and the caveats; ids and
hashes go to a provenance footer. It reads the wire form (service/wire.py) of any stored format:
where an older assessment lacks a judgement it says so rather than invent it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.escaping import escape
from service.grounding.article import Article
from service.vocabulary import Vocabulary

KEY_JUDGEMENTS = (3, 5)  # at least, at most: every act-now recommendation up to the most
NOT_RECORDED = "not recorded"
OLDER = (
    "*Not recorded: this assessment was stored before the service wrote bottom lines, "
    "confidence, assumptions and indicators, and none is made up for it now.*"
)


def render_markdown(
    assessment: dict[str, Any], vocabulary: Vocabulary, articles: Mapping[str, Article]
) -> str:
    """The memo of an assessment in its wire form, stored or not; `articles` are those loaded."""
    return "\n".join(_Briefing(assessment, vocabulary, articles).lines()) + "\n"


class _Briefing:
    def __init__(
        self, assessment: dict[str, Any], vocabulary: Vocabulary, articles: Mapping[str, Article]
    ) -> None:
        self.assessment = assessment
        self.vocabulary = vocabulary
        self.articles = articles
        self.recommendations: list[dict[str, Any]] = assessment["recommendations"]

    def label(self, group: str, value: str | None) -> str:
        return "—" if value is None else self.vocabulary.label(group, value)

    def lines(self) -> list[str]:
        return [
            *self.header(),
            *self.bottom_line(),
            *self.key_judgements(),
            *self.by_area(),
            *self.trade_offs(),
            *self.what_to_watch(),
            *self.assumptions(),
            *self.source(),
            *self.caveats(),
            *self.footer(),
        ]

    def header(self) -> list[str]:
        profile = self.assessment["profile"]
        kind = self.label("stakeholder_types", profile["stakeholder_type"])
        who = escape(profile["name"], "markdown") if profile.get("name") else kind
        country = escape(profile["country"], "markdown") if profile.get("country") else "—"
        return [
            f"# Briefing: {who}",
            "",
            f"*{kind}; country: {country}; "
            f"alignment: {self.label('alignments', profile['alignment'])}; "
            f"horizon: {self.label('horizons', profile['time_horizon'])}.*",
            "",
        ]

    def bottom_line(self) -> list[str]:
        line = self.assessment["summary"].get("bottom_line")
        return ["## Bottom line", "", line if line else OLDER, ""]

    def key_judgements(self) -> list[str]:
        lines = ["## Key judgements", ""]
        if not self.recommendations:
            return [*lines, "None: no rule applies to this profile.", ""]
        least, most = KEY_JUDGEMENTS
        urgent = sum(r["priority"]["tier"] == "act_now" for r in self.recommendations)
        for rec in self.recommendations[: min(max(urgent, least), most)]:
            lines.append(
                f"{rec['rank']}. **{rec['title']}** ({self.label('areas', rec['area']).lower()}). "
                f"Priority: {self.tier(rec)}. Confidence: {self.level(rec)}."
            )
        return [*lines, ""]

    def tier(self, rec: dict[str, Any]) -> str:
        return self.label("tiers", rec["priority"]["tier"]).lower()

    def level(self, rec: dict[str, Any]) -> str:
        confidence = rec.get("confidence")
        if confidence is None:
            return NOT_RECORDED
        return self.label("confidence_levels", confidence["level"]).lower()

    def by_area(self) -> list[str]:
        lines = ["## Recommendations by area", ""]
        for area in self.assessment["summary"]["areas"]:
            lines += [f"### {self.label('areas', area['area'])}", ""]
            in_area = [r for r in self.recommendations if r["area"] == area["area"]]
            if not in_area:
                why = area.get("why_empty")
                lines += [
                    f"Nothing in this area. {why['text']}" if why else "Nothing in this area.",
                    "",
                ]
            for rec in in_area:
                lines += self.recommendation(rec)
        return lines

    def recommendation(self, rec: dict[str, Any]) -> list[str]:
        priority = rec["priority"]
        lines = [
            f"#### {rec['rank']}. {rec['title']}",
            "",
            f"Priority: {self.tier(rec)} (score {priority['score']:.1f}; severity "
            f"{self.label('severities', rec['severity']).lower()}; "
            f"{self.label('horizons', rec['horizon']).lower()}). "
            f"Confidence: {self.level(rec)}.",
            "",
            f"**Action.** {rec['action']}",
            "",
            f"**Why.** {rec['rationale']}",
            "",
        ]
        if rec.get("inference"):
            lines += [f"**Our inference.** {rec['inference']}", ""]
        notes = [f"- Raised: {b['reason']} (+{b['by']})" for b in priority["breakdown"]["boosts"]]
        notes += [f"- Caution: {caution}" for caution in rec["cautions"]]
        if notes:
            lines += [*notes, ""]
        if rec.get("confidence"):
            lines += ["**Confidence basis.**", ""]
            for reason in rec["confidence"]["basis"]:
                where = f" ({', '.join(reason['passages'])})" if reason["passages"] else ""
                lines.append(f"- {reason['text']}{where}")
            lines.append("")
        lines += ["**Source.**", ""]
        for evidence in rec["evidence"]:
            lines += [
                f"> {evidence['quote']}",
                f"> — {evidence['section']} ({evidence['article_id']}, {evidence['passage_id']})",
                "",
            ]
        return lines

    def trade_offs(self) -> list[str]:
        if not self.assessment["tensions"]:
            return []
        titles = {r["id"]: f"{r['rank']}. {r['title']}" for r in self.recommendations}
        lines = ["## Trade-offs", ""]
        for tension in self.assessment["tensions"]:
            first, second = (titles.get(rule_id, rule_id) for rule_id in tension["between"])
            lines.append(f"- {first} ↔ {second}: {tension['note']}")
        return [*lines, ""]

    def what_to_watch(self) -> list[str]:
        """Indicators merged across recommendations: one development, however many rules watch it.

        Grounded indicators citing the same spans in the same direction are one development,
        shown in the words of the highest-ranked recommendation; our own ones merge by text.
        """
        lines = ["## What to watch", ""]
        if not any("indicators" in r for r in self.recommendations):
            return [*lines, f"{NOT_RECORDED.capitalize()}." if self.recommendations else "—", ""]
        merged: dict[tuple[Any, ...], tuple[dict[str, Any], list[int]]] = {}
        for rec in self.recommendations:
            for indicator in rec.get("indicators", ()):
                grounded = tuple(
                    (e["article_id"], e["start"], e["end"]) for e in indicator.get("evidence", ())
                )
                key = (indicator["direction"], grounded or indicator["text"])
                merged.setdefault(key, (indicator, []))[1].append(rec["rank"])
        for direction, heading in (("raises", "Would raise"), ("lowers", "Would lower")):
            shown = [item for key, item in merged.items() if key[0] == direction]
            if not shown:
                continue
            lines += [f"{heading} the priority of the advice:", ""]
            for indicator, ranks in shown:
                lines.append(f"- {indicator['text']} ({_ranks(ranks)}). {_grounds(indicator)}")
            lines.append("")
        return lines

    def assumptions(self) -> list[str]:
        lines = ["## Assumptions", ""]
        if not any("assumptions" in r for r in self.recommendations):
            return [*lines, f"{NOT_RECORDED.capitalize()}." if self.recommendations else "—", ""]
        merged: dict[str, list[int]] = {}
        for rec in self.recommendations:
            for assumption in rec.get("assumptions", ()):
                merged.setdefault(assumption, []).append(rec["rank"])
        lines += ["Taken for granted, and not established by the article:", ""]
        lines += [f"- {text.rstrip('.')} ({_ranks(ranks)})." for text, ranks in merged.items()]
        return [*lines, ""]

    def source(self) -> list[str]:
        """What each article is, what is unknown about it, and whose claim is at its centre."""
        lines = ["## Source", ""]
        for article_id, version in self.assessment["versions"]["articles"].items():
            article = self.articles.get(article_id)
            if article is None or article.version != version:
                lines += [
                    f"The article {article_id}, version {version[:12]}, which this service no "
                    "longer holds; the caveats below describe it as it was.",
                    "",
                ]
                continue
            said = [
                f"The advice rests on one article, “{article.title}”, retrieved "
                f"{article.retrieved}."
            ]
            said.append(
                f"It was published by {article.publisher}."
                if article.publisher
                else "Its publisher and author are unknown."
            )
            said.append(
                f"It was published on {article.published}."
                if article.published
                else "It carries no publication date."
            )
            if article.central_claim_by:
                said.append(f"Its central claim rests on {article.central_claim_by}.")
            lines += [" ".join(said), ""]
        return lines

    def caveats(self) -> list[str]:
        return ["## Caveats", "", *(f"- {c}" for c in self.assessment["caveats"]), ""]

    def footer(self) -> list[str]:
        a = self.assessment
        versions = a["versions"]
        identity = (
            f"Assessment {a['id']}, {a['created_at']}"
            if a.get("stored", True)
            else (f"Dry run, not stored, {a['created_at']}")
        )
        articles = ", ".join(f"{aid} {v[:12]}" for aid, v in versions["articles"].items())
        rules = ", ".join(f"{r['rank']} `{r['id']}`" for r in self.recommendations) or "none"
        return [
            "---",
            "",
            f"*{identity}. Rules {versions['rules'][:12]}; articles {articles}; "
            f"service {versions['service']}. Rules by rank: {rules}.*",
        ]


def _ranks(ranks: list[int]) -> str:
    return ("recommendation " if len(ranks) == 1 else "recommendations ") + ", ".join(
        map(str, ranks)
    )


def _grounds(indicator: dict[str, Any]) -> str:
    if indicator.get("inference"):
        return "Our inference, not the article's."
    quotes = " … ".join(e["quote"] for e in indicator["evidence"])
    return f"The article: “{quotes}”"
