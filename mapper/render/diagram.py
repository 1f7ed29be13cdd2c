"""The annotated journey diagram as DOT: stages as ordered clusters, touchpoints coloured by risk.

Layout: ``rankdir=LR``; each stage is a cluster, in the journey's stage
order, left to right; outcomes without a stage sit in a last cluster.  Edges
that lead back to an earlier point of the journey (loops, returns after a
complaint) do not constrain the ranking, so the columns keep the stage
order whatever the loops.

Node names are generated (``n0``, ``n1``... in journey order); user text
only ever appears in quoted, escaped labels and tooltips (see
:mod:`mapper.render.dot`).  :class:`Diagram` also returns the accessible
title of every node, which :mod:`mapper.render.graphviz` writes into the SVG.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

from ..graph import COMPLAINT, NEXT, RESOLUTION, edges_of
from ..core.vocabulary import Translator
from ..model.journey import Journey
from ..risk.analysis import Analysis
from . import style
from .dot import Graph, Raw, Value, lines, number, render, text
from .labels import shorten, wrap


@dataclass
class Diagram:
    dot: str
    #: node name -> accessible title (what a screen reader or tooltip shows)
    titles: dict[str, str] = field(default_factory=dict)
    #: one-sentence text alternative of the whole picture
    description: str = ""


def node_names(journey: Journey) -> dict[str, str]:
    """Generated node name of every touchpoint: ``n<index>`` in journey order."""
    return {tid: f"n{index}" for index, tid in enumerate(journey.touchpoints)}


def base_graph(title: str) -> Graph:
    """The graph, node and edge defaults every journey diagram starts from."""
    graph = Graph("journey", {
        "rankdir": "LR", "newrank": True, "compound": True, "fontname": style.FONT,
        "fontsize": 16, "label": text(title), "labelloc": "t", "labeljust": "l",
        "nodesep": number(0.25), "ranksep": number(0.45), "pad": number(0.2),
        "bgcolor": "white", "outputorder": "edgesfirst"})
    graph.node_defaults = {"fontname": style.FONT, "fontsize": 10, "shape": "box",
                           "style": "rounded,filled", "margin": Raw("0.12,0.06")}
    graph.edge_defaults = {"fontname": style.FONT, "fontsize": 9, "color": style.FLOW,
                           "fontcolor": "#333333", "arrowsize": number(0.7)}
    return graph


def touchpoint_lines(analysis: Analysis, tid: str, t: Translator) -> list[str]:
    """The label of a touchpoint node, line by line (plain text)."""
    journey = analysis.journey
    tp, risk = journey.touchpoints[tid], analysis.touchpoints[tid]
    out = wrap(tp.name, 24, 3)
    if tp.is_outcome:
        customers = analysis.summary.outcomes.get(tid, 0.0)
        out.append(t.count("count.customers", customers, 1))
        return out
    assessed = any(f.factor != "unassessed" for f in risk.factors)
    if assessed:
        out.append(t("diagram.score_line", score=t.number(risk.score, 1),
                     level=t.level(risk.level)))
    elif not tp.is_complaint_channel:
        out.append(t("diagram.unassessed"))
    if tp.is_complaint_channel and tp.resolution is not None:
        if tp.resolution.hours is not None:
            out.append(t("diagram.resolves_in", rate=t.percent(tp.resolution.rate),
                         hours=t.figure(tp.resolution.hours)))
        else:
            out.append(t("diagram.resolves", rate=t.percent(tp.resolution.rate)))
    if tp.is_complaint_channel and journey.complaints == tp.id:
        out.append(t("diagram.default_channel"))
    if not tp.is_complaint_channel and risk.likelihood > 0 and \
            journey.complaint_channel(tp) is None:
        out.append(t("diagram.no_channel"))
    if tp.owner is not None and tp.owner.third_party:
        out.append(t("diagram.third_party", owner=shorten(tp.owner.name, 22)))
    for promise in tp.promises:
        out.append(t("diagram.promise_made", text=shorten(promise.text, 24)))
    for promise in journey.promises_kept_at.get(tp.id, ()):
        out.append(t("diagram.promise_kept", text=shorten(promise.text, 24)))
    if tp.drop_off >= 0.005 and not tp.is_complaint_channel:
        out.append(t("diagram.drop_off", share=t.percent(tp.drop_off)))
    return out


def touchpoint_attrs(analysis: Analysis, tid: str, t: Translator,
                     href: Optional[str]) -> dict[str, Optional[Value]]:
    tp, risk = analysis.journey.touchpoints[tid], analysis.touchpoints[tid]
    label = lines(touchpoint_lines(analysis, tid, t))
    tooltip = text(shorten(tp.name, 200))
    if tp.is_outcome:
        kind = tp.outcome or "lost"
        return {"label": label, "shape": "ellipse", "style": "filled",
                "fillcolor": style.OUTCOME_FILL.get(kind, "#FFFFFF"),
                "color": style.OUTCOME_BORDER.get(kind, "#595959"), "penwidth": number(1.5),
                "peripheries": 2, "tooltip": tooltip, "href": href,
                "id": None, "class": f"outcome outcome-{kind}"}
    assessed = any(f.factor != "unassessed" for f in risk.factors)
    look = style.LEVELS[risk.level] if assessed else style.UNASSESSED
    styles = ["rounded", "filled"]
    if tp.third_party:
        styles.append("dashed")
    elif not assessed:
        styles.append("dotted")
    return {"label": label, "fillcolor": look.fill, "color": look.border,
            "penwidth": number(look.penwidth), "peripheries": look.peripheries if
            look.peripheries > 1 else None, "style": ",".join(styles),
            "shape": "box", "tooltip": tooltip, "href": href,
            "class": f"touchpoint level-{risk.level if assessed else 'unassessed'}"
            + (" complaint-channel" if tp.is_complaint_channel else "")
            + (" third-party" if tp.third_party else "")}


def edge_traffic(analysis: Analysis) -> dict[tuple[str, str], float]:
    """Expected traversals per customer of every ``next`` edge: reach x probability."""
    reach = analysis.touchpoints
    return {(source, target): reach[source].reach * data["probability"]
            for source, target, data in edges_of(analysis.journey.graph, NEXT)}


def complaint_edges(journey: Journey) -> list[tuple[str, str]]:
    """Touchpoints with a complaint channel of their own, to that channel.

    The journey-wide default channel gets no edge from every touchpoint (that
    would bury the diagram in lines); its node says it is the default.
    """
    graph = journey.graph
    return [(source, target) for source, target, _ in edges_of(graph, COMPLAINT)
            if graph.nodes[source]["complaints"] == target]


def recovery_edges(journey: Journey) -> list[tuple[str, str]]:
    return [(source, target) for source, target, _ in edges_of(journey.graph, RESOLUTION)]


@dataclass
class DiagramContext:
    """What every view of one journey shares, computed once (views of a large
    journey then cost in proportion to their own size, not the journey's)."""

    names: dict[str, str]
    order: dict[str, int]
    members: dict[str, list[str]]            # stage id -> touchpoint ids, journey order
    traffic: dict[tuple[str, str], float]
    largest: float
    #: touchpoint -> the edges that touch it: (kind, source, target)
    edges: dict[str, list[tuple[str, str, str]]]
    complaint: list[tuple[str, str]]
    recovery: list[tuple[str, str]]
    #: (source, target) -> the share of ``next`` from source to target
    probability: dict[tuple[str, str], float]

    @classmethod
    def of(cls, analysis: Analysis) -> "DiagramContext":
        journey = analysis.journey
        members: dict[str, list[str]] = {}
        for tid, tp in journey.touchpoints.items():
            members.setdefault(tp.stage or "", []).append(tid)
        traffic = edge_traffic(analysis)
        complaint = complaint_edges(journey)
        recovery = recovery_edges(journey)
        edges: dict[str, list[tuple[str, str, str]]] = {}
        for kind, pairs in (("next", list(traffic)), ("complaint", complaint),
                            ("recovery", recovery)):
            for source, target in pairs:
                edges.setdefault(source, []).append((kind, source, target))
                if target != source:
                    edges.setdefault(target, []).append((kind, source, target))
        return cls(node_names(journey), {tid: i for i, tid in enumerate(journey.touchpoints)},
                   members, traffic, max(traffic.values(), default=0.0), edges, complaint,
                   recovery, {(tp.id, target): p for tp in journey.touchpoints.values()
                              for target, p in tp.next})


def add_legend(graph: Graph, analysis: Analysis, t: Translator, titles: dict[str, str]) -> str:
    """A legend cluster: every node style (the four levels with their markers, not
    assessed, third party, the outcomes kept and lost) and the three kinds of edge.

    Returns the name of its first node (the caller puts the column last).
    """
    levels = analysis.profile.levels
    legend = graph.subgraph("cluster_legend", label=text(t("legend.title")), style="rounded",
                            color=style.CLUSTER_BORDER, fontsize=11, fillcolor="white",
                            id=Raw("jm-legend"))
    column = legend.subgraph("rank_legend", rank="same")
    second = legend.subgraph("rank_legend_2", rank="same")
    titles["cluster_legend"] = t("legend.title")
    ranges = {"low": t("legend.below", value=t.number(levels["medium"], 0)),
              "medium": t("legend.between", low=t.number(levels["medium"], 0),
                          high=t.number(levels["high"], 0)),
              "high": t("legend.between", low=t.number(levels["high"], 0),
                        high=t.number(levels["critical"], 0)),
              "critical": t("legend.from", value=t.number(levels["critical"], 0))}
    for level, look in style.LEVELS.items():
        column.node(f"legend_{level}", label=lines([f"{look.marker} {t.level(level)}",
                                                    ranges[level]]),
                    fillcolor=look.fill, color=look.border, penwidth=number(look.penwidth),
                    peripheries=look.peripheries if look.peripheries > 1 else None,
                    width=number(1.7))
        titles[f"legend_{level}"] = f"{t.level(level)}: {ranges[level]}"
    look = style.UNASSESSED
    column.node("legend_unassessed", label=lines([t("legend.unassessed"),
                                                  t("legend.unassessed_detail")]),
                fillcolor=look.fill, color=look.border, penwidth=number(look.penwidth),
                style="rounded,filled,dotted", width=number(1.7))
    titles["legend_unassessed"] = t("legend.unassessed")
    samples: list[tuple[str, dict[str, Value]]] = [
        ("legend_third", {"label": text(t("legend.third_party")),
                          "style": "rounded,filled,dashed", "fillcolor": "white",
                          "color": style.FLOW}),
        ("legend_outcome", {"label": text(t("legend.outcome")), "shape": "ellipse",
                            "style": "filled", "peripheries": 2,
                            "fillcolor": style.OUTCOME_FILL["loyal"],
                            "color": style.OUTCOME_BORDER["loyal"]}),
        ("legend_lost", {"label": text(t("legend.lost")), "shape": "ellipse",
                         "style": "filled", "peripheries": 2,
                         "fillcolor": style.OUTCOME_FILL["lost"],
                         "color": style.OUTCOME_BORDER["lost"]}),
        ("legend_promise", {"label": text(t("legend.promise")), "shape": "plaintext",
                            "style": "filled", "fillcolor": "white"}),
        ("legend_flow", {"label": text("━━━▶ " + t("legend.flow")), "shape": "plaintext",
                         "style": "filled", "fillcolor": "white", "fontcolor": style.FLOW}),
        ("legend_complaint", {"label": text("╌╌╌▶ " + t("legend.complaint")),
                              "shape": "plaintext", "style": "filled", "fillcolor": "white",
                              "fontcolor": style.COMPLAINT}),
        ("legend_recovery", {"label": text("┈┈┈▶ " + t("legend.recovery")),
                             "shape": "plaintext", "style": "filled", "fillcolor": "white",
                             "fontcolor": style.RECOVERY}),
    ]
    for index, (name, attrs) in enumerate(samples):
        (column if index == 0 else second).node(name, width=number(1.7), **attrs)
        titles[name] = t(name.replace("_", ".", 1).replace("legend.third", "legend.third_party"))
    legend.edge("legend_low", "legend_outcome", style="invis")
    return "legend_low"


def order_columns(graph: Graph, columns: list[list[str]]) -> None:
    """Keep the clusters in stage order, left to right, whatever the edges say.

    Every stage is one column (its touchpoints share a rank); an invisible
    edge from each column to the next fixes the order.
    """
    for index in range(len(columns) - 1):
        graph.edge(columns[index][0], columns[index + 1][0], style="invis")


def detail_diagram(analysis: Analysis, t: Translator, href_base: str,
                   stage_ids: Optional[Iterable[str]] = None,
                   stage_links: Optional[dict[str, str]] = None,
                   columns_layout: bool = True,
                   touchpoint_ids: Optional[Iterable[str]] = None,
                   touchpoint_links: Optional[dict[str, str]] = None,
                   context: Optional[DiagramContext] = None,
                   page: str = "") -> Diagram:
    """The detailed diagram of the journey, or of the stages ``stage_ids`` only.

    With ``columns_layout`` every stage of the whole journey is one column
    (its touchpoints share a rank); without it, touchpoints flow left to
    right inside their stage's cluster (the layout of partial views, and the
    fallback when Graphviz cannot rank the column layout).

    In a partial view, touchpoints of other stages linked to the shown ones
    appear as small grey "elsewhere" nodes that link to their stage's view
    (``stage_links``: stage id -> file name; ``touchpoint_links``: touchpoint
    -> the file of the view that shows it, where a stage has several pages).
    ``touchpoint_ids`` narrows a partial view to one page of a large stage.
    """
    journey = analysis.journey
    context = context or DiagramContext.of(analysis)
    names, order = context.names, context.order
    shown_stages = [s.id for s in journey.stages] if stage_ids is None else list(stage_ids)
    partial = stage_ids is not None
    same_rank = columns_layout and not partial
    if touchpoint_ids is not None:
        shown = set(touchpoint_ids)
    elif partial:
        shown = {tid for sid in shown_stages for tid in context.members.get(sid, [])}
    else:
        shown = set(journey.touchpoints)
    title = journey.title
    if partial:
        stage_titles = ", ".join(journey.stage(s).name for s in shown_stages) + page
        title = t("diagram.stage_view_title", title=journey.title, stages=stage_titles)
    graph = base_graph(title)
    titles: dict[str, str] = {"journey": title}

    if not partial and journey.entry:
        start = t.count("diagram.start", journey.cohort)
        graph.node("start", shape="box", style="rounded,filled", fillcolor=style.FLOW,
                   fontcolor="white", label=lines(wrap(start, 14, 3)), tooltip=text(start),
                   **{"class": "start"})
        titles["start"] = start

    def add_node(container: Graph, tid: str) -> None:
        attrs = touchpoint_attrs(analysis, tid, t, f"{href_base}#tp-{tid}")
        attrs["id"] = Raw(f"jm-{names[tid]}")
        container.node(names[tid], **attrs)
        titles[names[tid]] = journey.touchpoints[tid].name

    columns: list[list[str]] = []
    for index, stage in enumerate(journey.stages):
        if stage.id not in shown_stages:
            continue
        members = [tid for tid in context.members.get(stage.id, []) if tid in shown]
        cluster = graph.subgraph(f"cluster_s{index}", label=text(stage.name), style="rounded,filled",
                                 fillcolor=style.CLUSTER_FILL, color=style.CLUSTER_BORDER,
                                 fontsize=12, id=Raw(f"jm-stage-{index}"))
        titles[f"cluster_s{index}"] = stage.name
        column = cluster.subgraph(f"rank_s{index}", rank="same") if same_rank else cluster
        for tid in members:
            add_node(column, tid)
        if members:
            columns.append([names[tid] for tid in members])
    stageless = [] if partial else context.members.get("", [])
    if stageless:
        cluster = graph.subgraph("cluster_outcomes", label=text(t("diagram.outcomes")),
                                 style="rounded", color=style.CLUSTER_BORDER, fontsize=12)
        titles["cluster_outcomes"] = t("diagram.outcomes")
        column = cluster.subgraph("rank_outcomes", rank="same") if same_rank else cluster
        for tid in stageless:
            add_node(column, tid)
        columns.append([names[tid] for tid in stageless])
    if same_rank:
        order_columns(graph, columns)

    if partial and _elsewhere_count(context, shown) > MAX_ELSEWHERE:
        _add_grouped_edges(graph, analysis, t, context, shown, stage_links or {}, titles)
        return _finish(graph, analysis, t, titles, columns, shown, shown_stages, title)

    ghosts: dict[str, str] = {}

    def endpoint(tid: str) -> Optional[str]:
        if tid in shown:
            return names[tid]
        if not partial:
            return None
        if tid not in ghosts:
            tp = journey.touchpoints[tid]
            where = journey.stage(tp.stage).name if tp.stage else t("diagram.outcomes")
            link = (touchpoint_links or {}).get(tid) or (stage_links or {}).get(tp.stage or "")
            ghost = f"g{order[tid]}"
            graph.node(ghost, label=lines([shorten(where, 24), shorten(tp.name, 24)]),
                       shape="box", style="rounded,dashed", color="#9A9A9A",
                       fontcolor="#555555", fontsize=9, href=link,
                       tooltip=text(f"{where}: {shorten(tp.name, 200)}"),
                       **{"class": "elsewhere"})
            ghosts[tid] = ghost
            titles[ghost] = f"{where}: {tp.name}"
        return ghosts[tid]

    traffic, largest = context.traffic, context.largest
    if not partial:
        for tid, share in journey.entry:
            graph.edge("start", names[tid], label=text(t.percent(share)),
                       penwidth=number(style.traffic_width(share, 1.0)))
    if partial:  # only the edges that touch what this view shows, in a stable order
        touching = sorted({edge for tid in shown for edge in context.edges.get(tid, ())},
                          key=lambda e: (order[e[1]], order[e[2]], e[0]))
        next_edges = [(e[1], e[2]) for e in touching if e[0] == "next"]
        complaint = [(e[1], e[2]) for e in touching if e[0] == "complaint"]
        recovery = [(e[1], e[2]) for e in touching if e[0] == "recovery"]
    else:
        next_edges, complaint, recovery = list(traffic), context.complaint, context.recovery

    def drawn(edges: list[tuple[str, str]]) -> Iterator[tuple[str, str, str, str]]:
        """The edges with an end on this diagram, with their two node names (an end
        that is not shown becomes a ghost node, on a partial view)."""
        for source, target in edges:
            if source not in shown and target not in shown:
                continue
            a, b = endpoint(source), endpoint(target)
            if a is not None and b is not None:
                yield source, target, a, b

    for source, target, a, b in drawn(next_edges):
        flow = traffic[(source, target)]
        probability = journey.graph.edges[source, target]["probability"]
        tp_a, tp_b = journey.touchpoints[source], journey.touchpoints[target]
        backwards = order[target] <= order[source] or (same_rank and tp_a.stage == tp_b.stage)
        # the share is of those leaving ``source``: written at the tail, where the
        # edges fan out, so it belongs to one edge (at the head, where edges
        # converge, the shares of several edges piled up)
        graph.edge(a, b, taillabel=text(t.percent(probability)), labeldistance=number(1.8),
                   labelangle=number(-28), labelfontsize=9,
                   penwidth=number(style.traffic_width(flow, largest)),
                   constraint=False if backwards else None,
                   tooltip=text(t("diagram.edge_tooltip", source=shorten(journey.touchpoints[source].name, 60),
                                  target=shorten(journey.touchpoints[target].name, 60),
                                  share=t.percent(probability))))
    for _, _, a, b in drawn(complaint):
        graph.edge(a, b, color=style.COMPLAINT, style="dashed", constraint=False,
                   arrowhead="vee", penwidth=number(1.0),
                   tooltip=text(t("legend.complaint")), **{"class": "complaint"})
    for _, _, a, b in drawn(recovery):
        graph.edge(a, b, color=style.RECOVERY, style="dotted", constraint=False,
                   penwidth=number(1.5), label=text(t("diagram.resolved")),
                   fontcolor=style.RECOVERY, tooltip=text(t("legend.recovery")),
                   **{"class": "recovery"})
    return _finish(graph, analysis, t, titles, columns, shown, shown_stages, title)


def _finish(graph: Graph, analysis: Analysis, t: Translator, titles: dict[str, str],
            columns: list[list[str]], shown: set[str], shown_stages: list[str],
            title: str) -> Diagram:
    """The legend, the text alternative and the DOT of a detailed diagram."""
    journey = analysis.journey
    legend = add_legend(graph, analysis, t, titles)
    if columns:
        graph.edge(columns[-1][-1], legend, style="invis")
    count = len([tid for tid in shown if not journey.touchpoints[tid].is_outcome])
    description = t("diagram.description", title=journey.title,
                    touchpoints=t.count("count.touchpoints", count),
                    stages=t.count("count.stages", len(shown_stages)))
    return Diagram(render(graph), titles, description)


#: a partial view linked to more touchpoints elsewhere than this draws one
#: "elsewhere" node per stage instead of one per touchpoint (a fan-out to
#: thousands of touchpoints would otherwise give ``dot`` thousands of nodes)
MAX_ELSEWHERE = 60


def _elsewhere_count(context: DiagramContext, shown: set[str]) -> int:
    """How many touchpoints outside ``shown`` share an edge with it."""
    outside: set[str] = set()
    for tid in shown:
        for _, source, target in context.edges.get(tid, ()):
            outside.update(x for x in (source, target) if x not in shown)
            if len(outside) > MAX_ELSEWHERE:
                return len(outside)
    return len(outside)


def _add_grouped_edges(graph: Graph, analysis: Analysis, t: Translator,
                       context: DiagramContext, shown: set[str], stage_links: dict[str, str],
                       titles: dict[str, str]) -> None:
    """The edges of a partial view whose links elsewhere are summarised per stage.

    Each other stage (and the outcomes) is one grey node saying how many of
    its touchpoints are linked; the edges between a shown touchpoint and
    that node are merged, carrying their summed traffic and, from a shown
    touchpoint, the summed share of its ``next``."""
    journey, names, order = analysis.journey, context.names, context.order
    stage_index = {stage.id: index for index, stage in enumerate(journey.stages)}
    touching = sorted({edge for tid in shown for edge in context.edges.get(tid, ())},
                      key=lambda e: (order[e[1]], order[e[2]], e[0]))
    members: dict[str, set[str]] = {}
    for _, source, target in touching:
        for tid in (source, target):
            if tid not in shown:
                members.setdefault(journey.touchpoints[tid].stage or "", set()).add(tid)
    groups: dict[str, str] = {}
    for stage_id in sorted(members, key=lambda s: stage_index.get(s, len(stage_index))):
        where = journey.stage(stage_id).name if stage_id else t("diagram.outcomes")
        name = f"gs{stage_index[stage_id]}" if stage_id else "go"
        count = t.count("count.touchpoints", len(members[stage_id]))
        graph.node(name, label=lines([shorten(where, 24), count]), shape="box",
                   style="rounded,dashed", color="#9A9A9A", fontcolor="#555555", fontsize=9,
                   href=stage_links.get(stage_id), tooltip=text(f"{where}: {count}"),
                   **{"class": "elsewhere"})
        groups[stage_id] = name
        titles[name] = f"{where}: {count}"

    def end(tid: str) -> str:
        return names[tid] if tid in shown else groups[journey.touchpoints[tid].stage or ""]

    merged: dict[tuple[str, str, str], list[float]] = {}
    for kind, source, target in touching:
        key = (kind, end(source), end(target))
        flow = context.traffic.get((source, target), 0.0) if kind == "next" else 0.0
        share = context.probability.get((source, target), 0.0) if kind == "next" else 0.0
        total = merged.setdefault(key, [0.0, 0.0, 0.0])
        total[0] += flow
        total[1] += share
        total[2] += 1
    for (kind, a, b), (flow, share, _count) in merged.items():
        if kind == "next":
            from_shown = not a.startswith("g")  # a shown touchpoint, not a group
            graph.edge(a, b, label=text(t.percent(share)) if from_shown else None,
                       penwidth=number(style.traffic_width(flow, context.largest)),
                       constraint=False)
        elif kind == "complaint":
            graph.edge(a, b, color=style.COMPLAINT, style="dashed", constraint=False,
                       arrowhead="vee", penwidth=number(1.0),
                       tooltip=text(t("legend.complaint")), **{"class": "complaint"})
        else:
            graph.edge(a, b, color=style.RECOVERY, style="dotted", constraint=False,
                       penwidth=number(1.5), label=text(t("diagram.resolved")),
                       fontcolor=style.RECOVERY, tooltip=text(t("legend.recovery")),
                       **{"class": "recovery"})
