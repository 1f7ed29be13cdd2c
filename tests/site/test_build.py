"""`journeymap build`: outputs, exit codes, --check, --fail-on, atomic and deterministic files."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BAD, EXAMPLES, JOURNEYS, MINIMAL, REPO, outputs, run_main, write
from mapper.core import atomic
from mapper.site import files as output

IDS = ["electronics-store", "hairdresser", "office-supplies", "online-shop", "supermarket"]


def expected_files() -> set[str]:
    return {f"{i}.{ext}" for i in IDS for ext in ("json", "dot", "svg", "html")} | {"index.html"}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in outputs(folder)}


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The examples built the way the README does it: ``journeys`` relative to the repository."""
    out = tmp_path_factory.mktemp("built") / "site"
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = run_main("build", "journeys", "-o", out)
    finally:
        os.chdir(cwd)
    assert result.code == 0, result.err
    return out


def test_build_writes_every_output(built: Path):
    assert {p.name for p in outputs(built)} == expected_files()
    for path in outputs(built):
        assert path.stat().st_size > 0


def test_json_is_the_score_document(built: Path, monkeypatch):
    monkeypatch.chdir(REPO)
    for path in EXAMPLES:
        score = run_main("score", f"journeys/{path.name}", "--format", "json")
        assert score.code == 0
        assert (built / f"{path.stem}.json").read_text(encoding="utf-8") == score.out


def test_default_paths_are_journeys_to_site(tmp_path: Path, monkeypatch):
    shutil.copytree(JOURNEYS, tmp_path / "journeys")
    monkeypatch.chdir(tmp_path)
    result = run_main("build", "-q")
    assert result.code == 0, result.err
    assert {p.name for p in outputs((tmp_path / "site"))} == expected_files()


def test_rebuild_is_byte_identical_and_skips_unchanged_files(built: Path, tmp_path: Path,
                                                            monkeypatch):
    monkeypatch.chdir(REPO)
    out = tmp_path / "again"
    assert run_main("build", "journeys", "-o", out, "-q").code == 0
    assert snapshot(out) == snapshot(built)
    before = {p.name: p.stat().st_mtime_ns for p in outputs(out)}
    second = run_main("build", "journeys", "-o", out)
    assert second.code == 0 and "5 journey(s) in" in second.err and "up to date" in second.err
    assert {p.name: p.stat().st_mtime_ns for p in outputs(out)} == before
    forced = run_main("build", "journeys", "-o", out, "--force")
    assert "21 file(s) written" in forced.err
    assert snapshot(out) == snapshot(built)


