"""`journeymap fit JOURNEY EVENTS...`: estimates from event logs, and the model against them."""
from __future__ import annotations

import argparse
from typing import TextIO


def add_arguments(fit: argparse.ArgumentParser) -> None:
    fit.add_argument("journey", metavar="JOURNEY")
    fit.add_argument("events", nargs="*", metavar="EVENTS",
                     help="event logs: .csv, .parquet, .jsonl or .xes")


def run_fit(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    raise NotImplementedError
