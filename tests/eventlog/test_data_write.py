"""`fit --write` / `--dry-run`: estimates written into the journey, the author's layout kept."""
from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

from data_helpers import run
from mapper.model.workspace import load_journey

REPO = Path(__file__).resolve().parents[2]
SHOP = REPO / "journeys" / "online-shop.yaml"
#: the only keys whose lines --write may change (values), or add
WRITTEN = re.compile(r"^\s*(next|likelihood|evidence|rate|hours|resolution): ")



def _prepare(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("journeys").mkdir()
    shutil.copy(SHOP, "journeys/shop.yaml")
    assert run("simulate", "journeys/shop.yaml", "-n", "3000", "--seed", "8", "-o",
               "events.parquet", "-q")[0] == 0
    return Path("journeys/shop.yaml")


def test_write_keeps_every_comment_and_the_key_order(tmp_path, monkeypatch):
    journey = _prepare(tmp_path, monkeypatch)
    before = journey.read_text(encoding="utf-8")
    check_before = run("check", journey, "--format", "json")[0]
    code, out, err = run("fit", journey, "events.parquet", "--write")
    assert (code, err) == (0, "")
    assert out == ("journeys/shop.yaml: 21 next shares, 14 evidence, 2 resolution rates "
                   "written; failure modes kept at product_page, courier, unboxing, "
                   "repair_centre\n")
    after = journey.read_text(encoding="utf-8")
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for line in old[i1:i2]:   # only values of the written keys change
            assert WRITTEN.match(line), line
        added = new[j1:j2]
        if tag != "delete" and not (tag == "insert" and added[0].startswith("calibration:")):
            for line in added:     # new lines are only written keys
                assert WRITTEN.match(line), line
        for line in old[i1:i2]:    # and every end-of-line comment stays
            if " # " in line:
                assert any(line[line.index(" # ") + 1:] in replaced for replaced in added)
    comments = [line for line in old if line.lstrip().startswith("#")]
    assert comments == [line for line in new if line.lstrip().startswith("#")]
    assert "calibration:\n  files:\n    - {path: ../events.parquet, rows: " in after
    assert "/tmp" not in after and str(tmp_path) not in after
    # the written journey loads and passes check like the original
    fitted = load_journey(str(journey))
    assert fitted.touchpoints["banner"].evidence is not None
    assert run("check", journey, "--format", "json")[0] == check_before
    # writing the same data again changes nothing
    assert run("fit", journey, "events.parquet", "--write", "--dry-run") == (0, "", "")


def test_dry_run_prints_a_diff_and_writes_nothing(tmp_path, monkeypatch):
    journey = _prepare(tmp_path, monkeypatch)
    before = journey.read_text(encoding="utf-8")
    code, out, err = run("fit", journey, "events.parquet", "--write", "--dry-run")
    assert (code, err) == (0, "")
    assert out.startswith("--- a/journeys/shop.yaml\n+++ b/journeys/shop.yaml\n@@ ")
    assert "-    likelihood: rare\n+    evidence: {observed: " in out
    assert journey.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in Path("journeys").iterdir()) == ["shop.yaml"]


def test_worked_example_gives_evidence_and_resolution(tmp_path, monkeypatch):
    """README "Calibrating from data": a CSAT export and a complaint register."""
    monkeypatch.chdir(tmp_path)
    Path("journeys").mkdir()
    shutil.copy(SHOP, "journeys/online-shop.yaml")
    shutil.copytree(REPO / "examples" / "data", "data")
    before = Path("journeys/online-shop.yaml").read_text(encoding="utf-8")
    files = ["data/csat.csv", "data/complaints.csv", "--map", "data/map.yaml"]
    code, out, err = run("fit", "journeys/online-shop.yaml", *files)
    assert (code, err) == (0, "")
    assert "data: data/csat.csv (1049 rows), data/complaints.csv (164 rows)\n" in out
    code, out, err = run("fit", "journeys/online-shop.yaml", *files, "--write",
                         "--only", "evidence", "--only", "resolution")
    assert (code, err) == (0, "")
    after = Path("journeys/online-shop.yaml").read_text(encoding="utf-8")
    journey = load_journey("journeys/online-shop.yaml")
    original = load_journey(str(SHOP))
    for tid in ("site", "checkout", "support_question", "callback"):
        assert journey.touchpoints[tid].evidence is not None, tid
    assert journey.touchpoints["hotline"].resolution.rate != \
        original.touchpoints["hotline"].resolution.rate
    # --only kept every next share
    assert {t: tp.next for t, tp in journey.touchpoints.items()} == \
        {t: tp.next for t, tp in original.touchpoints.items()}
    assert "{path: ../data/csat.csv, rows: 1049}" in after and before != after
