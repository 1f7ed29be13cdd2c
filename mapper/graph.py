"""The journey as a networkx graph: touchpoints are nodes, ``next`` shares are edges.

Node order is the journey's stable order (stage order, then file order), so
every later step iterates deterministically.  Each node carries the
touchpoint's attributes plus ``drop_off`` (1 - sum of outgoing ``next``),
the implicit silent exit made explicit.  Edge ``kind`` is ``next`` (with
``probability``/``weight``), ``complaint`` (a touchpoint to its complaint
channel) or ``resolution`` (a channel's ``back_to``).
"""
from __future__ import annotations

import dataclasses
from collections import deque
from typing import Iterable

import networkx as nx

from .model.journey import Journey


def build_graph(journey: Journey) -> nx.DiGraph:
    graph = nx.DiGraph(journey=journey.id, title=journey.title, language=journey.language,
                       cohort=journey.cohort, entry=dict(journey.entry))
    stage_aspect = {stage.id: stage.aspect for stage in journey.stages}
    for order, tp in enumerate(journey.touchpoints.values()):
        attrs = {f.name: getattr(tp, f.name) for f in dataclasses.fields(tp)}
        attrs.pop("id")
        attrs.update(order=order, drop_off=tp.drop_off, is_outcome=tp.is_outcome,
                     is_complaint_channel=tp.is_complaint_channel,
                     third_party=tp.third_party, aspect=stage_aspect.get(tp.stage or ""),
                     complaint_channel=journey.complaint_channel(tp), touchpoint=tp)
        graph.add_node(tp.id, **attrs)
    for tp in journey.touchpoints.values():
        for target, probability in tp.next:
            graph.add_edge(tp.id, target, kind="next", probability=probability,
                           weight=probability)
    for tp in journey.touchpoints.values():
        channel = journey.complaint_channel(tp)
        if channel and channel != tp.id and not graph.has_edge(tp.id, channel):
            graph.add_edge(tp.id, channel, kind="complaint", probability=0.0, weight=0.0)
        if tp.resolution and tp.resolution.back_to and \
                not graph.has_edge(tp.id, tp.resolution.back_to):
            graph.add_edge(tp.id, tp.resolution.back_to, kind="resolution",
                           probability=0.0, weight=0.0)
    return graph


def reachable(graph: nx.DiGraph, sources: Iterable[str], kinds: tuple[str, ...] = (
        "next", "complaint", "resolution")) -> set[str]:
    """Nodes reachable from ``sources`` along edges of the given kinds."""
    seen = {s for s in sources if s in graph}
    queue = deque(seen)
    while queue:
        node = queue.popleft()
        for target, data in graph.succ[node].items():
            if target not in seen and data["kind"] in kinds:
                seen.add(target)
                queue.append(target)
    return seen
