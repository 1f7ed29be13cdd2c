"""The site pipeline: one Graphviz budget per run, and the same files whoever runs it."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from conftest import JOURNEYS, run_main
from journey_helpers import synthetic_journey
from mapper.render import views
from mapper.site.pipeline import SitePipeline, Sources


class Counting:
    """Stands in for ``render_svg``: counts the ``dot`` runs going on at once."""

    def __init__(self, real):
        self.real, self.lock = real, threading.Lock()
        self.running = self.most = self.calls = 0

    def __call__(self, *args, **kwargs):
        with self.lock:
            self.running += 1
            self.calls += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(0.2)   # long enough for runs that may overlap to overlap
            return self.real(*args, **kwargs)
        finally:
            with self.lock:
                self.running -= 1


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "journeys"
    folder.mkdir()
    for name in ("hairdresser.yaml", "supermarket.yaml", "online-shop.yaml"):
        shutil.copy(JOURNEYS / name, folder / name)
    # above LARGE_JOURNEY: an overview and a view per stage, each its own `dot`
    (folder / "large.yaml").write_text(synthetic_journey(views.LARGE_JOURNEY + 40, journey_id="large"),
                                       encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_jobs_bound_every_dot_process_of_the_run(project: Path, tmp_path: Path, monkeypatch,
                                                 jobs: int):
    counting = Counting(views.render_svg)
    monkeypatch.setattr(views, "render_svg", counting)
    result = run_main("build", project, "-o", tmp_path / "site", "-q", "--jobs", str(jobs))
    assert result.code == 0, result.err
    assert counting.calls > 4 + jobs   # the large journey has views enough to overlap
    assert counting.most == jobs       # never more, and the budget is used


def test_the_pipeline_writes_what_build_writes(project: Path, tmp_path: Path):
    assert run_main("build", project, "-o", tmp_path / "built", "-q").code == 0
    outcome = SitePipeline(Sources.of([str(project)], str(tmp_path / "piped"), jobs=1)).build()
    assert sorted(outcome.rendered) == ["hairdresser", "large", "online-shop", "supermarket"]
    built = sorted(p.name for p in (tmp_path / "built").iterdir())
    assert built == sorted(p.name for p in (tmp_path / "piped").iterdir())
    for name in built:
        if not name.startswith("."):   # the lock file names its process
            assert (tmp_path / "built" / name).read_bytes() == \
                (tmp_path / "piped" / name).read_bytes(), name
    again = SitePipeline(Sources.of([str(project)], str(tmp_path / "piped"))).build()
    assert again.up_to_date and again.rendered == [] and again.written == []


def test_check_sees_what_serve_wrote(project: Path, tmp_path: Path):
    """A folder the live preview wrote is one `build --check` finds up to date."""
    out = tmp_path / "site"
    SitePipeline(Sources.of([str(project)], str(out)), "serve", durable=False).build()
    result = run_main("build", project, "-o", out, "--check")
    assert result.code == 0 and "up to date" in result.err, result.out + result.err


def test_check_names_the_files_of_a_journey_that_is_gone(project: Path, tmp_path: Path):
    out = tmp_path / "site"
    assert run_main("build", project, "-o", out, "-q").code == 0
    (project / "hairdresser.yaml").unlink()
    check = run_main("build", project, "-o", out, "--check")
    assert check.code == 1
    assert sorted(check.out.splitlines()) == [f"stale: {out / name}" for name in (
        "hairdresser.dot", "hairdresser.html", "hairdresser.json", "hairdresser.svg",
        "index.html")]
    result = run_main("build", project, "-o", out, "-q")
    assert result.code == 0 and not list(out.glob("hairdresser.*"))
    assert run_main("build", project, "-o", out, "--check").code == 0


def test_graphviz_starts_before_the_actions_uncertainty_and_lint(tmp_path: Path, monkeypatch):
    """A journey's diagrams go to ``dot`` once its scores are known; the actions'
    figures, the Monte Carlo draws and lint, which no diagram shows, run
    meanwhile, and the files are those of analysing everything first."""
    import mapper
    from mapper.risk.assess import assess
    from mapper.risk.profile import load_profile
    from mapper.site import outputs

    monkeypatch.syspath_prepend(str(JOURNEYS.parent / "bench"))
    from generate import generate

    ranged = tmp_path / "ranged.yaml"
    ranged.write_text(generate(60, journey_id="ranged", ranges=True, actions=3),
                      encoding="utf-8")
    profile = load_profile()
    handed: list[int] = []   # views handed to the dot workers so far
    seen: list[int] = []     # ... when the rest of the analysis started
    real_complete, real_init = outputs.complete, views.DiagramBuild.__init__

    def complete(analysis, disabled=()):
        seen.append(sum(handed))
        return real_complete(analysis, disabled)

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        handed.append(len(self.pending))

    monkeypatch.setattr(views.DiagramBuild, "__init__", init)
    monkeypatch.setattr(outputs, "complete", complete)
    for path in (ranged, JOURNEYS / "online-shop.yaml"):
        journey = mapper.load(path)
        handed.clear()
        seen.clear()
        early = outputs.render_journey(journey, profile)
        assert len(seen) == 1 and seen[0] >= 1
        analysis, findings = assess(journey, profile)
        assert analysis.actions and findings
        assert analysis.uncertainty or path != ranged
        assert early.findings == findings and early.analysis.actions == analysis.actions
        assert early.analysis.uncertainty == analysis.uncertainty
        assert early.files == outputs.render_analysis(analysis, findings).files
