"""What makes two journeys the same journey: all their data, wherever it was written."""
from __future__ import annotations

import dataclasses
from typing import Any

from ...model.journey import Journey

#: where a value was written, not what it is
LOCATION_FIELDS = {"line", "column", "path", "catalog_description"}


def _strip(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _strip(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in LOCATION_FIELDS}
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_strip(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(value)
    return value


def signature(journey: Journey) -> dict[str, Any]:
    """The journey's data without file locations (and without the catalog's file paths)."""
    data = _strip(journey)
    data.pop("catalog_files", None)
    return data


def same_journey(a: Journey, b: Journey) -> bool:
    return signature(a) == signature(b)
