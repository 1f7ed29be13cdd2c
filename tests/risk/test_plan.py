"""`journeymap plan`: the best set of open actions within a budget, checked by hand."""
from __future__ import annotations

import copy
import io
import itertools
import json

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mapper.cli import main
from mapper.risk import plan as plan_module
from mapper.risk.assess import assess
from mapper.risk.plan import HEURISTIC_BOUND, make_plan
from risk_helpers import PROFILE, journey_from, simple

NU = 0.93
COSTS = {"cheap-a": 200, "good-a": 500, "fix-b": 400}


def small():
    """a (30 %) -> b (20 %) -> done; two overlapping actions on a, one on b."""
    return simple({
        "a": {"stage": "s", "likelihood": 0.3, "next": {"b": 1.0}, "actions": [
            {"id": "good-a", "cost": {"once": 300, "yearly": 200}, "effect": {"likelihood": 0.1}},
            {"id": "cheap-a", "status": "planned", "cost": {"once": 200},
             "effect": {"likelihood": 0.2}},
            {"id": "old", "status": "rejected", "cost": {"once": 1},
             "effect": {"likelihood": 0.0}}]},
        "b": {"stage": "s", "likelihood": 0.2, "next": {"done": 1.0}, "actions": [
            {"id": "fix-b", "cost": {"yearly": 400}, "effect": {"likelihood": 0.05}}]},
        "done": {"outcome": "loyal"}},
        economics={"currency": "EUR", "customer_value": 1000})


def by_hand(chosen):
    """Lost customers of 1000 with the chosen actions (file order: the later effect wins)."""
    p_a = 0.3
    if "good-a" in chosen:
        p_a = 0.1
    if "cheap-a" in chosen:
        p_a = 0.2
    p_b = 0.05 if "fix-b" in chosen else 0.2
    return 1000 * (1 - (1 - p_a * NU) * (1 - p_b * NU))


def best_by_hand(budget):
    base = by_hand(())
    options = [set(c) for r in range(4) for c in itertools.combinations(COSTS, r)
               if sum(COSTS[a] for a in c) <= budget]
    return max(base - by_hand(c) for c in options)


def plan_of(data, budget=None, objective="customers"):
    analysis, _ = assess(journey_from(data), PROFILE, removal=False)
    return make_plan(analysis, budget, objective)


@pytest.mark.parametrize("budget", [0, 199, 200, 400, 500, 600, 900, 1100])
def test_plan_is_the_best_combination_by_hand(budget):
    plan = plan_of(small(), budget)
    assert plan.method == "exact"
    assert plan.saved["customers"] == pytest.approx(best_by_hand(budget))
    assert plan.cost["total"] <= budget


def test_overlapping_actions_are_not_added_up():
    plan = plan_of(small(), 1100)
    # good-a alone (0.3 -> 0.1) with fix-b beats every plan with cheap-a, whose
    # effect would override good-a's when both were chosen
    assert [a.id for a in plan.chosen] == ["good-a", "fix-b"]
    assert plan.saved["customers"] == pytest.approx(by_hand(()) - by_hand({"good-a", "fix-b"}))
    assert plan.alone["good-a"] + plan.alone["fix-b"] != \
        pytest.approx(plan.saved["customers"])   # fixes interact
    assert "old" not in {a.id for a in plan.candidates}   # rejected


def test_budget_curve_is_the_frontier():
    plan = plan_of(small())
    curve = [(p["spend"], round(p["saved"], 6), p["actions"]) for p in plan.curve]
    assert curve[0] == (0, 0, [])
    assert [c[0] for c in curve] == sorted(c[0] for c in curve)
    assert [c[1] for c in curve] == sorted(c[1] for c in curve)
    for spend, value, _ in curve:
        assert value == pytest.approx(best_by_hand(spend))


def test_plan_figures_equal_rescoring_with_the_actions_done():
    plan = plan_of(small(), 900)
    data = copy.deepcopy(small())
    for tp in data["touchpoints"].values():
        for action in tp.get("actions", ()):
            if action["id"] in {a.id for a in plan.chosen}:
                action["status"] = "done"
    rescored, _ = assess(journey_from(data), PROFILE)
    assert plan.after["expected_lost"] == pytest.approx(rescored.summary["expected_lost"])
    assert plan.after["money_at_risk"] == pytest.approx(rescored.summary["money_at_risk"])
    assert plan.saved["money"] == pytest.approx(1000 * plan.saved["customers"])


