"""`fit --print-sql` for a warehouse, and `fit --counts` taking its result back."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from data_helpers import SHOP, run




@pytest.fixture()
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "shop.yaml")
    assert run("simulate", "shop.yaml", "-n", "2000", "--seed", "12", "-o", "events.parquet",
               "-q")[0] == 0
    return tmp_path


def _without_files(document):
    del document["data"]["files"]
    return document


@pytest.mark.parametrize("dialect", ["duckdb", "postgres"])
def test_printed_query_run_by_duckdb_gives_fits_counts(folder, dialect):
    code, sql, err = run("fit", "shop.yaml", "events.parquet", "--print-sql", "--dialect",
                         dialect)
    assert (code, err) == (0, "")
    assert sql.startswith(f"-- journeymap fit: directly-follows and per-activity counts "
                          f"({dialect})\n")
    assert "events.parquet" not in sql   # it reads the warehouse table `events`
    with duckdb.connect() as con:
        con.execute("CREATE VIEW events AS SELECT * FROM read_parquet('events.parquet')")
        con.execute(f"COPY ({sql.rstrip()}) TO 'counts.csv' (HEADER)")
    direct = json.loads(run("fit", "shop.yaml", "events.parquet", "--format", "json")[1])
    code, out, err = run("fit", "shop.yaml", "--counts", "counts.csv", "--format", "json")
    assert (code, err) == (0, "")
    back = json.loads(out)
    assert back["data"]["files"] == [{"path": "counts.csv",
                                      "rows": direct["data"]["files"][0]["rows"]}]
    assert _without_files(back) == _without_files(direct)


@pytest.mark.parametrize("dialect, marks", [
    ("bigquery", ["`case`", "CAST(`time` AS TIMESTAMP)", "STRING", "FLOAT64"]),
    ("spark", ["`case`", "STRING", "DOUBLE"]),
    ("postgres", ['"case"', "TEXT", "DOUBLE PRECISION"]),
])
def test_dialects(folder, dialect, marks):
    code, sql, _ = run("fit", "shop.yaml", "--print-sql", "--dialect", dialect,
                       "--since", "2024-02-01")
    assert code == 0
    for mark in marks:
        assert mark in sql
    assert "t >= TIMESTAMP '2024-02-01 00:00:00'" in sql
    assert "TRY_CAST" not in sql and "ARG_MIN" not in sql   # local checks stay local


def test_counts_file_problems(folder):
    Path("counts.csv").write_text("part,file,activity\nflow,0,ad\n", encoding="utf-8")
    code, out, err = run("fit", "shop.yaml", "--counts", "counts.csv")
    assert code == 2 and out == ""
    assert err == ("counts.csv:1:1: not the result of fit --print-sql: no column next, segment, "
                   "outcome, complaint, n, negative, judged, resolved, handled, timed, "
                   "hours, hours_sq, first_time, last_time (it has part, file, activity, next, "
                   "segment, outcome, complaint, n, negative, judged, resolved, handled, "
                   "timed, hours, hours_sq, first_time, last_time)\n")
    assert run("fit", "shop.yaml", "--counts", "none.csv") == (
        2, "", "journeymap: error: --counts none.csv: no such file\n")
    assert run("fit", "shop.yaml", "events.parquet", "--counts", "counts.csv") == (
        2, "", "journeymap: error: give EVENTS or --counts FILE, not both\n")
    assert run("fit", "shop.yaml", "--counts", "counts.csv", "--since", "2024-01-01") == (
        2, "", "journeymap: error: --since and --until filter EVENTS; with --counts, give them "
               "to --print-sql, whose query applies the period\n")
