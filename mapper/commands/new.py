"""`journeymap new ID`: write a commented starter journey from a template."""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import Optional, TextIO

from ..core.errors import UsageError
from ..core.ids import SLUG_MAX, SLUG_RULE, is_slug, reserved_id_message
from ..core.vocabulary import LANGUAGES

NAME = "new"
HELP = "write a commented starter journey"
DESCRIPTION = ("Write a valid, commented starter journey built from catalog entries "
               "(default: journeys/ID.yaml).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID",
                        help="journey id: a lowercase slug, e.g. corner-shop")
    parser.add_argument("--template", choices=("online-shop", "store", "service", "b2b"),
                        default="online-shop", help="starting point (default: online-shop)")
    parser.add_argument("--language", choices=LANGUAGES, default="en",
                        help="names, stages and comments in this language (default: en)")
    parser.add_argument("--title", help="the journey's title (default: the template's)")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="file to create (never overwritten; '-' prints it)")


@dataclass(frozen=True, eq=False, repr=False)
class Options:
    """What `new` was asked to do."""

    id: str
    template: str
    language: str
    title: Optional[str]
    output: Optional[str]


def default_path(journey_id: str) -> str:
    """``journeys/ID.yaml`` when a journeys/ folder is here, else ``ID.yaml``."""
    return os.path.join("journeys", f"{journey_id}.yaml") if os.path.isdir("journeys") \
        else f"{journey_id}.yaml"


def run(args: Options, out: TextIO, err: TextIO) -> int:
    from ..core.atomic import emit
    from ..new.schema_ref import missing_schema, schema_reference
    from ..model.schema import json_schema_text
    from ..new.starter import render_starter

    journey_id = args.id
    if not is_slug(journey_id) or len(journey_id) > SLUG_MAX:
        raise UsageError(f"journey id '{journey_id}' must be a lowercase slug: {SLUG_RULE} "
                         "(it names the output files), e.g. 'corner-shop'")
    if reserved_id_message(journey_id):
        raise UsageError(reserved_id_message(journey_id))
    target = args.output or default_path(journey_id)
    text = render_starter(args.template, journey_id, args.language,
                          schema=schema_reference(None if target == "-" else target),
                          title=args.title)
    schema = None if target == "-" else missing_schema(target)
    emit(text, out, target, overwrite=False)
    if target != "-":
        err.write(f"wrote {target} (template {args.template}, language {args.language}); "
                  f"next: journeymap check {target}\n")
    if schema:  # the modeline must resolve: editors validate and complete from it
        emit(json_schema_text(), out, schema, overwrite=False)
        err.write(f"wrote {schema} (the JSON Schema that the first line of {target} "
                  "points to, for editors)\n")
    return 0