def test_money_objective_and_net_money():
    plan = plan_of(small(), 600, "money")
    doc = plan.as_json()
    assert doc["objective"] == "money" and doc["currency"] == "EUR"
    assert doc["net_money"] == pytest.approx(plan.saved["money"] - plan.cost["total"])
    assert doc["saved_per_cost"] == pytest.approx(plan.saved["money"] / plan.cost["total"])


def test_heuristic_beyond_the_exact_limit(monkeypatch):
    monkeypatch.setattr(plan_module, "EXACT_LIMIT", 1)
    for budget in (200, 500, 900, 1100):
        plan = plan_of(small(), budget)
        assert plan.method == "heuristic"
        assert plan.as_json()["bound"] == pytest.approx(HEURISTIC_BOUND, abs=1e-6)
        assert plan.cost["total"] <= budget
        assert plan.saved["customers"] >= HEURISTIC_BOUND * best_by_hand(budget) - 1e-9
        # greedy + swaps finds the optimum on this small journey
        assert plan.saved["customers"] == pytest.approx(best_by_hand(budget))


def _write(tmp_path, data):
    path = tmp_path / "j.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


def test_cli_formats(tmp_path):
    path = _write(tmp_path, small())
    out = io.StringIO()
    assert main(["plan", path, "--budget", "900", "--format", "json"], stdout=out,
                stderr=io.StringIO()) == 0
    doc = json.loads(out.getvalue())
    assert [a["id"] for a in doc["chosen"]] == ["good-a", "fix-b"]
    assert doc["budget"] == 900 and doc["method"] == "exact"
    assert set(doc) >= {"curve", "saved", "before", "after", "cost", "saved_per_cost",
                        "net_money", "left_out"}
    out = io.StringIO()
    assert main(["plan", path, "--budget", "900"], stdout=out, stderr=io.StringIO()) == 0
    text = out.getvalue()
    assert "good-a   a            500        151.4  yes" in text and "budget curve" in text
    out = io.StringIO()
    assert main(["plan", path, "--format", "markdown"], stdout=out, stderr=io.StringIO()) == 0
    assert out.getvalue().startswith("## Fix plan: t\n")
    assert "| spend | saved | actions |" in out.getvalue()
    first = io.StringIO()
    main(["plan", path, "--format", "json"], stdout=first, stderr=io.StringIO())
    again = io.StringIO()
    main(["plan", path, "--format", "json"], stdout=again, stderr=io.StringIO())
    assert first.getvalue() == again.getvalue()


@pytest.mark.parametrize("args,message", [
    (["--budget", "lots"], "budget must be an amount, got 'lots'"),
    (["--budget", "-5"], "budget must be 0 or more"),
    (["--objective", "joy"], "invalid choice: 'joy'"),
])
def test_cli_usage_errors(tmp_path, args, message):
    err = io.StringIO()
    assert main(["plan", _write(tmp_path, small()), *args], stdout=io.StringIO(),
                stderr=err) == 2
    assert message in err.getvalue()


def test_money_objective_needs_economics(tmp_path):
    data = small()
    del data["economics"]
    err = io.StringIO()
    assert main(["plan", _write(tmp_path, data), "--objective", "money"],
                stdout=io.StringIO(), stderr=err) == 2
    assert "--objective money needs 'economics' in the journey" in err.getvalue()


def test_no_open_actions(tmp_path):
    data = simple({"a": {"stage": "s", "likelihood": 0.1, "next": "done"},
                   "done": {"outcome": "loyal"}})
    out = io.StringIO()
    assert main(["plan", _write(tmp_path, data)], stdout=out, stderr=io.StringIO()) == 0
    assert "no open actions" in out.getvalue()


@st.composite
def planned_journeys(draw):
    n = draw(st.integers(1, 4))
    ids = [f"t{i}" for i in range(n)]
    touchpoints = {}
    for index, tid in enumerate(ids):
        target = ids[index + 1] if index + 1 < n else "win"
        body = {"stage": "s", "likelihood": draw(st.floats(0.0, 0.9)),
                "next": {target: draw(st.floats(0.5, 1.0)), "gone": 0.0}}
        if draw(st.booleans()) and index > 0:
            body["next"] = {target: 0.6, ids[0]: 0.2}   # a loop back to the start
        body["actions"] = [
            {"id": f"{tid}-{j}", "cost": {"once": draw(st.integers(0, 500))},
             "effect": {"likelihood": draw(st.floats(0.0, 0.9))}}
            for j in range(draw(st.integers(0, 2)))]
        touchpoints[tid] = body
    touchpoints["win"] = {"outcome": "loyal"}
    touchpoints["gone"] = {"outcome": "lost"}
    return simple(touchpoints, economics={"customer_value": draw(st.integers(0, 2000))})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_journeys(), st.integers(0, 1200), st.integers(0, 1200),
       st.sampled_from(["customers", "money"]))
