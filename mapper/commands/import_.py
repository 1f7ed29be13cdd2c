"""`journeymap import mermaid|csv FILE`: a Mermaid journey or an edited table as YAML."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Optional, TextIO

from ..core.errors import UsageError
from ..core.vocabulary import LANGUAGES
from .options import CatalogOptions, add_catalog_option

NAME = "import"
HELP = "a Mermaid journey or a CSV table as YAML"
DESCRIPTION = ("Turn a Mermaid journey diagram into a starter journey, or an (edited) "
               "exported CSV table back into a journey file.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", choices=("mermaid", "csv"), metavar="mermaid|csv")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("-o", "--output", metavar="OUT.yaml",
                        help="write here (default: standard output)")
    parser.add_argument("--force", action="store_true", help="replace an existing OUT")
    parser.add_argument("--id", help="mermaid: the journey id (default: from the title)")
    parser.add_argument("--language", choices=LANGUAGES,
                        help="mermaid: the journey's language (default: guessed)")
    add_catalog_option(parser)


@dataclass(frozen=True, eq=False, repr=False)
class Options(CatalogOptions):
    """What `import` was asked to do."""

    source: str
    file: str
    output: Optional[str]
    force: bool
    id: Optional[str]
    language: Optional[str]


def run(args: Options, out: TextIO, err: TextIO) -> int:
    from ..core.atomic import emit
    from ..loader.catalog import Catalog
    from ..new.schema_ref import schema_reference

    catalog = Catalog(args.catalog)
    schema = schema_reference(args.output)
    if args.source == "mermaid":
        from ..core.ids import is_slug
        from ..formats.imports.mermaid_import import import_mermaid

        if args.id is not None and not is_slug(args.id):
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
