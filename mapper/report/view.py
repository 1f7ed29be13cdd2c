"""The view model of one journey's report: plain data, every figure already formatted.

``report_view(analysis, findings, diagrams)`` turns the analysis into what
the template shows; the template only places values, so all scoring,
ranking and number formatting happens here (in the journey's language).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Optional

from markupsafe import Markup

from ..core.findings import Finding
from ..core.vocabulary import Translator, translator
from ..render.graphviz import inline_svg
from ..render.views import DiagramBuild, Diagrams
from ..risk.analysis import Analysis
from ..core.rules import RULES
from ..present.advice import journey_advice
from .calibration_view import CalibrationView, calibration_view
from .canvas import CanvasStage, journey_canvas
from .channels import lost_through_channels
from .charts import BarChart, EmotionChart, emotion_chart, loss_bars
from .details import StageView, brief_view, finding_text, touchpoint_view
from .matrix import Matrix, risk_matrix
from .plan_view import PlanView, plan_view
from ..present.raw import raw
from .slices import diagram_markup
from .table import SHOWN, SPLIT, RiskTable, risk_table

if TYPE_CHECKING:
    from ..risk.summary import Summary


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
    #: the raw figures (``data-value``)
    value: str = ""
    share_value: str = ""
    note: str = ""


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
    cohort: OutcomeRow
    findings: list[FindingRow]
    stages: list[StageView]
    canvas: list[CanvasStage]
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
        message, lang = finding_text(t, finding, journey)
        title = RULES[finding.rule].title(t.lang) if finding.rule in RULES else finding.rule
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


def end_states(t: Translator, analysis: Analysis) -> list[tuple[str, str, float, str]]:
    """Every end state of the cohort as ``(name, kind, customers, note)``, summing to it:
    each outcome, those who left satisfied after a resolved complaint, those lost
    through a bad experience, and those who dropped off without a word."""
    s = analysis.summary
    rows = []
    for tid, customers in s.get("outcomes", {}).items():
        tp = analysis.journey.touchpoints[tid]
        rows.append((tp.name, t.words("outcome", tp.outcome or ""), customers, ""))
    if s.get("resolved_exit", 0.0) > 0.0:
        rows.append((t("outcomes.resolved"), t("outcomes.kind_retained"), s["resolved_exit"],
                     t("outcomes.resolved_note")))
    rows.append((t("outcomes.lost_experience"), t("outcome.lost"), lost_through_experience(s),
                 t("outcomes.lost_experience_note")))
    rows.append((t("outcome.dropped"), t("outcomes.kind_dropped"), s["dropped"],
                 t("outcomes.dropped_note")))
    return rows


def outcome_rows(t: Translator, analysis: Analysis) -> list[OutcomeRow]:
    """The rows of the cohort table (see :func:`end_states`), formatted."""
    cohort = analysis.summary["cohort"]
    rows = []
    for name, kind, customers, note in end_states(t, analysis):
        share = customers / cohort if cohort else 0.0
        rows.append(OutcomeRow(name, kind, t.number(customers, 1),
                               t.percent(share) if cohort else "", raw(customers), raw(share),
                               note))
    return rows


def lost_through_experience(summary: "Summary | dict[str, Any]") -> float:
    """Customers lost through bad experiences: the expected lost but those who reached
    an outcome ``lost`` (the summary, or its JSON document)."""
    return float(summary["expected_lost"] - summary.get("outcome_kinds", {}).get("lost", 0.0))


#: stands for the main diagram's SVG in a report rendered before ``dot`` finished;
#: user text is escaped, so it cannot occur in a page otherwise
SVG_PLACEHOLDER = "<!--journeymap:diagram-->"


def diagram_view(t: Translator, analysis: Analysis, diagrams: Diagrams) -> DiagramView:
    return _diagram_view(t, analysis, diagram_markup(inline_svg(diagrams.main.svg)),
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
    through = lost_through_channels(analysis)
    for finding in findings:
        own.setdefault(finding.touchpoint, []).append(finding)
    ranked = [r.id for r in analysis.ranked() if r.kind != "outcome"]
    # a large journey details its worst touchpoints (those of the risk table's
    # first part) and names the rest with their figures, so the page stays light
    detailed = set(ranked[:SHOWN]) if len(ranked) > SPLIT else set(ranked)
    for index, stage in enumerate(journey.stages):
        members = members_of.get(stage.id, [])
        if members:
            stages.append(StageView(stage.name, t(f"aspect.{stage.aspect}"), f"stage-{index + 1}",
                                    [touchpoint_view(t, analysis, tid, own.get(tid, []),
                                                     through.get(tid))
                                     if tid in detailed else brief_view(t, analysis, tid)
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
        outcomes=outcome_rows(t, analysis),
        cohort=OutcomeRow(t("outcomes.total"), "", t.integer(analysis.summary["cohort"]),
                          t.percent(1.0), raw(analysis.summary["cohort"]), raw(1.0)),
        findings=finding_rows(t, analysis, findings),
        stages=stages, canvas=journey_canvas(t, analysis, findings),
        profile=t("method.profile_builtin") if profile == "built-in" else
        os.path.basename(profile), json_file=f"{journey.id}.json",
        plan=plan_view(t, analysis), calibration=calibration_view(t, analysis))
