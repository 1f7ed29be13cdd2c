"""`journeymap schema`: print the JSON Schema of journey files."""
from __future__ import annotations

import argparse
from typing import TextIO

from ..model.schema import json_schema_text


def run_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    del args, err   # no options, nothing to report
    out.write(json_schema_text())
    return 0