def test_saving_never_decreases_with_the_budget(data, low, high, objective):
    assume(low <= high)
    analysis, _ = assess(journey_from(data), PROFILE, removal=False)
    smaller = make_plan(analysis, low, objective)
    larger = make_plan(analysis, high, objective)
    assert larger.objective_saved >= smaller.objective_saved - 1e-9
    assert smaller.objective_saved >= -1e-9   # doing nothing is always possible


EXAMPLES = ["electronics-store", "hairdresser", "office-supplies", "online-shop", "supermarket"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_has_a_plan_equal_to_rescoring(tmp_path, name):
    from conftest import REPO
    from mapper.model.workspace import load_journey

    path = REPO / "journeys" / f"{name}.yaml"
    journey = load_journey(str(path))
    analysis, _ = assess(journey, PROFILE, removal=False)
    total = sum(a.cost for a in plan_module.candidates_of(journey))
    plan = make_plan(analysis, total / 2)
    assert plan.chosen and plan.saved["customers"] > 0 and plan.cost["total"] <= total / 2
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    for tp in tree["touchpoints"].values():
        for action in tp.get("actions", ()):
            if action["id"] in {a.id for a in plan.chosen}:
                action["status"] = "done"
    copy_path = tmp_path / f"{name}.yaml"
    copy_path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    rescored, _ = assess(load_journey(str(copy_path)), PROFILE)
    for key in ("expected_lost", "retained", "money_at_risk"):
        assert plan.after[key] == pytest.approx(rescored.summary[key], rel=1e-9)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import REPO, run_main

    out = tmp_path_factory.mktemp("plan-site")
    result = run_main("build", REPO / "journeys", "-o", out, "-q")
    assert result.code == 0, result.err
    return out


@pytest.mark.parametrize("name,heading", [("online-shop", "Actions and fix plan"),
                                          ("supermarket", "Меры и план исправлений"),
                                          ("electronics-store", "Мерки и план за подобрения")])
def test_every_report_shows_the_fix_plan(site, name, heading):
    import re

    html = (site / f"{name}.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="fix-plan"'):]
    section = section[:section.index("</section>")]
    assert heading in section and 'href="#fix-plan"' in html
    document = json.loads((site / f"{name}.json").read_text(encoding="utf-8"))
    for action in document["actions"]:
        assert f"<code>{action['id']}</code>" in section
    # numeric cells carry the raw number; the curve never falls
    curve = section[section.index('<table class="curve">'):]
    saved = [float(v) for v in re.findall(
        r'<td class="num" data-value="([-0-9.e]+)">[^<]*</td><td>(?:<code>|—)', curve)]
    assert saved and saved == sorted(saved)


def test_low_rank_savings_equal_full_re_analysis():
    # each combination's saving from the baseline's factorisation (Woodbury) equals
    # re-analysing the journey with those actions done; actions on one touchpoint
    # change the same state, so their combination is left to the full re-analysis
    from mapper.risk.plan import _Search, candidates_of

    journey = journey_from(small())
    analysis, _ = assess(journey, PROFILE, removal=False)
    for objective in ("customers", "money"):
        search = _Search(journey, PROFILE, analysis, candidates_of(journey), objective)
        assert search.updates is not None
        n = len(search.candidates)
        exact = 0
        for size in range(1, n + 1):
            for chosen in map(frozenset, itertools.combinations(range(n), size)):
                fast = search.updates.saved(chosen)
                full = search.base[search.key] - search.outcome(chosen)[search.key]
                if fast is not None:
                    exact += 1
                    assert fast == pytest.approx(full, rel=1e-9, abs=1e-9)
                    if objective == "customers":   # and the closed form
                        ids = {search.candidates[i].id for i in chosen}
                        assert fast == pytest.approx(by_hand(()) - by_hand(ids))
        assert exact == n + 2      # each alone; fix-b with good-a, with cheap-a
