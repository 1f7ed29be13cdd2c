"""Hand-computed absorbing-chain figures on small journeys (chain, branch, loop, complaints).

Defaults used (tests/test_profile.py pins them): 93% of disappointed customers
never come back; half of those with a negative experience complain when a
channel exists; a disappointed customer tells 10-30 people.
"""
from __future__ import annotations

import dataclasses

import pytest

from mapper.risk.analysis import analyse
from mapper.risk.chain import hit_probability
from risk_helpers import PROFILE, journey_from, run, simple

NU = 0.93


def test_chain_of_two_risky_points():
    a = run(simple({
        "a": {"stage": "s", "likelihood": 0.1, "severity": 3, "next": "b"},
        "b": {"stage": "s", "likelihood": 0.2, "severity": 3, "next": "done"},
        "done": {"outcome": "loyal"},
    }))
    s = a.summary
    lost_a = 1000 * 0.1 * NU
    reach_b = 0.9 + 0.1 * (1 - NU)
    lost_b = 1000 * reach_b * 0.2 * NU
    assert a.touchpoints["a"].reach == pytest.approx(1.0)
    assert a.touchpoints["b"].reach == pytest.approx(reach_b)
    assert a.touchpoints["a"].expected_lost == pytest.approx(lost_a)
    assert a.touchpoints["b"].expected_lost == pytest.approx(lost_b)
    assert s["expected_lost"] == pytest.approx(lost_a + lost_b)
    assert s["retained"] == pytest.approx(1000 * reach_b * (0.8 + 0.2 * (1 - NU)))
    assert s["outcomes"]["done"] == pytest.approx(s["retained"])
    assert s["dropped"] == pytest.approx(0.0)
    disappointed = 1000 * 0.1 + 1000 * reach_b * 0.2
    assert s["word_of_mouth"]["low"] == pytest.approx(10 * disappointed)
    assert s["word_of_mouth"]["high"] == pytest.approx(30 * disappointed)


def test_single_point_textbook_figures():
    """100 of 1000 disappointed: 93 never come back, 1000-3000 people hear of it."""
    a = run(simple({"a": {"stage": "s", "likelihood": 0.1, "next": "done"},
                    "done": {"outcome": "loyal"}}))
    assert a.summary["expected_lost"] == pytest.approx(93.0)
    assert a.summary["retained"] == pytest.approx(907.0)
    assert a.summary["word_of_mouth"] == {"low": pytest.approx(1000.0),
                                          "high": pytest.approx(3000.0)}


def test_branch_with_drop_off_and_lost_outcome():
    a = run(simple({
        "a": {"stage": "s", "likelihood": 0, "next": {"yes": 0.6, "no": 0.3}},
        "yes": {"outcome": "loyal"},
        "no": {"outcome": "lost"},
    }))
    s = a.summary
    assert s["retained"] == pytest.approx(600)
    assert s["expected_lost"] == pytest.approx(300)   # reached the outcome `lost`
    assert s["dropped"] == pytest.approx(100)         # counted apart, not lost
    assert s["outcomes"] == {"yes": pytest.approx(600), "no": pytest.approx(300)}
    assert a.touchpoints["no"].expected_lost == pytest.approx(300)


def test_list_next_splits_evenly():
    a = run(simple({
        "a": {"stage": "s", "next": ["x", "y"]},
        "x": {"outcome": "loyal"}, "y": {"outcome": "advocate"},
    }))
    assert a.summary["outcomes"] == {"x": pytest.approx(500), "y": pytest.approx(500)}


def test_loop_visits_and_absorption():
    """a loops to itself half of the time: visits v = 1 / (1 - 0.5 * c)."""
    a = run(simple({
        "a": {"stage": "s", "likelihood": 0.1, "next": {"a": 0.5, "done": 0.5}},
        "done": {"outcome": "repeat_purchase"},
    }))
    carry = 0.9 + 0.1 * (1 - NU)
    visits = 1 / (1 - 0.5 * carry)
    assert a.touchpoints["a"].reach == pytest.approx(visits)
    assert a.summary["expected_lost"] == pytest.approx(1000 * visits * 0.1 * NU)
    assert a.summary["outcomes"]["done"] == pytest.approx(1000 * visits * 0.5 * carry)
    total = a.summary["retained"] + a.summary["expected_lost"] + a.summary["dropped"]
    assert total == pytest.approx(1000)


