"""The journey-wide figures of an analysis, as typed objects.

:class:`Summary` is what ``analysis.summary`` holds: where the cohort ends
up, what the risks cost, what to fix first and the peak-end view.  Code
reads its attributes (``summary.expected_lost``, ``summary.word_of_mouth.high``);
:meth:`Summary.as_json` gives the ``summary`` object of the JSON document,
keys in the documented order.  For code written against that document,
``summary["expected_lost"]``, ``"money_at_risk" in summary`` and
``summary.get(...)`` read the same document.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional


class _Document:
    """``as_json()``: the fields as a JSON object, in their order."""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


@dataclass(frozen=True)
class WordOfMouth(_Document):
    """People who hear of a bad experience, low and high estimate."""

    low: float
    high: float


@dataclass(frozen=True)
class Money(_Document):
    """What the lost customers cost, in the journey's currency."""

    currency: str
    #: the value of the lost customers
    lost_value: float
    #: what winning as many new customers costs
    replacement_cost: float
    #: which of the two ``total`` is: ``lost_value`` when a customer value is
    #: known, else ``replacement_cost`` (never their sum: that would count
    #: losing a customer and replacing them as two losses)
    basis: str
    total: float


@dataclass(frozen=True)
class FixFirst(_Document):
    """One entry of the fix-first ranking: customers saved if its problem were gone."""

    id: str
    name: str
    saved: float


@dataclass(frozen=True)
class CurvePoint(_Document):
    """A point of the emotion curve: planned emotion and the emotion felt."""

    id: str
    emotion: float
    felt: float


@dataclass(frozen=True)
class Moment(_Document):
    """The peak or the end of the curve."""

    id: str
    felt: float


@dataclass(frozen=True)
class PeakEnd(_Document):
    """The emotion curve along the main path, its peak and end, and what is remembered."""

    curve: list[CurvePoint]
    peak: Moment
    end: Moment
    remembered: float


@dataclass(frozen=True)
class Summary:
    """Journey-wide figures; customer counts are of the journey's cohort."""

    cohort: float
    retained: float
    expected_lost: float
    dropped: float
    #: customers who left satisfied from a complaint channel with nowhere to send them
    resolved_exit: float
    #: customers per outcome touchpoint, and per outcome kind
    outcomes: dict[str, float]
    outcome_kinds: dict[str, float]
    disappointed: float
    complaints: float
    word_of_mouth: WordOfMouth
    #: complainers whose complaint was resolved
    recovered: float
    #: people who hear praise from advocates and resolved complainers
    good_word_of_mouth: WordOfMouth
    #: the defection rate and the profit rule of thumb (see the profile)
    profit_lever: dict[str, float]
    fix_first: list[FixFirst]
    #: touchpoints (outcomes aside) per risk level
    levels: dict[str, int]
    peak_end: Optional[PeakEnd] = None
    #: when the journey gives ``economics``
    money: Optional[Money] = None
    _json: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def money_at_risk(self) -> Optional[float]:
        return self.money.total if self.money is not None else None

    def as_json(self) -> dict[str, Any]:
        """The ``summary`` object of the JSON document (a new dict each call)."""
        document: dict[str, Any] = {
            "cohort": self.cohort, "retained": self.retained,
            "expected_lost": self.expected_lost, "dropped": self.dropped,
            "resolved_exit": self.resolved_exit, "outcomes": dict(self.outcomes),
            "outcome_kinds": dict(self.outcome_kinds), "disappointed": self.disappointed,
            "complaints": self.complaints, "word_of_mouth": self.word_of_mouth.as_json(),
            "recovered": self.recovered, "good_word_of_mouth": self.good_word_of_mouth.as_json(),
            "profit_lever": dict(self.profit_lever),
        }
        if self.money is not None:
            document["money_at_risk"] = self.money.total
            document["lost_value"] = self.money.lost_value
            document["replacement_cost"] = self.money.replacement_cost
            document["money"] = self.money.as_json()
        document["fix_first"] = [item.as_json() for item in self.fix_first]
        document["levels"] = dict(self.levels)
        document["peak_end"] = self.peak_end.as_json() if self.peak_end else None
        return document

    # -- the JSON document's keys, for code written against it -----------------
    def _document(self) -> dict[str, Any]:
        if not self._json:
            self._json.update(self.as_json())
        return self._json

    def __getitem__(self, key: str) -> Any:
        return self._document()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._document()

    def get(self, key: str, default: Any = None) -> Any:
        return self._document().get(key, default)
