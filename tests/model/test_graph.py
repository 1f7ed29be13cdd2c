"""The one graph: built once per journey, its edge rules, and the solver's order from networkx."""
from __future__ import annotations

import networkx as nx
import pytest

import mapper
from mapper import graph as journey_graph
from mapper.risk import solve
from conftest import MINIMAL, REPO

SHOP = REPO / "journeys" / "online-shop.yaml"


def test_the_graph_is_built_once_per_journey(monkeypatch):
    calls = []
    build = journey_graph.build_graph

    def counting(journey):
        calls.append(journey)
        return build(journey)

    monkeypatch.setattr(journey_graph, "build_graph", counting)
    journey = mapper.load(SHOP)       # validation's loop check builds it
    assert calls == [journey]
    analysis = mapper.analyse(journey)  # lint, the main path and the solver reuse it
    from mapper.render.diagram import complaint_edges, edge_traffic, recovery_edges
    edge_traffic(analysis), complaint_edges(journey), recovery_edges(journey)
    assert [j for j in calls if j is journey] == [journey]
    # what an action would change is another journey, with a graph of its own, once
    assert len({id(j) for j in calls}) == len(calls)


TWO_KINDS = """\
journey: kinds
stages:
  - {id: buy, aspect: sales}
  - {id: help, aspect: complaint}
touchpoints:
  quiet:
    stage: buy
    complaints: desk
    next: {desk: 0.5, done: 0.5}
  calm:
    stage: buy
    complaints: side_desk
    next: done
  desk:
    stage: help
    kind: complaint_channel
    resolution: {rate: 0.8, back_to: done}
  side_desk:
    stage: help
    kind: complaint_channel
  done:
    outcome: loyal
entry: {quiet: 0.5, calm: 0.5}
"""


def test_a_second_kind_on_the_same_pair_is_kept_and_counts(tmp_path):
    path = tmp_path / "kinds.yaml"
    path.write_text(TWO_KINDS, encoding="utf-8")
    graph = mapper.load(path).graph
    assert graph.edges["quiet", "desk"] == {"kind": "next", "probability": 0.5, "weight": 0.5,
                                            "also": ("complaint",)}
    assert journey_graph.edge_kinds(graph.edges["quiet", "desk"]) == ("next", "complaint")
    assert [(u, v) for u, v, _ in journey_graph.edges_of(graph, "complaint")] == [
        ("quiet", "desk"), ("calm", "side_desk")]
    # 'calm' has no risk: its complaint edge does not make 'side_desk' reachable
    assert not graph.nodes["calm"]["has_risk"]
    reach = journey_graph.reachable_from_entry(graph)
    assert "side_desk" not in reach and {"quiet", "calm", "desk", "done"} <= reach
    assert set(journey_graph.reach_view(graph).edges) == {
        ("quiet", "desk"), ("quiet", "done"), ("calm", "done"), ("desk", "done")}
    # promises: the flow and resolutions, never a complaint
    assert set(journey_graph.promise_view(graph).edges) == set(
        journey_graph.reach_view(graph).edges)
    assert journey_graph.can_carry_on_to(graph, "quiet", "done")
    assert not journey_graph.can_carry_on_to(graph, "calm", "side_desk")
    assert journey_graph.reachable(graph, ["calm"], kinds=("complaint",)) == {"calm", "side_desk"}
    unreachable = [f.touchpoint for f in mapper.analyse(mapper.load(path)).findings
                   if f.rule == "unreachable"]
    assert unreachable == ["side_desk"]


def test_flow_and_dead_ends_and_main_path(tmp_path):
    text = MINIMAL.replace("next: {done: 0.5}", "next: {done: 0.5, lost_end: 0.0, stuck: 0.2}")
    text += "  lost_end:\n    outcome: lost\n  stuck:\n    stage: buy\n"
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    graph = mapper.load(path).graph
    flow = journey_graph.flow_view(graph)
    assert set(flow.edges) == {("site", "done"), ("site", "stuck")}  # a zero share is no flow
    assert journey_graph.dead_ends(graph) == ["stuck"]
    assert journey_graph.main_path(graph) == ["site", "done"]


