"""Each lint rule fires where it should, with rule, severity, file and line, and only there."""
from __future__ import annotations

from mapper.risk.assess import assess, gate
from risk_helpers import PROFILE, journey_from, simple


def rules_of(data, disabled=()):
    _, findings = assess(journey_from(data), PROFILE, disabled)
    return findings


def by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


CLEAN = {
    "a": {"stage": "s", "likelihood": 0.1, "complaints": "h", "next": "b"},
    "b": {"stage": "a", "likelihood": 0.1, "complaints": "h", "next": "c"},
    "c": {"stage": "w", "likelihood": 0.1, "complaints": "h", "next": "done"},
    "h": {"stage": "c", "kind": "complaint_channel", "likelihood": 0.05,
          "resolution": {"rate": 0.8, "hours": 24}},
    "done": {"outcome": "loyal"},
}


def test_a_clean_journey_has_no_findings():
    assert rules_of(simple(CLEAN)) == []


def test_no_complaint_channel():
    data = simple({"a": {"stage": "s", "likelihood": 0.1, "next": "done"},
                   "done": {"outcome": "loyal"}})
    found = by_rule(rules_of(data), "no-complaint-channel")
    assert len(found) == 1
    f = found[0]
    assert (f.file, f.line, f.severity, f.touchpoint) == ("test.yaml", 13, "warning", "a")
    assert "no way to complain" in f.message
    # a journey-level channel satisfies the rule
    data["touchpoints"]["h"] = {"stage": "c", "kind": "complaint_channel",
                                "resolution": {"rate": 0.5}}
    data["complaints"] = "h"
    assert by_rule(rules_of(data), "no-complaint-channel") == []


def test_risk_free_points_need_no_channel():
    data = simple({"a": {"stage": "s", "likelihood": 0, "next": "done"},
                   "done": {"outcome": "loyal"}})
    assert by_rule(rules_of(data), "no-complaint-channel") == []


def test_unkept_promise_unreachable_and_too_few():
    data = simple(dict(CLEAN))
    data["touchpoints"] = dict(CLEAN)
    data["touchpoints"]["b"] = dict(CLEAN["b"], promises=[
        {"id": "back", "text": "We call back", "kept_at": "a"}])
    found = by_rule(rules_of(data), "unkept-promise")
    assert len(found) == 1 and "cannot reach" in found[0].message
    data["touchpoints"]["b"]["promises"] = [{"id": "soon", "text": "Soon", "kept_at": "c"}]
    assert by_rule(rules_of(data), "unkept-promise") == []   # 0.9 + ... >= 90%
    data["touchpoints"]["b"]["next"] = {"c": 0.5}
    found = by_rule(rules_of(data), "unkept-promise")
    assert len(found) == 1 and "only" in found[0].message and "'Soon'" in found[0].message


def test_unreachable_and_dead_end():
    data = simple(dict(CLEAN, orphan={"stage": "s", "likelihood": 0.1, "complaints": "h",
                                      "next": "done"},
                       stuck={"stage": "s", "likelihood": 0.1, "complaints": "h"}))
    data["touchpoints"]["c"] = dict(CLEAN["c"], next={"done": 0.5, "stuck": 0.5})
    findings = rules_of(data)
    assert [f.touchpoint for f in by_rule(findings, "unreachable")] == ["orphan"]
    assert [f.touchpoint for f in by_rule(findings, "dead-end")] == ["stuck"]


def test_missing_aspect():
    data = simple({"a": {"stage": "s", "likelihood": 0.1, "complaints": "h", "next": "done"},
                   "h": {"stage": "c", "kind": "complaint_channel", "resolution": {"rate": 1}},
                   "done": {"outcome": "loyal"}})
    found = by_rule(rules_of(data), "missing-aspect")
    assert sorted(f.message.split("(")[1].split(")")[0] for f in found) == \
        ["after_sales", "warranty"]


def test_double_standard():
    data = simple(dict(CLEAN), segments={"small": {"share": 0.7}, "large": {"share": 0.3}})
    data["touchpoints"]["a"] = dict(CLEAN["a"], segments={"small": {"likelihood": 0.3}})
    found = by_rule(rules_of(data), "double-standard")
    assert len(found) == 1 and found[0].touchpoint == "a" and "'small'" in found[0].message
    data["touchpoints"]["a"] = dict(CLEAN["a"], segments={"small": {"likelihood": 0.11}})
    assert by_rule(rules_of(data), "double-standard") == []


def test_taken_for_granted():
    data = simple(dict(CLEAN))
    data["touchpoints"]["b"] = dict(CLEAN["b"], likelihood=0.3, repeat_of="a")
    found = by_rule(rules_of(data), "taken-for-granted")
    assert len(found) == 1 and found[0].touchpoint == "b"
    data["touchpoints"]["b"] = dict(CLEAN["b"], likelihood=0.05, repeat_of="a")
    assert by_rule(rules_of(data), "taken-for-granted") == []


def test_unassessed_is_info():
    data = simple(dict(CLEAN, a={"stage": "s", "complaints": "h", "next": "b"}))
    found = by_rule(rules_of(data), "unassessed")
    assert [(f.touchpoint, f.severity) for f in found] == [("a", "info")]


def test_rules_can_be_disabled_by_option_and_in_the_journey():
    data = simple({"a": {"stage": "s", "likelihood": 0.1, "next": "done"},
                   "done": {"outcome": "loyal"}})
    assert by_rule(rules_of(data, ["no-complaint-channel"]), "no-complaint-channel") == []
    data["lint"] = {"disable": ["no-complaint-channel", "missing-aspect"]}
    assert rules_of(data) == []


def test_gate_reports_touchpoints_at_or_above_the_level():
    data = simple({"a": {"stage": "s", "likelihood": 0.9, "severity": 5, "next": "done"},
                   "b": {"stage": "s", "likelihood": 0.01, "severity": 1, "next": "done"},
                   "done": {"outcome": "loyal"}}, entry={"a": 0.5, "b": 0.5})
    analysis, _ = assess(journey_from(data), PROFILE)
    assert [f.touchpoint for f in gate(analysis, "critical")] == ["a"]
    assert [f.touchpoint for f in gate(analysis, "low")] == ["a", "b"]
    assert all(f.rule == "fail-on" and f.severity == "error" for f in gate(analysis, "low"))
