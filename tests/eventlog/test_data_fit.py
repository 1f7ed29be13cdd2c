"""`journeymap fit`: estimates from event logs, maps, periods and the calibration section."""
from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from data_helpers import SHOP, run




@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("logs")
    shutil.copy(SHOP, folder / "shop.yaml")
    for suffix in ("csv", "parquet", "jsonl", "xes"):
        assert run("simulate", SHOP, "-n", "1500", "--seed", "4", "-o",
                   folder / f"events.{suffix}", "-q")[0] == 0
    return folder


def fit_json(*argv):
    code, out, err = run("fit", *argv, "--format", "json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def test_every_format_gives_the_same_estimates(logs, monkeypatch):
    monkeypatch.chdir(logs)
    documents = {}
    for suffix in ("csv", "parquet", "jsonl", "xes"):
        document = fit_json("shop.yaml", f"events.{suffix}")
        assert document["data"]["files"] == [{"path": f"events.{suffix}", "rows":
                                              document["data"]["files"][0]["rows"]}]
        del document["data"]["files"]
        documents[suffix] = document
    assert documents["csv"] == documents["parquet"] == documents["jsonl"] == documents["xes"]
    document = documents["csv"]
    assert document["cases"] == 1500 and document["data"]["unmapped"] == []
    assert set(document["segments"]) == {"business", "private"}
    hotline = next(t for t in document["touchpoints"] if t["id"] == "hotline")
    assert {"resolution", "hours", "likelihood"} <= set(hotline)
    assert document["calibration"]["fits"] is True


def test_output_is_reproducible_and_paths_relative(logs, monkeypatch):
    monkeypatch.chdir(logs)
    first = run("fit", "shop.yaml", "events.parquet")
    second = run("fit", "shop.yaml", logs / "events.parquet")
    assert first == second and first[0] == 0
    assert str(logs) not in first[1]
    markdown = run("fit", "shop.yaml", "events.parquet", "--format", "markdown")[1]
    assert markdown.startswith("## Fit of `tiny-shop` (shop.yaml)\n")
    assert "### Calibration" in markdown


def test_a_wrong_model_is_flagged(logs, monkeypatch):
    monkeypatch.chdir(logs)
    text = SHOP.read_text(encoding="utf-8").replace("next: {site: 0.6}", "next: {site: 0.3}")
    Path("wrong.yaml").write_text(text, encoding="utf-8")
    document = fit_json("wrong.yaml", "events.parquet")
    calibration = document["calibration"]
    assert calibration["fits"] is False and calibration["g_test"]["p_value"] < 1e-6
    first = calibration["checks"][0]
    assert first["outside"] and first["touchpoint"] == "ad"
    assert first["quantity"] in ("next site", "drop-off share")
    code, out, _ = run("fit", "wrong.yaml", "events.parquet")
    assert "the journey does NOT fit the data" in out


MAP = """\
columns:
  case: order
  time: at
  activity: event
  rating: csat
activities:
  Ad click: ad
  Shop visit: site
  Parcel: delivery
ignore: [Newsletter]
rating: {scale: csat}
"""

LOG = """\
order,at,event,csat
1,2024-05-01 10:00:00,Ad click,
1,2024-05-01 10:05:00,Page view,
1,2024-05-01 10:06:00,Shop visit,2
1,2024-05-03 09:00:00,Parcel,5
2,2024-05-02 11:00:00,Shop visit,4
2,2024-05-02 11:30:00,Newsletter,
2,2024-05-09 11:30:00,Page view,
3,2024-06-02 11:00:00,Ad click,1
"""


def test_map_renames_columns_and_activities_and_lists_unmapped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "shop.yaml")
    Path("map.yaml").write_text(MAP, encoding="utf-8")
    Path("log.csv").write_text(LOG, encoding="utf-8")
    document = fit_json("shop.yaml", "log.csv", "--map", "map.yaml")
    assert document["data"]["unmapped"] == [{"activity": "Page view", "events": 2}]
    assert document["cases"] == 3
    tps = {t["id"]: t for t in document["touchpoints"]}
    assert tps["site"]["visits"] == 2 and tps["site"]["likelihood"]["count"] == 1
    assert tps["ad"]["likelihood"] == {"count": 1, "total": 1, "value": 1.0,
                                       "low": 0.22852, "high": 1.0}  # Beta(1.5, 0.5) 5 %
    assert tps["ad"]["next"]["site"]["count"] == 1
    assert tps["ad"]["next"]["(drop-off)"]["count"] == 1
    text = run("fit", "shop.yaml", "log.csv", "--map", "map.yaml")[1]
    assert "unmapped activities: Page view (2)\n" in text
    # the period: only May
    may = fit_json("shop.yaml", "log.csv", "--map", "map.yaml", "--since", "2024-05-01",
                   "--until", "2024-05-31")
    assert may["cases"] == 2
    assert may["data"]["period"] == {"from": "2024-05-01 10:00:00", "to": "2024-05-09 11:30:00"}
    # NPS: 0..6 are detractors
    nps = fit_json("shop.yaml", "log.csv", "--map", "map.yaml", "--scale", "nps")
    assert {t["id"]: t["likelihood"]["count"] for t in nps["touchpoints"]
            if "likelihood" in t} == {"ad": 1, "site": 2, "delivery": 1}


