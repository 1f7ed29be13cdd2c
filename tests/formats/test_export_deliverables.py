"""`journeymap export --format xlsx|png|pdf`: the deliverables a consultant hands over."""
from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from pdf_helpers import check_pdf
from conftest import EXAMPLES, JOURNEYS, REPO, run_main, write

HOSTILE = REPO / "tests" / "data" / "hostile-names.yaml"
KEYS = ("id", "score", "level", "likelihood", "severity", "reach", "expected_lost", "saved")

FORMULAS = """\
journey: formulas
stages:
  - {id: buy, aspect: sales}
touchpoints:
  site:
    name: "=HYPERLINK(\\"http://example.com\\",\\"click\\")"
    stage: buy
    channel: web
    likelihood: 0.2
    severity: 3
    owner: {name: "+cmd|' /C calc'!A0", third_party: true}
    next: {done: 0.9}
  done:
    outcome: loyal
"""


def export(tmp_path: Path, path: Path, fmt: str, name: str = "") -> Path:
    target = tmp_path / (name or f"{path.stem}.{fmt}")
    result = run_main("export", "--format", fmt, path, "-o", target)
    assert result.code == 0, result.err
    return target


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_workbook_rows_equal_the_json(tmp_path: Path, path: Path):
    book = openpyxl.load_workbook(export(tmp_path, path, "xlsx"))
    assert book.sheetnames == ["Touchpoints", "Findings", "Outcomes"]
    document = json.loads(run_main("score", path, "--format", "json").out)
    expected = {t["id"]: t for t in document["touchpoints"] if t["kind"] != "outcome"}
    got = {row["id"]: row for row in rows(book["Touchpoints"])}
    assert set(got) == set(expected)
    for tid, row in got.items():
        for key in KEYS:
            assert row[key] == expected[tid][key], (tid, key)
        factors = {f["factor"]: f["contribution"] for f in expected[tid]["factors"]}
        for factor, value in factors.items():
            if f"factor_{factor}" in row:
                assert row[f"factor_{factor}"] == value, (tid, factor)
    ranks = {item["id"]: i + 1 for i, item in enumerate(document["summary"]["fix_first"])}
    assert {tid: row["fix_first_rank"] for tid, row in got.items() if row["fix_first_rank"]} \
        == ranks
    findings = rows(book["Findings"])
    assert sorted((f["rule"], f["line"]) for f in findings) == \
        sorted((f["rule"], f["line"]) for f in document["findings"])
    outcomes = rows(book["Outcomes"])
    cohort = document["summary"]["cohort"]
    assert outcomes[-1]["customers"] == cohort
    assert abs(sum(o["customers"] for o in outcomes[:-1]) - cohort) <= 0.5


def test_workbook_guards_formulas_and_is_reproducible(tmp_path: Path):
    path = write(tmp_path, "formulas.yaml", FORMULAS)
    first = export(tmp_path, path, "xlsx", "a.xlsx")
    second = export(tmp_path, path, "xlsx", "b.xlsx")
    assert first.read_bytes() == second.read_bytes()
    sheet = openpyxl.load_workbook(first)["Touchpoints"]
    row = rows(sheet)[0]
    assert row["name"] == "'=HYPERLINK(\"http://example.com\",\"click\")"
    assert row["owner"] == "'+cmd|' /C calc'!A0"
    # no cell of the workbook is a formula
    for worksheet in openpyxl.load_workbook(first):
        for cells in worksheet.iter_rows():
            assert all(cell.data_type != "f" for cell in cells)


def test_hostile_names_export_to_every_deliverable_format(tmp_path: Path):
    assert export(tmp_path, HOSTILE, "xlsx").stat().st_size > 1000


def test_png_is_the_diagram(tmp_path: Path):
    png = export(tmp_path, JOURNEYS / "hairdresser.yaml", "png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 400 and height > 200
    assert export(tmp_path, JOURNEYS / "hairdresser.yaml", "png", "again.png").read_bytes() == png


def test_pdf_is_the_printed_report(tmp_path: Path):
    first = export(tmp_path, JOURNEYS / "online-shop.yaml", "pdf").read_bytes()
    assert check_pdf(first) >= 2
    assert b"/tmp" not in first and str(tmp_path).encode() not in first
    assert export(tmp_path, JOURNEYS / "online-shop.yaml", "pdf", "again.pdf").read_bytes() == first


def test_pdf_without_chromium_is_a_clear_usage_error(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("JOURNEYMAP_CHROMIUM", str(tmp_path / "no-such-chromium"))
    target = tmp_path / "report.pdf"
    result = run_main("export", "--format", "pdf", JOURNEYS / "online-shop.yaml", "-o", target)
    assert result.code == 2
    assert "Chromium not found" in result.err and "apt-get install chromium" in result.err
    assert "Traceback" not in result.err
    assert not target.exists()


@pytest.mark.parametrize("fmt", ["xlsx", "png", "pdf"])
def test_binary_formats_need_an_output_file(fmt: str):
    result = run_main("export", "--format", fmt, JOURNEYS / "online-shop.yaml")
    assert result.code == 2 and f"give -o FILE.{fmt}" in result.err


def test_format_from_the_suffix(tmp_path: Path):
    target = tmp_path / "register.xlsx"
    assert run_main("export", JOURNEYS / "online-shop.yaml", "-o", target).code == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == "Touchpoints"
