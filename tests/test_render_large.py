"""Large journeys: above ``LARGE_JOURNEY`` touchpoints, an overview plus one view per stage.

``synthetic_journey`` is the generator the threshold was measured with
(see :mod:`mapper.render.views`): about six touchpoints per stage, each
linked to the next and to a few later ones, with an occasional loop back.
"""
from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from conftest import run_main
from mapper.i18n import translator
from mapper.render import views
from mapper.risk.assess import assess
from mapper.risk.profile import load_profile
from mapper.workspace import load_journey

SVG = "{http://www.w3.org/2000/svg}"


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


def diagrams_for(tmp_path: Path, touchpoints: int, **kwargs):
    path = tmp_path / f"synthetic-{touchpoints}.yaml"
    path.write_text(synthetic_journey(touchpoints, **kwargs), encoding="utf-8")
    journey = load_journey(str(path))
    analysis, _ = assess(journey, load_profile())
    return journey, views.build_diagrams(analysis, translator("en"))


def test_threshold_counts_touchpoints_not_outcomes(tmp_path: Path):
    small, _ = diagrams_for(tmp_path, views.LARGE_JOURNEY - 1)  # plus the hotline: exactly the limit
    assert not views.is_large(small)
    big, _ = diagrams_for(tmp_path, views.LARGE_JOURNEY)
    assert views.is_large(big)


def test_small_journey_gets_one_detailed_diagram(tmp_path: Path):
    journey, diagrams = diagrams_for(tmp_path, 30)
    assert not diagrams.large
    assert set(diagrams.files()) == {f"{journey.id}.dot", f"{journey.id}.svg"}


def test_large_journey_gets_an_overview_and_stage_views(tmp_path: Path):
    journey, diagrams = diagrams_for(tmp_path, 90)
    assert diagrams.large
    used = [s for s in journey.stages if any(tp.stage == s.id for tp in journey.touchpoints.values())]
    assert [d.stem for d in diagrams.stages] == [
        f"{journey.id}.stage-{journey.stages.index(s) + 1}" for s in used]
    # the overview: one node per stage, linking to its view
    root = ET.fromstring(diagrams.main.svg.encode())
    stage_nodes = [g for g in root.iter(f"{SVG}g") if "stage" in (g.get("class") or "").split()]
    assert len(stage_nodes) == len(journey.stages)
    links = {a.get("{http://www.w3.org/1999/xlink}href") for a in root.iter(f"{SVG}a")}
    assert {f"{d.stem}.svg" for d in diagrams.stages} <= links
    # every touchpoint is drawn in detail in exactly one stage view
    seen: dict[str, int] = {}
    for view in diagrams.stages:
        for name in re.findall(r'^\s*"(n\d+)" \[', view.dot, re.M):
            seen[name] = seen.get(name, 0) + 1
    staged = [i for i, tp in enumerate(journey.touchpoints.values()) if tp.stage]
    assert seen == {f"n{i}": 1 for i in staged}


def test_build_writes_stage_views_and_removes_them_when_the_journey_shrinks(tmp_path: Path):
    source = tmp_path / "in" / "big.yaml"
    source.parent.mkdir()
    source.write_text(synthetic_journey(75, journey_id="big"), encoding="utf-8")
    out = tmp_path / "site"
    assert run_main("build", source, "-o", out, "-q").code == 0
    stage_files = sorted(p.name for p in out.glob("big.stage-*"))
    assert stage_files and all(re.fullmatch(r"big\.stage-\d+\.(dot|svg)", n) for n in stage_files)
    html = (out / "big.html").read_text(encoding="utf-8")
    for name in stage_files:
        if name.endswith(".svg"):
            assert f'href="{name}"' in html
    source.write_text(synthetic_journey(20, journey_id="big"), encoding="utf-8")
    check = run_main("build", source, "-o", out, "--check")
    assert check.code == 1 and "stale: " in check.out and ".stage-" in check.out
    assert run_main("build", source, "-o", out, "-q").code == 0
    assert not list(out.glob("big.stage-*"))
    assert run_main("build", source, "-o", out, "--check", "-q").code == 0
