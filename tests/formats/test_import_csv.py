"""`journeymap import csv`: an exported (and edited) table back into an equivalent journey."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, REPO, run_main
from mapper.formats.imports.equivalence import signature
from mapper.loader.catalog import Catalog
from mapper.risk.assess import assess
from mapper.risk.profile import load_profile
from mapper.model.workspace import load_journey

HOSTILE = REPO / "tests" / "data" / "hostile-names.yaml"


def export_csv(path: Path, target: Path) -> Path:
    result = run_main("export", "--format", "csv", path, "-o", target)
    assert result.code == 0, result.err
    return target


def import_csv(source: Path, target: Path) -> Path:
    result = run_main("import", "csv", source, "-o", target)
    assert result.code == 0, result.err
    return target


def scores(path: Path) -> tuple[dict, dict]:
    analysis, _ = assess(load_journey(str(path), Catalog()), load_profile(None))
    return ({tid: (r.score, r.level, r.reach, r.expected_lost, r.saved)
             for tid, r in analysis.touchpoints.items()},
            {k: analysis.summary[k] for k in ("retained", "expected_lost", "dropped",
                                              "word_of_mouth", "fix_first")})


@pytest.mark.parametrize("path", [*EXAMPLES, HOSTILE], ids=lambda p: p.stem)
def test_round_trip_gives_the_same_journey_and_scores(tmp_path, path):
    table = export_csv(path, tmp_path / f"{path.stem}.csv")
    back = import_csv(table, tmp_path / f"{path.stem}.yaml")
    assert signature(load_journey(str(back))) == signature(load_journey(str(path)))
    assert scores(back) == scores(path)
    check = run_main("check", back)
    assert check.code == 0, check.out
    # and once more: the table of the re-imported journey is the same table
    again = export_csv(back, tmp_path / "again.csv")
    assert again.read_bytes() == table.read_bytes()


def test_catalog_values_are_not_repeated(tmp_path):
    back = import_csv(export_csv(REPO / "journeys" / "online-shop.yaml", tmp_path / "a.csv"),
                      tmp_path / "a.yaml")
    data = yaml.safe_load(back.read_text(encoding="utf-8"))
    site = data["touchpoints"]["site"]
    assert site["use"] == "online/website"
    assert "failure_modes" not in site and "channel" not in site and "name" not in site
    checkout = data["touchpoints"]["checkout"]  # its own risk replaces the entry's
    assert (checkout["likelihood"], checkout["severity"]) == (0.07, "serious")
    assert back.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


def edit(table: Path, target: Path, changes: dict[tuple[str, str], str],
         delimiter: str = ",", decimal_comma: bool = False) -> Path:
    text = table.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    for (rid, column), value in changes.items():
        row = next(r for r in rows[1:] if r[0] == rid)
        row[header.index(column)] = value
    if decimal_comma:
        rows = [[re.sub(r"^(-?\d+)\.(\d+)$", r"\1,\2", cell) for cell in row] for row in rows]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    target.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8", newline="")
    return target


@pytest.fixture
def shop_table(tmp_path):
    return export_csv(REPO / "journeys" / "online-shop.yaml", tmp_path / "shop.csv")


def test_edits_are_applied(tmp_path, shop_table):
    edited = edit(shop_table, tmp_path / "edited.csv", {
        ("banner", "likelihood"): "0.2", ("banner", "name"): "Banner: new",
        ("courier", "next"): "unboxing:0.9", ("courier", "third_party"): "false",
        ("site", "emotion"): "-2", ("banner", "score"): "999"})
    back = import_csv(edited, tmp_path / "edited.yaml")
    journey = load_journey(str(back))
    banner = journey.touchpoints["banner"]
    assert (banner.likelihood, banner.name) == (0.2, "Banner: new")
    assert journey.touchpoints["courier"].next == (("unboxing", 0.9),)
    assert not journey.touchpoints["courier"].third_party
    assert journey.touchpoints["site"].emotion == -2


def test_semicolons_and_decimal_commas(tmp_path, shop_table):
    """What a spreadsheet in a Russian or Bulgarian locale saves."""
    edited = edit(shop_table, tmp_path / "ru.csv", {("banner", "likelihood"): "12,5%"},
                  delimiter=";", decimal_comma=True)
    back = import_csv(edited, tmp_path / "ru.yaml")
    journey = load_journey(str(back))
    assert journey.touchpoints["banner"].likelihood == pytest.approx(0.125)
    assert journey.touchpoints["checkout"].likelihood == 0.07
    assert dict(journey.entry) == {"search_ad": 0.5, "banner": 0.2, "site": 0.3}


def test_guard_is_removed(tmp_path):
    back = import_csv(export_csv(HOSTILE, tmp_path / "h.csv"), tmp_path / "h.yaml")
    names = {tid: tp.name for tid, tp in load_journey(str(back)).touchpoints.items()}
    assert names["formula"] == '=HYPERLINK("http://x";"y")'
    assert names["tab"] == "\tstarts with a tab"
    assert names["minus"] == "-2 title page\nsecond line\ttab"


def test_bad_cells_are_located(tmp_path, shop_table):
    edited = edit(shop_table, tmp_path / "bad.csv", {
        ("banner", "likelihood"): "1.5",
        ("site", "next"): "product_page:0.5;checkout",
        ("product_page", "severity"): "sever",
        ("checkout", "promises"): "[{id: x, text: y",
        ("courier", "next"): "nowhere:0.5",
        ("unboxing", "emotion"): "-3",
        ("usage", "third_party"): "maybe",
        ("hotline", "kind"): "complaint-channel",
    })
    result = run_main("import", "csv", edited, "-o", tmp_path / "bad.yaml")
    assert result.code == 2
    assert "Traceback" not in result.err
    assert not (tmp_path / "bad.yaml").exists()
    columns = next(csv.reader(io.StringIO(edited.read_text(encoding="utf-8-sig"))))
    rows = [r[0] for r in csv.reader(io.StringIO(edited.read_text(encoding="utf-8-sig")))]

    def at(rid: str, column: str) -> str:
        return f"{edited}:{rows.index(rid) + 1}:{columns.index(column) + 1}: "

    lines = result.err.splitlines()
    expected = [
        (at("banner", "likelihood"), "likelihood must be between 0 and 1"),
        (at("site", "next"), "probability for every target or for none"),
        (at("product_page", "severity"), "severity must be"),
        (at("checkout", "promises"), "YAML syntax error"),
        (at("courier", "next"), "unknown touchpoint 'nowhere'"),
        (at("unboxing", "emotion"), "emotion must be between -2 and 2"),
        (at("usage", "third_party"), "expected true or false"),
        (at("hotline", "kind"), "did you mean 'complaint_channel'"),
    ]
    for prefix, words in expected:
        assert any(line.startswith(prefix) and words in line for line in lines), \
            (prefix, words, result.err)


def test_unknown_and_duplicate_columns_and_ids(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("id,name,stage,aspect,likelyhood,name\n"
                     "a,A,s,sales,0.1,A\n", encoding="utf-8")
    result = run_main("import", "csv", table)
    assert result.code == 2
    assert f"{table}:1:5: unknown column 'likelyhood' (did you mean 'likelihood'?)" in result.err
    assert f"{table}:1:6: column 'name' appears twice" in result.err
    table.write_text("id,stage,aspect,next\na,s,sales,b\nb,s,sales,\na,s,sales,\n",
                     encoding="utf-8")
    result = run_main("import", "csv", table)
    assert result.code == 2
    assert f"{table}:4:1: touchpoint 'a': id: duplicate id 'a' (first at row 2)" in result.err


def test_a_hand_made_table(tmp_path):
    """Touchpoint rows only: stages in order of use, the id from the file name."""
    table = tmp_path / "Workshop Table.csv"
    table.write_text(
        "id;name;stage;aspect;channel;likelihood;severity;next;kind;outcome\n"
        "visit;Store visit;store;sales;in_person;0,1;3;pay:0,8;;\n"
        "pay;Paying;store;;in_person;likely;minor;help;;\n"
        "help;After-sales help;after;after_sales;phone;0.05;2;done;;\n"
        "fix;Repairs;repair;warranty;other;0.1;4;done;;\n"
        "desk;Complaints desk;complaints;complaint;in_person;;;;complaint_channel;\n"
        "done;Happy;;;;;;;outcome;loyal\n", encoding="utf-8")
    back = tmp_path / "out.yaml"
    assert import_csv(table, back) == back
    journey = load_journey(str(back))
    assert journey.id == "workshop-table"
    assert [(s.id, s.aspect) for s in journey.stages] == [
        ("store", "sales"), ("after", "after_sales"), ("repair", "warranty"),
        ("complaints", "complaint")]
    assert journey.touchpoints["visit"].likelihood == 0.1
    assert journey.touchpoints["desk"].is_complaint_channel
    assert journey.touchpoints["done"].outcome == "loyal"


def test_no_overwrite_without_force(tmp_path, shop_table):
    target = tmp_path / "x.yaml"
    target.write_text("keep\n", encoding="utf-8")
    result = run_main("import", "csv", shop_table, "-o", target)
    assert result.code == 2 and "--force" in result.err
    assert target.read_text(encoding="utf-8") == "keep\n"
    assert run_main("import", "csv", shop_table, "-o", target, "--force").code == 0
    assert load_journey(str(target)).id == "online-shop"


def test_not_utf8(tmp_path):
    table = tmp_path / "cp1251.csv"
    table.write_bytes("id,name\nа,Касса\n".encode("cp1251"))
    result = run_main("import", "csv", table)
    assert result.code == 2
    assert re.search(rf"{re.escape(str(table))}:2:\d+: file is not valid UTF-8", result.err)


def test_empty_and_headerless(tmp_path):
    table = tmp_path / "empty.csv"
    table.write_text("\n", encoding="utf-8")
    assert run_main("import", "csv", table).code == 2
    table.write_text("name,stage\nx,y\n", encoding="utf-8")
    result = run_main("import", "csv", table)
    assert result.code == 2 and "no 'id' column" in result.err