def test_empty_period(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "shop.yaml")
    Path("map.yaml").write_text(MAP, encoding="utf-8")
    Path("log.csv").write_text(LOG, encoding="utf-8")
    assert run("fit", "shop.yaml", "log.csv", "--map", "map.yaml", "--since", "2025-01-01") == (
        2, "", "log.csv:1:1: no events of the journey's touchpoints from 2025-01-01\n")
    assert run("fit", "shop.yaml", "log.csv") == (
        2, "", "log.csv:1:1: no column 'activity' for the activity; columns: order, at, event, "
               "csat\n"
               "log.csv:1:1: no column 'case' for the case; columns: order, at, event, csat\n"
               "log.csv:1:1: no column 'time' for the time; columns: order, at, event, csat\n")


@pytest.mark.parametrize("map_text, message", [
    ("colums:\n  case: order\n", "map.yaml:1:1: unknown key 'colums' (did you mean 'columns'?)"),
    ("activities:\n  Shop visit: sight\n",
     "map.yaml:2:15: activity 'Shop visit': unknown touchpoint 'sight' (did you mean 'site'?)"),
    ("rating: {scale: csta}\n",
     "map.yaml:1:17: scale must be one of csat, nps; got 'csta' (did you mean 'csat'?)"),
    ("columns:\n  cas: order\n", "map.yaml:2:3: unknown key 'cas' (did you mean 'case'?)"),
])
def test_map_mistakes_are_located(tmp_path, monkeypatch, map_text, message):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "shop.yaml")
    Path("map.yaml").write_text(map_text, encoding="utf-8")
    Path("log.csv").write_text(LOG, encoding="utf-8")
    assert run("fit", "shop.yaml", "log.csv", "--map", "map.yaml") == (2, "", message + "\n")


@pytest.mark.parametrize("argv, message", [
    (["--since", "2024-13-01"], "--since 2024-13-01: not a date (write YYYY-MM-DD)"),
    (["--since", "2024-02-01", "--until", "2024-01-01"],
     "--until 2024-01-01 is before --since 2024-02-01"),
    (["--dry-run"], "--dry-run goes with --write"),
])
def test_bad_options(logs, monkeypatch, argv, message):
    monkeypatch.chdir(logs)
    assert run("fit", "shop.yaml", "events.csv", *argv) == (
        2, "", f"journeymap: error: {message}\n")
    assert run("fit", "shop.yaml") == (
        2, "", "journeymap: error: give at least one EVENTS file (or --counts FILE)\n")
    assert run("fit", "shop.yaml", "nothing.csv") == (
        2, "", "journeymap: error: EVENTS nothing.csv: no such file\n")


def test_missing_extra_is_named(logs, monkeypatch):
    monkeypatch.chdir(logs)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "duckdb" else real(name, *a))
    message = ("journeymap: {} needs duckdb: install the data extra with "
               "pip install 'journeymap[data]'\n")
    assert run("fit", "shop.yaml", "events.csv") == (2, "", message.format("journeymap fit"))
    assert run("simulate", "shop.yaml", "-n", "5", "--seed", "1", "-o", "x.csv") == (
        2, "", message.format("journeymap simulate"))
