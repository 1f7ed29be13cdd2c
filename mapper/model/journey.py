"""The validated journey: plain, immutable data that everything downstream reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Mapping, Optional, Union


if TYPE_CHECKING:
    import networkx as nx

    from ..graph import Views

Level = Union[float, str]  # a number, or a word of the likelihood/severity scales


@dataclass(frozen=True, slots=True)
class FailureMode:
    name: str
    likelihood: Level
    severity: Level
    cause: Optional[str] = None
    effect: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Evidence:
    observed: int
    negative: int
    source: Optional[str] = None


@dataclass(frozen=True, slots=True)
class CalibrationFile:
    path: str
    rows: Optional[int] = None


@dataclass(frozen=True, slots=True)
class Calibration:
    """Where ``journeymap fit --write`` took the figures from (the journey's
    ``calibration:`` record; the event logs themselves are not read again)."""

    files: tuple[CalibrationFile, ...] = ()
    #: first and last event, as written
    period_from: Optional[str] = None
    period_to: Optional[str] = None
    cases: Optional[int] = None


@dataclass(frozen=True, slots=True)
class Owner:
    name: str
    third_party: bool = False


@dataclass(frozen=True, slots=True)
class Resolution:
    rate: float
    hours: Optional[float] = None
    back_to: Optional[str] = None
    #: ``(low, high)`` when the rate is given as a range (``rate`` is its middle)
    rate_range: Optional[tuple[float, float]] = None


@dataclass(frozen=True, slots=True)
class Promise:
    id: str
    text: str
    kept_at: str
    made_at: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True, slots=True)
class SegmentOverride:
    likelihood: Optional[Level] = None
    severity: Optional[Level] = None
    emotion: Optional[float] = None


@dataclass(frozen=True, slots=True)
class Action:
    """A recommended action on a touchpoint (FMEA practice)."""

    id: str
    touchpoint: str
    status: str = "proposed"      # proposed | planned | done | rejected
    description: Optional[str] = None
    owner: Optional[str] = None
    due: Optional[str] = None     # YYYY-MM-DD
    cost_once: float = 0.0
    cost_yearly: float = 0.0
    #: the touchpoint fields the action replaces (see model.convert.effect_changes)
    changes: Mapping[str, object] = field(default_factory=dict, compare=False)
    #: effect keys as written, for messages and reports
    effect_keys: tuple[str, ...] = ()
    #: the effect as written (plain data), for exports that write the file back
    effect: Mapping[str, object] = field(default_factory=dict)
    line: int = 1
    column: int = 1

    @property
    def cost(self) -> float:
        """What a plan counts: the one-off cost plus one year of running cost."""
        return self.cost_once + self.cost_yearly


@dataclass(frozen=True, slots=True)
class Touchpoint:
    id: str
    name: str
    stage: Optional[str]
    line: int
    column: int
    channel: Optional[str] = None
    kind: str = "touchpoint"
    description: Optional[str] = None
    notes: Optional[str] = None
    likelihood: Optional[Level] = None
    severity: Optional[Level] = None
    emotion: Optional[float] = None
    failure_modes: tuple[FailureMode, ...] = ()
    evidence: Optional[Evidence] = None
    owner: Optional[Owner] = None
    promises: tuple[Promise, ...] = ()
    complaints: Optional[str] = None
    #: outgoing ``(target, probability)`` in file order
    next: tuple[tuple[str, float], ...] = ()
    resolution: Optional[Resolution] = None
    outcome: Optional[str] = None
    segments: Mapping[str, SegmentOverride] = field(default_factory=dict)
    repeat_of: Optional[str] = None
    #: catalog entry this touchpoint starts from (``use:``), and its rationale
    catalog: Optional[str] = None
    #: the description is the catalog entry's own text, not written in the journey
    catalog_description: bool = False
    rationale: Optional[str] = None
    #: recommended actions, in file order (``done`` ones are applied already)
    actions: tuple[Action, ...] = ()
    #: ``(low, high)`` when the likelihood is given as a range (``likelihood`` is its middle)
    likelihood_range: Optional[tuple[float, float]] = None
    #: ``target -> (low, high)`` for ``next`` shares given as ranges (``next`` has the middles)
    next_ranges: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def is_outcome(self) -> bool:
        return self.outcome is not None

    @property
    def is_complaint_channel(self) -> bool:
        return self.kind == "complaint_channel"

    @property
    def third_party(self) -> bool:
        return self.owner is not None and self.owner.third_party

    @property
    def drop_off(self) -> float:
        """Share of customers who leave silently (1 - sum of ``next``)."""
        if self.is_outcome or (self.is_complaint_channel and not self.next):
            return 0.0
        return max(0.0, 1.0 - sum(p for _, p in self.next))

    @property
    def has_risk(self) -> bool:
        return self.likelihood is not None or bool(self.failure_modes) or self.evidence is not None


@dataclass(frozen=True, slots=True)
class Stage:
    id: str
    aspect: str
    name: str
    line: int = 1
    description: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Segment:
    id: str
    share: float
    value: Optional[float] = None
    name: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Economics:
    currency: str = "EUR"
    customer_value: Optional[float] = None
    acquisition_cost: Optional[float] = None


# no slots: the cached properties below keep their values in the instance's __dict__
@dataclass(frozen=True)
class Journey:
    id: str
    title: str
    path: str
    language: str
    cohort: float
    stages: tuple[Stage, ...]
    #: touchpoints in stable order: stage order, then file order; outcomes
    #: without a stage last
    touchpoints: Mapping[str, Touchpoint]
    #: ``(touchpoint id, share)`` where the cohort enters
    entry: tuple[tuple[str, float], ...]
    description: Optional[str] = None
    notes: Optional[str] = None
    economics: Optional[Economics] = None
    segments: Mapping[str, Segment] = field(default_factory=dict)
    complaints: Optional[str] = None
    lint_disable: frozenset[str] = frozenset()
    #: catalog files this journey used, ``entry id -> path`` (for rebuilds)
    catalog_files: Mapping[str, str] = field(default_factory=dict)
    line: int = 1
    #: touchpoints as written, before their ``done`` actions were applied
    as_written: Mapping[str, Touchpoint] = field(default_factory=dict, compare=False)
    #: the ``calibration:`` record written by ``fit --write``
    calibration: Optional[Calibration] = None

    @cached_property
    def actions(self) -> Mapping[str, Action]:
        """Every action of the journey by id, in journey order."""
        return {a.id: a for tp in self.touchpoints.values() for a in tp.actions}

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    def complaint_channel(self, touchpoint: Touchpoint) -> Optional[str]:
        """The complaint channel an unhappy customer at ``touchpoint`` can use."""
        if touchpoint.is_outcome or touchpoint.is_complaint_channel:
            return touchpoint.complaints
        return touchpoint.complaints or self.complaints

    @cached_property
    def graph(self) -> "nx.DiGraph":
        """The journey as one networkx graph, built on first use and kept
        (see :mod:`mapper.graph`): touchpoints and outcomes are its nodes,
        ``next``, complaint and resolution links its edges."""
        from ..graph import build_graph

        return build_graph(self)

    @cached_property
    def views(self) -> "Views":
        """What several steps read of :attr:`graph` (its flow, the main path),
        built on first use and kept (:class:`mapper.graph.Views`)."""
        from ..graph import Views

        return Views(self.graph)

    @cached_property
    def promises(self) -> tuple[Promise, ...]:
        return tuple(p for tp in self.touchpoints.values() for p in tp.promises)

    @cached_property
    def promises_kept_at(self) -> Mapping[str, tuple[Promise, ...]]:
        """Promises by the touchpoint where they are kept."""
        found: dict[str, list[Promise]] = {}
        for promise in self.promises:
            found.setdefault(promise.kept_at, []).append(promise)
        return {tid: tuple(items) for tid, items in found.items()}
