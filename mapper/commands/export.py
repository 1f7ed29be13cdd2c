"""`journeymap export --format FORMAT FILE`: Mermaid, CSV, Markdown or a graph file
(GraphML, GEXF, node-link JSON) from one journey, and the deliverables: the risk
register workbook (xlsx), the diagram (png) and the report printed to PDF."""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional, TextIO

from ..core.errors import UsageError
from .options import RiskOptions, add_risk_options

if TYPE_CHECKING:
    from ..risk.analysis import Analysis

NAME = "export"
HELP = "Mermaid, CSV, Markdown or a graph file from one journey"
DESCRIPTION = ("Export one scored journey as a Mermaid journey or flowchart, a CSV touchpoint "
               "table (UTF-8 with BOM), a Markdown summary, or its graph with every figure "
               "attached (GraphML, GEXF, node-link JSON).  A Mermaid journey task's score "
               "is 3 + emotion, minus 0/1/2/3 for risk level low/medium/high/critical, kept "
               "within 1..5.")

#: the format a ``-o`` file name suggests when ``--format`` is not given
SUFFIXES = {".mmd": "mermaid", ".mermaid": "mermaid", ".csv": "csv", ".md": "markdown",
            ".markdown": "markdown", ".graphml": "graphml", ".gexf": "gexf",
            ".xlsx": "xlsx", ".png": "png", ".pdf": "pdf"}
#: formats written as bytes to a file (never to the terminal)
BINARY = ("xlsx", "png", "pdf")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a journey file, or - for standard input")
    parser.add_argument("--format", choices=("mermaid", "mermaid-flowchart", "csv",
                                             "markdown", "graphml", "gexf", "json-graph",
                                             "xlsx", "png", "pdf"),
                        help="output format (default: from the -o suffix .mmd, .csv, .md, "
                             ".graphml, .gexf, .xlsx, .png, .pdf); xlsx is the risk register "
                             "workbook, png the diagram, pdf the report printed by Chromium")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="write here, replacing it atomically (default: standard output)")
    add_risk_options(parser)


@dataclass(frozen=True, eq=False, repr=False)
class Options(RiskOptions):
    """What `export` was asked to do."""

    file: str
    format: Optional[str]
    output: Optional[str]
    stdin: Optional[TextIO]   # what a FILE ``-`` reads


def _renderer(fmt: str) -> Callable[..., str]:
    if fmt == "mermaid":
        from ..formats.mermaid import mermaid_journey
        return mermaid_journey
    if fmt == "mermaid-flowchart":
        from ..formats.mermaid_flowchart import mermaid_flowchart
        return mermaid_flowchart
    if fmt == "csv":
        from ..formats.csv_table import export_csv
        return export_csv
    if fmt in ("graphml", "gexf", "json-graph"):
        from ..formats.graphs import EXPORTERS
        return EXPORTERS[fmt]
    from ..formats.markdown import markdown_summary
    return markdown_summary


def _binary(fmt: str, analysis: "Analysis") -> bytes:
    """The xlsx, png or pdf deliverable of one analysed journey."""
    from ..site.outputs import render_analysis

    output = render_analysis(analysis, analysis.findings)
    jid = output.journey.id
    if fmt == "xlsx":
        from ..formats.xlsx import workbook
        return workbook(output.analysis, output.findings)
    if fmt == "png":
        from ..render.graphviz import run_dot_as
        return run_dot_as(output.files[f"{jid}.dot"].decode("utf-8"), "png")
    from ..formats.printing import print_pdf
    return print_pdf(output.files, f"{jid}.html")


def run(args: Options, out: TextIO, err: TextIO) -> int:
    from .. import api
    from ..core.atomic import emit
    from ..loader.catalog import Catalog
    from ..risk.profile import load_profile
    from ..model.workspace import one_source

    fmt = args.format
    if fmt is None:
        suffix = os.path.splitext(args.output or "")[1].lower()
        if suffix not in SUFFIXES:
            raise UsageError("give --format mermaid, mermaid-flowchart, csv, markdown, "
                             "graphml, gexf, json-graph, xlsx, png or pdf")
        fmt = SUFFIXES[suffix]
    if fmt in BINARY and (not args.output or args.output == "-"):
        raise UsageError(f"--format {fmt} writes a file: give -o FILE.{fmt}")
    profile = load_profile(args.profile)
    source, text = one_source(args.file, args.stdin)
    journey = api.load(source, catalog=Catalog(args.catalog), text=text)
    analysis = api.analyse(journey, profile=profile, disable=args.disable)
    data = _binary(fmt, analysis) if fmt in BINARY else _renderer(fmt)(analysis)
    emit(data, out, args.output)
    return 0
