"""SARIF 2.1.0 log of `check` findings, with rule metadata and help text."""
from __future__ import annotations

import os
from pathlib import PurePosixPath
from typing import Any, Iterable
from urllib.parse import quote

from ..core.version import __version__
from ..core.findings import Finding
from ..core.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """A relative URI for a path (forward slashes, percent-encoded)."""
    posix = PurePosixPath(*os.path.normpath(path).split(os.sep)).as_posix()
    return quote(posix, safe="/")


def sarif_log(findings: Iterable[Finding]) -> dict[str, Any]:
    rule_ids = sorted(RULES)
    index = {rule: i for i, rule in enumerate(rule_ids)}
    rules = []
    for rule_id in rule_ids:
        rule = RULES[rule_id]
        rules.append({
            "id": rule.id,
            "name": "".join(part.title() for part in rule.id.split("-")),
            "shortDescription": {"text": rule.text()},
            "fullDescription": {"text": rule.help()},
            "help": {"text": rule.help(), "markdown": rule.help()},
            "defaultConfiguration": {"level": LEVEL[rule.severity]},
        })
    results = []
    for finding in findings:
        location: dict[str, Any] = {
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(finding.file), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": max(1, finding.line),
                           "startColumn": max(1, finding.column)},
            }
        }
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": LEVEL.get(finding.severity, "warning"),
            "message": {"text": finding.message},
            "locations": [location],
        }
        if finding.rule in index:
            result["ruleIndex"] = index[finding.rule]
        if finding.touchpoint:
            location["logicalLocations"] = [{"name": finding.touchpoint, "kind": "object"}]
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "journeymap", "version": __version__,
                                "semanticVersion": __version__, "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {
                "text": "The folder journeymap was run from (for journeys outside it: "
                        "the journeys folder given on its command line)."}}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
