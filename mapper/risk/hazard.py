"""What can go wrong at a touchpoint: its likelihood and severity, per segment.

A touchpoint states its risk one of three ways (docs/format.md): a likelihood
(number or word) with a severity; FMEA failure modes, which combine into
likelihood ``1 - prod(1 - l_i)`` and the likelihood-weighted mean severity;
or observed counts (``evidence``), estimated with a Beta prior (Bayesian,
with a credible interval).  Segment overrides replace the touchpoint's
values for that segment.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from ..model.journey import Level, Touchpoint
from ..model.schema import SEVERITY_SCALE
from .profile import Profile


@dataclass(frozen=True, slots=True)
class Hazard:
    likelihood: float
    severity: float
    #: "likelihood" | "failure_modes" | "evidence" | "none"
    source: str
    #: credible interval of the likelihood (evidence only)
    interval: Optional[tuple[float, float]] = None
    severity_defaulted: bool = False
    #: the independent ways it fails, ``(likelihood, severity)``; one for a
    #: plain likelihood
    modes: tuple[tuple[float, float], ...] = ()

    @property
    def harm(self) -> float:
        """Expected severity per visit: the sum of likelihood x severity of the modes."""
        return sum(likelihood * level for likelihood, level in self.modes)

    def exceedance(self, severity: float) -> float:
        """Likelihood of a failure at least as severe as ``severity``."""
        survive = 1.0
        for likelihood, level in self.modes:
            if level >= severity:
                survive *= 1.0 - likelihood
        return 1.0 - survive

    @property
    def assessed(self) -> bool:
        return self.source != "none"


def quoted(hazards: Iterable[tuple[float, Hazard]]) -> tuple[float, float]:
    """The likelihood and severity quoted for a touchpoint everywhere, from its
    ``(share, hazard)`` per segment: the share of visits with any negative experience,
    and how bad those are on average (each segment's severity weighted by how often
    it goes wrong there; the plain share-weighted severity when nothing does)."""
    pairs = list(hazards)
    likelihood = sum(share * h.likelihood for share, h in pairs)
    if likelihood > 0:
        return likelihood, sum(share * h.likelihood * h.severity for share, h in pairs) \
            / likelihood
    return likelihood, sum(share * h.severity for share, h in pairs)


def likelihood_value(value: Level, profile: Profile) -> float:
    if isinstance(value, str):
        return float(profile.likelihood_words[value])
    return float(value)


def severity_value(value: Level) -> float:
    if isinstance(value, str):
        return float(SEVERITY_SCALE[value])
    return float(value)


def combine_failure_modes(modes: list[tuple[float, float]]) -> tuple[float, float]:
    """``(likelihood, severity)`` of independent failure modes ``(l_i, s_i)``."""
    survive = 1.0
    weight = 0.0
    weighted = 0.0
    for likelihood, severity in modes:
        survive *= 1.0 - likelihood
        weight += likelihood
        weighted += likelihood * severity
    likelihood = 1.0 - survive
    if weight > 0:
        severity = weighted / weight
    else:
        severity = max((s for _, s in modes), default=1.0)
    return likelihood, severity


def evidence_estimate(observed: int, negative: int, profile: Profile) -> tuple[float, tuple[float, float]]:
    """Posterior mean and central credible interval of a Beta-binomial estimate."""
    a = negative + profile.evidence["prior_negative"]
    b = observed - negative + profile.evidence["prior_positive"]
    return a / (a + b), _beta_interval(a, b, profile.evidence["interval"])


@lru_cache(maxsize=1024)
def _beta_interval(a: float, b: float, mass: float) -> tuple[float, float]:
    """Central credible interval of Beta(a, b) (cached: scipy's ppf is slow, and
    plans and what-ifs re-analyse the same touchpoints many times)."""
    from scipy.stats import beta  # only journeys with evidence pay for scipy.stats

    tail = (1.0 - mass) / 2.0
    low, high = beta.ppf([tail, 1.0 - tail], a, b)
    return float(low), float(high)


def hazard(tp: Touchpoint, profile: Profile, segment: Optional[str] = None) -> Hazard:
    """The touchpoint's effective risk, for one segment when given."""
    if tp.is_outcome:
        return Hazard(0.0, 1.0, "none", modes=((0.0, 1.0),))
    interval = None
    defaulted = False
    modes: tuple[tuple[float, float], ...] = ()
    severity: Optional[float]
    if tp.failure_modes:
        modes = tuple((likelihood_value(f.likelihood, profile), severity_value(f.severity))
                      for f in tp.failure_modes)
        likelihood, severity = combine_failure_modes(list(modes))
        source = "failure_modes"
    elif tp.evidence is not None:
        likelihood, interval = evidence_estimate(tp.evidence.observed, tp.evidence.negative,
                                                 profile)
        source = "evidence"
        severity = severity_value(tp.severity) if tp.severity is not None else None
    elif tp.likelihood is not None:
        likelihood = likelihood_value(tp.likelihood, profile)
        source = "likelihood"
        severity = severity_value(tp.severity) if tp.severity is not None else None
    else:
        likelihood, severity, source = 0.0, None, "none"
    override = tp.segments.get(segment) if segment else None
    if override is not None:
        if override.likelihood is not None:
            likelihood = likelihood_value(override.likelihood, profile)
            interval = None
            if modes and override.severity is None:
                # one likelihood for the segment: take the worst severity the
                # failure modes can reach (a mean would fall as a mild mode grows)
                severity = max(level for _, level in modes)
            modes = ()
            if source == "none":
                source = "likelihood"
        if override.severity is not None:
            severity = severity_value(override.severity)
            modes = ()
    if severity is None:
        severity = float(profile.default_severity)
        defaulted = source != "none"
    if not modes:
        modes = ((likelihood, severity),)
    return Hazard(likelihood, severity, source, interval, defaulted, modes)


def emotion(tp: Touchpoint, segment: Optional[str] = None) -> Optional[float]:
    override = tp.segments.get(segment) if segment else None
    if override is not None and override.emotion is not None:
        return float(override.emotion)
    return None if tp.emotion is None else float(tp.emotion)
