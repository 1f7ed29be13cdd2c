"""Event logs: simulate them from a journey, and fit a journey to them.

``simulate`` draws an event log from the journey's own absorbing chain;
``events`` reads logs (CSV, Parquet, JSON Lines, XES) and their column map;
``aggregate`` turns a log into counts with one DuckDB query; ``estimate``
turns counts into estimates with intervals; ``calibration`` compares the
model with them; ``writeback`` edits the journey file in place.

DuckDB, pyarrow and ruamel.yaml are an optional extra
(``pip install 'journeymap[data]'``): :func:`require` names what is missing.
"""
from __future__ import annotations

import importlib.util

from ..core.errors import ToolMissing

#: default column of each role (the map file can rename them)
ROLES = ("case", "time", "activity", "outcome", "segment", "negative", "rating",
         "complaint", "resolved", "hours")
REQUIRED_ROLES = ("case", "time", "activity")

_EXTRA = {"duckdb": "duckdb", "pyarrow": "pyarrow", "ruamel.yaml": "ruamel.yaml"}


def require(command: str, *modules: str) -> None:
    """Raise :class:`ToolMissing` naming the extra when a module is not installed."""
    missing = [name for name in modules if importlib.util.find_spec(name.split(".")[0]) is None
               or (name == "ruamel.yaml" and _missing_ruamel())]
    if missing:
        raise ToolMissing(
            f"{command} needs {', '.join(missing)}: install the data extra with "
            "pip install 'journeymap[data]'")


def _missing_ruamel() -> bool:
    try:
        return importlib.util.find_spec("ruamel.yaml") is None
    except ModuleNotFoundError:
        return True
