"""`journeymap schema [--format json|markdown] [-o FILE]`: print or write the JSON Schema
of journey files, or the format reference generated from the same spec."""
from __future__ import annotations

import argparse
from typing import TextIO


def run_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..core.output import emit

    if args.format == "markdown":
        from ..model.reference import format_reference

        text = format_reference()
    else:
        from ..model.schema import json_schema_text

        text = json_schema_text()
    output = args.output
    emit(text, out, output)
    if output and output != "-":
        err.write(f"wrote {output}\n")
    return 0
