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

from ..core.textsafety import one_line
from ..core.vocabulary import LEVELS, translator
from ..present.explain import factor_name
from ..present.rows import TopFactor, risk_rows
from ..report.details import finding_text
from ..risk.analysis import Analysis

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def md_text(text: Any) -> str:
    """User text for Markdown: one line, entities and specials escaped."""
    flat = one_line(text)
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
    t = translator(lang)
    return f"{md_text(factor_name(t, top.factor))} {t.signed(top.contribution)}"


def headline(analysis: Analysis) -> list[str]:
    t = translator(analysis.journey.language)
    s = analysis.summary
    wom = s.word_of_mouth
    rows = [
        [t("export.cohort"), t.integer(s.cohort)],
        [t("export.retained"), t.number(s.retained)],
        [t("export.expected_lost"), t.number(s.expected_lost)],
        [t("export.dropped"), t.number(s.dropped)],
        [t("export.word_of_mouth"), f"{t.integer(wom.low)}–{t.integer(wom.high)}"],
    ]
    if s.money is not None:
        rows.append([t("export.money_at_risk"),
                     md_text(t.money(s.money.total, s.money.currency))])
    levels = s.levels
    rows.append([t("export.levels"), " · ".join(
        f"{t.level(level)} {t.integer(levels.get(level, 0))}" for level in LEVELS)])
    return _table(["", ""], "lr", rows)


def risk_table(analysis: Analysis) -> list[str]:
    lang = analysis.journey.language
    t = translator(lang)
    rows: list[list[str]] = []
    for row in risk_rows(analysis):
        level = t.level(row.level)
        if row.level in ("high", "critical"):
            level = f"**{level}**"
        rows.append([str(row.rank), f"{md_text(row.name)} ({code(row.id)})",
                     md_text(row.stage_name or row.stage or ""), level,
                     t.number(row.score), t.number(row.reach, 3),
                     t.number(row.expected_lost), _top_factor(row.top, lang)])
    header = [t(f"export.col.{name}") for name in
              ("rank", "touchpoint", "stage", "level", "score", "reach", "lost", "top_factor")]
    return _table(header, "rlllrrrl", rows)


def fix_first(analysis: Analysis, limit: int = 10) -> list[str]:
    t = translator(analysis.journey.language)
    items = analysis.summary.fix_first[:limit]
    if not items:
        return [t("export.fix_first_none")]
    return [f"{index}. " + t("export.fix_first_item", name=md_text(item.name),
                             id=item.id, saved=t.number(item.saved))
            for index, item in enumerate(items, start=1)]


def findings(analysis: Analysis) -> list[str]:
    t = translator(analysis.journey.language)
    found = [f for f in analysis.findings if f.severity in ("error", "warning", "info")]
    if not found:
        return [t("export.no_findings")]
    order = {"error": 0, "warning": 1, "info": 2}
    # worded like the report's findings, in the journey's language, figures included
    return [f"- **{f.severity}** {code(f.rule)} {code(f'{f.file}:{f.line}')}: "
            f"{md_text(finding_text(t, f, analysis.journey)[0])}"
            for f in sorted(found, key=lambda f: (order[f.severity], f.line, f.rule))]


def markdown_summary(analysis: Analysis) -> str:
    journey = analysis.journey
    t = translator(journey.language)
    parts = [
        [f"# {md_text(journey.title)}: {t('export.summary')}", "",
         t("export.generated", file=journey.path).replace(f"`{journey.path}`",
                                                          code(journey.path))],
        [f"## {t('export.headline')}", "", *headline(analysis)],
        [f"## {t('export.table')}", "", *risk_table(analysis)],
        [f"## {t('export.fix_first')}", "", *fix_first(analysis)],
        [f"## {t('export.findings')}", "", *findings(analysis)],
    ]
    return "\n\n".join("\n".join(part) for part in parts) + "\n"
