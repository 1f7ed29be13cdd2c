"""`journeymap simulate`: event logs drawn from the journey's own chain."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from data_helpers import run
from mapper.eventlog.simulate import simulate
from mapper.loader.catalog import Catalog
from mapper.risk.assess import assess
from mapper.risk.profile import load_profile
from mapper.model.workspace import load_journey

REPO = Path(__file__).resolve().parents[2]
SHOP = str(REPO / "journeys" / "online-shop.yaml")
COLUMNS = ["case", "time", "activity", "outcome", "segment", "negative", "rating",
           "complaint", "resolved", "hours"]



@pytest.mark.parametrize("suffix", ["csv", "parquet", "jsonl", "xes"])
def test_same_seed_same_bytes(tmp_path, suffix):
    first, second, other = (tmp_path / f"{n}.{suffix}" for n in ("a", "b", "c"))
    assert run("simulate", SHOP, "-n", "300", "--seed", "5", "-o", str(first))[0] == 0
    assert run("simulate", SHOP, "-n", "300", "--seed", "5", "-o", str(second))[0] == 0
    assert run("simulate", SHOP, "-n", "300", "--seed", "6", "-o", str(other))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_default_columns_and_summary(tmp_path):
    target = tmp_path / "events.parquet"
    code, out, err = run("simulate", SHOP, "-n", "50", "--seed", "1", "-o", str(target))
    assert code == 0 and out == ""
    table = pq.read_table(target)
    assert table.column_names == COLUMNS
    assert err == f"{target}: {table.num_rows} events of 50 cases (seed 1)\n"
    rows = table.to_pylist()
    assert {r["case"] for r in rows} == set(range(1, 51))
    by_case: dict[int, list] = {}
    for row in rows:
        by_case.setdefault(row["case"], []).append(row)
    for events in by_case.values():
        times = [e["time"] for e in events]
        assert times == sorted(times) and len(set(times)) == len(times)
        assert all(e["outcome"] is None for e in events[:-1])
        assert len({e["segment"] for e in events}) == 1


def test_frequencies_follow_the_model():
    """Visits per case and losses agree with the risk engine's reach and expected losses."""
    profile = load_profile()
    journey = load_journey(SHOP, Catalog())
    analysis, _ = assess(journey, profile)
    cases = 20000
    rows = simulate(journey, profile, cases, 11).to_pydict()
    visits: dict[str, int] = {}
    for activity, subject in zip(rows["activity"], rows["complaint"]):
        visits[activity] = visits.get(activity, 0) + 1
    for tid, risk in analysis.touchpoints.items():
        observed = visits.get(tid, 0) / cases
        spread = 4.5 * (max(risk.reach, 1e-3) / cases) ** 0.5
        assert abs(observed - risk.reach) < spread, (tid, observed, risk.reach)
    lost = sum(1 for o in rows["outcome"] if o == "lost") / cases
    expected = analysis.summary["expected_lost"] / journey.cohort
    assert abs(lost - expected) < 4.5 * (expected / cases) ** 0.5
    negative = [n for n in rows["negative"] if n is not None]
    low = [r for r, n in zip(rows["rating"], rows["negative"]) if n]
    assert negative and set(low) <= {1, 2}
    high = [r for r, n in zip(rows["rating"], rows["negative"]) if n is False]
    assert set(high) <= {3, 4, 5}
    resolved = [h for h, r in zip(rows["hours"], rows["resolved"]) if r]
    assert resolved and all(h is not None and h >= 0 for h in resolved)


def test_segments_are_drawn_with_their_shares():
    profile = load_profile()
    journey = load_journey(SHOP, Catalog())
    rows = simulate(journey, profile, 4000, 3).to_pydict()
    first = {}
    for case, segment in zip(rows["case"], rows["segment"]):
        first.setdefault(case, segment)
    share = sum(1 for s in first.values() if s == "business") / len(first)
    assert abs(share - 0.2) < 0.03


@pytest.mark.parametrize("argv, message", [
    (["-n", "5", "--seed", "1", "-o", "events.txt"],
     "journeymap: error: -o events.txt: unknown event-log format '.txt'; "
     "use .csv, .parquet, .jsonl or .xes\n"),
    (["-n", "0", "--seed", "1", "-o", "events.csv"],
     "journeymap: error: -n: give at least 1 case\n"),
    (["-n", "5", "--seed", "1", "-o", "no/such/folder/events.csv"],
     "journeymap: error: -o no/such/folder/events.csv: no such folder\n"),
])
def test_bad_usage_exits_2(tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("simulate", SHOP, *argv)
    assert (code, out, err) == (2, "", message)
    assert list(tmp_path.iterdir()) == []
