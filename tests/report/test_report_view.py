"""The report's view model is pure: everything it needs is on the journey and the analysis."""
from __future__ import annotations

import builtins
import dataclasses
import io
import os
import pathlib
from pathlib import Path
from typing import Any, NoReturn

import pytest

from conftest import EXAMPLES, write
from mapper.core.vocabulary import LANGUAGES, translator
from mapper.model.workspace import load_journey
from mapper.render.views import build_diagrams
from mapper.report.details import shown_description
from mapper.report.view import report_view
from mapper.risk.assess import assess
from mapper.risk.profile import load_profile


def _no_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every way of opening a file fails from here on."""
    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        raise AssertionError(f"the report view opened a file: {args[:1]}")
    for target, name in ((builtins, "open"), (io, "open"), (os, "open"),
                         (pathlib.Path, "open"), (pathlib.Path, "read_text"),
                         (pathlib.Path, "read_bytes")):
        monkeypatch.setattr(target, name, refuse)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_building_the_report_view_opens_no_file(monkeypatch: pytest.MonkeyPatch, lang: str):
    profile = load_profile()
    prepared = []
    for path in EXAMPLES:
        journey = dataclasses.replace(load_journey(str(path)), language=lang)
        analysis, findings = assess(journey, profile)
        prepared.append((analysis, findings, build_diagrams(analysis, translator(lang))))
    translator(lang)("table.caption")  # the message catalog is the report's template data
    with monkeypatch.context() as patch:
        _no_files(patch)
        views = [report_view(analysis, findings, diagrams)
                 for analysis, findings, diagrams in prepared]
    assert all(view.stages and view.table.rows for view in views)


JOURNEY = """\
journey: descriptions
title: Catalog descriptions
language: {lang}
stages:
  - {{id: buy, aspect: sales}}
touchpoints:
  site:
    use: online/website
    stage: buy
    next: {{own: 1}}
  own:
    use: online/website
    name: Own words
    stage: buy
    description: Our own description of the site.
    next: {{done: 1}}
  done: {{outcome: loyal}}
"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_where_a_description_came_from_is_recorded_when_loading(tmp_path: Path, lang: str):
    journey = load_journey(str(write(tmp_path, "j.yaml", JOURNEY.format(lang=lang))))
    site, own = journey.touchpoints["site"], journey.touchpoints["own"]
    assert site.catalog_description and site.description
    assert not own.catalog_description
    # the catalog's English text is not repeated in a report of another language
    assert shown_description(journey, site) == (site.description if lang == "en" else "")
    assert shown_description(journey, own) == "Our own description of the site."
