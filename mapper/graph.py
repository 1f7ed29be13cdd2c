"""The journey as one networkx graph, and the rules for walking it.

Nodes are the touchpoints and outcomes, in the journey's stable order (stage
order, then file order), so every later step iterates deterministically.
Each node carries the touchpoint's validated attributes plus ``drop_off``
(1 - sum of outgoing ``next``, the silent exit made explicit), ``aspect``,
``complaint_channel`` and ``has_risk``.  Edge ``kind`` is ``next`` (with
``probability``/``weight``), ``complaint`` (a touchpoint to its complaint
channel) or ``resolution`` (a channel's ``back_to``); complaint and
resolution edges have probability 0.  When two kinds join the same pair of
touchpoints the edge keeps the first kind and lists the others in ``also``.

The graph is built once per journey (:attr:`mapper.model.journey.Journey.graph`)
and everything reads it: validation's closed-loop check, lint, the main
path of the peak-end curve, the diagrams and the exports.  Which edges count
for which question is decided here and nowhere else:

* :func:`flow_view` -- ``next`` edges with a positive share: where the
  designed traffic goes (closed loops, the most likely path);
* :func:`promise_view` -- the flow plus resolution edges: where a customer
  can carry on without complaining (is a promise's ``kept_at`` reachable);
* :func:`reach_view` -- the promise view plus the complaint edges of
  touchpoints where something can go wrong (is a touchpoint reachable at all).
"""
from __future__ import annotations

import dataclasses
import math
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

import networkx as nx


if TYPE_CHECKING:
    from .model.journey import Journey

#: a drop-off no larger than this is the rounding of a sum of shares that
#: add up to 1, not traffic leaving (the solver resolves escapes far smaller
#: than the loader's probability tolerance (1e-9) and checks that the cohort is conserved)
ROUNDING = 1e-12

NEXT, COMPLAINT, RESOLUTION = "next", "complaint", "resolution"
KINDS = (NEXT, COMPLAINT, RESOLUTION)


def build_graph(journey: "Journey") -> nx.DiGraph:
    """The journey's graph (use ``journey.graph``: it is built once and kept)."""
    graph = nx.DiGraph(journey=journey.id, title=journey.title, language=journey.language,
                       cohort=journey.cohort, entry=dict(journey.entry))
    stage_aspect = {stage.id: stage.aspect for stage in journey.stages}
    channels = {tid: journey.complaint_channel(tp) for tid, tp in journey.touchpoints.items()}
    names: list[str] = []
    for order, tp in enumerate(journey.touchpoints.values()):
        if not names:  # the validated fields, the same for every touchpoint
            names = [f.name for f in dataclasses.fields(tp) if f.name != "id"]
        attrs = {name: getattr(tp, name) for name in names}
        attrs.update(order=order, drop_off=tp.drop_off, is_outcome=tp.is_outcome,
                     is_complaint_channel=tp.is_complaint_channel, has_risk=tp.has_risk,
                     third_party=tp.third_party, aspect=stage_aspect.get(tp.stage or ""),
                     complaint_channel=channels[tp.id], touchpoint=tp)
        graph.add_node(tp.id, **attrs)
    graph.add_edges_from(((tp.id, target, {"kind": NEXT, "probability": probability,
                                           "weight": probability})
                          for tp in journey.touchpoints.values() for target, probability in tp.next))
    for tp in journey.touchpoints.values():
        channel = channels[tp.id]
        if channel and channel != tp.id:
            _add(graph, tp.id, channel, COMPLAINT)
        if tp.resolution and tp.resolution.back_to:
            _add(graph, tp.id, tp.resolution.back_to, RESOLUTION)
    return graph


def _add(graph: nx.DiGraph, source: str, target: str, kind: str) -> None:
    """A complaint or resolution edge; on a pair that has an edge already, a second kind."""
    if graph.has_edge(source, target):
        data = graph.edges[source, target]
        if data["kind"] != kind and kind not in data.get("also", ()):
            data["also"] = (*data.get("also", ()), kind)
    else:
        graph.add_edge(source, target, kind=kind, probability=0.0, weight=0.0)


def edge_kinds(data: dict[str, Any]) -> tuple[str, ...]:
    """Every kind an edge stands for (its ``kind``, then those in ``also``)."""
    return (data["kind"], *data.get("also", ()))


# -- the edge rules: which edges count for which question ---------------------

def _is(data: dict[str, Any], kind: str) -> bool:
    """Whether an edge stands for ``kind`` (:func:`edge_kinds`, without the tuple)."""
    return data["kind"] == kind or kind in data.get("also", ())


def _flows(data: dict[str, Any]) -> bool:
    return data["kind"] == NEXT and data["probability"] > 0


def _carries_on(data: dict[str, Any]) -> bool:
    return _flows(data) or _is(data, RESOLUTION)


