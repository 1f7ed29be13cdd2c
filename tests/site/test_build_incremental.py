"""Incremental builds: unchanged journeys are skipped, changed inputs rebuild exactly their users."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import JOURNEYS, outputs, run_main
from mapper.site.manifest import MANIFEST


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(JOURNEYS, tmp_path / "journeys")
    return tmp_path


def stamps(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in outputs(folder)}


def build(project: Path, *extra: str):
    return run_main("build", project / "journeys", "-o", project / "site", *extra)


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in after if before.get(name) != after[name]} | (set(before) - set(after))


def test_second_build_of_unchanged_input_writes_nothing(project: Path):
    assert build(project).code == 0
    site = project / "site"
    before = stamps(site)
    manifest = (site / MANIFEST).read_bytes()
    result = build(project)
    assert result.code == 0 and "up to date" in result.err
    assert stamps(site) == before
    assert (site / MANIFEST).read_bytes() == manifest


def test_changing_one_journey_rebuilds_only_it(project: Path):
    assert build(project).code == 0
    site = project / "site"
    before = stamps(site)
    path = project / "journeys" / "hairdresser.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("cohort: 500", "cohort: 800"),
                    encoding="utf-8")
    result = build(project)
    assert result.code == 0 and "built 1 of 5 journey(s)" in result.err
    touched = changed(before, stamps(site))
    assert touched == {"hairdresser.json", "hairdresser.html", "hairdresser.svg",
                       "hairdresser.dot", "index.html"} or \
        touched <= {"hairdresser.json", "hairdresser.html", "hairdresser.svg",
                    "hairdresser.dot", "index.html"}
    assert "hairdresser.json" in touched and "index.html" in touched


def test_a_whitespace_only_edit_rebuilds_but_rewrites_nothing(project: Path):
    assert build(project).code == 0
    site = project / "site"
    before = stamps(site)
    path = project / "journeys" / "supermarket.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert build(project).code == 0
    assert changed(before, stamps(site)) == set()   # same outputs: no file replaced
    assert "up to date" in build(project).err       # and the manifest took the new hash


def test_changing_a_used_catalog_entry_rebuilds_its_users(project: Path):
    catalog = project / "catalog" / "services"
    catalog.mkdir(parents=True)
    builtin = Path(__file__).resolve().parents[2] / "touchpoints" / "services"
    shutil.copy(builtin / "warranty-repair-centre.yaml", catalog / "warranty-repair-centre.yaml")
    assert build(project, "--catalog", str(project / "catalog")).code == 0
    site = project / "site"
    users = {json.loads((site / f"{j}.json").read_text())["journey"]["id"]
             for j in ("electronics-store", "online-shop", "supermarket", "hairdresser",
                       "office-supplies")
             if "services/warranty-repair-centre" in (project / "journeys" / f"{j}.yaml")
             .read_text(encoding="utf-8")}
    assert users, "some example uses the entry"
    before = stamps(site)
    entry = catalog / "warranty-repair-centre.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("emotion: -1", "emotion: -2"),
                     encoding="utf-8")
    result = build(project, "--catalog", str(project / "catalog"))
    assert result.code == 0 and f"built {len(users)} of 5" in result.err
    rebuilt = {name.split(".")[0] for name in changed(before, stamps(site))} - {"index"}
    assert rebuilt <= users


def test_profile_change_rebuilds_everything(project: Path):
    assert build(project).code == 0
    profile = project / "profile.yaml"
    profile.write_text("customers:\n  never_return: 0.5\n", encoding="utf-8")
    result = build(project, "--profile", str(profile))
    assert "built 5 of 5" in result.err


def test_force_rebuilds_all(project: Path):
    assert build(project).code == 0
    assert "built 5 of 5" in build(project, "--force").err


def test_a_deleted_or_edited_output_is_rebuilt(project: Path):
    assert build(project).code == 0
    site = project / "site"
    reference = (site / "online-shop.html").read_bytes()
    (site / "online-shop.html").unlink()
    assert build(project).code == 0
    assert (site / "online-shop.html").read_bytes() == reference
    (site / "online-shop.svg").write_text("edited by hand", encoding="utf-8")
    assert build(project).code == 0
    assert (site / "online-shop.svg").read_text(encoding="utf-8") != "edited by hand"


def test_files_of_removed_journeys_are_removed_and_only_those(project: Path):
    assert build(project).code == 0
    site = project / "site"
    (site / "notes.txt").write_text("mine", encoding="utf-8")   # not made by the tool
    (project / "journeys" / "supermarket.yaml").unlink()
    result = build(project)
    assert result.code == 0 and "4 removed" in result.err
    names = {p.name for p in outputs(site)}
    assert not any(name.startswith("supermarket.") for name in names)
    assert "notes.txt" in names


def test_check_after_build_and_after_a_change(project: Path):
    assert build(project).code == 0
    assert build(project, "--check").code == 0
    path = project / "journeys" / "online-shop.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("likelihood: 0.08", "likelihood: 0.1",
                                                             1), encoding="utf-8")
    before = stamps(project / "site")
    result = build(project, "--check")
    assert result.code == 1
    assert "stale:" in result.out and "online-shop.json" in result.out
    assert stamps(project / "site") == before   # --check writes nothing


def test_fail_on_from_an_up_to_date_build(project: Path):
    assert build(project).code == 0
    result = build(project, "--fail-on", "medium")
    assert result.code == 1 and "up to date" in result.err
    assert "fail-on: touchpoint" in result.out


def test_jobs_give_the_same_files(project: Path, tmp_path: Path):
    assert build(project).code == 0
    other = tmp_path / "parallel"
    assert run_main("build", project / "journeys", "-o", other, "--jobs", "3").code == 0
    assert {p.name: p.read_bytes() for p in outputs(other)} == \
        {p.name: p.read_bytes() for p in outputs(project / "site")}
    assert run_main("build", project / "journeys", "-o", other, "--jobs", "0").code == 2
