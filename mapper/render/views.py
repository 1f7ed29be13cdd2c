"""Which diagrams a journey gets: one detailed diagram, or an overview plus stage views.

Strategy for large journeys
---------------------------
A journey with at most :data:`LARGE_JOURNEY` touchpoints (outcomes not
counted) gets one detailed diagram, ``ID.dot``/``ID.svg``: every stage a
column, every touchpoint a node.  A larger journey gets

- ``ID.dot``/``ID.svg``: the **overview**, one node per stage (worst score,
  touchpoints per level, customers lost) with the traffic between stages;
- ``ID.stage-<n>.dot``/``ID.stage-<n>.svg`` for the ``n``-th stage (1-based,
  stages without touchpoints are skipped): the stage's touchpoints in
  detail, with the touchpoints of other stages they connect to drawn as
  grey "elsewhere" nodes linking to those stages' views.  A stage with more
  than :data:`VIEW_SIZE` touchpoints is split into pages
  ``ID.stage-<n>-<k>`` of at most that many, in journey order, so that no
  view is larger than one ``dot`` lays out quickly and legibly.

Every view's DOT is built from a context computed once per journey (node
names, stage members, edges by touchpoint), so a view costs in proportion to
its own size; each view goes to ``dot`` as soon as its DOT is written, on
the caller's Graphviz workers (one budget for a whole build, see
:mod:`mapper.site.pipeline`) or else one process per core, while the caller
renders the report.

The report inlines ``ID.svg`` and links the stage views.

Why 60: measured with synthetic journeys of about six touchpoints per stage
(``dot`` 2.43, median of three runs; the generator is
``tests/render/test_render_large.py``):

===========  ==========  =============  ===========  =========================
touchpoints  dot layout  canvas (pt)    A3 label     overview + stage views
===========  ==========  =============  ===========  =========================
 18          0.03 s      1418 x  830    8.4 pt       0.7 s (4 views)
 45          0.05 s      1938 x 1115    6.1 pt       0.5 s (7 views)
 60          0.04 s      2466 x  899    4.8 pt       0.5 s (10 views)
100          0.06 s      3513 x 1156    3.4 pt       0.5 s (16 views)
150          0.08 s      5145 x 1546    2.3 pt       1.3 s (25 views)
200          dot fails (triangulation)               1.1 s (33 views)
300          dot fails (trouble in init_rank)        1.6 s (50 views)
500          dot fails (triangulation)               3.1 s (83 views)
===========  ==========  =============  ===========  =========================

Layout time is no constraint while ``dot`` succeeds; legibility is.  Up to
60 touchpoints the picture is about 2.5 screens wide at natural size and its
10 pt labels still print at about 5 pt on an A3 sheet; beyond that nodes can
no longer be read or followed, and from ~200 touchpoints ``dot`` 2.43 fails
on the column layout altogether.  The overview and the stage views stay at
natural size whatever the journey's size.

If Graphviz cannot lay out the column layout (``trouble in init_rank``, a
known ``dot`` bug with ``newrank`` and same-rank clusters), the detailed
diagram falls back to a layout where touchpoints flow left to right inside
their stage's cluster, and if that fails too, to the overview and stage
views.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

from ..core.vocabulary import Translator
from ..model.journey import Journey
from ..risk.analysis import Analysis
from .diagram import Diagram, DiagramContext, detail_diagram
from .graphviz import ToolFailed, ToolTimeout, placeholder_svg, render_svg
from .overview import overview_diagram

#: more touchpoints than this: overview plus per-stage views (see the module docstring)
LARGE_JOURNEY = 60
#: the most touchpoints one stage view shows; larger stages get several pages
VIEW_SIZE = 60
#: the most stage views one journey gets; beyond it each stage gets one view
#: of its VIEW_SIZE riskiest touchpoints (and only the MAX_VIEWS riskiest
#: stages get a view), so a journey of 100 000 touchpoints does not send
#: 1 700 views to ``dot``
MAX_VIEWS = 40
#: seconds of ``dot`` (wall clock, all views together) one journey may take;
#: a view not laid out by then is left out with a notice, the report is
#: complete otherwise
DOT_BUDGET = 30.0


@dataclass
class DiagramFile:
    #: file name without suffix: ``ID`` or ``ID.stage-<n>``
    stem: str
    title: str
    dot: str
    svg: str
    description: str
    #: the stage's position in the journey (1-based) for a stage view, else 0
    number: int = 0
    #: ``dot`` ran out of the journey's time budget: ``svg`` says so instead
    omitted: bool = False


@dataclass
class Diagrams:
    main: DiagramFile
    stages: list[DiagramFile] = field(default_factory=list)

    @property
    def large(self) -> bool:
        return bool(self.stages)

    @property
    def omitted(self) -> list[str]:
        """Stems of the views left out for lack of time."""
        return [item.stem for item in [self.main, *self.stages] if item.omitted]

    def files(self) -> dict[str, str]:
        """File name -> text of every diagram file."""
        out: dict[str, str] = {}
        for item in [self.main, *self.stages]:
            out[f"{item.stem}.dot"] = item.dot
            out[f"{item.stem}.svg"] = item.svg
        return out


def is_large(journey: Journey) -> bool:
    return sum(1 for tp in journey.touchpoints.values() if not tp.is_outcome) > LARGE_JOURNEY


def stage_pages(journey: Journey, analysis: Optional[Analysis] = None
                ) -> dict[str, list[tuple[str, list[str]]]]:
    """Stage id -> its views ``(stem, touchpoint ids)``: one, or pages of VIEW_SIZE
    (with ``analysis``, no more than MAX_VIEWS views: see :func:`riskiest_pages`)."""
    members: dict[str, list[str]] = {}
    for tid, tp in journey.touchpoints.items():
        if tp.stage:
            members.setdefault(tp.stage, []).append(tid)
    pages: dict[str, list[tuple[str, list[str]]]] = {}
    for index, stage in enumerate(journey.stages):
        ids = members.get(stage.id)
        if not ids:
            continue
        stem = f"{journey.id}.stage-{index + 1}"
        if len(ids) <= VIEW_SIZE:
            pages[stage.id] = [(stem, ids)]
        else:
            chunks = [ids[i:i + VIEW_SIZE] for i in range(0, len(ids), VIEW_SIZE)]
            pages[stage.id] = [(f"{stem}-{k + 1}", chunk) for k, chunk in enumerate(chunks)]
    if analysis is not None and sum(len(views) for views in pages.values()) > MAX_VIEWS:
        return riskiest_pages(journey, analysis, members)
    return pages


def riskiest_pages(journey: Journey, analysis: Analysis, members: dict[str, list[str]]
                   ) -> dict[str, list[tuple[str, list[str]]]]:
    """One view per stage of its VIEW_SIZE riskiest touchpoints (in journey order),
    for the MAX_VIEWS stages with the riskiest touchpoints."""
    order = {tid: i for i, tid in enumerate(journey.touchpoints)}

    def risk(tid: str) -> tuple[float, int]:
        return (-analysis.touchpoints[tid].score, order[tid])

    chosen: dict[str, list[str]] = {}
    for stage in journey.stages:
        ids = members.get(stage.id)
        if ids:
            chosen[stage.id] = sorted(sorted(ids, key=risk)[:VIEW_SIZE], key=order.__getitem__)
    if len(chosen) > MAX_VIEWS:
        worst = sorted(chosen, key=lambda sid: risk(min(chosen[sid], key=risk)))[:MAX_VIEWS]
        chosen = {sid: ids for sid, ids in chosen.items() if sid in worst}
    return {stage.id: [(f"{journey.id}.stage-{index + 1}", chosen[stage.id])]
            for index, stage in enumerate(journey.stages) if stage.id in chosen}


class Budget:
    """The journey's :data:`DOT_BUDGET`, counted from when its first view reaches ``dot``
    (not from when it was queued behind other journeys' views)."""

    def __init__(self) -> None:
        self.seconds = DOT_BUDGET
        self.end: Optional[float] = None

    def deadline(self) -> float:
        if self.end is None:
            self.end = time.monotonic() + self.seconds
        return self.end


def _file(stem: str, title: str, diagram: Diagram, number: int = 0,
          budget: Optional[Budget] = None, omitted: str = "") -> DiagramFile:
    """One view laid out by ``dot``; within a ``budget``, a view ``dot`` cannot
    finish in the time left says ``omitted`` instead."""
    if budget is None:
        svg = render_svg(diagram.dot, diagram.titles, diagram.description)
        return DiagramFile(stem, title, diagram.dot, svg, diagram.description, number)
    try:
        remaining = budget.deadline() - time.monotonic()
        if remaining <= 0:
            raise ToolTimeout("no time left")
        svg = render_svg(diagram.dot, diagram.titles, diagram.description, timeout=remaining)
    except ToolTimeout:
        return DiagramFile(stem, title, diagram.dot,
                           placeholder_svg(omitted, diagram.description),
                           diagram.description, number, omitted=True)
    return DiagramFile(stem, title, diagram.dot, svg, diagram.description, number)


def build_diagrams(analysis: Analysis, t: Translator,
                   workers: Optional[Executor] = None) -> Diagrams:
    """Every diagram of the journey, laid out by ``dot`` (on ``workers``, see
    :class:`DiagramBuild`)."""
    with DiagramBuild(analysis, t, workers) as build:
        return build.result()


class DiagramBuild:
    """The journey's diagrams, laid out in the background.

    Creating it writes every view's DOT and hands each to ``dot`` as soon as
    it is written, so Graphviz starts on the first view while the others are
    still being written, and the caller can render the report meanwhile: :attr:`outline` says what the diagrams will
    be, :meth:`result` waits for the SVGs.  If ``dot`` cannot lay out a
    small journey's column layout, :meth:`result` falls back as the module
    docstring says, and the outline no longer matches (compare them).

    Every ``dot`` run (fallbacks included) goes to ``workers``, the caller's
    executor, whose size bounds the Graphviz processes of a whole build;
    without it the build has a pool of its own, one worker per core.
    """

    def __init__(self, analysis: Analysis, t: Translator, workers: Optional[Executor] = None):
        self.analysis, self.t = analysis, t
        journey = analysis.journey
        self.href = f"{journey.id}.html"
        self.context = DiagramContext.of(analysis)   # shared by every view and fallback
        self.own = workers is None
        self.pool: Executor = workers if workers is not None else \
            ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1))
        self.large = is_large(journey)
        jobs = self._small_jobs(columns=True) if not self.large else self._large_jobs()
        budget = Budget()
        omitted = t("diagram.omitted", seconds=t.integer(DOT_BUDGET), tool="Graphviz")
        self.pending: list[Future[DiagramFile]] = []
        #: (stem, title, description, number) of every view, main diagram first
        self.outline: list[tuple[str, str, str, int]] = []
        try:
            for job in jobs:
                self.outline.append((job[0], job[1], job[2].description, job[3]))
                self.pending.append(self.pool.submit(_file, *job, budget=budget,
                                                     omitted=omitted))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> "DiagramBuild":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Cancel the views not started yet (after an error) and release an own pool."""
        for future in self.pending:
            future.cancel()
        if self.own:
            self.pool.shutdown(wait=True, cancel_futures=True)
        else:   # a shared pool goes on: wait only for this journey's views
            for future in self.pending:
                if not future.cancelled():
                    future.exception()

    def _laid_out(self, job: tuple[str, str, Diagram, int]) -> DiagramFile:
        """One view laid out now, on the workers (a fallback's ``dot`` counts too)."""
        return self.pool.submit(_file, *job).result()

    def _small_jobs(self, columns: bool) -> list[tuple[str, str, Diagram, int]]:
        journey = self.analysis.journey
        return [(journey.id, journey.title,
                 detail_diagram(self.analysis, self.t, self.href, columns_layout=columns,
                                context=self.context), 0)]

    def _large_jobs(self) -> Iterator[tuple[str, str, Diagram, int]]:
        analysis, t, href, context = self.analysis, self.t, self.href, self.context
        journey = analysis.journey
        pages = stage_pages(journey, analysis)
        links = {sid: f"{views[0][0]}.svg" for sid, views in pages.items()}
        tp_links = {tid: f"{stem}.svg" for views in pages.values() if len(views) > 1
                    for stem, ids in views for tid in ids}
        yield (journey.id, journey.title, overview_diagram(analysis, t, links, href), 0)
        for index, stage in enumerate(journey.stages):
            for page, (stem, ids) in enumerate(pages.get(stage.id, [])):
                suffix = (f" ({page + 1}/{len(pages[stage.id])})"
                          if len(pages[stage.id]) > 1 else "")
                total = len(context.members.get(stage.id, []))
                if len(pages[stage.id]) == 1 and len(ids) < total:
                    suffix = t("diagram.riskiest_page", shown=t.integer(len(ids)),
                               total=t.integer(total))
                diagram = detail_diagram(analysis, t, href, stage_ids=[stage.id],
                                         stage_links=links, touchpoint_ids=ids,
                                         touchpoint_links=tp_links, context=context,
                                         page=suffix)
                yield (stem, stage.name + suffix, diagram, index + 1)

    def result(self, progress: Optional[Callable[[str], None]] = None) -> Diagrams:
        """The laid-out diagrams (waits for ``dot``); ``progress`` hears ``diagrams N/M``."""
        if self.large:
            files = []
            for future in self.pending:
                files.append(future.result())
                if progress is not None:
                    progress(f"diagrams {len(files)}/{len(self.pending)}")
            return Diagrams(files[0], files[1:])
        try:
            main = self.pending[0].result()
            if progress is not None:
                progress("diagrams 1/1")
            return Diagrams(main)
        except ToolFailed:
            pass
        try:   # the simpler layout, then the overview and stage views
            return Diagrams(self._laid_out(self._small_jobs(columns=False)[0]))
        except ToolFailed:
            files = [self._laid_out(job) for job in self._large_jobs()]
            return Diagrams(files[0], files[1:])
