"""Ranges and evidence: seeded Monte Carlo intervals, checked against closed forms."""
from __future__ import annotations

import io
import json

import pytest
import yaml
from scipy.stats import beta

from mapper.cli import main
from mapper.core.errors import JourneyError
from mapper.risk.assess import assess
from mapper.risk.document import analysis_json
from risk_helpers import PROFILE, journey_from, simple

NU = 0.93


def one_point(likelihood):
    return simple({"a": {"stage": "s", "likelihood": likelihood, "next": "done"},
                   "done": {"outcome": "loyal"}},
                  economics={"currency": "EUR", "customer_value": 100})


def test_a_range_gives_uniform_quantiles():
    analysis, _ = assess(journey_from(one_point({"low": 0.02, "high": 0.08})), PROFILE)
    # point figures use the middle of the range
    assert analysis.summary["expected_lost"] == pytest.approx(1000 * 0.05 * NU)
    bounds = analysis.uncertainty["intervals"]["expected_lost"]
    # lost = 930 p with p ~ U(0.02, 0.08): its 5 % and 95 % quantiles
    assert bounds["low"] == pytest.approx(930 * (0.02 + 0.05 * 0.06), abs=1.0)
    assert bounds["high"] == pytest.approx(930 * (0.02 + 0.95 * 0.06), abs=1.0)
    money = analysis.uncertainty["intervals"]["money_at_risk"]
    assert money["low"] == pytest.approx(100 * bounds["low"])
    retained = analysis.uncertainty["intervals"]["retained"]
    assert retained["low"] == pytest.approx(1000 - bounds["high"])
    tp = analysis.uncertainty["touchpoints"]["a"]
    assert tp == pytest.approx(bounds)
    reason = analysis.touchpoints["a"].factors[0].reason
    assert reason == "a negative experience in 5% of visits (the middle of 2%–8%)"


def test_evidence_gives_the_beta_posterior_quantiles():
    data = simple({"a": {"stage": "s", "evidence": {"observed": 200, "negative": 10},
                         "next": "done"}, "done": {"outcome": "loyal"}})
    analysis, _ = assess(journey_from(data), PROFILE)
    low, high = beta.ppf([0.05, 0.95], 10.5, 190.5)
    bounds = analysis.uncertainty["intervals"]["expected_lost"]
    assert bounds["low"] == pytest.approx(930 * low, rel=0.05)
    assert bounds["high"] == pytest.approx(930 * high, rel=0.05)
    assert analysis.uncertainty["sources"] == [{"touchpoint": "a", "value": "evidence"}]


def test_resolution_rate_range():
    data = simple({"a": {"stage": "s", "likelihood": 0.2, "complaints": "h", "next": "done"},
                   "h": {"stage": "c", "kind": "complaint_channel",
                         "resolution": {"rate": {"low": 0.4, "high": 1.0}}},
                   "done": {"outcome": "loyal"}})
    analysis, _ = assess(journey_from(data), PROFILE)
    # lost = 1000 (0.1 nu + 0.1 (1 - r) nu), r ~ U(0.4, 1.0)
    bounds = analysis.uncertainty["intervals"]["expected_lost"]
    assert bounds["low"] == pytest.approx(93 + 93 * (1 - (0.4 + 0.95 * 0.6)), abs=0.5)
    assert bounds["high"] == pytest.approx(93 + 93 * (1 - (0.4 + 0.05 * 0.6)), abs=0.5)
    assert analysis.summary["expected_lost"] == pytest.approx(93 + 93 * 0.3)


def test_fix_first_stability():
    data = simple({"a": {"stage": "s", "likelihood": 0.5, "next": "b"},
                   "b": {"stage": "s", "likelihood": {"low": 0.0, "high": 0.9}, "next": "c"},
                   "c": {"stage": "s", "likelihood": 0.01, "next": "done"},
                   "done": {"outcome": "loyal"}})
    analysis, _ = assess(journey_from(data), PROFILE)
    stability = {s["id"]: s["keeps_place"] for s in analysis.uncertainty["fix_first_stability"]}
    assert [s["place"] for s in analysis.uncertainty["fix_first_stability"]] == [1, 2, 3]
    assert stability["c"] >= 0.95             # last unless b draws a likelihood near 0
    assert 0.2 < stability["a"] < 0.9         # a and b swap places across the range


def test_same_input_same_output_and_nothing_without_ranges(tmp_path):
    path = tmp_path / "j.yaml"
    path.write_text(yaml.safe_dump(one_point({"low": 0.02, "high": 0.08})), encoding="utf-8")
    outputs = []
    for _ in range(2):
        out = io.StringIO()
        assert main(["score", str(path), "--format", "json"], stdout=out,
                    stderr=io.StringIO()) == 0
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    doc = json.loads(outputs[0])
    assert set(doc["summary"]) >= {"intervals", "fix_first_stability", "uncertainty"}
    assert doc["touchpoints"][0]["expected_lost_interval"][0] < 46.5 < \
        doc["touchpoints"][0]["expected_lost_interval"][1]
    analysis, findings = assess(journey_from(one_point(0.05)), PROFILE)
    assert analysis.uncertainty is None
    plain = analysis_json(analysis, findings)
    assert "intervals" not in plain["summary"]
    assert "expected_lost_interval" not in plain["touchpoints"][0]


def test_score_text_shows_intervals(tmp_path):
    path = tmp_path / "j.yaml"
    path.write_text(yaml.safe_dump(one_point({"low": 0.02, "high": 0.08})), encoding="utf-8")
    out = io.StringIO()
    main(["score", str(path)], stdout=out, stderr=io.StringIO())
    assert "expected lost  46.5  (90% interval 21." in out.getvalue()
    assert "1000 seeded Monte Carlo draws" in out.getvalue()