def test_two_point_loop_with_exit():
    a = run(simple({
        "a": {"stage": "s", "next": {"b": 1.0}},
        "b": {"stage": "s", "next": {"a": 0.75, "done": 0.25}},
        "done": {"outcome": "loyal"},
    }))
    assert a.touchpoints["a"].reach == pytest.approx(4.0)
    assert a.touchpoints["b"].reach == pytest.approx(4.0)
    assert a.summary["retained"] == pytest.approx(1000)


def test_complaint_channel_recovers_customers():
    a = run(simple({
        "a": {"stage": "s", "likelihood": 0.2, "complaints": "h", "next": "done"},
        "h": {"stage": "c", "kind": "complaint_channel", "resolution": {"rate": 0.8, "hours": 24}},
        "done": {"outcome": "loyal"},
    }))
    complain = 0.2 * 0.5
    lost = 0.2 * 0.5 * NU + complain * (1 - 0.8) * NU
    assert a.summary["expected_lost"] == pytest.approx(1000 * lost)
    assert a.summary["retained"] == pytest.approx(1000 * (1 - lost))
    assert a.touchpoints["h"].reach == pytest.approx(complain)
    assert a.touchpoints["a"].complaints == pytest.approx(1000 * complain)
    # unresolved complainers are disappointed too and talk
    disappointed = 0.2 * 0.5 + complain * 0.2
    assert a.summary["word_of_mouth"]["low"] == pytest.approx(10000 * disappointed)


def test_channel_own_failures_lower_resolution():
    a = run(simple({
        "a": {"stage": "s", "likelihood": 0.2, "complaints": "h", "next": "done"},
        "h": {"stage": "c", "kind": "complaint_channel", "likelihood": 0.5,
              "resolution": {"rate": 0.8}},
        "done": {"outcome": "loyal"},
    }))
    rho = 0.8 * 0.5
    lost = 0.1 * NU + 0.1 * (1 - rho) * NU
    assert a.summary["expected_lost"] == pytest.approx(1000 * lost)


def test_back_to_sends_resolved_complainers_elsewhere():
    a = run(simple({
        "a": {"stage": "s", "likelihood": 0.2, "complaints": "h",
              "next": {"done": 0.5}},
        "h": {"stage": "c", "kind": "complaint_channel",
              "resolution": {"rate": 1.0, "back_to": "done"}},
        "done": {"outcome": "loyal"},
    }))
    # resolved complainers skip a's drop-off and go straight to done
    plain = 0.8 + 0.1 * (1 - NU)
    assert a.summary["outcomes"]["done"] == pytest.approx(1000 * (plain * 0.5 + 0.1))


def test_journey_default_complaint_channel():
    a = run(simple({
        "a": {"stage": "s", "likelihood": 0.2, "next": "done"},
        "h": {"stage": "c", "kind": "complaint_channel", "resolution": {"rate": 1.0}},
        "done": {"outcome": "loyal"},
    }, complaints="h"))
    assert a.summary["expected_lost"] == pytest.approx(1000 * 0.1 * NU)


def test_failure_modes_combine():
    a = run(simple({
        "a": {"stage": "s", "failure_modes": [
            {"name": "late", "likelihood": 0.08, "severity": 4},
            {"name": "broken", "likelihood": 0.02, "severity": 5}], "next": "done"},
        "done": {"outcome": "loyal"},
    }))
    p = 1 - 0.92 * 0.98
    assert a.touchpoints["a"].likelihood == pytest.approx(p)
    assert a.touchpoints["a"].severity == pytest.approx((0.08 * 4 + 0.02 * 5) / 0.1)
    assert a.summary["expected_lost"] == pytest.approx(1000 * p * NU)


def test_likelihood_and_severity_words():
    a = run(simple({"a": {"stage": "s", "likelihood": "possible", "severity": "major",
                          "next": "done"}, "done": {"outcome": "loyal"}}))
    assert a.touchpoints["a"].likelihood == pytest.approx(PROFILE.likelihood_words["possible"])
    assert a.touchpoints["a"].severity == 4


def test_evidence_uses_a_bayesian_estimate_with_interval():
    a = run(simple({"a": {"stage": "s", "evidence": {"observed": 480, "negative": 31},
                          "severity": 3, "next": "done"}, "done": {"outcome": "loyal"}}))
    risk = a.touchpoints["a"]
    assert risk.likelihood == pytest.approx((31 + 0.5) / (480 + 1))
    low, high = risk.interval
    assert low < risk.likelihood < high
    assert 0.04 < low and high < 0.09