def _reaches(graph: nx.DiGraph) -> Callable[[str, str, dict[str, Any]], bool]:
    """The rule of :func:`reach_view` for the edges of ``graph``."""
    nodes = graph.nodes

    def keep(u: str, v: str, d: dict[str, Any]) -> bool:
        return _carries_on(d) or (_is(d, COMPLAINT) and bool(nodes[u]["has_risk"]))
    return keep


def _select(graph: nx.DiGraph, keep: Callable[[str, str, dict[str, Any]], bool]) -> nx.DiGraph:
    """A graph of every node and the edges ``keep`` accepts (with their data)."""
    chosen = nx.DiGraph()
    chosen.add_nodes_from(graph)
    chosen.add_edges_from([(u, v, d) for u, v, d in graph.edges(data=True) if keep(u, v, d)])
    return chosen


def flow_view(graph: nx.DiGraph) -> nx.DiGraph:
    """``next`` edges with a positive share: where the designed traffic goes."""
    return _select(graph, lambda u, v, d: _flows(d))


def promise_view(graph: nx.DiGraph) -> nx.DiGraph:
    """The flow plus resolution edges: where customers carry on without complaining."""
    return _select(graph, lambda u, v, d: _carries_on(d))


def reach_view(graph: nx.DiGraph) -> nx.DiGraph:
    """Every way a customer can get somewhere: the flow, resolution edges, and the
    complaint edges of touchpoints where something can go wrong."""
    return _select(graph, _reaches(graph))


class Views:
    """What several steps read of one journey's graph, each built on first use
    and kept (``journey.views``): validation's loop check and the main path
    both walk the flow."""

    def __init__(self, graph: nx.DiGraph):
        self.graph = graph

    @cached_property
    def flow(self) -> nx.DiGraph:
        """:func:`flow_view` of the graph."""
        return flow_view(self.graph)

    @cached_property
    def main_path(self) -> tuple[str, ...]:
        """:func:`main_path` of the graph (the peak-end curve and the report's chart)."""
        return tuple(main_path(self.graph, self.flow))


