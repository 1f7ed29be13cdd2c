"""Build journeys from plain dicts for the risk tests (through the real loader)."""
from __future__ import annotations

from typing import Any

import yaml

from mapper.loader.catalog import Catalog
from mapper.loader.yamlfile import parse_yaml
from mapper.model.build import build_journey
from mapper.model.journey import Journey
from mapper.risk.analysis import Analysis, analyse
from mapper.risk.profile import load_profile

PROFILE = load_profile()


def journey_from(data: dict[str, Any], path: str = "test.yaml") -> Journey:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return build_journey(parse_yaml(text, path), path, Catalog())


def simple(touchpoints: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A journey with one stage per aspect and the given touchpoints."""
    data: dict[str, Any] = {
        "journey": "t", "cohort": 1000,
        "stages": [{"id": "s", "aspect": "sales"}, {"id": "a", "aspect": "after_sales"},
                   {"id": "w", "aspect": "warranty"}, {"id": "c", "aspect": "complaint"}],
        "touchpoints": touchpoints,
    }
    data.update(extra)
    return data


def run(data: dict[str, Any], profile=PROFILE) -> Analysis:
    return analyse(journey_from(data), profile)
