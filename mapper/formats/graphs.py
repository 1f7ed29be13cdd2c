"""The analysed journey as a graph file: GraphML, GEXF or node-link JSON.

``export --format graphml|gexf|json-graph`` writes the journey's graph with
networkx's own writers, every figure of the analysis attached, so a journey
opens in Gephi, yEd or Cytoscape or in a notebook (``networkx.read_graphml``,
``read_gexf``, ``node_link_graph``).

Nodes are the touchpoints and outcomes (by id), with their name (also
``label``), stage, aspect, kind, owner, score, level, reach, expected loss
and the other figures; edges carry ``kind`` (``next``, ``complaint``,
``resolution``; ``also`` lists a second kind on the same pair),
``probability`` and, for ``next`` edges, ``traffic`` (expected traversals
per customer).  These formats hold only scalar attributes: nested values are
flattened and a missing value is left out, never written as ``None``.  The
output is byte-for-byte reproducible: nodes and edges sorted by id, and no
date (GEXF's ``lastmodifieddate`` is left out).
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable, Iterable

import networkx as nx

from ..graph import NEXT, edge_kinds
from ..risk.analysis import Analysis
from ..risk.document import figure

FORMATS = ("graphml", "gexf", "json-graph")
#: attributes that are counts or positions; every other number is written as a float,
#: so that each attribute has one type across the nodes (GraphML declares it once)
INTEGERS = frozenset({"order", "line", "promises", "fix_first_rank"})


def _scalars(items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Attributes without the missing ones, figures as floats rounded like the JSON."""
    out: dict[str, Any] = {}
    for key, value in items:
        if value is None:
            continue
        if isinstance(value, int) and not isinstance(value, bool) and key not in INTEGERS:
            value = float(value)
        if isinstance(value, float):
            value = figure(value)
        out[key] = value
    return out


def analysis_graph(analysis: Analysis) -> nx.DiGraph:
    """The journey's graph with the analysis' figures, scalar attributes only, sorted."""
    journey = analysis.journey
    source = journey.graph
    summary = analysis.summary
    stage_names = {stage.id: stage.name for stage in journey.stages}
    graph = nx.DiGraph()
    graph.graph.update(_scalars([
        ("journey", journey.id), ("title", journey.title), ("language", journey.language),
        ("file", journey.path), ("cohort", journey.cohort), ("retained", summary.retained),
        ("expected_lost", summary.expected_lost), ("dropped", summary.dropped),
        ("word_of_mouth_low", summary.word_of_mouth.low),
        ("word_of_mouth_high", summary.word_of_mouth.high),
        ("money_at_risk", summary.money_at_risk),
        ("currency", summary.money.currency if summary.money else None),
        ("entry", " ".join(f"{tid}={share:g}" for tid, share in journey.entry)),
    ]))
    fix_rank = {item.id: rank for rank, item in enumerate(summary.fix_first, start=1)}
    for tid in sorted(source.nodes):
        data = source.nodes[tid]
        risk = analysis.touchpoints[tid]
        tp = journey.touchpoints[tid]
        graph.add_node(tid, **_scalars([
            ("label", tp.name), ("name", tp.name), ("stage", tp.stage),
            ("stage_name", stage_names.get(tp.stage or "")), ("aspect", data["aspect"]),
            ("kind", risk.kind), ("outcome", tp.outcome), ("channel", tp.channel),
            ("owner", tp.owner.name if tp.owner else None), ("third_party", tp.third_party),
            ("complaint_channel", data["complaint_channel"]),
            ("score", risk.score), ("level", risk.level), ("reach", risk.reach),
            ("planned_reach", risk.planned_reach), ("expected_lost", risk.expected_lost),
            ("likelihood", risk.likelihood), ("severity", risk.severity),
            ("likelihood_source", risk.source), ("emotion", risk.emotion),
            ("disappointed", risk.disappointed), ("complaints", risk.complaints),
            ("saved", risk.saved), ("fix_first_rank", fix_rank.get(tid)),
            ("drop_off", data["drop_off"]), ("promises", len(tp.promises)),
            ("order", data["order"]), ("line", tp.line),
        ]))
    for u, v in sorted(source.edges):
        data = source.edges[u, v]
        traffic = analysis.touchpoints[u].reach * data["probability"] \
            if NEXT in edge_kinds(data) else None
        graph.add_edge(u, v, **_scalars([
            ("kind", data["kind"]), ("also", " ".join(data.get("also", ())) or None),
            ("probability", data["probability"]), ("traffic", traffic),
        ]))
    return graph


XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def export_graphml(analysis: Analysis) -> str:
    return XML_DECLARATION + "\n".join(nx.generate_graphml(analysis_graph(analysis))) + "\n"


#: GEXF's writer stamps today's date; the export leaves it out (reproducible output)
_GEXF_DATE = re.compile(r' lastmodifieddate="[^"]*"')


def export_gexf(analysis: Analysis) -> str:
    text = "\n".join(nx.generate_gexf(analysis_graph(analysis)))
    return XML_DECLARATION + _GEXF_DATE.sub("", text, count=1) + "\n"


def export_json_graph(analysis: Analysis) -> str:
    data = nx.node_link_data(analysis_graph(analysis))
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


EXPORTERS: dict[str, Callable[[Analysis], str]] = {
    "graphml": export_graphml, "gexf": export_gexf, "json-graph": export_json_graph}
