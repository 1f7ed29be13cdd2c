"""Recommended actions: loading, located errors, per-action figures, JSON, score, diff."""
from __future__ import annotations

import copy
import io
import json

import pytest
import yaml

from conftest import shown
from mapper.cli import main
from mapper.core.errors import JourneyError
from mapper.risk.actions import with_actions
from mapper.risk.assess import assess
from mapper.risk.document import analysis_json
from risk_helpers import PROFILE, journey_from, run, simple

NU = 0.93


def journey(status_a="proposed", status_b="planned"):
    return simple({
        "a": {"stage": "s", "likelihood": 0.2, "next": {"b": 1.0}, "actions": [
            {"id": "train", "description": "Train the staff", "owner": "Ops lead",
             "due": "2027-03-31", "status": status_a, "cost": {"once": 1000, "yearly": 200},
             "effect": {"likelihood": 0.1}}]},
        "b": {"stage": "s", "likelihood": 0.1, "next": {"done": 1.0}, "actions": [
            {"id": "fix-b", "status": status_b, "cost": {"once": 300},
             "effect": {"likelihood": 0.05}}]},
        "done": {"outcome": "loyal"}},
        economics={"currency": "EUR", "customer_value": 100, "acquisition_cost": 20})


def _action(analysis, aid):
    return next(a for a in analysis.actions if a["id"] == aid)


def test_proposed_actions_leave_the_baseline_alone():
    analysis, _ = assess(journey_from(journey()), PROFILE)
    lost_a, lost_b = 0.2 * NU, 0.8 * 0.1 * NU + 0.2 * (1 - NU) * 0.1 * NU
    assert analysis.summary["expected_lost"] == pytest.approx(1000 * (lost_a + lost_b))


def test_action_figures_by_hand():
    analysis, _ = assess(journey_from(journey()), PROFILE)
    train = _action(analysis, "train")
    # a: 20 % -> 10 % fail; b then sees more customers (0.907 instead of 0.814)
    before = 0.2 * NU + (1 - 0.2 * NU) * 0.1 * NU
    after = 0.1 * NU + (1 - 0.1 * NU) * 0.1 * NU
    assert train["saved"]["customers"] == pytest.approx(1000 * (before - after))
    assert train["saved"]["money"] == pytest.approx(100 * 1000 * (before - after))
    disappointed_before = 0.2 + (1 - 0.2 * NU) * 0.1
    disappointed_after = 0.1 + (1 - 0.1 * NU) * 0.1
    assert train["saved"]["word_of_mouth"]["low"] == \
        pytest.approx(10 * 1000 * (disappointed_before - disappointed_after))
    assert train["cost"] == {"once": 1000, "yearly": 200}
    assert train["status"] == "proposed" and train["due"] == "2027-03-31"
    # the score after equals scoring a copy with the effect written in
    changed = journey()
    changed["touchpoints"]["a"]["likelihood"] = 0.1
    assert train["score"]["after"] == run(changed).touchpoints["a"].score
    assert train["score"]["before"] == run(journey()).touchpoints["a"].score
    assert train["score"]["after"] < train["score"]["before"]
    # the profit rule of thumb scaled to the cut in defections
    cut = before - after
    assert cut > 0.05   # more than the rule's own 5-point cut: capped there
    assert train["saved"]["profit_uplift"] == {"low": 0.25, "high": 0.85}
    fix_b = _action(analysis, "fix-b")["saved"]
    assert fix_b["profit_uplift"]["low"] == pytest.approx(fix_b["customers"] / 1000 / 0.05 * 0.25)


def test_done_actions_are_the_baseline():
    done = journey_from(journey(status_a="done"))
    assert done.touchpoints["a"].likelihood == 0.1
    assert done.as_written["a"].likelihood == 0.2
    analysis, _ = assess(done, PROFILE)
    written = journey()
    written["touchpoints"]["a"]["likelihood"] = 0.1
    assert analysis.summary["expected_lost"] == pytest.approx(run(written).summary["expected_lost"])
    # a done action shows what it is saving now: baseline without it -> baseline
    proposed, _ = assess(journey_from(journey()), PROFILE)
    assert _action(analysis, "train")["saved"]["customers"] == \
        pytest.approx(_action(proposed, "train")["saved"]["customers"])
    assert _action(analysis, "train")["score"] == _action(proposed, "train")["score"]


