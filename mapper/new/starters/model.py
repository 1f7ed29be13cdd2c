"""What a starter template is: a journey's structure plus its words in each language."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional



@dataclass(frozen=True, slots=True)
class Point:
    """One touchpoint (or outcome) of a starter; its words come from the texts."""

    id: str
    stage: Optional[str] = None
    use: Optional[str] = None
    next: Any = None
    #: ``(promise id, kept_at)``; the promise's text is ``promise.<id>``
    promises: tuple[tuple[str, str], ...] = ()
    #: give an owner named ``owner.<id>``; True marks a third party
    third_party: Optional[bool] = None
    outcome: Optional[str] = None
    #: keys of a touchpoint written in full instead of ``use:`` (channel, likelihood ...)
    own: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Starter:
    id: str
    #: ``(stage id, aspect)`` in order
    stages: tuple[tuple[str, str], ...]
    points: tuple[Point, ...]
    complaints: str
    #: customer value and acquisition cost in EUR (other currencies scale them)
    economics: tuple[float, float]
    #: ``(segment id, share, value in EUR)``
    segments: tuple[tuple[str, float, float], ...] = ()
    #: language -> key -> text: ``title``, ``description``, ``stage.<id>``,
    #: ``name.<id>``, ``note.<id>`` (a comment above the touchpoint),
    #: ``promise.<id>``, ``owner.<id>``, ``segment.<id>``
    text: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