def test_segments_weight_the_figures():
    a = run(simple({
        "a": {"stage": "s", "likelihood": 0.1, "segments": {"small": {"likelihood": 0.3}},
              "next": "done"},
        "done": {"outcome": "loyal"},
    }, segments={"small": {"share": 0.25}, "large": {"share": 0.75}}))
    expected = 1000 * (0.25 * 0.3 + 0.75 * 0.1) * NU
    assert a.summary["expected_lost"] == pytest.approx(expected)
    assert a.segments["small"]["expected_lost"] == pytest.approx(250 * 0.3 * NU)
    assert a.segments["large"]["expected_lost"] == pytest.approx(750 * 0.1 * NU)


def test_money_at_risk_is_the_lost_value_replacement_shown_apart():
    a = run(simple({"a": {"stage": "s", "likelihood": 0.1, "next": "done"},
                    "done": {"outcome": "loyal"}},
                   economics={"currency": "EUR", "customer_value": 1200,
                              "acquisition_cost": 300}))
    assert a.summary["money_at_risk"] == pytest.approx(93 * 1200)   # never value + replacement
    assert a.summary["money"]["lost_value"] == pytest.approx(93 * 1200)
    assert a.summary["money"]["replacement_cost"] == pytest.approx(93 * 300)


def test_segment_values_price_their_own_losses():
    a = run(simple({"a": {"stage": "s", "likelihood": 0.1, "next": "done"},
                    "done": {"outcome": "loyal"}},
                   economics={"customer_value": 100},
                   segments={"p": {"share": 0.5}, "b": {"share": 0.5, "value": 1000}}))
    assert a.summary["money_at_risk"] == pytest.approx(46.5 * 100 + 46.5 * 1000)


def test_entry_shares():
    a = run(simple({"a": {"stage": "s", "next": "x"}, "b": {"stage": "s", "next": "y"},
                    "x": {"outcome": "loyal"}, "y": {"outcome": "advocate"}},
                   entry={"a": 0.3, "b": 0.7}))
    assert a.summary["outcomes"] == {"x": pytest.approx(300), "y": pytest.approx(700)}


def test_fix_first_matches_brute_force_removal():
    data = simple({
        "a": {"stage": "s", "likelihood": 0.1, "complaints": "h", "next": {"b": 0.7, "a": 0.2}},
        "b": {"stage": "s", "likelihood": 0.3, "severity": 4, "next": {"done": 0.9, "a": 0.1}},
        "h": {"stage": "c", "kind": "complaint_channel", "likelihood": 0.2,
              "resolution": {"rate": 0.6}},
        "done": {"outcome": "loyal"},
    })
    journey = journey_from(data)
    a = analyse(journey, PROFILE)
    for tid in ("a", "b", "h"):
        tp = journey.touchpoints[tid]
        fixed = dict(journey.touchpoints)
        fixed[tid] = dataclasses.replace(tp, likelihood=0.0)
        other = analyse(dataclasses.replace(journey, touchpoints=fixed), PROFILE, removal=False)
        assert a.touchpoints[tid].saved == pytest.approx(
            a.summary["expected_lost"] - other.summary["expected_lost"], abs=1e-9)
    ranking = [item["id"] for item in a.summary["fix_first"]]
    saved = [item["saved"] for item in a.summary["fix_first"]]
    assert saved == sorted(saved, reverse=True)
    assert ranking[0] == "b"


def test_hit_probability_of_a_promise():
    journey = journey_from(simple({
        "a": {"stage": "s", "next": {"b": 0.9}},
        "b": {"stage": "s", "likelihood": 0.5, "next": "c"},
        "c": {"stage": "s", "next": "done"},
        "done": {"outcome": "loyal"},
    }))
    chain = analyse(journey, PROFILE).chains["all"]
    assert hit_probability(chain, "a", "b") == pytest.approx(0.9)
    carry = 0.5 + 0.5 * (1 - NU)
    assert hit_probability(chain, "a", "c") == pytest.approx(0.9 * carry)
    assert hit_probability(chain, "b", "a") == 0.0