def test_a_reversed_range_is_located():
    with pytest.raises(JourneyError) as caught:
        journey_from(one_point({"low": 0.3, "high": 0.1}))
    [problem] = caught.value.problems
    assert "low (0.3) cannot be above high (0.1)" in problem.message and problem.line > 1


def test_a_range_survives_the_csv_round_trip(tmp_path):
    from conftest import run_main
    from mapper.model.workspace import load_journey

    path = tmp_path / "j.yaml"
    path.write_text(yaml.safe_dump(one_point({"low": 0.02, "high": 0.08})), encoding="utf-8")
    assert run_main("export", "--format", "csv", path, "-o", tmp_path / "j.csv").code == 0
    assert run_main("import", "csv", tmp_path / "j.csv", "-o", tmp_path / "back.yaml").code == 0
    back = load_journey(str(tmp_path / "back.yaml"))
    assert back.touchpoints["a"].likelihood_range == (0.02, 0.08)


def test_next_share_range():
    data = simple({"a": {"stage": "s", "next": {"b": {"low": 0.2, "high": 0.6}}},
                   "b": {"stage": "s", "likelihood": 0.5, "next": "done"},
                   "done": {"outcome": "loyal"}})
    journey = journey_from(data)
    assert journey.touchpoints["a"].next == (("b", 0.4),)
    analysis, _ = assess(journey, PROFILE)
    assert analysis.summary["expected_lost"] == pytest.approx(1000 * 0.4 * 0.5 * NU)
    # lost = 465 s with s ~ U(0.2, 0.6)
    bounds = analysis.uncertainty["intervals"]["expected_lost"]
    assert bounds["low"] == pytest.approx(465 * (0.2 + 0.05 * 0.4), abs=1.0)
    assert bounds["high"] == pytest.approx(465 * (0.2 + 0.95 * 0.4), abs=1.0)
    assert analysis.uncertainty["sources"] == [{"touchpoint": "a", "value": "next.b"}]


def test_next_ranges_sum_by_their_middles_and_survive_csv(tmp_path):
    from conftest import run_main
    from mapper.model.workspace import load_journey

    data = simple({"a": {"stage": "s", "next": {"b": {"low": 0.5, "high": 0.9}, "done": 0.4}},
                   "b": {"stage": "s", "next": "done"}, "done": {"outcome": "loyal"}})
    with pytest.raises(JourneyError, match="next probabilities sum to 1.1, more than 1"):
        journey_from(data)   # the middles 0.7 + 0.4 count
    path = tmp_path / "j.yaml"
    data["touchpoints"]["a"]["next"]["done"] = 0.3
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert run_main("export", "--format", "csv", path, "-o", tmp_path / "j.csv").code == 0
    assert "b:0.5..0.9;done:0.3" in (tmp_path / "j.csv").read_text(encoding="utf-8-sig")
    assert run_main("import", "csv", tmp_path / "j.csv", "-o", tmp_path / "back.yaml").code == 0
    assert load_journey(str(tmp_path / "back.yaml")).touchpoints["a"].next_ranges == \
        {"b": (0.5, 0.9)}


def _long_journey(n, segments=False):
    """``n`` touchpoints in a row with likelihood ranges, a loop back and a complaint
    channel: a long chain with loops and complaint states."""
    tps = {}
    for i in range(n):
        nxt = {f"p{i + 1}": 0.8} if i + 1 < n else {"done": 0.9}
        if i % 7 == 3:
            nxt[f"p{i - 2}"] = 0.1          # a loop back, with a way out
        tps[f"p{i}"] = {"stage": "s", "likelihood": {"low": 0.01 * (i % 5), "high":
                                                     0.05 + 0.01 * (i % 9)},
                        "severity": 1 + i % 5, "complaints": "h", "next": nxt}
    tps["h"] = {"stage": "c", "kind": "complaint_channel", "likelihood": {"low": 0.05,
                                                                            "high": 0.2},
                "resolution": {"rate": 0.7, "back_to": "p1"}}
    tps["done"] = {"outcome": "loyal"}
    extra = {"economics": {"currency": "EUR", "customer_value": 100}}
    if segments:
        extra["segments"] = {"new": {"share": 0.4, "value": 80}, "old": {"share": 0.6}}
        tps["p5"]["segments"] = {"new": {"likelihood": 0.3}}
    return simple(tps, **extra)


@pytest.mark.parametrize("segments", [False, True])
def test_all_draws_at_once_equal_draw_by_draw(monkeypatch, segments):
    # all draws are solved together (each entry affine in the drawn likelihoods, block
    # by block); the figures equal building and solving each draw on its own
    from dataclasses import replace

    import mapper.risk.uncertainty as uncertainty

    profile = replace(PROFILE, uncertainty={**PROFILE.uncertainty, "draws": 50})
    journey = journey_from(_long_journey(50, segments))
    together, _ = assess(journey, profile)
    found = uncertainty.sources(journey)
    assert uncertainty._affine_chain(
        journey, profile, None, {tid: uncertainty.hazard(tp, profile)
                                 for tid, tp in journey.touchpoints.items()},
        sorted({tid for tid, _ in found}), found,
        uncertainty._draws(journey, profile, found), 50) is not None
    monkeypatch.setattr(uncertainty, "_affine_chain", lambda *args: None)
    one_by_one, _ = assess(journey, profile)
    a, b = together.uncertainty, one_by_one.uncertainty
    assert a.keys() == b.keys()
    assert a["fix_first_stability"] == b["fix_first_stability"]
    for key in ("intervals", "touchpoints"):
        for name, bounds in a[key].items():
            if "low" in bounds:
                assert bounds == pytest.approx(b[key][name], rel=1e-9, abs=1e-9), name