@pytest.mark.slow
def test_same_bytes_across_hash_seeds_folders_and_file_order(built: Path, tmp_path: Path):
    reference = snapshot(built)
    for seed, order in (("0", EXAMPLES), ("4242", list(reversed(EXAMPLES)))):
        work = tmp_path / f"work-{seed}"
        (work / "journeys").mkdir(parents=True)
        for path in order:  # files created in a different order
            shutil.copy(path, work / "journeys" / path.name)
        done = subprocess.run([sys.executable, "-m", "mapper", "build", "journeys", "-o", "site",
                               "-q"], cwd=work, env=subprocess_env(PYTHONHASHSEED=seed),
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert snapshot(work / "site") == reference, seed


def test_check_reports_missing_and_stale_files_and_writes_nothing(built: Path, tmp_path: Path,
                                                                  monkeypatch):
    monkeypatch.chdir(REPO)
    out = tmp_path / "site"
    shutil.copytree(built, out)
    assert run_main("build", "journeys", "-o", out, "--check").code == 0
    (out / "online-shop.svg").write_text("old", encoding="utf-8")
    (out / "hairdresser.dot").unlink()
    before = snapshot(out)
    result = run_main("build", "journeys", "-o", out, "--check")
    assert result.code == 1
    assert f"stale: {out / 'online-shop.svg'}" in result.out
    assert f"missing: {out / 'hairdresser.dot'}" in result.out
    assert len(result.out.splitlines()) == 2
    assert snapshot(out) == before
    missing = tmp_path / "nothing-here"
    result = run_main("build", JOURNEYS, "-o", missing, "--check", "-q")
    assert result.code == 1 and len(result.out.splitlines()) == len(expected_files())
    assert not missing.exists()


def test_fail_on_gates_the_build(tmp_path: Path):
    result = run_main("build", JOURNEYS, "-o", tmp_path / "a", "--fail-on", "high", "-q")
    assert result.code == 1
    assert "fail-on: touchpoint 'service_repair' is high" in result.out
    assert (tmp_path / "a" / "index.html").exists()  # the outputs are still written
    assert run_main("build", JOURNEYS, "-o", tmp_path / "b", "--fail-on", "critical").code == 0


def test_a_broken_journey_does_not_stop_the_others(tmp_path: Path):
    folder = tmp_path / "in"
    write(folder, "good.yaml", MINIMAL)
    shutil.copy(BAD / "unknown-next.yaml", folder / "broken.yaml")
    out = tmp_path / "out"
    result = run_main("build", folder, "-o", out)
    assert result.code == 2
    assert "broken.yaml:" in result.err and "Traceback" not in result.err
    line = next(l for l in result.err.splitlines() if "broken.yaml:" in l)
    assert line.split(":")[1].isdigit() and line.split(":")[2].isdigit()
    assert {p.name for p in outputs(out)} == {"tiny.json", "tiny.dot", "tiny.svg", "tiny.html",
                                               "index.html"}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Journeys that failed to load" in index and "broken.yaml" in index


def test_a_journey_that_breaks_keeps_its_last_good_files(tmp_path: Path):
    folder = tmp_path / "in"
    write(folder, "good.yaml", MINIMAL)
    shop = folder / "shop.yaml"
    shutil.copy(JOURNEYS / "hairdresser.yaml", shop)
    out = tmp_path / "out"
    assert run_main("build", folder, "-o", out, "-q").code == 0
    page = (out / "hairdresser.html").read_bytes()
    original = shop.read_text(encoding="utf-8")
    shop.write_text("journey: [", encoding="utf-8")
    assert run_main("build", folder, "-o", out, "-q").code == 2
    assert (out / "hairdresser.html").read_bytes() == page   # not removed, not half-written
    assert "shop.yaml" in (out / "index.html").read_text(encoding="utf-8")
    shop.write_text(original, encoding="utf-8")   # the same bytes as the last good build
    result = run_main("build", folder, "-o", out)
    assert result.code == 0 and "built 1 of 2 journey(s)" in result.err
    assert "failed to load" not in (out / "index.html").read_text(encoding="utf-8")
    shop.unlink()   # gone now: its files go too
    assert run_main("build", folder, "-o", out, "-q").code == 0
    assert not list(out.glob("hairdresser.*"))


def test_duplicate_journey_ids_fail_the_second_file(tmp_path: Path):
    folder = tmp_path / "in"
    write(folder, "a.yaml", MINIMAL)
    write(folder, "b.yaml", MINIMAL)
    result = run_main("build", folder, "-o", tmp_path / "out")
    assert result.code == 2 and "b.yaml:" in result.err and "already used" in result.err


def test_no_journey_files_is_a_usage_error(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    result = run_main("build", tmp_path / "empty", "-o", tmp_path / "out")
    assert result.code == 2 and "no journey files" in result.err


def test_an_output_folder_that_is_a_file_is_a_clear_error(tmp_path: Path):
    journey = write(tmp_path, "tiny.yaml", MINIMAL)
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    for out in (blocker, blocker / "site"):
        result = run_main("build", journey, "-o", out)
        assert result.code == 2, out
        assert result.err.startswith("journeymap: cannot write to the output folder")
        assert "Traceback" not in result.err
    assert blocker.read_text(encoding="utf-8") == "x"


def test_a_read_only_output_folder_is_a_clear_error(tmp_path: Path, monkeypatch):
    journey = write(tmp_path, "tiny.yaml", MINIMAL)
    out = tmp_path / "out"
    assert run_main("build", journey, "-o", out, "-q").code == 0
    before = snapshot(out)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(out))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)   # the one file writer
    result = run_main("build", journey, "-o", out, "--force")
    assert result.code == 2
    assert "cannot write to the output folder" in result.err and "Permission denied" in result.err
    assert snapshot(out) == before


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch):
    journey = write(tmp_path, "tiny.yaml", MINIMAL)
    out = tmp_path / "out"
    assert run_main("build", journey, "-o", out, "-q").code == 0
    before = snapshot(out)
    calls = {"n": 0}
    real_replace = os.replace

    def fail_third(src, dst):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", fail_third)
    result = run_main("build", journey, "-o", out, "--force")
    assert result.code == 2 and "No space left on device" in result.err
    after = snapshot(out)
    assert set(after) == set(before)  # no temporary file left behind
    for name, data in after.items():
        assert data == before[name]  # same content: old or (identical) new


