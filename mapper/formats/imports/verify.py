"""Write a journey document only if the text reads back as the same journey."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from ...loader.catalog import Catalog
from ...loader.yamlfile import parse_yaml
from ...model.build import build_journey
from ...model.journey import Journey
from .equivalence import same_journey
from ..journey_yaml import dump_journey


def verified_text(journey: Journey, candidates: Sequence[Mapping[str, Any]],
                  header: Sequence[str], schema: str, catalog: Catalog) -> str:
    """The YAML of the first candidate document that rebuilds ``journey`` exactly.

    Candidates go from the most readable (catalog values left out) to the most
    literal; the last one is used if none matches (it cannot in practice,
    and the caller's ``check`` would show the difference).
    """
    text = ""
    for doc in candidates:
        text = dump_journey(doc, header, schema)
        rebuilt = build_journey(parse_yaml(text, journey.path), journey.path, catalog)
        if same_journey(journey, rebuilt):
            return text
    raise AssertionError(  # pragma: no cover - a bug in the writer, not in the input
        "the written journey does not read back the same; please report this")
