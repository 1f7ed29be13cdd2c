"""`export --format graphml|gexf|json-graph`: networkx's writers, read back by networkx."""
from __future__ import annotations

import json

import networkx as nx
import pytest

import mapper
from conftest import EXAMPLES, REPO, run_main

FORMATS = ("graphml", "gexf", "json-graph")


def _export(tmp_path, path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = run_main("export", path, "--format", fmt, "-o", out)
    assert result.code == 0, result.err
    return out


def _read(out, fmt):
    if fmt == "graphml":
        return nx.read_graphml(out)
    if fmt == "gexf":
        return nx.read_gexf(out)
    return nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_reads_back_with_its_nodes_edges_and_figures(tmp_path, path, fmt):
    out = _export(tmp_path, path, fmt)
    graph = _read(out, fmt)
    analysis = mapper.analyse(mapper.load(path))
    source = analysis.journey.graph
    assert isinstance(graph, nx.DiGraph) and graph.is_directed()
    assert set(graph.nodes) == set(source.nodes)
    assert set(graph.edges) == set(source.edges)
    for tid, risk in analysis.touchpoints.items():
        data = graph.nodes[tid]
        assert data["score"] == pytest.approx(risk.score, abs=1e-6)
        assert data["level"] == risk.level
        assert data["reach"] == pytest.approx(risk.reach, abs=1e-6)
        assert data["expected_lost"] == pytest.approx(risk.expected_lost, abs=1e-6)
        assert data["name"] == risk.name
        if risk.stage is not None:
            assert data["stage"] == risk.stage
        else:
            assert "stage" not in data
    for u, v, data in source.edges(data=True):
        assert graph.edges[u, v]["kind"] == data["kind"]
        assert graph.edges[u, v]["probability"] == pytest.approx(data["probability"])
    if fmt != "gexf":  # GEXF has no graph attributes
        assert graph.graph["expected_lost"] == pytest.approx(
            analysis.summary.expected_lost, abs=1e-6)


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_reproducible_and_never_write_none(tmp_path, fmt, monkeypatch):
    monkeypatch.chdir(REPO)
    shop = "journeys/online-shop.yaml"
    first = _export(tmp_path, shop, fmt).read_bytes()
    (tmp_path / "again").mkdir()
    second = _export(tmp_path / "again", shop, fmt).read_bytes()
    assert first == second
    text = first.decode("utf-8")
    assert "None" not in text and "null" not in text
    assert "lastmodifieddate" not in text
    assert "/work/" not in text and str(REPO) not in text


def test_graphml_types_and_flattened_values(tmp_path):
    shop = REPO / "journeys" / "online-shop.yaml"
    graph = nx.read_graphml(_export(tmp_path, shop, "graphml"))
    assert graph.nodes["courier"]["owner"] == mapper.load(shop).touchpoints["courier"].owner.name
    assert graph.nodes["courier"]["third_party"] is True
    for _, data in graph.nodes(data=True):
        assert isinstance(data["score"], float)
        assert isinstance(data["order"], int) and isinstance(data["line"], int)
        assert isinstance(data["third_party"], bool)
    outcome = next(n for n, d in graph.nodes(data=True) if d["kind"] == "outcome")
    assert "emotion" not in graph.nodes[outcome] or isinstance(
        graph.nodes[outcome]["emotion"], float)
    traffic = [d["traffic"] for _, _, d in graph.edges(data=True) if d["kind"] == "next"]
    assert traffic and all(t >= 0 for t in traffic)
    assert all("traffic" not in d for _, _, d in graph.edges(data=True)
               if d["kind"] == "complaint")


def test_the_format_follows_the_suffix_and_bad_input_exits_2(tmp_path):
    shop = REPO / "journeys" / "online-shop.yaml"
    out = tmp_path / "shop.graphml"
    assert run_main("export", shop, "-o", out).code == 0
    assert set(nx.read_graphml(out).nodes) == set(mapper.load(shop).graph.nodes)
    bad = tmp_path / "bad.yaml"
    bad.write_text("journey: x\nstages: []\n", encoding="utf-8")
    result = run_main("export", bad, "--format", "gexf", "-o", tmp_path / "bad.gexf")
    assert result.code == 2 and "bad.yaml:" in result.err
    assert not (tmp_path / "bad.gexf").exists()
