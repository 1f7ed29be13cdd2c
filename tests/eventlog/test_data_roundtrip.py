"""End to end: simulate a known journey, fit a wrong copy, recover the true figures.

The true journey is tests/data_fit/shop.yaml; the copy has every ``next``
share, likelihood and the resolution rate changed.  Fitted to the true
journey's simulated log, the reported 90 % intervals hold the true values,
``--write`` brings the copy back to them, and the G-test does not flag the
true journey (it does flag the wrong copy) -- for every log format.

Each interval is a 90 % interval, so about one figure in ten misses the
truth for a given log; the seed is fixed (the log is the same bytes on every
run) at one whose log all 16 intervals cover, and the formats must agree.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from data_helpers import SHOP, run
from mapper.model.workspace import load_journey

WRONG = {
    "next: {site: 0.6}": "next: {site: 0.35}",
    "next: {delivery: 0.5}": "next: {delivery: 0.8}",
    "next: {loyal: 0.7, repeat: 0.2}": "next: {loyal: 0.4, repeat: 0.4}",
    "likelihood: 0.02": "likelihood: 0.2",
    "likelihood: 0.1\n": "likelihood: 0.3\n",
    "likelihood: 0.15": "likelihood: 0.01",
    "rate: 0.7": "rate: 0.3",
}
#: (touchpoint, field, key, true value)
TRUE = [
    ("ad", "next", "site", 0.6), ("ad", "next", "(drop-off)", 0.4),
    ("site", "next", "delivery", 0.5), ("delivery", "next", "loyal", 0.7),
    ("delivery", "next", "repeat", 0.2), ("delivery", "next", "(drop-off)", 0.1),
    ("ad", "entry", None, 0.6), ("site", "entry", None, 0.4),
    ("ad", "likelihood", None, 0.02), ("delivery", "likelihood", None, 0.15),
    ("hotline", "likelihood", None, 0.05), ("hotline", "resolution", None, 0.7),
    ("site", "complaint_share", None, 0.5),
]
SEGMENT_TRUE = [("private", "site", 0.1), ("business", "site", 0.2)]



def fit_json(*argv):
    code, out, err = run("fit", *argv, "--format", "json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


@pytest.mark.parametrize("suffix", ["csv", "parquet", "jsonl", "xes"])
def test_simulate_then_fit_recovers_the_journey(tmp_path, monkeypatch, suffix):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "true.yaml")
    text = SHOP.read_text(encoding="utf-8")
    for old, new in WRONG.items():
        assert old in text
        text = text.replace(old, new)
    Path("wrong.yaml").write_text(text, encoding="utf-8")
    log = f"events.{suffix}"
    assert run("simulate", "true.yaml", "-n", "5000", "--seed", "23", "-o", log, "-q")[0] == 0

    wrong = fit_json("wrong.yaml", log)
    tps = {t["id"]: t for t in wrong["touchpoints"]}
    for tid, name, key, true in TRUE:
        share = tps[tid][name][key] if key else tps[tid][name]
        assert share["low"] <= true <= share["high"], (tid, name, key, share)
    for segment, tid, true in SEGMENT_TRUE:
        share = next(t for t in wrong["segments"][segment]["touchpoints"]
                     if t["id"] == tid)["likelihood"]
        assert share["low"] <= true <= share["high"], (segment, share)
    hours = tps["hotline"]["hours"]
    assert hours["low"] <= 24 <= hours["high"]
    assert wrong["calibration"]["fits"] is False
    flagged = {(c["touchpoint"], c["quantity"]) for c in wrong["calibration"]["checks"]
               if c["outside"]}
    assert {("ad", "next site"), ("site", "next delivery"), ("delivery", "next loyal"),
            ("hotline", "resolution rate")} <= flagged

    truth = fit_json("true.yaml", log)["calibration"]
    assert truth["fits"] is True and truth["g_test"]["p_value"] >= 0.01

    # written back, the wrong copy takes the data's figures and loads cleanly
    assert run("fit", "wrong.yaml", log, "--write")[0] == 0
    fitted = load_journey("wrong.yaml")
    shares = {tid: dict(tp.next) for tid, tp in fitted.touchpoints.items()}
    assert shares["ad"]["site"] == pytest.approx(tps["ad"]["next"]["site"]["value"], abs=1e-4)
    assert abs(shares["delivery"]["loyal"] - 0.7) < 0.05
    assert fitted.touchpoints["hotline"].resolution.rate == pytest.approx(
        tps["hotline"]["resolution"]["value"], abs=1e-4)
    evidence = fitted.touchpoints["delivery"].evidence
    assert (evidence.observed, evidence.negative) == (
        tps["delivery"]["likelihood"]["total"], tps["delivery"]["likelihood"]["count"])
    refit = fit_json("wrong.yaml", log)["calibration"]
    assert refit["g_test"]["g"] < wrong["calibration"]["g_test"]["g"]
