"""The plain journey document of a validated tree, without what catalog entries say.

A touchpoint that starts from a catalog entry (``use:``) keeps only the keys
whose values differ from the entry's, so an imported file reads like a
hand-written one.  Risk keys go together: either all of the entry's
likelihood/severity/failure modes/evidence stand, or the touchpoint gives its
own (which then replace the entry's, as the loader merges them).
"""
from __future__ import annotations

from typing import Any, Mapping

from ...loader.catalog import Catalog
from ...loader.yamlfile import LMap, LSeq
from ...model.build import catalog_entry
from ...model.schema import RISK_SOURCES
from ...model.spec import Problems, Where

RISK_KEYS = (*RISK_SOURCES, "severity")


def plain(value: Any) -> Any:
    """LMap/LSeq trees as plain dicts and lists."""
    if isinstance(value, (LMap, dict)):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (LSeq, list, tuple)):
        return [plain(v) for v in value]
    return value


def _owner(value: Any) -> Any:
    if isinstance(value, str):
        return {"name": value, "third_party": False}
    if isinstance(value, Mapping):
        return {"name": value.get("name"), "third_party": bool(value.get("third_party"))}
    return value


def _same(name: str, ours: Any, theirs: Any) -> bool:
    if name == "owner":
        return _owner(ours) == _owner(theirs)
    return plain(ours) == plain(theirs)


def without_entry(body: Mapping[str, Any], entry: Mapping[str, Any]) -> dict[str, Any]:
    """``body`` minus the keys the catalog ``entry`` gives with the same value."""
    result: dict[str, Any] = {}
    risk_same = all(_same(k, body.get(k), entry.get(k)) for k in RISK_KEYS)
    for name, value in body.items():
        if name in RISK_KEYS:
            if not risk_same:
                result[name] = plain(value)
            continue
        if name != "use" and name in entry and _same(name, value, entry[name]):
            continue
        result[name] = plain(value)
    return result


def plain_document(tree: LMap, catalog: Catalog) -> dict[str, Any]:
    """The document to write for a validated ``tree``."""
    doc = plain(tree)
    touchpoints = {}
    for tid, body in tree.get("touchpoints", {}).items():
        use = body.get("use")
        if use is None:
            touchpoints[tid] = plain(body)
            continue
        entry, _ = catalog_entry(catalog, use, Where(tree.source, 1, 1), Problems())
        touchpoints[tid] = without_entry(body, entry) if entry is not None else plain(body)
    if touchpoints:
        doc["touchpoints"] = touchpoints
    return doc