def edges_of(graph: nx.DiGraph, kind: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Edges standing for ``kind`` in the journey's order (source, then its edges)."""
    for source, target, data in graph.edges(data=True):
        if kind in edge_kinds(data):
            yield source, target, data


# -- questions the steps ask ---------------------------------------------------

def reachable(graph: nx.DiGraph, sources: Iterable[str],
              kinds: tuple[str, ...] = KINDS) -> set[str]:
    """``sources`` and the nodes reachable from them along edges of the given kinds."""
    wanted = set(kinds)
    return _closure(_select(graph, lambda u, v, d: bool(wanted.intersection(
        edge_kinds(d)))), sources)


def _closure(view: nx.DiGraph, sources: Iterable[str]) -> set[str]:
    """``sources`` (those in ``view``) and every node reachable from them: one
    breadth-first search from all of them at once."""
    starts = [source for source in dict.fromkeys(sources) if source in view]
    if not starts:
        return set()
    return {node for layer in nx.bfs_layers(view, starts) for node in layer}


def reachable_from_entry(graph: nx.DiGraph) -> set[str]:
    """Touchpoints a customer can get to from the entry (along :func:`reach_view`'s
    edges: breadth first from each entry in turn, each edge tested as it is met
    rather than a view built of all of them)."""
    keep = _reaches(graph)
    succ = graph.succ
    seen: set[str] = set()

    def onward(node: str) -> Iterator[str]:
        return (v for v, d in succ[node].items() if v not in seen and keep(node, v, d))

    for source in graph.graph["entry"]:
        if source in graph and source not in seen:
            seen.add(source)
            seen.update(child for _, child in nx.generic_bfs_edges(graph, source, onward))
    return seen


def can_carry_on_to(graph: nx.DiGraph, source: str, target: str) -> bool:
    """Whether a path leads from ``source`` to ``target`` without a complaint."""
    return not cannot_carry_on(graph, [(source, target)])


def cannot_carry_on(graph: nx.DiGraph,
                    pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The ``(source, target)`` pairs with no path from source to target without
    a complaint (:func:`promise_view`, built once for all of them)."""
    pairs = list(pairs)
    if not pairs:
        return set()
    # one pass over the loops (networkx's strongly connected components), sinks
    # first: each group of touchpoints learns which of the asked-for targets it
    # reaches, as bits
    view = promise_view(graph)
    groups = list(nx.strongly_connected_components(view))
    group = {node: k for k, members in enumerate(groups) for node in members}
    bit = {group[target]: 1 << index
           for index, target in enumerate(dict.fromkeys(t for _, t in pairs))}
    reaches = _reaches_sinks_first(view, groups, group, bit)
    if reaches is None:   # not listed sinks first: the condensation's order
        dag = nx.condensation(view, groups)
        reaches = [0] * len(groups)
        for node in reversed(list(nx.topological_sort(dag))):
            mask = bit.get(node, 0)
            for successor in dag.successors(node):
                mask |= reaches[successor]
            reaches[node] = mask
    return {(source, target) for source, target in pairs
            if not reaches[group[source]] & bit[group[target]]}


def _reaches_sinks_first(view: nx.DiGraph, groups: list[set[str]], group: dict[str, int],
                         bit: dict[int, int]) -> list[int] | None:
    """Per group, the bits of the groups it reaches, when ``groups`` list every
    group after those it leads to (networkx finds them depth first and
    completes each after those, as the solver's :func:`sinks_first` relies on
    too); None when they are not, which is checked edge by edge."""
    succ = view.succ
    reaches = [0] * len(groups)
    for k, members in enumerate(groups):
        mask = bit.get(k, 0)
        for node in members:
            for successor in succ[node]:
                j = group[successor]
                if j > k:
                    return None
                mask |= reaches[j]
        reaches[k] = mask
    return reaches


def dead_ends(graph: nx.DiGraph) -> list[str]:
    """Touchpoints (not outcomes, not complaint channels) without any ``next``."""
    nodes = graph.nodes
    return [node for node in graph if not nodes[node]["is_outcome"] and
            not nodes[node]["is_complaint_channel"] and
            not any(data["kind"] == NEXT for data in graph.succ[node].values())]


def closed_loops(graph: nx.DiGraph, flow: nx.DiGraph | None = None) -> list[list[str]]:
    """Groups of touchpoints customers can never leave, each as a short cycle.

    A loop of the flow is closed when none of its members is an outcome,
    drops customers off, is a complaint channel that sends them back, or
    leads out of it.  The cycle starts at the member written first in the
    file (then the shortest way round).  ``flow`` is the graph's
    :func:`flow_view` when it is at hand."""
    flow = flow_view(graph) if flow is None else flow
    nodes = graph.nodes
    loops = []
    for component in nx.strongly_connected_components(flow):
        if len(component) == 1:
            (only,) = component
            if not flow.has_edge(only, only):
                continue
        if any(nodes[t]["is_outcome"] or nodes[t]["drop_off"] > ROUNDING or
               (nodes[t]["is_complaint_channel"] and not nodes[t]["next"]) or
               any(s not in component for s in flow.successors(t)) for t in component):
            continue
        first = min(component, key=lambda t: (nodes[t]["line"], nodes[t]["column"]))
        loops.append(_cycle_from(flow.subgraph(component), first))
    return sorted(loops, key=lambda cycle: (nodes[cycle[0]]["line"], nodes[cycle[0]]["column"]))


def _cycle_from(loop: nx.DiGraph, start: str) -> list[str]:
    """The shortest cycle through ``start`` (breadth first, in edge order)."""
    for node, path in nx.single_source_shortest_path(loop, start).items():
        if loop.has_edge(node, start):
            return [*path, start]
    return [start, start]  # pragma: no cover - every closed loop has a cycle


#: the end every way through the journey leads to, in :func:`main_path`'s search
#: (a tuple: it cannot clash with a touchpoint id, which is a string)
_END = ("end",)


def main_path(graph: nx.DiGraph, flow: nx.DiGraph | None = None) -> list[str]:
    """The most likely way through the journey: the path a customer most likely
    takes from the main entry to an outcome.

    Of all the ways from the entry with the largest share to an outcome, the
    one whose shares multiply to the most.  It is the shortest path with edge
    weights ``-log(share)`` (Dijkstra's algorithm, networkx), so it visits no
    touchpoint twice.  A journey with no outcome reachable ends the path where
    customers most likely drop off instead.  ``flow`` is the graph's
    :func:`flow_view` when it is at hand."""
    entry = graph.graph["entry"]
    if not entry:
        return []
    start = max(entry.items(), key=lambda e: e[1])[0]
    nodes = graph.nodes
    weighted = nx.DiGraph()
    weighted.add_nodes_from((start, _END))
    weighted.add_edges_from((source, target, {"weight": -math.log(data["probability"])})
                            for source, target, data in
                            (flow_view(graph) if flow is None else flow).edges(data=True))
    weighted.add_edges_from(((tid, _END) for tid in graph if nodes[tid]["is_outcome"]),
                            weight=0.0)
    if not nx.has_path(weighted, start, _END):
        for tid in graph:
            if nodes[tid]["drop_off"] > ROUNDING:
                weighted.add_edge(tid, _END, weight=-math.log(min(1.0, nodes[tid]["drop_off"])))
    try:
        path = nx.dijkstra_path(weighted, start, _END)
    except nx.NetworkXNoPath:   # pragma: no cover - the loader rejects loops with no way out
        return [start]
    return [tid for tid in path if tid != _END]


