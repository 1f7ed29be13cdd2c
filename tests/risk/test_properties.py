"""Invariants of the risk model (DESIGN §4) over generated journeys (hypothesis)."""
from __future__ import annotations

import copy
import json
import math

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mapper.risk.assess import assess
from mapper.risk.document import analysis_json
from journey_helpers import journeys
from risk_helpers import PROFILE, journey_from, run

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _scores(data):
    return {tid: t.score for tid, t in run(data).touchpoints.items()}


@SETTINGS
@given(journeys(), st.data())
def test_raising_likelihood_never_lowers_the_score(data, extra):
    tid = extra.draw(st.sampled_from([t for t in data["touchpoints"] if t.startswith("t")]))
    before = _scores(data)[tid]
    changed = copy.deepcopy(data)
    tp = changed["touchpoints"][tid]
    if "failure_modes" in tp:
        mode = tp["failure_modes"][0]
        mode["likelihood"] = extra.draw(st.floats(mode["likelihood"], 1.0))
    else:
        tp["likelihood"] = extra.draw(st.floats(tp.get("likelihood", 0.0), 1.0))
    assert _scores(changed)[tid] >= before - 1e-9


@SETTINGS
@given(journeys(), st.data())
def test_raising_severity_never_lowers_the_score(data, extra):
    tid = extra.draw(st.sampled_from([t for t in data["touchpoints"] if t.startswith("t")]))
    before = _scores(data)[tid]
    changed = copy.deepcopy(data)
    tp = changed["touchpoints"][tid]
    if "failure_modes" in tp:
        for mode in tp["failure_modes"]:
            mode["severity"] = extra.draw(st.integers(mode["severity"], 5))
    else:
        tp["severity"] = extra.draw(st.integers(tp.get("severity", 3), 5))
    assert _scores(changed)[tid] >= before - 1e-9


@SETTINGS
@given(journeys(), st.data())
def test_third_party_never_lowers_the_score(data, extra):
    tid = extra.draw(st.sampled_from([t for t in data["touchpoints"] if t.startswith("t")]))
    before = _scores(data)[tid]
    changed = copy.deepcopy(data)
    changed["touchpoints"][tid]["owner"] = {"name": "Courier", "third_party": True}
    assert _scores(changed)[tid] >= before - 1e-9


@SETTINGS
@given(journeys(), st.data())
def test_a_reachable_complaint_channel_never_raises_expected_loss(data, extra):
    """Resolved complainers go on along the original `next`, or to an outcome other
    than `lost`.  (A `back_to` into the journey sends them through its risks again,
    which can cost more customers than the channel saves: the model counts those.)"""
    before = run(data).summary["expected_lost"]
    changed = copy.deepcopy(data)
    resolution = {"rate": extra.draw(st.floats(0.01, 1.0)),
                  "hours": extra.draw(st.floats(0.0, 2000.0))}
    if extra.draw(st.booleans()):
        resolution["back_to"] = "win"
    changed["touchpoints"]["new_help"] = {
        "stage": "c", "kind": "complaint_channel",
        "likelihood": extra.draw(st.floats(0.0, 0.99)), "resolution": resolution}
    without = [t for t, body in data["touchpoints"].items()
               if t.startswith("t") and "complaints" not in body]
    assume(without)
    tid = extra.draw(st.sampled_from(without))
    changed["touchpoints"][tid]["complaints"] = "new_help"
    after = run(changed).summary["expected_lost"]
    assert after <= before * (1 + 1e-9) + 1e-9


@SETTINGS
@given(journeys())
def test_same_input_same_numbers(data):
    first = analysis_json(*assess(journey_from(data), PROFILE))
    second = analysis_json(*assess(journey_from(data), PROFILE))
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


@SETTINGS
@given(journeys())
def test_figures_are_finite_and_conserve_the_cohort(data):
    a = run(data)
    s = a.summary
    cohort = s["cohort"]
    assert s["retained"] + s["expected_lost"] <= cohort * (1 + 1e-9)
    assert s["retained"] + s["expected_lost"] + s["dropped"] == \
        __import__("pytest").approx(cohort, rel=1e-6)
    numbers = [s["retained"], s["expected_lost"], s["dropped"], s["word_of_mouth"]["low"],
               s["word_of_mouth"]["high"], *(t.score for t in a.touchpoints.values()),
               *(t.reach for t in a.touchpoints.values()),
               *(t.expected_lost for t in a.touchpoints.values()),
               *(f["saved"] for f in s["fix_first"])]
    assert all(math.isfinite(x) and x >= -1e-9 for x in numbers)
    assert all(0 <= t.score <= 100 for t in a.touchpoints.values())
    assert s["word_of_mouth"]["low"] <= s["word_of_mouth"]["high"]
    assert sum(t.expected_lost for t in a.touchpoints.values()) == \
        __import__("pytest").approx(s["expected_lost"], rel=1e-6, abs=1e-6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_fix_first_equals_re_solving_without_the_problem(data):
    """The removal effect (one factorisation + loop blocks) equals a full re-solve."""
    import dataclasses

    from mapper.risk.analysis import analyse

    journey = journey_from(data)
    analysis = analyse(journey, PROFILE)
    for tid, tp in journey.touchpoints.items():
        if tp.is_outcome or tp.is_complaint_channel:
            continue
        fixed = dict(journey.touchpoints)
        fixed[tid] = dataclasses.replace(
            tp, likelihood=0.0, failure_modes=(), evidence=None,
            segments={s: dataclasses.replace(o, likelihood=0.0) for s, o in tp.segments.items()})
        other = analyse(dataclasses.replace(journey, touchpoints=fixed), PROFILE, removal=False)
        expected = analysis.summary["expected_lost"] - other.summary["expected_lost"]
        assert analysis.touchpoints[tid].saved == \
            __import__("pytest").approx(max(expected, 0.0), rel=1e-6, abs=1e-6)


@SETTINGS
@given(journeys(), st.data())
def test_a_done_action_lowering_a_likelihood_never_raises_losses(data, extra):
    """The generated journeys have no `back_to`: lowering a likelihood there only
    keeps more customers on their way."""
    candidates = [t for t, body in data["touchpoints"].items()
                  if t.startswith("t") and "likelihood" in body and not body.get("segments")]
    assume(candidates)
    tid = extra.draw(st.sampled_from(candidates))
    before = run(data).summary["expected_lost"]
    changed = copy.deepcopy(data)
    lower = extra.draw(st.floats(0.0, data["touchpoints"][tid]["likelihood"]))
    changed["touchpoints"][tid]["actions"] = [
        {"id": "fix", "status": "done", "cost": {"once": 1}, "effect": {"likelihood": lower}}]
    after = run(changed).summary["expected_lost"]
    assert after <= before * (1 + 1e-9) + 1e-9