def test_with_actions_applies_exactly_the_chosen_set():
    j = journey_from(journey(status_a="done"))
    assert with_actions(j, set()).touchpoints["a"].likelihood == 0.2
    both = with_actions(j, {"train", "fix-b"})
    assert (both.touchpoints["a"].likelihood, both.touchpoints["b"].likelihood) == (0.1, 0.05)


def test_effects_replace_the_way_risk_is_stated():
    data = simple({
        "a": {"stage": "s", "failure_modes": [{"name": "late", "likelihood": 0.3, "severity": 4}],
              "next": "done", "actions": [
                  {"id": "one", "status": "done", "effect": {"likelihood": 0.05, "severity": 2}},
              ]},
        "done": {"outcome": "loyal"}})
    tp = journey_from(data).touchpoints["a"]
    assert (tp.likelihood, tp.severity, tp.failure_modes) == (0.05, 2, ())


def test_a_new_complaint_channel_is_not_unreachable():
    data = simple({
        "a": {"stage": "s", "likelihood": 0.2, "next": "done", "actions": [
            {"id": "chat", "effect": {"complaints": "chat"}}]},
        "chat": {"stage": "c", "kind": "complaint_channel", "resolution": {"rate": 0.8}},
        "done": {"outcome": "loyal"}})
    analysis, findings = assess(journey_from(data), PROFILE)
    assert not [f for f in findings if f.rule == "unreachable"]
    chat = _action(analysis, "chat")
    # half of the 20 % complain; 80 % of them are resolved
    assert chat["saved"]["customers"] == pytest.approx(1000 * 0.1 * 0.8 * NU)
    assert chat["saved"]["good_word_of_mouth"]["low"] == pytest.approx(3 * 1000 * 0.1 * 0.8)


def test_json_and_score_text_show_actions(tmp_path):
    analysis, findings = assess(journey_from(journey()), PROFILE)
    doc = analysis_json(analysis, findings)
    assert [a["id"] for a in doc["actions"]] == ["train", "fix-b"]
    assert set(doc["actions"][0]) >= {"id", "touchpoint", "status", "cost", "score", "level",
                                      "saved", "owner", "due", "description"}
    path = tmp_path / "j.yaml"
    path.write_text(yaml.safe_dump(journey(), sort_keys=False), encoding="utf-8")
    out = io.StringIO()
    assert main(["score", str(path)], stdout=out, stderr=io.StringIO()) == 0
    text = out.getvalue()
    assert "train   a           proposed  1,200" in text
    assert "fix-b   b           planned     300" in text


def test_journeys_without_actions_have_an_empty_list():
    analysis, findings = assess(journey_from(simple({"a": {"stage": "s", "next": "done"},
                                                     "done": {"outcome": "loyal"}})), PROFILE)
    assert analysis_json(analysis, findings)["actions"] == []


