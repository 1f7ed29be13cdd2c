"""`journeymap import mermaid|csv FILE`: a Mermaid journey or an edited table as YAML."""
from __future__ import annotations

import argparse
from typing import TextIO

from ..core.errors import UsageError


def run_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..core.output import emit
    from ..new.schema_ref import schema_reference
    from ..loader.catalog import Catalog

    catalog = Catalog(args.catalog)
    schema = schema_reference(args.output)
    if args.source == "mermaid":
        from ..formats.imports.mermaid_import import import_mermaid
        from .new import SLUG

        if args.id is not None and not SLUG.match(args.id):
            raise UsageError(f"--id '{args.id}' must be a lowercase slug (a-z, 0-9, '-')")
        text = import_mermaid(args.file, args.id, args.language, catalog, schema)
    else:
        from ..formats.imports.csv_import import import_csv

        if args.id is not None or args.language is not None:
            raise UsageError("--id and --language are for 'import mermaid'; a table gives "
                             "them on its journey row")
        text = import_csv(args.file, catalog, schema)
    emit(text, out, args.output, overwrite=args.force,
         exists_hint="give --force to replace it, or choose another name")
    if args.output and args.output != "-":
        err.write(f"wrote {args.output}; next: journeymap check {args.output}\n")
    return 0
