"""The screened count (cheap; bad data only flagged) against the full one (bad data located)."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from data_helpers import SHOP, run
from mapper.eventlog.aggregate import CHECK_COLUMNS, COUNT_COLUMNS, Period, aggregation_sql, \
    vocabulary_for
from mapper.eventlog.counts import _connect, _counts, _records, _types
from mapper.eventlog.events import default_map, open_source
from mapper.loader.catalog import Catalog
from mapper.model.workspace import load_journey

NAMES = COUNT_COLUMNS + CHECK_COLUMNS


def _both(paths, period=Period()):
    """(screened records, full records) of the shop's journey over ``paths``."""
    journey = load_journey(str(SHOP), Catalog())
    event_map = default_map(journey)
    sources = [open_source(str(p), event_map) for p in paths]
    con = _connect()
    for index, source in enumerate(sources):
        if source.table is not None:
            con.register(f"xes_{index}", source.table)
        source.types = _types(con, index, source)
    vocabulary = vocabulary_for(journey, event_map)
    return [_records(con, aggregation_sql(event_map, vocabulary, sources, period, local=True,
                                          screen=screen), NAMES) for screen in (True, False)]


def _flagged(records):
    return any(r[c] is not None for r in records for c in CHECK_COLUMNS)


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screen")
    shutil.copy(SHOP, folder / "shop.yaml")
    for name, seed in (("a.parquet", 3), ("b.csv", 4), ("c.xes", 5)):
        assert run("simulate", str(folder / "shop.yaml"), "-n", "400", "--seed", str(seed),
                   "-o", str(folder / name), "-q")[0] == 0
    return folder


@pytest.mark.parametrize("names, period", [
    (["a.parquet"], Period()),
    (["b.csv"], Period(dt.datetime(2024, 2, 1), dt.datetime(2024, 3, 1))),
    (["c.xes"], Period()),
    (["a.parquet", "b.csv"], Period(dt.datetime(2024, 1, 15))),
])
def test_clean_logs_pass_the_screen_with_the_full_querys_counts(logs, names, period):
    screened, full = _both([logs / n for n in names], period)
    assert not _flagged(screened) and not _flagged(full)
    files = [str(logs / n) for n in names]
    assert _counts(screened, files) == _counts(full, files)


HEAD = "case,time,activity,rating,hours\n"


@pytest.mark.parametrize("rows", [
    # listed out of time order (one file: the screen reads each case in file order)
    "1,2024-05-01 10:00:00,ad,4,\n1,2024-05-01 09:00:00,site,4,\n",
    # the same event twice
    "1,2024-05-01 10:00:00,ad,4,\n1,2024-05-01 10:00:00,ad,4,\n",
    # out of order after a tie in time
    "1,2024-05-01 10:00:00,site,4,\n1,2024-05-01 10:00:00,ad,4,\n"
    "1,2024-05-01 09:00:00,delivery,4,\n",
    "1,2024-05-01 10:00:00,ad,9,\n",     # a rating off the scale
    "1,2024-05-01 10:00:00,ad,4,-2\n",   # negative hours
    "1,soon,ad,4,\n",                   # an unreadable time
])
def test_the_screen_flags_what_the_full_query_locates(tmp_path, rows):
    (tmp_path / "bad.csv").write_text(HEAD + "1,2024-05-01 08:00:00,ad,4,\n" + rows,
                                      encoding="utf-8")
    screened, full = _both([tmp_path / "bad.csv"])
    assert _flagged(screened) and _flagged(full)


def test_ties_in_time_keep_the_file_order(tmp_path):
    (tmp_path / "ties.csv").write_text(
        HEAD + "1,2024-05-01 10:00:00,site,4,\n1,2024-05-01 10:00:00,ad,4,\n"
               "2,2024-05-01 10:00:00,ad,4,\n2,2024-05-01 10:00:00,site,4,\n",
        encoding="utf-8")
    screened, full = _both([tmp_path / "ties.csv"])
    assert not _flagged(screened) and not _flagged(full)
    assert _counts(screened, ["t"]) == _counts(full, ["t"])
    pairs = sorted((f.activity, f.next or "") for f in _counts(screened, ["t"]).flows)
    assert pairs == [("ad", ""), ("ad", "site"), ("site", ""), ("site", "ad")]
