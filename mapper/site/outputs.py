"""Everything a build writes, rendered in memory: per journey, then the portfolio index.

``render_journey`` does one journey's whole job (analysis, diagrams, report,
JSON) and depends on nothing else, so journeys can later be built
incrementally or in parallel.  ``render_site`` collects the files of all
journeys and the index; nothing here touches the output folder.
"""
from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Optional

from ..core.errors import JourneyError
from ..core.findings import Finding
from ..core.vocabulary import translator
from ..model.journey import Journey
from ..render.views import DOT_BUDGET, DiagramBuild
from ..risk.analysis import Analysis
from ..risk.assess import analysed, complete
from ..risk.document import analysis_json_text
from ..risk.profile import Profile

INDEX = "index.html"


@dataclass
class JourneyOutput:
    journey: Journey
    analysis: Analysis
    findings: list[Finding]
    #: file name -> content, in a fixed order (json, dot/svg, html)
    files: dict[str, bytes]
    #: what the user should know about this build of the journey (one line each)
    notices: list[str] = field(default_factory=list)


@dataclass
class Site:
    journeys: list[JourneyOutput] = field(default_factory=list)
    failed: list[tuple[str, JourneyError]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)


def render_journey(journey: Journey, profile: Profile, disabled: Iterable[str] = (),
                   progress: Optional[Callable[[str], None]] = None,
                   workers: Optional[Executor] = None) -> JourneyOutput:
    """Analyse one journey and render its files; ``progress(phase)`` hears what is being
    done.  Graphviz starts on the diagrams as soon as the scores are known: the
    actions' figures, the uncertainty and the findings, which no diagram shows,
    are computed while it runs."""
    if progress is not None:
        progress("score")
    analysis = analysed(journey, profile)
    return _render(analysis, lambda: complete(analysis, disabled), progress, workers)


def render_analysis(analysis: Analysis, findings: list[Finding],
                    progress: Optional[Callable[[str], None]] = None,
                    workers: Optional[Executor] = None) -> JourneyOutput:
    """The files of one analysed journey: ``ID.json``, its diagrams, ``ID.html``;
    ``progress(phase)`` hears what is being done; ``dot`` runs on ``workers`` (the
    build's Graphviz budget; by default a pool of one worker per core)."""
    return _render(analysis, lambda: findings, progress, workers)


def _render(analysis: Analysis, found: Callable[[], list[Finding]],
            progress: Optional[Callable[[str], None]],
            workers: Optional[Executor]) -> JourneyOutput:
    """:func:`render_analysis`, the findings from ``found()``, called once the
    diagrams are handed to Graphviz."""
    report = progress or (lambda phase: None)
    journey = analysis.journey
    t = translator(journey.language)
    # Graphviz runs in separate processes, on the workers: the views go to
    # ``dot`` as soon as their DOT is written, and meanwhile this thread
    # writes the JSON and the report, its diagram a placeholder until the
    # SVG is there (re-rendered only if dot had to fall back to other views)
    with DiagramBuild(analysis, t, workers) as build:
        # the report's modules (jinja2 and the view models, ~40 ms) are imported
        # only now, while Graphviz lays out the first views on the other cores
        from ..report.html import render_report
        from ..report.view import (SVG_PLACEHOLDER, diagram_view, outline_view,
                                   report_view_without_diagrams)

        findings = found()
        json_text = analysis_json_text(analysis, findings)
        report("report")
        view = report_view_without_diagrams(analysis, findings)
        outline = outline_view(t, analysis, build)
        draft = render_report(replace(view, diagram=outline))
        diagrams = build.result(report)
    final = diagram_view(t, analysis, diagrams)
    if replace(final, svg=outline.svg) == outline and draft.count(SVG_PLACEHOLDER) == 1:
        html = draft.replace(SVG_PLACEHOLDER, final.svg)
    else:
        html = render_report(replace(view, diagram=final))
    files: dict[str, bytes] = {f"{journey.id}.json": json_text.encode("utf-8")}
    for name, text in diagrams.files().items():
        files[name] = text.encode("utf-8")
    files[f"{journey.id}.html"] = html.encode("utf-8")
    notices = []
    if diagrams.omitted:
        notices.append(f"{journey.path}: {len(diagrams.omitted)} diagram(s) left out "
                       f"({', '.join(diagrams.omitted)}): Graphviz took longer than the "
                       f"{DOT_BUDGET:g} s allowed per journey; the report is complete otherwise")
    return JourneyOutput(journey, analysis, findings, files, notices)


def render_site(journeys: list[JourneyOutput], failed: list[tuple[str, JourneyError]]) -> Site:
    from ..report.html import render_index
    from ..report.portfolio import portfolio_view

    site = Site(journeys, failed)
    for output in journeys:
        site.files.update(output.files)
    index = portfolio_view([(o.analysis, o.findings) for o in journeys], failed)
    site.files[INDEX] = render_index(index).encode("utf-8")
    return site