def test_peak_end_along_the_main_path():
    a = run(simple({
        "a": {"stage": "s", "emotion": 1, "next": {"b": 0.8, "x": 0.2}},
        "b": {"stage": "s", "emotion": -2, "next": "c"},
        "c": {"stage": "s", "emotion": 2, "next": "done"},
        "x": {"stage": "s", "emotion": 0, "next": "done"},
        "done": {"outcome": "loyal"},
    }))
    pe = a.summary["peak_end"]
    assert [p["id"] for p in pe["curve"]] == ["a", "b", "c"]
    assert pe["peak"]["id"] == "b"  # the most intense moment (first of equals)
    assert pe["end"]["id"] == "c"
    assert pe["remembered"] == pytest.approx(0.0)


@pytest.mark.parametrize("blocks,dense,inverse", [
    (True, 0, 1500),      # loops by numpy's inverse
    (True, 0, 0),         # loops by scipy's sparse LU
    (False, 120, 1500),   # the whole chain as one dense block, plain Python
    (False, 0, 1500),     # ... by numpy's inverse
    (False, 0, 0),        # ... by scipy's sparse LU
])
def test_every_solver_gives_the_same_analysis(monkeypatch, blocks, dense, inverse):
    """The block-triangular plain-Python solve (the default) and the whole-chain
    numpy and scipy back ends give the same figures."""
    import json as _json
    from pathlib import Path

    from mapper.risk import solve
    from mapper.risk.assess import assess
    from mapper.risk.document import analysis_json
    from mapper.model.workspace import load_journey

    for path in sorted((Path(__file__).resolve().parents[2] / "journeys").glob("*.yaml")):
        journey = load_journey(str(path))
        default = analysis_json(*assess(journey, PROFILE))
        monkeypatch.setattr(solve, "BLOCK_TRIANGULAR", blocks)
        monkeypatch.setattr(solve, "DENSE_LIMIT", dense)
        monkeypatch.setattr(solve, "INVERSE_LIMIT", inverse)
        other = analysis_json(*assess(journey, PROFILE))
        monkeypatch.undo()
        assert _json.dumps(default, sort_keys=True) == _json.dumps(other, sort_keys=True), path


def _random_chain(seed: int, n: int) -> list[dict[int, float]]:
    """Substochastic rows: mostly forward moves, some loops back, some leaking out."""
    import random

    rng = random.Random(seed)
    rows: list[dict[int, float]] = []
    for i in range(n):
        row: dict[int, float] = {}
        targets = rng.sample(range(i + 1, n), min(2, n - i - 1)) if i < n - 1 else []
        if rng.random() < 0.3:
            targets.append(rng.randrange(0, i + 1))   # back to an earlier state (or itself)
        for target in targets:
            row[target] = row.get(target, 0.0) + rng.uniform(0.05, 0.9 / max(1, len(targets)))
        rows.append(row)
    return rows


@pytest.mark.parametrize("seed", range(8))
def test_block_solver_matches_dense_lu(seed):
    from mapper.risk.solve import BlockLU, DenseLU

    rows = _random_chain(seed, 40)
    block, dense = BlockLU(rows), DenseLU(rows)
    b = [((i * 7) % 5) / 5.0 for i in range(40)]
    assert block.solve(b) == pytest.approx(dense.solve(b), abs=1e-12)
    assert block.solve_transposed(b) == pytest.approx(dense.solve_transposed(b), abs=1e-12)
    pairs = [(r, c) for r in range(0, 40, 3) for c in range(0, 40, 5)]
    entries, expected = block.entries(pairs), dense.entries(pairs)
    for pair in pairs:
        assert entries[pair] == pytest.approx(expected[pair], abs=1e-12), pair
    for (index, column), (_, reference) in zip(block.columns([3, 17]), dense.columns([3, 17])):
        assert list(column) == pytest.approx(list(reference), abs=1e-12), index
    # every loop's block inverse is the whole inverse restricted to the loop
    for members, inner in block.loops():
        for k, column in inner.columns(range(len(members))):
            _, whole = next(dense.columns([members[k]]))
            assert [column[p] for p in range(len(members))] == \
                pytest.approx([whole[m] for m in members], abs=1e-12)


def test_block_solver_refuses_a_closed_loop():
    from mapper.risk.solve import BlockLU, SingularChain

    with pytest.raises(SingularChain):
        BlockLU([{1: 0.5}, {2: 1.0}, {1: 1.0}])   # 1 and 2 feed each other forever
    with pytest.raises(SingularChain):
        BlockLU([{0: 1.0}])                       # a state that never lets go


def test_singular_chain_is_a_located_error():
    from mapper.risk.solve import DenseLU, SingularChain

    with pytest.raises(SingularChain):
        DenseLU([{1: 1.0}, {0: 1.0}])   # two states feeding each other forever
