"""Findings: what `check` reports, from load errors and lint rules alike."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from .errors import JourneyError
from .rules import RULES, SEVERITIES


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    file: str
    line: int
    column: int
    rule: str
    message: str
    severity: str = "warning"
    touchpoint: str = ""
    #: what the rule found, as ``(name, value)`` pairs (ids and raw numbers; a
    #: ``variant`` names which form of the rule fired): the report words the
    #: finding from these in its own language.  Not part of the JSON finding,
    #: whose ``message`` says the same in English.
    params: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("params")
        if not self.touchpoint:
            data.pop("touchpoint")
        return data

    @property
    def data(self) -> dict[str, Any]:
        """The parameters as a dict."""
        return dict(self.params)


def from_error(error: JourneyError) -> list[Finding]:
    return [Finding(p.path, p.line, p.column, p.rule, p.message, RULES[p.rule].severity
                    if p.rule in RULES else "error") for p in error.problems]


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    result = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        result[finding.severity] = result.get(finding.severity, 0) + 1
    return result
