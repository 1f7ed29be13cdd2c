"""Shared by the event-log tests (simulate, fit)."""
from __future__ import annotations

from pathlib import Path

from conftest import run_main

REPO = Path(__file__).resolve().parents[1]
#: a small journey with segments, a segment override, a complaint channel and outcomes
SHOP = REPO / "tests" / "data_fit" / "shop.yaml"


def run(*argv) -> tuple[int, str, str]:
    """(exit code, standard output, standard error) of one in-process command."""
    result = run_main(*argv)
    return result.code, result.out, result.err
