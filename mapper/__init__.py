"""journeymap: a shop's customer journey as code (import package ``mapper``).

The Python API (see :mod:`mapper.api`)::

    import mapper

    journey = mapper.load("journeys/online-shop.yaml")   # or loads(text), from_dict(data)
    journey.graph                                        # networkx.DiGraph
    analysis = mapper.analyse(journey)                   # scores, findings, summary
    analysis.summary.expected_lost
    analysis.touchpoints["courier"].score
    analysis.to_json()                                   # = score --format json
    mapper.render_report(analysis, "out")                # = what build writes for it

Every problem with an input raises :class:`JourneyError`, which carries the
located :class:`Problem` s.  The functions import what they need when called
and the classes are imported on first use, so ``import mapper`` (and the
command line's start-up) stays light.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .api import analyse, from_dict, load, loads, render_report
from .core.errors import JourneyError, Problem
from .core.version import __version__

__all__ = ["Analysis", "Finding", "Journey", "JourneyError", "Problem", "Summary",
           "TouchpointRisk", "__version__", "analyse", "from_dict", "load", "loads",
           "render_report"]

#: public name -> the module that defines it (imported on first use)
_LAZY = {
    "Journey": "model.journey", "Analysis": "risk.analysis",
    "TouchpointRisk": "risk.analysis", "Summary": "risk.summary", "Finding": "core.findings",
}

if TYPE_CHECKING:
    from .core.findings import Finding
    from .model.journey import Journey
    from .risk.analysis import Analysis, TouchpointRisk
    from .risk.summary import Summary


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
