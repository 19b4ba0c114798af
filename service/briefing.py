"""Render an assessment as a Markdown briefing memo for people who read rather than parse."""

from __future__ import annotations

from typing import Any

from service.escaping import escape
from service.vocabulary import Vocabulary


def _label(vocabulary: Vocabulary, group: str, value: str | None) -> str:
    if value is None:
        return "—"
    return next((t.label for t in vocabulary.groups[group] if t.value == value), value)


def _identity(assessment: dict[str, Any]) -> str:
    """A stored assessment by its id; a dry run (CLI, `dry_run=true`) has none."""
    return f"Assessment {assessment['id']}" if assessment["stored"] else "Dry run, not stored"


def render_markdown(assessment: dict[str, Any], vocabulary: Vocabulary) -> str:
    """The memo of an assessment in its wire form (service/wire.py), stored or not."""
    profile = assessment["profile"]
    summary = assessment["summary"]
    stype = _label(vocabulary, "stakeholder_types", profile["stakeholder_type"])
    who = escape(profile["name"], "markdown") if profile.get("name") else stype
    country = escape(profile["country"], "markdown") if profile.get("country") else "—"
    lines = [
        f"# Briefing: {who}",
        "",
        f"*{_identity(assessment)}, {assessment['created_at']}. "
        f"Stakeholder type: {stype}; country: {country}; "
        f"alignment: {_label(vocabulary, 'alignments', profile['alignment'])}; "
        f"horizon: {_label(vocabulary, 'horizons', profile['time_horizon'])}.*",
        "",
        "## Summary",
        "",
    ]
    recommendations = assessment["recommendations"]
    if summary["top_area"]:
        lines.append(
            f"{len(recommendations)} recommendations; the most pressing area is "
            f"**{_label(vocabulary, 'areas', summary['top_area'])}**."
        )
    else:
        lines.append("No rule applies to this profile.")
    lines += ["", "| Area | Score | Recommendations |", "|---|---:|---:|"]
    for area in summary["areas"]:
        lines.append(
            f"| {_label(vocabulary, 'areas', area['area'])} | {area['score']:.1f} | {area['count']} |"
        )
    lines += ["", "## Recommendations", ""]
    for rec in recommendations:
        priority = rec["priority"]
        lines += [
            f"### {rec['rank']}. {rec['title']}",
            "",
            f"**{_label(vocabulary, 'areas', rec['area'])}** · score {priority['score']:.1f} "
            f"({priority['tier']}) · severity {rec['severity']} · "
            f"{_label(vocabulary, 'horizons', rec['horizon']).lower()} · `{rec['id']}`",
            "",
            f"**Action.** {rec['action']}",
            "",
            f"**Why.** {rec['rationale']}",
            "",
        ]
        for reason in priority["breakdown"]["boosts"]:
            lines.append(f"- Raised: {reason['reason']} (+{reason['by']})")
        for caution in rec["cautions"]:
            lines.append(f"- Caution: {caution}")
        if priority["breakdown"]["boosts"] or rec["cautions"]:
            lines.append("")
        lines.append("**Source.**")
        lines.append("")
        for evidence in rec["evidence"]:
            lines.append(f"> {evidence['quote']}")
            lines.append(
                f"> — {evidence['section']} ({evidence['article_id']}, {evidence['passage_id']})"
            )
            lines.append("")
    if assessment["tensions"]:
        lines += ["## Trade-offs", ""]
        for tension in assessment["tensions"]:
            first, second = tension["between"]
            lines.append(f"- `{first}` ↔ `{second}`: {tension['note']}")
        lines.append("")
    lines += ["## Caveats", ""]
    lines += [f"- {caveat}" for caveat in assessment["caveats"]]
    versions = assessment["versions"]
    lines += [
        "",
        f"*Rules {versions['rules'][:12]}; articles "
        + ", ".join(f"{aid} {v[:12]}" for aid, v in versions["articles"].items())
        + f"; service {versions['service']}.*",
        "",
    ]
    return "\n".join(lines)
