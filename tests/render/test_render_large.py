"""Large journeys: above ``LARGE_JOURNEY`` touchpoints, an overview plus one view per stage.

``synthetic_journey`` is the generator the threshold was measured with
(see :mod:`mapper.render.views`): about six touchpoints per stage, each
linked to the next and to a few later ones, with an occasional loop back.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path


from conftest import run_main
from journey_helpers import synthetic_journey
from mapper.core.vocabulary import translator
from mapper.render import views
from mapper.risk.assess import assess
from mapper.risk.profile import load_profile
from mapper.model.workspace import load_journey

SVG = "{http://www.w3.org/2000/svg}"


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
