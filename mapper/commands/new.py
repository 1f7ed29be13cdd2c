"""`journeymap new ID`: write a commented starter journey from a template."""
from __future__ import annotations

import argparse
import os
import re
from typing import TextIO

from ..core.errors import UsageError

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def default_path(journey_id: str) -> str:
    """``journeys/ID.yaml`` when a journeys/ folder is here, else ``ID.yaml``."""
    return os.path.join("journeys", f"{journey_id}.yaml") if os.path.isdir("journeys") \
        else f"{journey_id}.yaml"


def run_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..core.output import emit
    from ..new.schema_ref import missing_schema, schema_reference
    from ..model.schema import json_schema_text
    from ..new.starter import render_starter

    journey_id = args.id
    if not SLUG.match(journey_id) or len(journey_id) > 100:
        raise UsageError(f"journey id '{journey_id}' must be a lowercase slug: ASCII letters "
                         "a-z, digits and '-', starting with a letter or digit (it names the "
                         "output files), e.g. 'corner-shop'")
    from ..model.spec import reserved_id_message

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
