"""`journeymap check`: validate and lint, report findings in the chosen format."""
from __future__ import annotations

import argparse
import json
from typing import TextIO

from ..findings import Finding, counts, from_error
from ..load.catalog import Catalog
from ..workspace import discover, load_all


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    files = discover(args.paths)
    catalog = Catalog(args.catalog)
    findings: list[Finding] = []
    invalid = False
    for loaded in load_all(files, catalog):
        if loaded.error is not None:
            invalid = True
            findings.extend(from_error(loaded.error))
    findings.sort()
    summary = {"files": len(files), **counts(findings)}
    if args.format == "json":
        json.dump({"findings": [f.as_json() for f in findings], "summary": summary}, out,
                  indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for finding in findings:
            out.write(f"{finding.file}:{finding.line}:{finding.column}: {finding.rule}: "
                      f"{finding.message}\n")
        if not files:
            err.write("journeymap: no journey files found\n")
    if invalid:
        return 2
    if summary["error"]:
        return 1
    return 0
