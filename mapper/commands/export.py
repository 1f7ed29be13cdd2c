"""`journeymap export --format FORMAT FILE`: Mermaid, CSV, Markdown or a graph file
(GraphML, GEXF, node-link JSON) from one journey."""
from __future__ import annotations

import argparse
import os
from typing import Callable, TextIO

from ..errors import UsageError

#: the format a ``-o`` file name suggests when ``--format`` is not given
SUFFIXES = {".mmd": "mermaid", ".mermaid": "mermaid", ".csv": "csv", ".md": "markdown",
            ".markdown": "markdown", ".graphml": "graphml", ".gexf": "gexf"}


def _renderer(fmt: str) -> Callable[..., str]:
    if fmt == "mermaid":
        from ..authoring.mermaid import mermaid_journey
        return mermaid_journey
    if fmt == "mermaid-flowchart":
        from ..authoring.mermaid_flowchart import mermaid_flowchart
        return mermaid_flowchart
    if fmt == "csv":
        from ..authoring.csv_table import export_csv
        return export_csv
    if fmt in ("graphml", "gexf", "json-graph"):
        from ..authoring.graph_export import EXPORTERS
        return EXPORTERS[fmt]
    from ..authoring.markdown import markdown_summary
    return markdown_summary


def run_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .. import api
    from ..authoring.output import emit
    from ..load.catalog import Catalog
    from ..risk.profile import load_profile
    from ..workspace import one_source

    fmt = args.format
    if fmt is None:
        suffix = os.path.splitext(args.output or "")[1].lower()
        if suffix not in SUFFIXES:
            raise UsageError("give --format mermaid, mermaid-flowchart, csv, markdown, "
                             "graphml, gexf or json-graph")
        fmt = SUFFIXES[suffix]
    profile = load_profile(args.profile)
    source, text = one_source(args.file, getattr(args, "stdin", None))
    journey = api.load(source, catalog=Catalog(args.catalog), text=text)
    analysis = api.analyse(journey, profile=profile, disable=args.disable)
    emit(_renderer(fmt)(analysis), out, args.output)
    return 0
