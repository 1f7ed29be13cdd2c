"""Findings in the report are worded in plain words, with figures, in en, ru and bg.

The report words each finding from its parameters with the one message
catalog: touchpoints by name (never by id), the figures that triggered the
rule, and what to do.  The JSON finding keeps its fields and English message.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from conftest import run_main, write

#: ids deliberately unlike the names, so an id leaking into a message shows
RULES_JOURNEY = """\
journey: rules-{lang}
language: {lang}
cohort: 1000
segments:
  small_seg: {{name: Small firms, share: 0.4}}
  big_seg: {{name: Large firms, share: 0.6}}
stages:
  - {{id: st_buy, aspect: sales}}
  - {{id: st_help, aspect: complaint}}
touchpoints:
  tp_shop:
    name: Showroom visit
    stage: st_buy
    channel: in_person
    likelihood: 0.2
    severity: 2
    segments:
      small_seg: {{likelihood: 0.6, severity: 4}}
    complaints: tp_desk
    promises:
      - {{id: pr_call, text: We call you back within a day, kept_at: tp_call}}
    next: {{tp_call: 0.5, tp_order: 0.3}}
  tp_call:
    name: Call-back from sales
    stage: st_buy
    channel: phone
    likelihood: 0.1
    severity: 2
    complaints: tp_desk
    next: {{tp_order: 0.9}}
  tp_order:
    name: Order placed
    stage: st_buy
    channel: web
    likelihood: 0.05
    severity: 2
    next: {{tp_second: 0.5, oc_loyal: 0.5}}
  tp_second:
    name: Second order
    stage: st_buy
    channel: web
    repeat_of: tp_order
    likelihood: 0.3
    severity: 3
    next: {{tp_quiet: 1}}
  tp_quiet:
    name: Delivery note
    stage: st_buy
    channel: mail
  tp_island:
    name: Trade fair stand
    stage: st_buy
    channel: in_person
    likelihood: 0.1
    severity: 1
    complaints: tp_desk
    next: {{oc_loyal: 1}}
  tp_desk:
    name: Complaints desk
    stage: st_help
    channel: in_person
    kind: complaint_channel
    resolution: {{rate: 0.6, hours: 240}}
  oc_loyal:
    outcome: loyal
"""

#: per language: the words "what to do" and bits each rule's message must hold
EXPECTED = {
    "en": ("What to do", "240 h", "72 h", "“Showroom visit”", "Small firms"),
    "ru": ("Что сделать", "240 ч", "72 ч", "«Showroom visit»", "Small firms"),
    "bg": ("Какво да се направи", "240 ч", "72 ч", "„Showroom visit“", "Small firms"),
}


def messages(page: str) -> dict[str, list[str]]:
    """The findings table's messages by rule id."""
    section = page[page.index('<section id="findings"'):]
    section = section[:section.index("</section>")]
    found: dict[str, list[str]] = {}
    for row in re.findall(r'<tr class="finding-.*?</tr>', section, re.S):
        rule = re.search(r"<code>([a-z-]+)</code>", row).group(1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        found.setdefault(rule, []).append(html.unescape(re.sub("<[^>]+>", "", cells[3])))
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("journeys")
    for lang in EXPECTED:
        write(folder, f"rules-{lang}.yaml", RULES_JOURNEY.format(lang=lang))
    out = tmp_path_factory.mktemp("site")
    result = run_main("build", folder, "-o", out)
    assert result.code in (0, 1), result.err
    return out


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_findings_are_plain_words_with_figures(site: Path, lang: str):
    page = (site / f"rules-{lang}.html").read_text(encoding="utf-8")
    found = messages(page)
    todo, hours, limit, shop, segment = EXPECTED[lang]
    for rule in ("no-complaint-channel", "unkept-promise", "unreachable", "dead-end",
                 "missing-aspect", "double-standard", "taken-for-granted", "unassessed",
                 "slow-complaint-handling"):
        assert rule in found, (rule, sorted(found))
        for message in found[rule]:
            assert todo in message, message
            assert "{" not in message and "}" not in message, message
            # names, never ids
            assert not re.search(r"\b(tp|st|oc|pr)_[a-z]+|small_seg|big_seg", message), message
    assert hours in found["slow-complaint-handling"][0]
    assert limit in found["slow-complaint-handling"][0]
    assert "“Complaints desk”" in found["slow-complaint-handling"][0] or lang != "en"
    promise = found["unkept-promise"][0]
    assert shop in promise and "90" in promise and "50" in promise, promise
    double = found["double-standard"][0]
    assert segment in double and "60" in double and "20" in double, double
    granted = found["taken-for-granted"][0]
    assert "Second order" in granted and "Order placed" in granted, granted
    # the touchpoint's own details list the same words
    details = page[page.index('id="tp-tp_desk"'):]
    assert found["slow-complaint-handling"][0] in html.unescape(details[:details.index("</article>")])


def test_json_findings_keep_their_fields_and_english_message(site: Path):
    document = json.loads((site / "rules-bg.json").read_text(encoding="utf-8"))
    for finding in document["findings"]:
        assert set(finding) <= {"rule", "severity", "message", "file", "line", "column",
                                "touchpoint"}
        assert {"rule", "severity", "message", "file", "line"} <= set(finding)
    slow = [f for f in document["findings"] if f["rule"] == "slow-complaint-handling"]
    assert slow and "tp_desk" in slow[0]["message"] and "240 h" in slow[0]["message"]
