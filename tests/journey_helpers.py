"""Journeys made up for tests: random ones (hypothesis), hostile text, large synthetic ones."""
from __future__ import annotations

import random

import yaml
from hypothesis import strategies as st
from risk_helpers import simple

@st.composite
def journeys(draw):
    """Random journeys: 1-7 touchpoints with branches, loops (always with a way out),
    complaint channels, third parties, promises, segments, outcomes."""
    n = draw(st.integers(1, 7))
    ids = [f"t{i}" for i in range(n)]
    outcomes = ["win", "gone"]
    targets = ids + outcomes
    touchpoints = {}
    for tid in ids:
        k = draw(st.integers(0, 3))
        chosen = draw(st.lists(st.sampled_from(targets), min_size=k, max_size=k, unique=True))
        # every point keeps at least 5% drop-off, so no loop is closed
        raw = [draw(st.floats(0.01, 1.0)) for _ in chosen]
        scale = draw(st.floats(0.0, 0.95)) / (sum(raw) or 1.0)
        body = {"stage": draw(st.sampled_from(["s", "a", "w"])),
                "next": {t: round(r * scale, 6) for t, r in zip(chosen, raw)}}
        if not body["next"]:
            body["next"] = {"win": 0.5}
        risk = draw(st.sampled_from(["likelihood", "failure_modes", "none"]))
        if risk == "likelihood":
            body["likelihood"] = draw(st.floats(0.0, 1.0))
            body["severity"] = draw(st.integers(1, 5))
        elif risk == "failure_modes":
            body["failure_modes"] = [
                {"name": f"m{j}", "likelihood": draw(st.floats(0.0, 0.6)),
                 "severity": draw(st.integers(1, 5))}
                for j in range(draw(st.integers(1, 3)))]
        body["emotion"] = draw(st.integers(-2, 2))
        if draw(st.booleans()):
            body["owner"] = {"name": "Partner", "third_party": draw(st.booleans())}
        touchpoints[tid] = body
    if draw(st.booleans()):
        touchpoints["help"] = {"stage": "c", "kind": "complaint_channel",
                               "likelihood": draw(st.floats(0.0, 0.5)),
                               "resolution": {"rate": draw(st.floats(0.0, 1.0)),
                                              "hours": draw(st.floats(0.0, 200.0))}}
        for tid in ids:
            if draw(st.booleans()):
                touchpoints[tid]["complaints"] = "help"
    if n > 1 and draw(st.booleans()):
        touchpoints[ids[0]]["promises"] = [{"id": "p", "text": "Soon", "kept_at": ids[-1]}]
    touchpoints["win"] = {"outcome": "loyal"}
    touchpoints["gone"] = {"outcome": "lost"}
    extra = {}
    if draw(st.booleans()):
        extra["segments"] = {"x": {"share": 0.4}, "y": {"share": 0.6}}
        for tid in ids:
            if draw(st.booleans()):
                touchpoints[tid]["segments"] = {"x": {"likelihood": draw(st.floats(0.0, 1.0))}}
    if draw(st.booleans()):
        extra["economics"] = {"customer_value": draw(st.floats(0, 10000)),
                              "acquisition_cost": draw(st.floats(0, 1000))}
    return simple(touchpoints, cohort=draw(st.integers(1, 100000)), **extra)


HOSTILE = """\
journey: hostile
title: "<script>alert(1)</script> \\"]; x [label=\\"pwn\\"] \\\\ back\\\\slash"
language: en
cohort: 100
description: "{long}"
complaints: desk
stages:
  - {{id: s1, name: "Stage \\"]; evil [shape=box]; \\\\N \\u202eRTL\\u202c\\nsecond line", aspect: sales}}
  - {{id: s2, name: "<img src=x onerror=alert(1)>", aspect: complaint}}
touchpoints:
  a:
    name: "<script>alert(1)</script>\\"]; x [label=\\n\\\\l\\\\N \\u2066bidi\\u2069 end\\\\"
    stage: s1
    channel: web
    likelihood: 0.2
    severity: 4
    notes: "<!-- comment --> ]]> --> {{{{ jinja }}}} {{% raw %}} \\"]; x [label="
    promises:
      - {{id: p1, text: "</script><script>alert(2)</script>", kept_at: b}}
    next: {{b: 0.5}}
  b:
    name: "{name}"
    stage: s1
    channel: phone
    description: "{long}"
    owner: {{name: "\\"]; y [label=\\"owned\\"] \\u202e", third_party: true}}
    failure_modes:
      - {{name: "<svg onload=alert(3)>", likelihood: 0.1, severity: 3, cause: "a\\\\\\"b", effect: "x\\ty"}}
    next: {{done: 0.9}}
  desk:
    name: "Desk \\\\\\" <b>"
    stage: s2
    channel: phone
    kind: complaint_channel
    resolution: {{rate: 0.5, hours: 12}}
  done:
    name: "done <i>"
    outcome: loyal
"""


def hostile_text() -> str:
    long = "D" * 2400 + "<script>alert(5)</script>" + '\\"]; z [label=' + "E" * 2500
    name = "L" * 200 + "<script>" + '\\"]; q [' + "M" * 200
    return HOSTILE.format(long=long, name=name)


def synthetic_journey(touchpoints: int, stages: int | None = None, seed: int = 1,
                      journey_id: str | None = None) -> str:
    """YAML text of a valid journey with ``touchpoints`` touchpoints (plus a channel and an outcome)."""
    rnd = random.Random(seed)
    stages = stages or max(4, touchpoints // 6)
    aspects = ["sales", "after_sales", "warranty"]
    data: dict = {"journey": journey_id or f"synthetic-{touchpoints}",
                  "title": f"Synthetic journey with {touchpoints} touchpoints",
                  "language": "en", "cohort": 1000, "complaints": "hotline",
                  "stages": [{"id": f"s{i}", "name": f"Stage {i}",
                              "aspect": aspects[i * 3 // stages] if i < stages - 1 else "complaint"}
                             for i in range(stages)],
                  "touchpoints": {}}
    order = [f"t{i}" for i in range(touchpoints)]
    for index, tid in enumerate(order):
        later = order[index + 1:index + 12]
        targets: dict[str, float] = {}
        if later:
            extra = rnd.sample(later[1:], min(len(later) - 1, rnd.choice([0, 1, 1, 2])))
            chosen = [later[0], *extra]
            for target in chosen:
                targets[target] = round(0.9 / len(chosen), 3)
            if index > 5 and rnd.random() < 0.05:
                back = order[rnd.randint(0, index - 1)]
                if back not in targets:
                    targets = {k: round(v * 0.9, 3) for k, v in targets.items()}
                    targets[back] = 0.05
        else:
            targets["done"] = 0.9
        data["touchpoints"][tid] = {
            "name": f"Touchpoint {tid} with a longer name",
            "stage": f"s{index * (stages - 1) // touchpoints}", "channel": "web",
            "likelihood": rnd.choice([0.01, 0.03, 0.08, 0.15, 0.3]),
            "severity": rnd.randint(1, 5), "next": targets}
    data["touchpoints"]["hotline"] = {"name": "Hotline", "stage": f"s{stages - 1}",
                                      "channel": "phone", "kind": "complaint_channel",
                                      "resolution": {"rate": 0.7, "hours": 24}}
    data["touchpoints"]["done"] = {"name": "Done", "outcome": "loyal"}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
