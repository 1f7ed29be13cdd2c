"""A Markdown risk summary for wikis and pull requests (``export --format markdown``).

Headline figures, the risk table (every touchpoint, riskiest first), the
fix-first list and the lint findings, with labels in the journey's language.
GitHub-flavoured Markdown: every piece of user text is escaped
(:func:`md_text`) so a ``|`` cannot break the table, and ``*``, ``_``,
``[``, ``<`` ... cannot turn into formatting, links or HTML.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from ..core.i18n import translator
from ..present.explain import factor_name
from ..risk.analysis import Analysis
from ..present.labels import label, number
from ..present.rows import TopFactor, risk_rows

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")
_LEVELS = ("low", "medium", "high", "critical")


def md_text(text: Any) -> str:
    """User text for Markdown: one line, entities and specials escaped."""
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;")
    escaped = _SPECIAL.sub(r"\\\1", flat)
    return escaped.replace("\\<", "&lt;").replace("\\>", "&gt;")


def code(text: str) -> str:
    """``text`` as a code span, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _table(header: list[str], align: str, rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _top_factor(top: Optional[TopFactor], lang: str) -> str:
    """The top factor named in the journey's language (as the report's table and the
    XLSX register name it), with its points."""
    if top is None:
        return ""
    sign = "+" if top.contribution >= 0 else "-"
    name = factor_name(translator(lang), top.factor)
    return f"{md_text(name)} {sign}{number(lang, abs(top.contribution))}"


def headline(analysis: Analysis) -> list[str]:
    lang = analysis.journey.language
    s = analysis.summary
    wom = s.word_of_mouth
    rows = [
        [label(lang, "cohort"), number(lang, s.cohort, 0)],
        [label(lang, "retained"), number(lang, s.retained)],
        [label(lang, "expected_lost"), number(lang, s.expected_lost)],
        [label(lang, "dropped"), number(lang, s.dropped)],
        [label(lang, "word_of_mouth"),
         f"{number(lang, wom.low, 0)}–{number(lang, wom.high, 0)}"],
    ]
    if s.money is not None:
        rows.append([label(lang, "money_at_risk"),
                     f"{number(lang, s.money.total, 0)} {md_text(s.money.currency)}"])
    levels = s.levels
    rows.append([label(lang, "levels"), " · ".join(
        f"{label(lang, 'level.' + level)} {levels.get(level, 0)}" for level in _LEVELS)])
    return _table(["", ""], "lr", rows)


def risk_table(analysis: Analysis) -> list[str]:
    lang = analysis.journey.language
    rows: list[list[str]] = []
    for row in risk_rows(analysis):
        level = label(lang, "level." + row.level)
        if row.level in ("high", "critical"):
            level = f"**{level}**"
        rows.append([str(row.rank), f"{md_text(row.name)} ({code(row.id)})",
                     md_text(row.stage_name or row.stage or ""), level,
                     number(lang, row.score), number(lang, row.reach, 3),
                     number(lang, row.expected_lost), _top_factor(row.top, lang)])
    header = [label(lang, f"col.{name}") for name in
              ("rank", "touchpoint", "stage", "level", "score", "reach", "lost", "top_factor")]
    return _table(header, "rlllrrrl", rows)


def fix_first(analysis: Analysis, limit: int = 10) -> list[str]:
    lang = analysis.journey.language
    items = analysis.summary.fix_first[:limit]
    if not items:
        return [label(lang, "fix_first_none")]
    return [f"{index}. " + label(lang, "fix_first_item", name=md_text(item.name),
                                 id=item.id, saved=number(lang, item.saved))
            for index, item in enumerate(items, start=1)]


def findings(analysis: Analysis) -> list[str]:
    lang = analysis.journey.language
    found = [f for f in analysis.findings if f.severity in ("error", "warning", "info")]
    if not found:
        return [label(lang, "no_findings")]
    order = {"error": 0, "warning": 1, "info": 2}
    return [f"- **{f.severity}** {code(f.rule)} {code(f'{f.file}:{f.line}')}: "
            f"{md_text(f.message)}"
            for f in sorted(found, key=lambda f: (order[f.severity], f.line, f.rule))]


def markdown_summary(analysis: Analysis) -> str:
    journey = analysis.journey
    lang = journey.language
    parts = [
        [f"# {md_text(journey.title)}: {label(lang, 'summary')}", "",
         label(lang, "generated", file=journey.path).replace(f"`{journey.path}`",
                                                             code(journey.path))],
        [f"## {label(lang, 'headline')}", "", *headline(analysis)],
        [f"## {label(lang, 'table')}", "", *risk_table(analysis)],
        [f"## {label(lang, 'fix_first')}", "", *fix_first(analysis)],
        [f"## {label(lang, 'findings')}", "", *findings(analysis)],
    ]
    return "\n\n".join("\n".join(part) for part in parts) + "\n"
