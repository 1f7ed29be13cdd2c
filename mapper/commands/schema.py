"""`journeymap schema [-o FILE]`: print or write the JSON Schema of journey files."""
from __future__ import annotations

import argparse
from typing import TextIO

from ..model.schema import json_schema_text


def run_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..authoring.output import emit

    output = args.output
    emit(json_schema_text(), out, output)
    if output and output != "-":
        err.write(f"wrote {output}\n")
    return 0
