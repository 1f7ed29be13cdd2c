"""The overview of a large journey as DOT: one node per stage, traffic edges between stages.

Each stage node shows its worst score and level, how many touchpoints it has
at each level and the customers expected to be lost there; it is coloured
like a touchpoint of its worst level and links to the stage's detail view.
Beyond ``COLUMNS`` stages they are laid out as a grid read row by row,
like text, so forty stages make five rows rather than one line ten
thousand pixels wide.  Edges carry the customer traffic between stages (sum of reach x probability
of the ``next`` links that cross from one stage to the other), so the main
flows stay visible when the touchpoints no longer are.
"""
from __future__ import annotations

from ..core.vocabulary import LEVELS, Translator
from ..risk.analysis import Analysis
from . import style
from .diagram import Diagram, add_legend, base_graph, edge_traffic
from .dot import Raw, lines, number, render, text
from .labels import shorten, wrap

#: stages per row of the overview's grid (more stages wrap to further rows)
COLUMNS = 8


def stage_traffic(analysis: Analysis) -> dict[tuple[str, str], float]:
    """Customer traffic between stages (and from stages to outcomes), in journey order."""
    journey = analysis.journey
    flows: dict[tuple[str, str], float] = {}
    for (source, target), flow in edge_traffic(analysis).items():
        a = journey.touchpoints[source].stage or source
        b = journey.touchpoints[target].stage or target
        if a != b:
            flows[(a, b)] = flows.get((a, b), 0.0) + flow
    return flows


def overview_diagram(analysis: Analysis, t: Translator, stage_links: dict[str, str],
                     href_base: str) -> Diagram:
    journey = analysis.journey
    graph = base_graph(t("diagram.overview_title", title=journey.title))
    titles: dict[str, str] = {"journey": journey.title}
    names: dict[str, str] = {}
    stage_index = {stage.id: index for index, stage in enumerate(journey.stages)}
    by_stage: dict[str, list[str]] = {}
    for tid, tp in journey.touchpoints.items():
        if tp.stage is not None:
            by_stage.setdefault(tp.stage, []).append(tid)
    for index, stage in enumerate(journey.stages):
        members = [analysis.touchpoints[tid] for tid in by_stage.get(stage.id, [])]
        name = f"s{index}"
        names[stage.id] = name
        risky = [m for m in members if m.kind != "outcome"]
        worst = max(risky, key=lambda m: m.score, default=None)
        counts = {level: sum(1 for m in risky if m.level == level) for level in LEVELS}
        label = wrap(stage.name, 26, 2)
        label.append(t.count("count.touchpoints", len(members)))
        if worst is not None:
            label.append(t("diagram.worst", score=t.number(worst.score, 1),
                           level=t.level(worst.level)))
        spread = [f"{counts[level]} {t.level(level)}" for level in reversed(LEVELS)
                  if counts[level]]
        if spread:
            label.append(" · ".join(spread))
        lost = sum(m.expected_lost for m in members)
        label.append(t.count("diagram.lost", lost, 1))
        look = style.LEVELS[worst.level] if worst is not None else style.UNASSESSED
        graph.node(name, label=lines(label), fillcolor=look.fill, color=look.border,
                   penwidth=number(look.penwidth),
                   peripheries=look.peripheries if look.peripheries > 1 else None,
                   href=stage_links.get(stage.id), tooltip=text(shorten(stage.name, 200)),
                   id=Raw(f"jm-stage-{index}"), **{"class": f"stage level-{worst.level}"
                                                   if worst is not None else "stage"})
        titles[name] = stage.name
    for index, (tid, tp) in enumerate(journey.touchpoints.items()):
        if tp.stage is None:
            name = f"o{index}"
            names[tid] = name
            kind = tp.outcome or "lost"
            customers = analysis.summary.outcomes.get(tid, 0.0)
            graph.node(name, label=lines(wrap(tp.name, 24, 3) + [t.count(
                "count.customers", customers, 1)]), shape="ellipse", style="filled",
                fillcolor=style.OUTCOME_FILL.get(kind, "#FFFFFF"),
                color=style.OUTCOME_BORDER.get(kind, "#595959"), peripheries=2,
                href=f"{href_base}#tp-{tid}", tooltip=text(shorten(tp.name, 200)),
                **{"class": f"outcome outcome-{kind}"})
            titles[name] = tp.name
    flows = stage_traffic(analysis)
    largest = max(flows.values(), default=0.0)
    chain = [names[stage.id] for stage in journey.stages]
    columns = min(COLUMNS, max(1, len(chain)))
    wrapped = len(chain) > columns
    for (a, b), flow in flows.items():
        backwards = stage_index.get(b, len(stage_index)) <= stage_index.get(a, len(stage_index))
        # the share of the cohort that flows, on the edge; in a wrapped grid the
        # invisible links below place the stages, not the flows
        graph.edge(names[a], names[b], label=text(t.percent(flow)),
                   penwidth=number(style.traffic_width(flow, largest)),
                   constraint=False if backwards or wrapped else None)
    # the stages as a grid read row by row, like text: each row is one rank (top
    # to bottom), its stages ordered left to right by invisible links
    if wrapped:
        graph.attrs["rankdir"] = "TB"
        heads = chain[::columns]
        for number_, row in enumerate(range(0, len(chain), columns)):
            in_row = chain[row:row + columns]
            group = graph.subgraph(f"row{number_}", rank="same")
            for node in in_row:
                group.node(node)
            for left, right in zip(in_row, in_row[1:]):
                graph.edge(left, right, style="invis")
        for upper, lower in zip(heads, heads[1:]):
            graph.edge(upper, lower, style="invis", weight=10)
        outcomes = [name for tid, name in names.items() if tid not in stage_index]
        if outcomes:
            sink = graph.subgraph("outcomes", rank="sink")
            for node in outcomes:
                sink.node(node)
            graph.edge(heads[-1], outcomes[0], style="invis")
    else:
        for a, b in zip(chain, chain[1:]):  # keep the stages in order, left to right
            graph.edge(a, b, style="invis")
    legend = add_legend(graph, analysis, t, titles)
    if chain:
        graph.edge(chain[-1], legend, style="invis")
    description = t("diagram.overview_description", title=journey.title,
                    stages=t.count("count.stages", len(journey.stages)),
                    touchpoints=t.count("count.touchpoints", sum(
                        1 for tp in journey.touchpoints.values() if not tp.is_outcome)))
    return Diagram(render(graph), titles, description)
