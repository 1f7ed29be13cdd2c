"""Message catalogs, plural rules and number formats of en, ru and bg."""
from __future__ import annotations

import dataclasses
import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLES
from mapper.core.vocabulary import LANGUAGES, MINUS, NBSP, catalog, plural_category, translator
from mapper.render.views import build_diagrams
from mapper.report.html import render_report
from mapper.report.view import report_view
from mapper.risk.assess import assess
from mapper.risk.profile import load_profile
from mapper.model.workspace import load_journey

FORMS = {"en": {"one", "other"}, "bg": {"one", "other"}, "ru": {"one", "few", "many", "other"}}
#: Latin words allowed in Russian and Bulgarian texts (names, keys and symbols of the tool)
LATIN_OK = {"journeymap", "FMEA", "Mermaid", "use", "complaints", "fail-on", "h", "id"}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogs_have_the_same_keys():
    keys = {lang: set(catalog(lang)) for lang in LANGUAGES}
    for lang in LANGUAGES:
        assert keys[lang] == keys["en"], (lang, keys[lang] ^ keys["en"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_messages_have_the_same_fields_and_plural_forms(lang: str):
    english = catalog("en")
    for key, message in catalog(lang).items():
        reference = english[key]
        if isinstance(message, dict):
            assert set(message) == FORMS[lang], (lang, key)
            wanted = fields(reference["other"])
            for form, text in message.items():
                assert fields(text) == wanted, (lang, key, form)
        else:
            assert isinstance(message, str) and message.strip(), (lang, key)
            assert fields(message) == fields(reference), (lang, key)


@pytest.mark.parametrize("lang", ["ru", "bg"])
def test_no_english_left_in_translations(lang: str):
    for key, message in catalog(lang).items():
        texts = message.values() if isinstance(message, dict) else [message]
        for text in texts:
            plain = re.sub(r"\{[a-z_]+\}", "", text)
            plain = re.sub(r"`[^`]*`", "", plain)  # code spans: file keys, verbatim
            words = set(re.findall(r"[A-Za-z][A-Za-z-]*", plain))
            assert words <= LATIN_OK, (lang, key, words - LATIN_OK)


@pytest.mark.parametrize("number, category", [
    (0, "many"), (1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"), (12, "many"),
    (14, "many"), (21, "one"), (22, "few"), (25, "many"), (101, "one"), (111, "many"),
    (112, "many"), (1000, "many"), (1001, "one")])
def test_russian_plural_rules(number: int, category: str):
    assert plural_category("ru", number, 0) == category


def test_plural_rules_of_fractions_and_other_languages():
    assert plural_category("ru", 1, 1) == "other"
    assert plural_category("bg", 1, 0) == "one"
    assert plural_category("bg", 2, 0) == "other"
    assert plural_category("bg", 1, 1) == "other"
    assert plural_category("en", 1, 0) == "one"
    assert plural_category("en", 1, 1) == "other"


def test_counted_messages_read_correctly():
    ru, bg, en = translator("ru"), translator("bg"), translator("en")
    assert [ru.count("count.customers", n) for n in (1, 2, 5, 21, 1000)] == [
        "1 клиент", "2 клиента", "5 клиентов", "21 клиент", f"1{NBSP}000 клиентов"]
    assert ru.count("count.customers", 134.1, 1) == "134,1 клиента"
    assert ru.count("count.touchpoints", 12) == "12 точек контакта"
    assert ru.count("count.stages", 3) == "3 этапа"
    assert [bg.count("count.customers", n) for n in (1, 2, 5)] == [
        "1 клиент", "2 клиента", "5 клиента"]
    assert bg.count("count.touchpoints", 1) == "1 точка на контакт"
    assert [en.count("count.customers", n) for n in (1, 2)] == ["1 customer", "2 customers"]
    assert en.count("count.customers", 1, 1) == "1.0 customers"


@given(st.sampled_from(LANGUAGES), st.floats(-1e9, 1e9), st.integers(0, 3))
def test_number_format_rules(lang, value, digits):
    """Grouping and decimal signs of the language, a minus sign (U+2212) unless the
    figure shows as zero."""
    shown = translator(lang).number(value, digits)
    plain = f"{abs(value):,.{digits}f}"
    rounds_to_zero = float(plain.replace(",", "")) == 0
    assert shown.startswith(MINUS) == (value < 0 and not rounds_to_zero)
    group, decimal = ("," , ".") if lang == "en" else (NBSP, ",")
    expected = plain.replace(",", "\0").replace(".", decimal).replace("\0", group)
    assert shown.removeprefix(MINUS) == expected


def test_numbers_do_not_depend_on_the_machine_locale():
    en, ru, bg = translator("en"), translator("ru"), translator("bg")
    assert en.number(1234.5) == "1,234.5"
    assert ru.number(1234.5) == f"1{NBSP}234,5"
    assert bg.number(1234567.25, 2) == f"1{NBSP}234{NBSP}567,25"
    assert en.number(-3.25, 1) == f"{MINUS}3.2" or en.number(-3.25, 1) == f"{MINUS}3.3"
    assert en.number(-0.01, 1) == "0.0"
    assert en.signed(2.5) == "+2.5" and en.signed(-2.5) == f"{MINUS}2.5"
    assert en.signed(0.0) == "0.0"
    assert en.percent(0.3) == "30%" and ru.percent(0.3) == f"30{NBSP}%"
    assert bg.percent(0.3) == "30%"
    assert en.percent(0.088) == "8.8%" and ru.percent(0.088) == f"8,8{NBSP}%"
    assert en.percent(0.05) == "5%" and en.percent(0.0025) == "0.25%"
    assert en.money(329870.4, "EUR") == f"329,870{NBSP}EUR"


def reports_in(lang: str) -> list[tuple[object, str]]:
    out = []
    profile = load_profile()
    for path in EXAMPLES:
        journey = dataclasses.replace(load_journey(str(path)), language=lang)
        analysis, findings = assess(journey, profile)
        diagrams = build_diagrams(analysis, translator(lang))
        out.append((analysis, render_report(report_view(analysis, findings, diagrams))))
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_example_renders_in_every_language(lang: str):
    for analysis, html in reports_in(lang):
        assert f'<html lang="{lang}">' in html
        headings = {"en": "Risk by touchpoint", "ru": "Риск по точкам контакта",
                    "bg": "Риск по точки на контакт"}
        assert headings[lang] in html
        if lang == "en":
            continue
        # factor reasons are the engine's English: ru and bg reports explain them in their language
        for risk in analysis.touchpoints.values():
            for factor in risk.factors:
                if len(factor.reason) > 25:
                    assert factor.reason not in html, (lang, factor.reason)
        assert 'lang="en"' not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_section_titles_are_distinct(lang: str):
    """Each section of the report has its own title in every language (the page's
    table of contents links them by name)."""
    titles = {key: value for key, value in catalog(lang).items()
              if key.startswith("section.") and isinstance(value, str)}
    repeated = {value for value in titles.values() if list(titles.values()).count(value) > 1}
    assert not repeated, {key: value for key, value in titles.items() if value in repeated}


def test_signed_percent_figure_and_money_rules():
    en, ru = translator("en"), translator("ru")
    assert en.signed_percent(0.025) == "+2.5%" and en.signed_percent(-0.12) == f"{MINUS}12%"
    assert en.signed_percent(0.0) == "0%" and ru.signed_percent(0.25) == f"+25{NBSP}%"
    assert en.percent(0.0999) == "10%" and en.percent(0.1234) == "12%"
    assert en.figure(4) == "4" and en.figure(3.5) == "3.5" and ru.figure(2.25, 2) == "2,25"
    assert en.money(1500, "") == "1,500" and ru.money(-1500, "RUB") == f"{MINUS}1{NBSP}500{NBSP}RUB"
