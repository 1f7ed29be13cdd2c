"""Real bounds: pathological shapes under the 10 MB limit, numerical honesty,
non-regular files, importer validation and `--set` errors.

The shapes come from ``bench/shapes.py``.  Each runs the real command in a
subprocess under the bounds every input must meet: 60 s of CPU and 1 GB of
address space; a journey finishes, or fails with exit 2 and one located
message, within them.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from conftest import JOURNEYS, MINIMAL, REPO, run_limited_many, run_main, shown, write

sys.path.insert(0, str(REPO / "bench"))
from shapes import big_loop, deep_chain, fan_out, flat  # noqa: E402

from mapper.graph import ROUNDING  # noqa: E402
from mapper.model.build import MAX_TOUCHPOINTS  # noqa: E402
from mapper.render import views  # noqa: E402
from mapper.risk import solve  # noqa: E402

BOUND_MEMORY = 1024 * 1024 * 1024
BOUND_CPU = 60
SHOP = JOURNEYS / "online-shop.yaml"


def bounded(argvs, cwd: Path):
    return run_limited_many(argvs, cwd=cwd, memory=BOUND_MEMORY, cpu=BOUND_CPU, timeout=900,
                            jobs=2)


def one_located_error(proc, path: str) -> tuple[int, int, str]:
    text = proc.stdout + proc.stderr
    assert proc.returncode == 2, text[-2000:]
    assert "Traceback" not in text
    found = re.findall(rf"^{re.escape(path)}:(\d+):(\d+): (?:invalid: )?(.+)$", text, re.MULTILINE)
    assert len(found) == 1, text[-2000:]
    line, column, message = found[0]
    return int(line), int(column), message


# -- pathological shapes ------------------------------------------------------

@pytest.mark.slow
def test_one_loop_of_8000_touchpoints_is_rejected_located(tmp_path):
    """An 8.7 MB journey that is one loop: `check` and `score` stop with one located
    message (the loop's first touchpoint), not after minutes and gigabytes."""
    text = big_loop(8000, pad=850)
    assert 8_500_000 < len(text.encode()) < 10 * 1024 * 1024
    (tmp_path / "loop.yaml").write_text(text, encoding="utf-8")
    for proc in bounded([["check", "loop.yaml"], ["score", "loop.yaml"]], tmp_path):
        line, column, message = one_located_error(proc, "loop.yaml")
        assert (line, column) == (12, 3)
        assert message.startswith("touchpoint 't0' is in a loop of 8000 touchpoints")
        assert f"at most {solve.LOOP_LIMIT} states" in message


@pytest.mark.slow
def test_a_large_loop_within_the_limit_is_scored_sparsely(tmp_path):
    """1 000 touchpoints in one loop (2 000 states with complaint states: the sparse
    path) are scored, fix-first included, within the bounds."""
    (tmp_path / "loop.yaml").write_text(big_loop(1000), encoding="utf-8")
    proc, = bounded([["score", "loop.yaml", "--format", "json"]], tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)["summary"]
    total = summary["retained"] + summary["expected_lost"] + summary["dropped"]
    assert total == pytest.approx(1000, rel=1e-9)
    assert len(summary["fix_first"]) > 900


@pytest.mark.slow
@pytest.mark.parametrize("shape, command", [
    (lambda: fan_out(50_000), "build"),
    (lambda: flat(100_000), "build"),
    (lambda: deep_chain(50_000), "score"),
], ids=["fan-out-50000", "flat-100000", "deep-chain-50000"])
def test_more_touchpoints_than_the_limit_are_rejected_located(tmp_path, shape, command):
    (tmp_path / "big.yaml").write_text(shape(), encoding="utf-8")
    argv = [command, "big.yaml"] + (["-o", "out"] if command == "build" else [])
    proc, = bounded([argv], tmp_path)
    line, column, message = one_located_error(proc, "big.yaml")
    assert (line, column) == (11, 1)
    assert f"a journey may have at most {MAX_TOUCHPOINTS:,}" in message
    if (tmp_path / "out").exists():   # only the (empty) portfolio page, and the lock
        assert sorted(p.name for p in (tmp_path / "out").glob("*.*")
                      if p.name not in ("index.html", ".journeymap.lock")) \
            in ([], [".journeymap-manifest.json"])


@pytest.mark.slow
def test_the_largest_allowed_shapes_build_within_the_bounds(tmp_path):
    """Just under the touchpoint limit, a fan-out, a flat journey and a deep chain all
    build; the fan-out's views summarise the touchpoints elsewhere per stage, and no
    journey gets more than MAX_VIEWS stage views."""
    n = MAX_TOUCHPOINTS - 10
    for name, text in (("fan.yaml", fan_out(n)), ("flat.yaml", flat(n)),
                       ("chain.yaml", deep_chain(n))):
        (tmp_path / name).write_text(text, encoding="utf-8")
    runs = bounded([["build", name, "-o", name[:-5]] for name in
                    ("fan.yaml", "flat.yaml", "chain.yaml")], tmp_path)
    for proc in runs:
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr
    for out in ("fan", "flat", "chain"):
        stage_views = list((tmp_path / out).glob("*.stage-*.svg"))
        assert 1 <= len(stage_views) <= views.MAX_VIEWS, out
    start_view = (tmp_path / "fan" / "fan-out.stage-1.dot").read_text(encoding="utf-8")
    assert f'label="after\\n{n:,} touchpoints"' in start_view
    assert start_view.count('class="elsewhere"') == 1


def test_a_fan_out_view_groups_the_touchpoints_elsewhere(tmp_path):
    source = write(tmp_path, "fan.yaml", fan_out(200))
    result = run_main("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    start = (tmp_path / "out" / "fan-out.stage-1.dot").read_text(encoding="utf-8")
    assert start.count('class="elsewhere"') == 1
    assert 'label="after\\n200 touchpoints"' in start and 'label="100%"' in start
    # the pages of the fanned-out stage still show their one neighbour as usual
    page = (tmp_path / "out" / "fan-out.stage-2-1.dot").read_text(encoding="utf-8")
    assert "touchpoints\"" not in page and page.count('class="elsewhere"') == 2


def test_views_are_capped_to_the_riskiest(tmp_path):
    source = write(tmp_path, "flat.yaml", flat(views.VIEW_SIZE * (views.MAX_VIEWS + 1)))
    result = run_main("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    stage_views = sorted(p.name for p in (tmp_path / "out").glob("*.stage-*.svg"))
    assert stage_views == ["flat.stage-1.svg", "flat.stage-3.svg", "flat.stage-4.svg"]
    svg = (tmp_path / "out" / "flat.stage-1.svg").read_text(encoding="utf-8")
    assert f"({views.VIEW_SIZE} riskiest of 2,460)" in svg


def test_dot_out_of_time_leaves_the_diagram_out_and_writes_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(views, "DOT_BUDGET", 0.0)
    source = write(tmp_path, "tiny.yaml", MINIMAL)
    result = run_main("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert f"{shown(source)}: 1 diagram(s) left out (tiny): Graphviz took longer than" \
        in result.err
    svg = (tmp_path / "out" / "tiny.svg").read_text(encoding="utf-8")
    assert "Diagram left out: Graphviz took longer than the 0 s allowed" in svg
    html = (tmp_path / "out" / "tiny.html").read_text(encoding="utf-8")
    assert "Diagram left out" in html and "tp-hotline" in html  # the details are there
    assert json.loads((tmp_path / "out" / "tiny.json").read_text())["summary"]["retained"] > 0


def test_a_dense_loop_is_rejected_not_ground_through(monkeypatch):
    """A loop whose sparse factors would be nearly dense costs more than the work limit."""
    monkeypatch.setattr(solve, "INVERSE_LIMIT", 10)
    monkeypatch.setattr(solve, "WORK_LIMIT", 10 ** 4)
    rows = [{(i + k) % 200: 0.1 for k in range(1, 10)} for i in range(200)]
    with pytest.raises(solve.LoopTooLarge, match="too densely linked"):
        solve.factorise(rows)


# -- numerical honesty -------------------------------------------------------

LOOP = """\
journey: near
cohort: 1000
stages:
  - {{id: buy, aspect: sales}}
touchpoints:
  a:
    stage: buy
    likelihood: 0
    next: {{b: {p}}}
  b:
    stage: buy
    likelihood: 0
    next: {{a: {p}}}
"""


def test_a_loop_left_by_a_tiny_share_is_not_called_closed(tmp_path):
    source = write(tmp_path, "near.yaml", LOOP.format(p="0.9999999999"))
    result = run_main("check", source)
    assert "none drops off" not in result.out + result.err
    assert result.code in (0, 2)
    if result.code == 2:
        assert "numerically singular" in result.out


@pytest.mark.parametrize("p", ["0.9", "0.999999", "0.9999999", "0.99999999", "0.999999999",
                               "0.9999999999", "0.99999999999", "0.999999999999"])
def test_the_cohort_is_conserved_or_the_loop_rejected(tmp_path, p):
    source = write(tmp_path, "near.yaml", LOOP.format(p=p))
    result = run_main("score", source, "--format", "json")
    if result.code == 0:
        summary = json.loads(result.out)["summary"]
        total = summary["retained"] + summary["expected_lost"] + summary["dropped"]
        assert abs(total - 1000) <= 1e-9 * 1000, summary
        assert summary["dropped"] <= 1000
    elif 1 - float(p) <= ROUNDING:   # the rounding of a sum of shares: nobody leaves
        assert result.code == 2 and "none drops off" in result.err
    else:
        assert result.code == 2 and "Traceback" not in result.err
        assert result.err.startswith(
            f"{shown(source)}:6:3: the loop at touchpoint 'a' is numerically singular"), result.err


def test_the_repro_at_0_99999999_no_longer_drops_more_than_the_cohort(tmp_path):
    source = write(tmp_path, "near.yaml", LOOP.format(p="0.99999999"))
    result = run_main("score", source, "--format", "json")
    assert result.code == 2
    assert re.match(rf"{re.escape(shown(source))}:6:3: the loop at touchpoint 'a' is numerically "
                    r"singular: .* conserved only to \de-10 \(the limit is 1e-10\)", result.err)


def test_a_loop_nobody_leaves_is_still_called_closed(tmp_path):
    source = write(tmp_path, "closed.yaml", LOOP.format(p="1"))
    result = run_main("check", source)
    assert result.code == 2 and "none drops off" in result.out


def test_a_sum_just_over_one_says_by_how_much(tmp_path):
    source = write(tmp_path, "over.yaml", MINIMAL.replace("next: {done: 0.5}",
                                                          "next: {done: 0.5, site: 0.5000000011}"))
    result = run_main("check", source)
    assert "next probabilities sum to 1.0000000011, more than 1" in result.out


# -- non-regular files ------------------------------------------------------

NOT_REGULAR = "not a regular file (a FIFO, device or socket?); give a file"


@pytest.mark.slow
def test_fifos_are_refused_wherever_a_path_is_read(tmp_path):
    """A FIFO never blocks a command: journeys folder, --profile, catalog entry, imports."""
    folder = tmp_path / "journeys"
    folder.mkdir()
    write(folder, "good.yaml", MINIMAL)
    os.mkfifo(folder / "x.yaml")
    os.mkfifo(tmp_path / "profile.yaml")
    os.mkfifo(tmp_path / "in.mmd")
    os.mkfifo(tmp_path / "in.csv")
    catalog = tmp_path / "catalog" / "retail"
    catalog.mkdir(parents=True)
    os.mkfifo(catalog / "pipe.yaml")
    write(tmp_path, "uses.yaml", MINIMAL.replace("    name: Website\n",
                                                 "    name: Website\n    use: retail/pipe\n"))
    runs = run_limited_many([
        ["check", "journeys"],
        ["build", "journeys", "-o", "site"],
        ["check", "--profile", "profile.yaml", "journeys/good.yaml"],
        ["import", "mermaid", "in.mmd"],
        ["import", "csv", "in.csv"],
        ["check", "--catalog", "catalog", "uses.yaml"],
    ], cwd=tmp_path, timeout=120, memory=BOUND_MEMORY, cpu=BOUND_CPU)
    texts = [proc.stdout + proc.stderr for proc in runs]
    for proc, text in zip(runs, texts):
        assert proc.returncode == 2, text
        assert "Traceback" not in text
    assert f"journeys/x.yaml:1:1: invalid: {NOT_REGULAR}" in texts[0]
    assert f"journeys/x.yaml:1:1: {NOT_REGULAR}" in texts[1]
    assert (tmp_path / "site" / "tiny.html").exists()  # the good journey is built
    assert f"profile.yaml:1:1: {NOT_REGULAR}" in texts[2]
    assert f"in.mmd:1:1: {NOT_REGULAR}" in texts[3]
    assert f"in.csv:1:1: {NOT_REGULAR}" in texts[4]
    assert NOT_REGULAR in texts[5]


def test_read_regular_refuses_a_fifo_in_process(tmp_path):
    from mapper.core.errors import JourneyError
    from mapper.loader.regular import read_regular

    os.mkfifo(tmp_path / "p")
    with pytest.raises(JourneyError, match="not a regular file"):
        read_regular(str(tmp_path / "p"), 10)
    with pytest.raises(JourneyError, match="is a folder"):
        read_regular(str(tmp_path), 10)
    (tmp_path / "f").write_bytes(b"abcdef")
    assert read_regular(str(tmp_path / "f"), 3) == b"abcd"
    assert read_regular(str(tmp_path / "f"), None) == b"abcdef"


# -- Mermaid import --------------------------------------------------------------

def test_mermaid_scores_outside_1_to_5_are_located_errors(tmp_path):
    source = write(tmp_path, "day.mmd", """\
        journey
          title Day
          section Morning
            Wake up: 9999999999999999999999: Me
            Coffee: -1: Me
            Commute: nan: Me
            Work: 5: Me
            Lunch: inf: Me
            Rest: 0: Me
        """)
    result = run_main("import", "mermaid", source, "-o", tmp_path / "day.yaml")
    assert result.code == 2
    got = [(int(m[0]), m[1]) for m in re.findall(
        rf"^{re.escape(str(source))}:(\d+):\d+: task '[^']+': the score must be a number "
        r"1\.\.5, got '([^']+)'$", result.err, re.MULTILINE)]
    assert got == [(4, "9999999999999999999999"), (5, "-1"), (6, "nan"), (8, "inf"), (9, "0")]
    assert not (tmp_path / "day.yaml").exists()


# -- --set errors name the argument ------------------------------------------------------

@pytest.mark.parametrize("setting, message", [
    ("nosuch.likelihood=0.1", "--set nosuch.likelihood=0.1: unknown touchpoint 'nosuch'"),
    ("couri.likelihood=0.1",
     "--set couri.likelihood=0.1: unknown touchpoint 'couri' (did you mean 'courier'?)"),
    ("courier.likelihood=7", "--set courier.likelihood=7: touchpoint 'courier': likelihood "
                             "must be between 0 and 1, got 7"),
    ("courier.likelihod=0.1", "--set courier.likelihod=0.1: touchpoint 'courier': unknown "
                              "key 'likelihod' (did you mean 'likelihood'?)"),
    ("cohort=0", "--set cohort=0: cohort must be between 1 and 1000000000000, got 0"),
])
def test_set_errors_name_the_set_argument(setting, message):
    result = run_main("score", SHOP, "--set", setting)
    assert result.code == 2 and result.out == ""
    assert message in result.err
    assert str(SHOP) not in result.err


def test_findings_after_set_point_into_the_file():
    result = run_main("score", SHOP, "--format", "json", "--set", "courier.likelihood=0.9",
                      "--set", "support_question.promises=[{id: x, text: y, kept_at: courier}]")
    assert result.code == 0, result.err
    lines = SHOP.read_text(encoding="utf-8").count("\n") + 1
    findings = json.loads(result.out)["after"]["findings"]
    assert findings and all(1 <= f["line"] <= lines for f in findings)
