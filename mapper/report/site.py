"""Everything a build writes, rendered in memory: per journey, then the portfolio index.

``render_journey`` does one journey's whole job (analysis, diagrams, report,
JSON) and depends on nothing else, so journeys can later be built
incrementally or in parallel.  ``render_site`` collects the files of all
journeys and the index; nothing here touches the output folder.
"""
from __future__ import annotations

from typing import Iterable

from .. import records
from ..errors import JourneyError
from ..findings import Finding
from ..i18n import translator
from ..model.journey import Journey
from ..records import field, record
from ..render.views import DiagramBuild
from ..risk.analysis import Analysis
from ..risk.assess import assess
from ..risk.export import analysis_json_text
from ..risk.profile import Profile
from .html import render_index, render_report
from .portfolio import portfolio_view
from .view import (SVG_PLACEHOLDER, diagram_view, outline_view,
                   report_view_without_diagrams)

INDEX = "index.html"


@record
class JourneyOutput:
    journey: Journey
    analysis: Analysis
    findings: list[Finding]
    #: file name -> content, in a fixed order (json, dot/svg, html)
    files: dict[str, bytes]


@record
class Site:
    journeys: list[JourneyOutput] = field(default_factory=list)
    failed: list[tuple[str, JourneyError]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)


def render_journey(journey: Journey, profile: Profile,
                   disabled: Iterable[str] = ()) -> JourneyOutput:
    """Analyse one journey and render its files."""
    return render_analysis(*assess(journey, profile, disabled))


def render_analysis(analysis: Analysis, findings: list[Finding]) -> JourneyOutput:
    """The files of one analysed journey: ``ID.json``, its diagrams, ``ID.html``."""
    journey = analysis.journey
    t = translator(journey.language)
    # Graphviz runs in separate processes, one per core: the views go to
    # ``dot`` as soon as their DOT is written, and meanwhile this thread
    # writes the JSON and the report, its diagram a placeholder until the
    # SVG is there (re-rendered only if dot had to fall back to other views)
    with DiagramBuild(analysis, t) as build:
        json_text = analysis_json_text(analysis, findings)
        view = report_view_without_diagrams(analysis, findings)
        outline = outline_view(t, analysis, build)
        draft = render_report(records.replace(view, diagram=outline))
        diagrams = build.result()
    final = diagram_view(t, analysis, diagrams)
    if records.replace(final, svg=outline.svg) == outline and draft.count(SVG_PLACEHOLDER) == 1:
        html = draft.replace(SVG_PLACEHOLDER, final.svg)
    else:
        html = render_report(records.replace(view, diagram=final))
    files: dict[str, bytes] = {f"{journey.id}.json": json_text.encode("utf-8")}
    for name, text in diagrams.files().items():
        files[name] = text.encode("utf-8")
    files[f"{journey.id}.html"] = html.encode("utf-8")
    return JourneyOutput(journey, analysis, findings, files)


def render_site(journeys: list[JourneyOutput], failed: list[tuple[str, JourneyError]]) -> Site:
    site = Site(journeys, failed)
    for output in journeys:
        site.files.update(output.files)
    index = portfolio_view([(o.analysis, o.findings) for o in journeys], failed)
    site.files[INDEX] = render_index(index).encode("utf-8")
    return site
