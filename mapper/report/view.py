"""The view model of one journey's report: plain data, every figure already formatted.

``report_view(analysis, findings, diagrams)`` turns the analysis into what
the template shows; the template only places values, so all scoring,
ranking and number formatting happens here (in the journey's language).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any, Optional

from markupsafe import Markup

from ..findings import Finding
from ..i18n import Translator, translator
from ..render.graphviz import inline_svg
from ..render.views import DiagramBuild, Diagrams
from ..risk.analysis import Analysis
from ..rules import RULES
from .advice import journey_advice
from .charts import BarChart, EmotionChart, emotion_chart, loss_bars
from .details import StageView, finding_text, touchpoint_view
from .matrix import Matrix, risk_matrix
from .plan_view import PlanView, plan_view
from .calibration_view import CalibrationView, calibration_view
from .table import RiskTable, risk_table


@dataclass
class Figure:
    key: str
    label: str
    value: str
    detail: str = ""


@dataclass
class Link:
    text: str
    href: str


@dataclass
class DiagramView:
    svg: Markup
    description: str
    file: str
    dot_file: str
    large: bool
    stage_views: list[Link] = field(default_factory=list)


@dataclass
class FindingRow:
    severity: str
    severity_label: str
    rule: str
    title: str
    message: str
    location: str
    touchpoint: str = ""
    href: str = ""
    lang: Optional[str] = None


@dataclass
class FixRow:
    rank: int
    name: str
    href: str
    saved: str
    share: str


@dataclass
class OutcomeRow:
    name: str
    kind: str
    customers: str
    share: str


@dataclass
class ReportView:
    lang: str
    t: Translator
    title: str
    journey_id: str
    source_file: str
    description: str
    notes: str
    headline: list[Figure]
    secondary: list[Figure]
    levels: list[Figure]
    journey_advice: list[str]
    #: None until Graphviz has drawn the diagrams (see ``with_diagrams``)
    diagram: Optional[DiagramView]
    table: RiskTable
    matrix: Matrix
    losses: Optional[BarChart]
    emotion: Optional[EmotionChart]
    fix_first: list[FixRow]
    outcomes: list[OutcomeRow]
    findings: list[FindingRow]
    stages: list[StageView]
    profile: str
    json_file: str
    #: the fix-plan section (actions and the costed plan); None without actions
    plan: Optional[PlanView] = None
    #: where a fitted journey's figures came from; None when never fitted
    calibration: Optional[CalibrationView] = None


def _with_intervals(t: Translator, uncertainty: dict[str, Any], figures: list[Figure]) -> list[Figure]:
    """Headline figures with their Monte Carlo interval beside the point figure."""
    keys = {"retained": ("retained", 1), "lost": ("expected_lost", 1),
            "word_of_mouth": ("word_of_mouth", 0), "money": ("money_at_risk", 0)}
    shown = []
    for figure in figures:
        key, digits = keys.get(figure.key, ("", 0))
        bounds = uncertainty["intervals"].get(key)
        if bounds is not None:
            text = t("headline.interval", share=t.percent(uncertainty["interval"]),
                     low=t.number(bounds["low"], digits), high=t.number(bounds["high"], digits))
            figure = replace(figure, detail=f"{figure.detail} · {text}"
                            if figure.detail else text)
        shown.append(figure)
    return shown


def headline(t: Translator, analysis: Analysis) -> tuple[list[Figure], list[Figure]]:
    """The headline figures (retained, lost, word of mouth, money) and the secondary ones."""
    s = analysis.summary
    cohort = s.cohort

    def share(value: float) -> str:
        return t("headline.of_cohort", share=t.percent(value / cohort)) if cohort else ""

    wom = s.word_of_mouth
    figures = [
        Figure("retained", t("headline.retained"), t.number(s.retained, 1),
               share(s.retained)),
        Figure("lost", t("headline.lost"), t.number(s.expected_lost, 1),
               share(s.expected_lost)),
        Figure("word_of_mouth", t("headline.word_of_mouth"),
               f"{t.integer(wom.low)}–{t.integer(wom.high)}",
               t("headline.word_of_mouth_detail")),
    ]
    money = s.money
    if money is not None:
        currency = money.currency
        figures.append(Figure("money", t("headline.money"), t.money(money.total, currency),
                              t("headline.money_detail" if money.basis == "lost_value"
                                else "headline.money_detail_replacement",
                                lost=t.money(money.lost_value, currency),
                                replace=t.money(money.replacement_cost, currency))))
    if analysis.uncertainty:
        figures = _with_intervals(t, analysis.uncertainty, figures)
    secondary = [
        Figure("cohort", t("headline.cohort"), t.integer(cohort), t("headline.cohort_detail")),
        Figure("dropped", t("headline.dropped"), t.number(s.dropped, 1), share(s.dropped)),
    ]
    peak_end = s.peak_end
    if peak_end:
        secondary.append(Figure("remembered", t("headline.remembered"),
                                t.signed(peak_end.remembered, 1),
                                t("headline.remembered_detail")))
    return figures, secondary


def level_counts(t: Translator, analysis: Analysis) -> list[Figure]:
    counts = analysis.summary.levels
    return [Figure(level, t.level(level), t.integer(counts.get(level, 0)))
            for level in ("critical", "high", "medium", "low")]


def finding_rows(t: Translator, analysis: Analysis, findings: list[Finding]) -> list[FindingRow]:
    journey = analysis.journey
    rank = {"error": 0, "warning": 1, "info": 2}
    rows = []
    for finding in sorted(findings, key=lambda f: (rank.get(f.severity, 3), f.line, f.column,
                                                    f.rule, f.message)):
        message, lang = finding_text(t, finding)
        title_key = f"rule.{finding.rule}.title"
        title = t(title_key) if t.has(title_key) else (
            RULES[finding.rule].summary if finding.rule in RULES else finding.rule)
        tp = journey.touchpoints.get(finding.touchpoint) if finding.touchpoint else None
        rows.append(FindingRow(
            severity=finding.severity, severity_label=t(f"severity_label.{finding.severity}"),
            rule=finding.rule, title=title, message=message,
            location=f"{os.path.basename(finding.file)}:{finding.line}",
            touchpoint=tp.name if tp else "", href=f"#tp-{tp.id}" if tp else "",
            lang=lang))
    return rows


def fix_rows(t: Translator, analysis: Analysis, limit: int = 10) -> list[FixRow]:
    total = analysis.summary.expected_lost
    rows = []
    for index, item in enumerate(analysis.summary.fix_first[:limit]):
        rows.append(FixRow(index + 1, analysis.journey.touchpoints[item.id].name,
                           f"#tp-{item.id}", t.count("count.customers", item.saved, 1),
                           t.percent(item.saved / total) if total > 0 else ""))
    return rows


def outcome_rows(t: Translator, analysis: Analysis) -> list[OutcomeRow]:
    summary = analysis.summary
    cohort = summary.cohort
    rows = []
    for tid, customers in summary.outcomes.items():
        tp = analysis.journey.touchpoints[tid]
        rows.append(OutcomeRow(tp.name, t.words("outcome", tp.outcome or ""),
                               t.number(customers, 1),
                               t.percent(customers / cohort) if cohort else ""))
    rows.append(OutcomeRow(t("outcome.dropped"), "", t.number(summary.dropped, 1),
                           t.percent(summary.dropped / cohort) if cohort else ""))
    return rows


#: stands for the main diagram's SVG in a report rendered before ``dot`` finished;
#: user text is escaped, so it cannot occur in a page otherwise
SVG_PLACEHOLDER = "<!--journeymap:diagram-->"


def diagram_view(t: Translator, analysis: Analysis, diagrams: Diagrams) -> DiagramView:
    return _diagram_view(t, analysis, Markup(inline_svg(diagrams.main.svg)),
                         diagrams.main.description, diagrams.large,
                         [(item.number, item.title, item.stem) for item in diagrams.stages])


def outline_view(t: Translator, analysis: Analysis, build: DiagramBuild) -> DiagramView:
    """The diagram part as it will be once ``dot`` is done, its SVG a placeholder."""
    (_, _, description, _), *stages = build.outline
    return _diagram_view(t, analysis, Markup(SVG_PLACEHOLDER), description, build.large,
                         [(number, title, stem) for stem, title, _, number in stages])


def _diagram_view(t: Translator, analysis: Analysis, svg: Markup, description: str,
                  large: bool, stages: list[tuple[int, str, str]]) -> DiagramView:
    journey = analysis.journey
    links = [Link(t("diagram.stage_link", n=number, name=title), f"{stem}.svg")
             for number, title, stem in stages]
    return DiagramView(svg, description, f"{journey.id}.svg", f"{journey.id}.dot", large, links)


def report_view(analysis: Analysis, findings: list[Finding], diagrams: Diagrams) -> ReportView:
    return with_diagrams(report_view_without_diagrams(analysis, findings), analysis, diagrams)


def with_diagrams(view: ReportView, analysis: Analysis, diagrams: Diagrams) -> ReportView:
    """The view with its diagram part filled in (diagrams are rendered separately)."""
    return replace(view, diagram=diagram_view(view.t, analysis, diagrams))


def report_view_without_diagrams(analysis: Analysis, findings: list[Finding]) -> ReportView:
    """Everything of the report but the diagram, which needs Graphviz's output: built
    while ``dot`` runs."""
    journey = analysis.journey
    t = translator(journey.language)
    stages = []
    members_of: dict[str, list[str]] = {}
    for tid, tp in journey.touchpoints.items():
        if tp.stage and not tp.is_outcome:
            members_of.setdefault(tp.stage, []).append(tid)
    # each touchpoint's own findings, grouped once (scanning all of them per
    # touchpoint grew with the square of the journey)
    own: dict[str, list[Finding]] = {}
    for finding in findings:
        own.setdefault(finding.touchpoint, []).append(finding)
    for index, stage in enumerate(journey.stages):
        members = members_of.get(stage.id, [])
        if members:
            stages.append(StageView(stage.name, t(f"aspect.{stage.aspect}"), f"stage-{index + 1}",
                                    [touchpoint_view(t, analysis, tid, own.get(tid, []))
                                     for tid in members]))
    profile = analysis.profile.source
    primary, secondary = headline(t, analysis)
    return ReportView(
        lang=journey.language, t=t, title=journey.title, journey_id=journey.id,
        source_file=os.path.basename(journey.path), description=journey.description or "",
        notes=journey.notes or "", headline=primary, secondary=secondary,
        levels=level_counts(t, analysis), journey_advice=journey_advice(t, analysis),
        diagram=None, table=risk_table(t, analysis),
        matrix=risk_matrix(t, analysis), losses=loss_bars(t, analysis),
        emotion=emotion_chart(t, analysis), fix_first=fix_rows(t, analysis),
        outcomes=outcome_rows(t, analysis), findings=finding_rows(t, analysis, findings),
        stages=stages,
        profile=t("method.profile_builtin") if profile == "built-in" else
        os.path.basename(profile), json_file=f"{journey.id}.json",
        plan=plan_view(t, analysis), calibration=calibration_view(t, analysis))
