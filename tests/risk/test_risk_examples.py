"""The example journeys rank as a consultant would expect, and their JSON holds its schema."""
from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mapper.cli import main
from mapper.risk.assess import assess
from mapper.model.workspace import load_journey
from risk_helpers import PROFILE

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "journeys").glob("*.yaml"))
SCHEMA = json.loads((REPO / "tests" / "schemas" / "analysis.schema.json").read_text())


def analysed(name):
    return assess(load_journey(str(REPO / "journeys" / name)), PROFILE)


def rank(analysis):
    return [t.id for t in analysis.ranked() if t.kind != "outcome"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_score_json_validates_against_the_output_schema(path):
    out = io.StringIO()
    assert main(["score", str(path), "--format", "json"], out, io.StringIO()) == 0
    document = json.loads(out.getvalue())
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    summary = document["summary"]
    cohort = document["journey"]["cohort"]
    assert summary["retained"] + summary["expected_lost"] + summary["dropped"] == \
        pytest.approx(cohort)
    saved = [item["saved"] for item in summary["fix_first"]]
    assert saved == sorted(saved, reverse=True)


def test_online_shop_third_party_warranty_outranks_the_pleasant_website():
    analysis, _ = analysed("online-shop.yaml")
    order = rank(analysis)
    # the repair centre: a third party, warranty aspect, severe failures
    assert order[0] == "repair_centre"
    assert order.index("courier") < order.index("site")
    assert order.index("repair_centre") < order.index("site")
    courier = {f.factor for f in analysis.touchpoints["courier"].factors}
    assert {"third_party", "promises"} <= courier


def test_electronics_store_service_centre_tops_the_list():
    analysis, findings = analysed("electronics-store.yaml")
    assert rank(analysis)[0] == "service_repair"
    assert analysis.touchpoints["service_repair"].third_party
    assert any(f.rule == "unkept-promise" for f in findings)


def test_hairdresser_repeat_visit_is_taken_for_granted():
    analysis, findings = analysed("hairdresser.yaml")
    order = rank(analysis)
    assert order.index("repeat_visit") < order.index("haircut")
    assert [f.touchpoint for f in findings if f.rule == "taken-for-granted"] == ["repeat_visit"]
    factors = {f.factor for f in analysis.touchpoints["repeat_visit"].factors}
    assert "taken_for_granted" in factors


def test_office_supplies_small_accounts_are_served_worse():
    analysis, findings = analysed("office-supplies.yaml")
    flagged = {f.touchpoint for f in findings if f.rule == "double-standard"}
    assert {"quote_request", "account_manager"} <= flagged
    small, large = analysis.segments["small"], analysis.segments["large"]
    assert small["expected_lost"] / small["cohort"] > large["expected_lost"] / large["cohort"]
    assert any(f.factor == "double_standard"
               for f in analysis.touchpoints["quote_request"].factors)


def test_supermarket_slow_complaint_book_and_busy_shelves():
    analysis, findings = analysed("supermarket.yaml")
    assert any(f.rule == "slow-complaint-handling" for f in findings)
    # the shelves are passed by most of the cohort and lose the most customers
    assert analysis.summary["fix_first"][0]["id"] == "полки"


def test_score_text_table_lists_every_touchpoint_sorted():
    out = io.StringIO()
    assert main(["score", str(REPO / "journeys" / "online-shop.yaml")], out, io.StringIO()) == 0
    text = out.getvalue()
    assert "repair_centre" in text.splitlines()[4]
    assert "expected lost" in text and "word of mouth" in text and "money at risk" in text


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=25)


@given(_JSON_VALUES)
def test_json_writer_equals_the_standard_library(value):
    from mapper.risk.document import clean_numbers, dumps

    assert dumps(value) == json.dumps(clean_numbers(value), indent=2, ensure_ascii=False)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_report_json_is_the_rounded_document(path):
    from mapper.risk.document import analysis_json, analysis_json_text

    analysis, findings = assess(load_journey(str(path)), PROFILE)
    assert analysis_json_text(analysis, findings) == json.dumps(
        analysis_json(analysis, findings), indent=2, ensure_ascii=False) + "\n"
