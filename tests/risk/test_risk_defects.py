"""Defects of the first risk model, each pinned by a hand-checked case."""
from __future__ import annotations

import io
import json

import pytest
import yaml

from mapper.cli import main
from mapper.risk.assess import assess
from risk_helpers import PROFILE, journey_from, run, simple

NU = 0.93


def _factor(analysis, tid, name):
    return next(f for f in analysis.touchpoints[tid].factors if f.factor == name)


def _segments(order):
    return {sid: {"share": share} for sid, share in order}


# -- evidence with segments ---------------------------------------------------

@pytest.mark.parametrize("order", [[("private", 0.5), ("business", 0.5)],
                                   [("business", 0.5), ("private", 0.5)]])
def test_evidence_reason_is_consistent_whatever_the_segment_order(order):
    a = run(simple({
        "a": {"stage": "s", "evidence": {"observed": 200, "negative": 10}, "severity": 3,
              "segments": {"business": {"likelihood": 0.3}}, "next": "done"},
        "done": {"outcome": "loyal"}}, segments=_segments(order)))
    reason = _factor(a, "a", "likelihood").reason
    # the evidence's own estimate (10.5 / 201 = 5.2 %) inside its own interval
    assert "10 of 200 observed visits went wrong: estimated 5.2% (90% interval 2.9%" in reason
    assert "segment 'business': 30%" in reason
    # the share-weighted likelihood the score uses, (5.22 % + 30 %) / 2
    assert "18% of visits on average" in reason


def test_evidence_reason_without_segments_unchanged():
    a = run(simple({"a": {"stage": "s", "evidence": {"observed": 200, "negative": 10},
                          "next": "done"}, "done": {"outcome": "loyal"}}))
    reason = _factor(a, "a", "likelihood").reason
    assert reason.startswith("10 of 200 observed visits went wrong: estimated 5.2% (90% interval")


# -- double standard -------------------------------------------------------------

def _two_segments(override_a, override_b, **base):
    body = {"stage": "s", "likelihood": 0.1, "severity": 3, "next": "done",
            "segments": {"small": override_a, "large": override_b}, **base}
    return simple({"a": body, "done": {"outcome": "loyal"}},
                  segments={"small": {"share": 0.8}, "large": {"share": 0.2}})


def _double_standard(data):
    analysis, findings = assess(journey_from(data), PROFILE)
    return analysis, [f for f in findings if f.rule == "double-standard"]


def test_double_standard_compares_severity():
    analysis, found = _double_standard(_two_segments({"severity": 5}, {"severity": 1}))
    assert any(f.factor == "double_standard" for f in analysis.touchpoints["a"].factors)
    assert len(found) == 1 and "'small'" in found[0].message
    assert "severity 5" in found[0].message and "severity 1" in found[0].message


def test_double_standard_compares_emotion():
    _, found = _double_standard(_two_segments({"emotion": -2}, {"emotion": 1}))
    assert len(found) == 1 and "'small'" in found[0].message and "emotion" in found[0].message


def test_double_standard_stays_quiet_for_small_differences():
    _, found = _double_standard(_two_segments({"severity": 3, "emotion": 0},
                                              {"severity": 3, "emotion": 0.5}))
    assert found == []


# -- factor reasons quote the likelihood used -------------------------------------

def test_likelihood_reason_quotes_the_likelihood_not_only_the_curve_point():
    a = run(_two_segments({"severity": 5}, {"severity": 1}))
    reason = _factor(a, "a", "likelihood").reason
    # both segments fail 10 %; 8 % (the small segment's share) fail at severity 5
    assert reason.startswith("a negative experience in 10% of visits")
    # the severity reason quotes the average every output shows (0.8 x 5 + 0.2 x 1 =
    # 4.2) and names the risk-curve point the score weighs in words
    severity = _factor(a, "a", "severity").reason
    assert severity.startswith("severity 4.2 of 5 (major) on average")
    assert "8% of visits at severity 5 or worse" in severity
    assert a.touchpoints["a"].severity == pytest.approx(4.2)
    assert a.touchpoints["a"].curve == pytest.approx((0.08, 5.0))


