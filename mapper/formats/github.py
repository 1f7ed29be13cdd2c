"""GitHub Actions workflow commands (annotations) and the step summary.

Escaping follows the runner's rules: in the message ``%``, ``\\r`` and ``\\n``
become ``%25``, ``%0D``, ``%0A``; in properties (file, title) also ``:`` and
``,`` (``%3A``, ``%2C``).
"""
from __future__ import annotations

from typing import Iterable

from ..core.findings import Finding

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    props = ",".join([
        f"file={escape_property(finding.file)}",
        f"line={finding.line}",
        f"col={finding.column}",
        f"title={escape_property('journeymap ' + finding.rule)}",
    ])
    return f"::{LEVEL.get(finding.severity, 'warning')} {props}::{escape_data(finding.message)}"


def annotation_lines(findings: Iterable[Finding]) -> str:
    return "".join(annotation(f) + "\n" for f in findings)


def markdown_escape(text: str) -> str:
    """Escape user text for a Markdown table cell (no HTML, no table breaks)."""
    out = []
    for char in text.replace("\r", " ").replace("\n", " "):
        if char in "<>&|":
            out.append("&#%d;" % ord(char))
        elif char in "\\`*_[]":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def step_summary(findings: list[Finding], files: int) -> str:
    """A Markdown summary for ``$GITHUB_STEP_SUMMARY``."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    lines = ["## journeymap check", "",
             f"{files} journey file(s): **{counts['error']}** error(s), "
             f"**{counts['warning']}** warning(s), {counts['info']} info", ""]
    if findings:
        lines += ["| severity | file | line | rule | message |", "|---|---|---:|---|---|"]
        for f in findings:
            lines.append(f"| {f.severity} | {markdown_escape(f.file)} | {f.line} | "
                         f"{markdown_escape(f.rule)} | {markdown_escape(f.message)} |")
        lines.append("")
    return "\n".join(lines) + "\n"
