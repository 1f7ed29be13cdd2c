"""The view model of the portfolio page ``index.html``.

Every journey with its headline figures and worst touchpoints, the journeys
that failed to load with their errors, and the catalog entries (``use:``)
used by several journeys with their combined risk: customers expected to be
lost at that kind of touchpoint across the portfolio, and the worst score.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..core.errors import JourneyError
from ..core.findings import Finding, counts
from ..core.vocabulary import LANGUAGES, Translator, translator
from ..risk.analysis import Analysis
from .badge import TouchpointBadge
from ..present.raw import raw


@dataclass
class JourneyRow:
    title: str
    lang: str
    href: str
    id: str
    cohort: str
    retained: str
    lost: str
    lost_share: str
    dropped: str
    dropped_share: str
    word_of_mouth: str
    money: str
    worst: list[TouchpointBadge]
    findings: list[str]
    #: sort keys of the numeric columns (fixed-format numbers)
    keys: dict[str, str] = field(default_factory=dict)
    #: the raw figures of the numeric columns (``data-value``), as ``ID.json`` holds them
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class FailedRow:
    path: str
    messages: list[str]


@dataclass
class SharedUse:
    journey: str
    lang: str
    name: str
    href: str
    level: str
    level_label: str
    score: str
    lost: str


@dataclass
class SharedEntry:
    catalog: str
    journeys: str
    lost: str
    lost_value: str
    worst_level: str
    worst_level_label: str
    worst_score: str
    uses: list[SharedUse] = field(default_factory=list)


@dataclass
class PortfolioView:
    lang: str
    t: Translator
    title: str
    journeys: list[JourneyRow]
    failed: list[FailedRow]
    shared: list[SharedEntry]
    totals: list[str]


def portfolio_language(analyses: list[Analysis]) -> str:
    """The journeys' common language, or English for a mixed portfolio."""
    languages = {a.journey.language for a in analyses}
    if len(languages) == 1:
        lang = languages.pop()
        if lang in LANGUAGES:
            return lang
    return "en"


def journey_row(t: Translator, analysis: Analysis, findings: list[Finding]) -> JourneyRow:
    journey = analysis.journey
    s = analysis.summary
    cohort = s.cohort
    worst = []
    for risk in analysis.ranked()[:3]:
        if risk.kind == "outcome" or risk.score <= 0:
            continue
        worst.append(TouchpointBadge(risk.name, f"{journey.id}.html#tp-{risk.id}", risk.level,
                               t.level(risk.level), t.number(risk.score, 1)))
    found = counts(findings)
    money = ""
    if s.money is not None:
        money = t.money(s.money.total, s.money.currency)
    wom = s.word_of_mouth
    return JourneyRow(
        title=journey.title, lang=journey.language, href=f"{journey.id}.html", id=journey.id,
        cohort=t.integer(cohort), retained=t.number(s["retained"], 1),
        lost=t.number(s["expected_lost"], 1),
        lost_share=t.percent(s["expected_lost"] / cohort) if cohort else "",
        dropped=t.number(s["dropped"], 1),
        dropped_share=t.percent(s["dropped"] / cohort) if cohort else "",
        word_of_mouth=f"{t.integer(wom.low)}–{t.integer(wom.high)}", money=money,
        worst=worst, findings=[t.count("count.errors", found.get("error", 0)),
                               t.count("count.warnings", found.get("warning", 0)),
                               t.count("count.notes", found.get("info", 0))],
        keys={"title": journey.title.casefold(), "cohort": _key(cohort), "retained": _key(s["retained"]),
              "lost": _key(s["expected_lost"]), "dropped": _key(s["dropped"]),
              "word_of_mouth": _key(wom.high),
              "money": _key(s.get("money_at_risk", 0.0)),
              "worst": _key(analysis.ranked()[0].score if analysis.touchpoints else 0.0),
              "findings": _key(found.get("error", 0) * 1e6 + found.get("warning", 0) * 1e3
                               + found.get("info", 0))},
        values={"cohort": raw(cohort), "retained": raw(s["retained"]),
                "lost": raw(s["expected_lost"]), "dropped": raw(s["dropped"]),
                "word_of_mouth_low": raw(wom.low), "word_of_mouth_high": raw(wom.high),
                "money": raw(s["money_at_risk"]) if "money_at_risk" in s else ""})


def _key(value: float) -> str:
    return f"{float(value):.6f}"


def shared_entries(t: Translator, analyses: list[Analysis]) -> list[SharedEntry]:
    uses: dict[str, list[tuple[Analysis, str]]] = {}
    for analysis in analyses:
        for tid, tp in analysis.journey.touchpoints.items():
            if tp.catalog:
                uses.setdefault(tp.catalog, []).append((analysis, tid))
    entries = []
    for catalog in sorted(uses):
        items = uses[catalog]
        journeys = {a.journey.id for a, _ in items}
        if len(journeys) < 2:
            continue
        risks = [a.touchpoints[tid] for a, tid in items]
        worst = max(risks, key=lambda r: r.score)
        lost = sum(r.expected_lost for r in risks)
        entry = SharedEntry(catalog, t.count("count.journeys", len(journeys)),
                            t.number(lost, 1), raw(lost), worst.level, t.level(worst.level),
                            t.number(worst.score, 1))
        for analysis, tid in items:
            risk = analysis.touchpoints[tid]
            entry.uses.append(SharedUse(analysis.journey.title, analysis.journey.language,
                                        risk.name, f"{analysis.journey.id}.html#tp-{tid}",
                                        risk.level, t.level(risk.level),
                                        t.number(risk.score, 1), t.number(risk.expected_lost, 1)))
        entries.append((-lost, catalog, entry))
    return [entry for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1]))]


def portfolio_view(journeys: list[tuple[Analysis, list[Finding]]],
                   failed: list[tuple[str, JourneyError]],
                   lang: Optional[str] = None) -> PortfolioView:
    analyses = [a for a, _ in journeys]
    t = translator(lang or portfolio_language(analyses))
    rows = [journey_row(t, a, f) for a, f in journeys]
    failed_rows = [FailedRow(path, [str(p) for p in error.problems]) for path, error in failed]
    lost = sum(a.summary.expected_lost for a in analyses)
    totals = [t.count("count.journeys", len(analyses)),
              t("index.total_lost", lost=t.count("count.customers", lost, 1))]
    money: dict[str, float] = {}
    for a in analyses:
        if a.summary.money is not None:
            currency = a.summary.money.currency
            money[currency] = money.get(currency, 0.0) + a.summary.money.total
    for currency in sorted(money):
        totals.append(t("index.total_money", money=t.money(money[currency], currency)))
    return PortfolioView(t.lang, t, t("index.title"), rows, failed_rows,
                         shared_entries(t, analyses), totals)

