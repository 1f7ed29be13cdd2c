"""Bad event data: each problem named file:line:column (or the XES element path), exit 2."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data_helpers import SHOP, run

HEAD = "case,time,activity,rating\n"
ISO = "write ISO 8601 (2024-03-01 14:30:00) or give time_format in the map"



def xes(*events: str) -> str:
    body = "".join(
        f'    <event><string key="concept:name" value="{activity}"/>'
        f'<date key="time:timestamp" value="{time}"/></event>\n'
        for activity, time in (e.split("@") for e in events))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">\n'
            '  <trace>\n    <string key="concept:name" value="c1"/>\n'
            f'{body}  </trace>\n</log>\n')


CASES = [
    ("time.csv", HEAD + "1,2024-05-01 10:00:00,ad,4\n2,2024-13-01 10:00:00,ad,4\n",
     f"time.csv:3:3: column 'time': '2024-13-01 10:00:00' is not a date and time; {ISO}"),
    ("rating.csv", HEAD + "1,2024-05-01 10:00:00,ad,4\n1,2024-05-01 10:05:00,site,good\n",
     "rating.csv:3:28: column 'rating': 'good' is not a rating from 1 to 5 (scale csat)"),
    ("range.csv", HEAD + "1,2024-05-01 10:00:00,ad,7\n",
     "range.csv:2:26: column 'rating': '7' is not a rating from 1 to 5 (scale csat)"),
    ("order.csv", HEAD + "1,2024-05-01 10:00:00,ad,4\n2,2024-05-01 10:00:00,ad,4\n"
                         "1,2024-05-01 09:05:00,site,4\n",
     "order.csv:4:3: events out of order: case '1' has 'site' at 2024-05-01 09:05:00, earlier "
     "than 'ad' at 2024-05-01 10:00:00 listed before it (line 2); list each case's events in "
     "time order"),
    ("dup.csv", HEAD + "1,2024-05-01 10:00:00,ad,4\n1,2024-05-01 10:05:00,site,4\n"
                       "1,2024-05-01 10:05:00,site,4\n",
     "dup.csv:4:3: duplicate event: case '1' already has 'site' at 2024-05-01 10:05:00 (line 3)"),
    ("time.jsonl", '{"case": 1, "time": "2024-05-01 10:00:00", "activity": "ad"}\n'
                   '{"case": 1, "time": "yesterday", "activity": "site", "rating": 3}\n',
     f"time.jsonl:2:13: column 'time': 'yesterday' is not a date and time; {ISO}"),
    ("flag.jsonl", '{"case": 1, "time": "2024-05-01 10:00:00", "activity": "ad", '
                   '"negative": "maybe"}\n',
     "flag.jsonl:1:62: column 'negative': 'maybe' is not a yes/no flag (true/false, yes/no, "
     "1/0)"),
    ("time.xes", xes("ad@2024-05-01T10:00:00+02:00", "site@soon"),
     f"time.xes:/log/trace[1]/event[2]: attribute 'time:timestamp': 'soon' is not a date and "
     f"time; {ISO}"),
    ("order.xes", xes("ad@2024-05-01T10:00:00+00:00", "site@2024-05-01T09:00:00+00:00"),
     "order.xes:/log/trace[1]/event[2]: events out of order: case 'c1' has 'site' at "
     "2024-05-01T09:00:00+00:00, earlier than 'ad' at 2024-05-01T10:00:00+00:00 listed before "
     "it (/log/trace[1]/event[1]); list each case's events in time order"),
    ("broken.xes", "<log><trace></log>\n",
     "broken.xes:1:15: not valid XML (mismatched tag)"),
    ("nothing.csv", "",
     "nothing.csv:1:1: no column 'activity' for the activity; the file is empty\n"
     "nothing.csv:1:1: no column 'case' for the case; the file is empty\n"
     "nothing.csv:1:1: no column 'time' for the time; the file is empty"),
    ("header.csv", HEAD,
     "header.csv:1:1: no events"),
]


@pytest.mark.parametrize("name, text, message", CASES, ids=[c[0] for c in CASES])
def test_bad_data_is_located(tmp_path, monkeypatch, name, text, message):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "shop.yaml")
    Path(name).write_text(text, encoding="utf-8")
    before = Path("shop.yaml").read_bytes()
    assert run("fit", "shop.yaml", name) == (2, "", message + "\n")
    # a failed fit never touches the journey
    assert run("fit", "shop.yaml", name, "--write")[0] == 2
    assert Path("shop.yaml").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["shop.yaml", name])


def test_parquet_rows_are_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "shop.yaml")
    pq.write_table(pa.table({"case": ["1", "1"], "activity": ["ad", "ad"],
                             "time": ["2024-05-01 10:00:00", "2024-05-01 10:00:00"]}),
                   "dup.parquet")
    assert run("fit", "shop.yaml", "dup.parquet") == (2, "", (
        "dup.parquet:2:3: duplicate event: case '1' already has 'ad' at 2024-05-01 10:00:00 "
        "(row 1)\n"))
    pq.write_table(pa.table({"case": ["1"], "activity": ["ad"]}), "short.parquet")
    assert run("fit", "shop.yaml", "short.parquet") == (2, "", (
        "short.parquet:1:1: no column 'time' for the time; columns: case, activity\n"))


def test_a_file_that_is_not_parquet_is_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "shop.yaml")
    Path("junk.parquet").write_bytes(b"junk")
    assert run("fit", "shop.yaml", "junk.parquet") == (
        2, "", "junk.parquet:1:1: not a Parquet file (too small to be a Parquet file)\n")