# -- complaint speed ------------------------------------------------------------

def _slow(hours):
    return simple({
        "a": {"stage": "s", "likelihood": 0.2, "complaints": "h", "next": "done"},
        "h": {"stage": "c", "kind": "complaint_channel", "resolution": {"rate": 0.8,
                                                                       "hours": hours}},
        "done": {"outcome": "loyal"}})


def test_slow_complaint_handling_loses_customers():
    fast = run(_slow(24)).summary["expected_lost"]
    slow = run(_slow(720)).summary["expected_lost"]
    # by hand: give-up share (720 - 48) / (720 - 48 + 240) = 672 / 912
    give_up = 672 / 912
    rho = 0.8 * (1 - give_up)
    assert slow == pytest.approx(1000 * (0.1 * NU + 0.1 * (1 - rho) * NU))
    assert fast == pytest.approx(1000 * (0.1 * NU + 0.1 * 0.2 * NU))   # within patience


def test_set_resolution_hours_changes_expected_lost(tmp_path):
    path = tmp_path / "j.yaml"
    path.write_text(yaml.safe_dump(_slow(24)), encoding="utf-8")
    out = io.StringIO()
    code = main(["score", str(path), "--format", "json", "--set", "h.resolution.hours=720"],
                stdout=out, stderr=io.StringIO())
    assert code == 0
    doc = json.loads(out.getvalue())
    assert doc["after"]["summary"]["expected_lost"] > \
        doc["before"]["summary"]["expected_lost"] + 1


# -- a complaint channel whose back_to leads into risky touchpoints -----------------

def test_back_to_into_risky_touchpoints_can_raise_losses():
    """The model counts the risks resolved complainers meet again (documented)."""
    base = {
        "a": {"stage": "s", "likelihood": 0.5, "next": {"done": 1.0}},
        "x1": {"stage": "s", "likelihood": 0.9, "next": {"x2": 1.0}},
        "x2": {"stage": "s", "likelihood": 0.9, "next": {"x3": 1.0}},
        "x3": {"stage": "s", "likelihood": 0.9, "next": {"done": 1.0}},
        "done": {"outcome": "loyal"},
    }
    before = run(simple(base)).summary["expected_lost"]
    assert before == pytest.approx(1000 * 0.5 * NU)
    changed = dict(base, a=dict(base["a"], complaints="h"),
                   h={"stage": "c", "kind": "complaint_channel",
                      "resolution": {"rate": 1.0, "back_to": "x1"}})
    after = run(simple(changed)).summary["expected_lost"]
    # half of the 50 % complain and are all resolved, then meet three points
    # failing 90 %; the other half are disappointed as before
    survive = 1 - 0.9 * NU
    assert after == pytest.approx(1000 * (0.25 * NU + 0.25 * (1 - survive ** 3)))
    assert after > before
    # without back_to the same channel never raises losses
    plain = dict(changed, h={"stage": "c", "kind": "complaint_channel",
                             "resolution": {"rate": 1.0}})
    assert run(simple(plain)).summary["expected_lost"] <= before


# -- money without double counting, profit lever, good word of mouth ---------------

def _money_journey(**economics):
    return simple({"a": {"stage": "s", "likelihood": 0.2, "next": "done"},
                   "done": {"outcome": "loyal"}},
                  economics={"currency": "EUR", **economics})


def test_money_at_risk_is_the_lost_value_not_value_plus_replacement():
    s = run(_money_journey(customer_value=1200, acquisition_cost=300)).summary
    lost = 1000 * 0.2 * NU
    assert s["expected_lost"] == pytest.approx(lost)
    assert s["lost_value"] == pytest.approx(lost * 1200)
    assert s["replacement_cost"] == pytest.approx(lost * 300)
    assert s["money_at_risk"] == pytest.approx(lost * 1200)
    assert s["money"]["basis"] == "lost_value"


