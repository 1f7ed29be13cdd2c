"""`journeymap schema`: print the JSON Schema of journey files, or the format reference."""
from __future__ import annotations

import argparse
from typing import TextIO


def run_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    del err   # nothing to report
    if getattr(args, "format", "json") == "markdown":
        from ..model.reference import format_reference

        out.write(format_reference())
    else:
        from ..model.schema import json_schema_text

        out.write(json_schema_text())
    return 0