def test_diff_shows_status_changes(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(yaml.safe_dump(journey(), sort_keys=False), encoding="utf-8")
    changed = journey(status_b="done")
    changed["touchpoints"]["a"]["actions"].append({"id": "extra", "effect": {"emotion": 1}})
    new.write_text(yaml.safe_dump(changed, sort_keys=False), encoding="utf-8")
    out = io.StringIO()
    main(["diff", str(old), str(new)], stdout=out, stderr=io.StringIO())
    assert "~ action t/b/fix-b: planned -> done" in out.getvalue()
    assert "+ action t/a/extra: — -> proposed" in out.getvalue()
    out = io.StringIO()
    main(["diff", str(old), str(new), "--format", "json"], stdout=out, stderr=io.StringIO())
    actions = json.loads(out.getvalue())["actions"]
    assert {"journey": "t", "id": "fix-b", "touchpoint": "b", "change": "status",
            "old_status": "planned", "new_status": "done"} in actions
    out = io.StringIO()
    main(["diff", str(old), str(new), "--format", "markdown"], stdout=out, stderr=io.StringIO())
    assert "| t | b | fix-b | planned | done |" in out.getvalue()


BAD = [
    ({"status": "finished"}, "status must be one of proposed, planned, done, rejected"),
    ({"due": "2027-02-30"}, "due must be a real date written YYYY-MM-DD, got '2027-02-30'"),
    ({"due": "soon"}, "due must be a real date written YYYY-MM-DD"),
    ({"cost": {"once": -5}}, "one-off cost must be between 0 and"),
    ({"cost": {"monthly": 5}}, "unknown key 'monthly'"),
    ({"effect": {"likelyhood": 0.1}}, "unknown key 'likelyhood' (did you mean 'likelihood'?)"),
    ({"effect": {"likelihood": 1.5}}, "likelihood must be between 0 and 1"),
    ({"effect": {"next": {"nowhere": 0.5}}}, "unknown touchpoint 'nowhere'"),
    ({"effect": {"complaints": "b"}}, "'b' is not a complaint channel"),
    ({"effect": {"resolution": {"rate": 0.5}}}, "resolution is only for complaint channels"),
    ({"effect": {"segments": {"vip": {"likelihood": 0.1}}}}, "effect: unknown segment 'vip'"),
    ({"effect": {"likelihood": 0.1, "evidence": {"observed": 5, "negative": 1}}},
     "effect: give one of likelihood, failure_modes or evidence"),
]


@pytest.mark.parametrize("change,message", BAD)
def test_bad_actions_get_located_messages(tmp_path, change, message):
    data = journey()
    data["touchpoints"]["a"]["actions"][0].update(copy.deepcopy(change))
    path = tmp_path / "j.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    err = io.StringIO()
    assert main(["score", str(path)], stdout=io.StringIO(), stderr=err) == 2
    text = err.getvalue()
    assert message in text, text
    assert f"{shown(path)}:" in text and "action 'train'" in text and "Traceback" not in text


def test_severity_effect_on_failure_modes_is_located():
    data = simple({
        "a": {"stage": "s", "failure_modes": [{"name": "late", "likelihood": 0.3, "severity": 4}],
              "next": "done", "actions": [{"id": "x", "effect": {"severity": 2}}]},
        "done": {"outcome": "loyal"}})
    with pytest.raises(JourneyError) as caught:
        journey_from(data)
    [problem] = caught.value.problems
    assert "severity comes from the touchpoint's failure modes" in problem.message
    assert problem.line > 1


def test_duplicate_action_ids():
    data = journey()
    data["touchpoints"]["b"]["actions"][0]["id"] = "train"
    with pytest.raises(JourneyError) as caught:
        journey_from(data)
    assert any("duplicate action id" in p.message for p in caught.value.problems)


def test_failure_modes_in_effects_merge_by_name_so_actions_combine():
    data = simple({
        "a": {"stage": "s", "next": "done", "failure_modes": [
            {"name": "late", "likelihood": 0.2, "severity": 4},
            {"name": "broken", "likelihood": 0.1, "severity": 5}], "actions": [
            {"id": "faster", "effect": {"failure_modes": [
                {"name": "late", "likelihood": 0.05, "severity": 4}]}},
            {"id": "padding", "effect": {"failure_modes": [
                {"name": "broken", "likelihood": 0.01, "severity": 5},
                {"name": "lost", "likelihood": 0.01, "severity": 5}]}}]},
        "done": {"outcome": "loyal"}})
    j = journey_from(data)
    both = with_actions(j, {"faster", "padding"}).touchpoints["a"]
    assert [(m.name, m.likelihood) for m in both.failure_modes] == \
        [("late", 0.05), ("broken", 0.01), ("lost", 0.01)]
    one = with_actions(j, {"faster"}).touchpoints["a"]
    assert [(m.name, m.likelihood) for m in one.failure_modes] == [("late", 0.05), ("broken", 0.1)]