def test_closed_loops_come_from_the_graph(tmp_path):
    text = MINIMAL.replace("next: {done: 0.5}", "next: {a: 1}")
    text += ("  a:\n    stage: buy\n    next: b\n  b:\n    stage: buy\n    next: {a: 1}\n")
    path = tmp_path / "loop.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(mapper.JourneyError) as caught:
        mapper.load(path)
    assert [p.message for p in caught.value.problems] == [
        "touchpoint 'a': customers can never leave the loop 'a' → 'b' → 'a': every 'next' stays inside it "
        "and none drops off; send part of the traffic out of the loop"]


def test_the_solver_orders_components_sinks_first_whatever_networkx_lists(monkeypatch):
    rows = [{1: 0.5}, {2: 0.5, 0: 0.2}, {3: 0.5}, {}]
    components = solve.sinks_first(rows)
    assert sorted(map(tuple, components)) == [(0, 1), (2,), (3,)]
    place = {s: k for k, members in enumerate(components) for s in members}
    assert all(place[j] <= place[i] for i, row in enumerate(rows) for j in row)
    reversed_order = list(reversed(list(nx.strongly_connected_components(
        nx.DiGraph([(i, j) for i, row in enumerate(rows) for j in row])))))

    def wrong_order(graph):
        return iter([set(c) for c in reversed_order] + [
            {n} for n in graph if not any(n in c for c in reversed_order)])

    with monkeypatch.context() as patch:
        patch.setattr(nx, "strongly_connected_components", wrong_order)
        assert [sorted(c) for c in wrong_order(nx.DiGraph())] != components
        fallback = solve.sinks_first(rows)
    assert fallback == components
    lu = solve.BlockLU(rows)
    dense = solve.DenseLU(rows)
    for b in ([1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 2.0, 3.0]):
        assert lu.solve(b) == pytest.approx(dense.solve(b))
        assert lu.solve_transposed(b) == pytest.approx(dense.solve_transposed(b))
    assert lu.entries([(0, 3), (1, 2), (3, 0)]) == pytest.approx(
        dense.entries([(0, 3), (1, 2), (3, 0)]))


MOST_LIKELY = """\
journey: paths
stages:
  - {id: buy, aspect: sales}
touchpoints:
  a: {stage: buy, likelihood: 0.1, severity: 2, next: {b: 0.6, c: 0.4}}
  b: {stage: buy, likelihood: 0.1, severity: 2, next: {d: 0.5}}
  d: {stage: buy, likelihood: 0.1, severity: 2, next: {first: 0.2}}
  c: {stage: buy, likelihood: 0.1, severity: 2, next: {second: 1.0}}
  first: {outcome: loyal}
  second: {outcome: repeat_purchase}
"""


def test_main_path_is_the_most_likely_way_to_an_outcome_not_the_greedy_one():
    from mapper.graph import main_path

    journey = mapper.loads(MOST_LIKELY)
    # greedy steps (a -> b -> d -> first) carry 0.6 x 0.5 x 0.2 = 6 % of the
    # customers; a -> c -> second carries 40 %
    assert main_path(journey.graph) == ["a", "c", "second"]


def test_main_path_ends_where_customers_drop_off_when_no_outcome_is_reachable():
    from mapper.graph import main_path

    text = MOST_LIKELY.replace("next: {first: 0.2}", "next: {}").replace(
        "next: {second: 1.0}", "next: {b: 0.3}").replace("next: {d: 0.5}", "next: {d: 0.2}")
    journey = mapper.loads(text)
    # leaving at b: 0.6 x 0.8 = 48 %; at c: 0.4 x 0.7 = 28 %; at d: 0.6 x 0.2 = 12 %
    assert main_path(journey.graph) == ["a", "b"]


def test_promise_hand_overs_do_not_depend_on_the_order_networkx_lists_loops(monkeypatch):
    graph = mapper.load(SHOP).graph
    nodes = list(graph)
    pairs = [(source, target) for source in nodes[:12] for target in nodes[-12:]]
    stuck = journey_graph.cannot_carry_on(graph, pairs)
    view = journey_graph.promise_view(graph)
    assert stuck == {(s, t) for s, t in pairs if not nx.has_path(view, s, t)}
    assert stuck and len(stuck) < len(pairs)
    listed = list(nx.strongly_connected_components(view))

    def sources_first(_graph):   # the reverse of networkx's order: the fallback is used
        return iter(reversed(listed))

    with monkeypatch.context() as patch:
        patch.setattr(nx, "strongly_connected_components", sources_first)
        assert journey_graph.cannot_carry_on(graph, pairs) == stuck