def test_output_names_cannot_leave_the_folder():
    for bad in ("../x.html", "/etc/passwd", "a/b.html", "x.py", ".hidden.html", "A.html",
                "id with space.html", "..", "index.html/.."):
        with pytest.raises(ValueError):
            output.check_name(bad)
    assert output.check_name("my-journey.stage-3.svg") == "my-journey.stage-3.svg"


def test_a_traversal_journey_id_writes_nothing(tmp_path: Path):
    out = tmp_path / "deep" / "site"
    result = run_main("build", BAD / "journey-traversal.yaml", "-o", out)
    assert result.code == 2
    assert sorted(p.name for p in tmp_path.rglob("*")
                  if p.is_file() and not p.name.startswith(".")) == ["index.html"]


def test_files_get_ordinary_permissions(built: Path):
    umask = os.umask(0o022)
    os.umask(umask)
    for path in outputs(built):
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.slow
def test_a_killed_build_leaves_every_file_old_or_new(tmp_path: Path):
    """Kill a build at several moments: every output is the old or the new file, never a mix."""
    source = tmp_path / "journeys"
    shutil.copytree(JOURNEYS, source)
    out = tmp_path / "site"
    assert run_main("build", source, "-o", out, "-q").code == 0
    old = snapshot(out)
    for path in source.iterdir():  # a new version of every journey: a higher cohort
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("cohort: 1000", "cohort: 1200").replace(
            "cohort: 500", "cohort: 600"), encoding="utf-8")
    new_dir = tmp_path / "new"
    assert run_main("build", source, "-o", new_dir, "-q").code == 0
    new = snapshot(new_dir)
    assert all(old[n] != new[n] for n in ("online-shop.json", "online-shop.html"))
    for delay in (0.6, 0.9, 1.2, 1.5, 1.8):
        process = subprocess.Popen([sys.executable, "-m", "mapper", "build", str(source), "-o",
                                    str(out), "-q", "--force"], env=subprocess_env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        for path in outputs(out):
            if output.TEMPORARY.match(path.name):
                continue  # an interrupted temporary file; the next build removes it
            data = path.read_bytes()
            assert data in (old.get(path.name), new.get(path.name)), (delay, path.name)
    assert run_main("build", source, "-o", out, "-q").code == 0
    assert snapshot(out) == new


def test_profile_and_disabled_rules_reach_the_report(tmp_path: Path):
    journey = write(tmp_path, "in/tiny.yaml", MINIMAL)
    profile = write(tmp_path, "strict.yaml", "levels: {medium: 5, high: 10, critical: 15}\n")
    out = tmp_path / "out"
    result = run_main("build", journey, "-o", out, "--profile", profile,
                      "--disable", "missing-aspect", "-q")
    assert result.code == 0, result.err
    html = (out / "tiny.html").read_text(encoding="utf-8")
    assert "Scoring profile: strict.yaml." in html
    assert "missing-aspect" not in html
    assert run_main("build", journey, "-o", tmp_path / "plain", "-q").code == 0
    assert "missing-aspect" in (tmp_path / "plain" / "tiny.html").read_text(encoding="utf-8")
