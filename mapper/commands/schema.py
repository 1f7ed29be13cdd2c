"""`journeymap schema [--format json|markdown] [-o FILE]`: print or write the JSON Schema
of journey files, or the format reference generated from the same spec."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Optional, TextIO

NAME = "schema"
HELP = "print the JSON Schema of journey files"
DESCRIPTION = ("Print the JSON Schema of journey files, or (--format markdown) the format "
               "reference generated from the same declaration; -o FILE writes it (for editors: "
               "the modeline '# yaml-language-server: $schema=PATH' of a journey file "
               "points to it).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the schema here (default: standard output)")
    parser.add_argument("--format", choices=("json", "markdown"), default="json",
                        help="json: the JSON Schema (default); markdown: the format "
                             "reference (docs/format.md), from the same declaration")


@dataclass(frozen=True, eq=False, repr=False)
class Options:
    """What `schema` was asked to do."""

    output: Optional[str]
    format: str


def run(args: Options, out: TextIO, err: TextIO) -> int:
    from ..core.atomic import emit

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