def test_money_at_risk_falls_back_to_replacement_cost():
    s = run(_money_journey(acquisition_cost=300)).summary
    assert s["money_at_risk"] == pytest.approx(1000 * 0.2 * NU * 300)
    assert s["money"]["basis"] == "replacement_cost"


def test_profit_lever_and_good_word_of_mouth_are_figures():
    s = run(simple({
        "a": {"stage": "s", "likelihood": 0.2, "complaints": "h",
              "next": {"fan": 0.5, "done": 0.5}},
        "h": {"stage": "c", "kind": "complaint_channel", "resolution": {"rate": 0.8}},
        "fan": {"outcome": "advocate"}, "done": {"outcome": "loyal"}})).summary
    lost = 1000 * (0.1 * NU + 0.1 * 0.2 * NU)
    assert s["profit_lever"]["defection_rate"] == pytest.approx(lost / 1000)
    assert s["profit_lever"]["low"] == 0.25 and s["profit_lever"]["high"] == 0.85
    # advocates: 0.5 of those who carry on; recovered complainers: 0.1 x 0.8
    carry = 0.8 + 0.1 * (1 - NU) + 0.1 * 0.8 + 0.1 * 0.2 * (1 - NU)
    advocates = 1000 * carry * 0.5
    recovered = 1000 * 0.1 * 0.8
    assert s["recovered"] == pytest.approx(recovered)
    assert s["good_word_of_mouth"]["low"] == pytest.approx(3 * (advocates + recovered))
    assert s["good_word_of_mouth"]["high"] == pytest.approx(5 * (advocates + recovered))


def test_score_headline_says_which_money_figure(tmp_path):
    path = tmp_path / "j.yaml"
    path.write_text(yaml.safe_dump(_money_journey(customer_value=1200, acquisition_cost=300)),
                    encoding="utf-8")
    out = io.StringIO()
    assert main(["score", str(path)], stdout=out, stderr=io.StringIO()) == 0
    text = out.getvalue()
    # money as the vocabulary writes it everywhere: a no-break space before the currency
    assert "money at risk  223,200\u00a0EUR value of the lost customers" in text
    assert "replacing them costs 55,800\u00a0EUR" in text


# -- unkept promise ---------------------------------------------------------------

def test_unkept_promise_ignores_the_promising_points_own_risk():
    data = simple({
        "a": {"stage": "s", "likelihood": 0.3, "severity": 3, "next": {"b": 1.0},
              "promises": [{"id": "p", "text": "Soon", "kept_at": "b"}]},
        "b": {"stage": "s", "likelihood": 0.1, "next": "done"},
        "done": {"outcome": "loyal"}})
    _, findings = assess(journey_from(data), PROFILE, ["no-complaint-channel"])
    assert [f for f in findings if f.rule == "unkept-promise"] == []
    data["touchpoints"]["a"]["next"] = {"b": 0.5, "done": 0.5}
    _, findings = assess(journey_from(data), PROFILE, ["no-complaint-channel"])
    found = [f for f in findings if f.rule == "unkept-promise"]
    assert len(found) == 1 and "only 50% of the customers" in found[0].message
    assert "its own risk not counted" in found[0].message


# -- an invalid top-level value must not hide the segments -----------------------------

def test_invalid_top_level_value_keeps_segments(tmp_path):
    data = _two_segments({"likelihood": 0.2}, {"likelihood": 0.1})
    data["journey"] = "Not A Slug"
    path = tmp_path / "j.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    err = io.StringIO()
    out = io.StringIO()
    assert main(["check", str(path)], stdout=out, stderr=err) == 2
    text = out.getvalue() + err.getvalue()
    assert "lowercase slug" in text
    assert "unknown segment" not in text
