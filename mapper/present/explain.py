"""Factor explanations in the report's language.

The risk engine writes one English reason per factor.  English reports show
that reason as is, but for the likelihood and severity factors.  Russian and
Bulgarian reports show a translated explanation per factor type, built from
the journey and the analysis (the same facts the engine's reason states), so
no English is left in them.  A factor type this module does not know yet
falls back to the English reason, marked ``lang="en"`` in the report.

The likelihood and severity factors are worded here in every language: they
quote the touchpoint's one likelihood and one severity (see
:mod:`mapper.present.rows`), the figures the table and the matrix show, and
mark them (:class:`Quoted`) so the report can give each its raw value.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Union

from ..core.vocabulary import Translator
from ..model.journey import Journey, Touchpoint
from ..risk.analysis import ALL, Analysis, TouchpointRisk
from ..risk.hazard import hazard
from ..risk.score import Factor, curve_differs, is_average, severity_word
from .raw import raw
#: the factors whose text quotes the touchpoint's likelihood and severity
QUOTING = ("likelihood", "severity")
_MARK = "\x00"


@dataclass(frozen=True, slots=True)
class Quoted:
    """A figure of the touchpoint quoted in a text: as shown, its raw value (as
    ``ID.json`` holds it) and which figure it is (``likelihood`` or ``severity``)."""
    text: str
    value: str
    kind: str


@dataclass(frozen=True, slots=True)
class Explanation:
    name: str
    text: str
    #: language of ``text`` when it differs from the report's (an untranslated reason)
    lang: Optional[str] = None
    #: ``text`` in pieces: plain text and the touchpoint's quoted figures (empty: all text)
    parts: tuple[Union[str, Quoted], ...] = ()


def factor_name(t: Translator, factor: str) -> str:
    key = f"factor.{factor}"
    return t(key) if t.has(key) else factor.replace("_", " ")


def _likelihood(ctx: "_Context") -> str:
    t, tp, risk = ctx.t, ctx.tp, ctx.risk
    share = ctx.quote(t.percent(risk.likelihood), risk.likelihood, "likelihood")
    if risk.source == "failure_modes":
        return t.count("explain.likelihood_modes", len(tp.failure_modes), share=share)
    if risk.source == "evidence" and tp.evidence is not None:
        text = t("explain.likelihood_evidence", negative=t.integer(tp.evidence.negative),
                 observed=t.integer(tp.evidence.observed), share=share)
        if risk.interval:
            text += " " + t("explain.interval", low=t.percent(risk.interval[0]),
                            high=t.percent(risk.interval[1]))
        return text
    return t("explain.likelihood", share=share)


def severity_text(t: Translator, severity: float) -> str:
    """A grade of the 1-5 scale (a point of the risk curve): whole grades without
    decimals."""
    return t.number(severity, 0 if float(severity).is_integer() else 1)


def _severity(ctx: "_Context") -> str:
    """The severity the table and matrix show (the average over the ways it can go
    wrong) and, where the score weighs another point of the risk curve, that point."""
    t, risk = ctx.t, ctx.risk
    word = severity_word(risk.severity)
    segments = {s: hazard(ctx.tp, ctx.analysis.profile, None if s == ALL else s)
                for s in ctx.analysis.weights} or {ALL: hazard(ctx.tp, ctx.analysis.profile)}
    key = "explain.severity_average" if is_average(segments) else "explain.severity"
    # one decimal, as the table, the matrix and the details show it (2.0, not 2)
    text = t(key, severity=ctx.quote(t.number(risk.severity, 1), risk.severity, "severity"),
             word=t(f"severity.{word}"))
    if risk.curve is not None and risk.likelihood > 0 and \
            curve_differs(risk.likelihood, risk.severity, *risk.curve):
        text += "; " + t("explain.severity_curve", share=t.percent(risk.curve[0]),
                         severity=severity_text(t, risk.curve[1]))
    return text


def _recoverability(ctx: "_Context") -> str:
    t, journey, tp = ctx.t, ctx.journey, ctx.tp
    channel_id = journey.complaint_channel(tp)
    if tp.is_complaint_channel and (not channel_id or channel_id == tp.id):
        return t("explain.recoverability_channel")
    if not channel_id or channel_id == tp.id:
        return t("explain.recoverability_none")
    channel = journey.touchpoints[channel_id]
    if channel.resolution is None:
        rate = ctx.analysis.profile.customers["default_resolution_rate"]
        return t("explain.recoverability_default", channel=channel.name, rate=t.percent(rate))
    if channel.resolution.hours is None:
        return t("explain.recoverability_rate", channel=channel.name,
                 rate=t.percent(channel.resolution.rate))
    hours = channel.resolution.hours
    return t("explain.recoverability_hours", channel=channel.name,
             rate=t.percent(channel.resolution.rate),
             hours=t.figure(hours))


def _double_standard(ctx: "_Context") -> str:
    t, journey, tp = ctx.t, ctx.journey, ctx.tp
    worst, worst_p = None, -1.0
    for sid in journey.segments:
        h = hazard(tp, ctx.analysis.profile, sid)
        if h.likelihood * h.severity > worst_p:
            worst, worst_p = sid, h.likelihood * h.severity
    if worst is None:
        return t("explain.double_standard_plain")
    segment = journey.segments[worst]
    likelihood = hazard(tp, ctx.analysis.profile, worst).likelihood
    return t("explain.double_standard", segment=segment.name or worst,
             share=t.percent(likelihood), average=t.percent(ctx.risk.likelihood))


def _third_party(ctx: "_Context") -> str:
    owner = ctx.tp.owner.name if ctx.tp.owner else ""
    return ctx.t("explain.third_party", owner=owner)


def _promises(ctx: "_Context") -> str:
    promises = ctx.journey.promises_kept_at.get(ctx.tp.id, ())
    texts = ", ".join(ctx.t("quote", text=p.text) for p in promises)
    key = "explain.promises_third_party" if ctx.tp.third_party else "explain.promises"
    return ctx.t.count(key, len(promises), texts=texts)


def _exposure(ctx: "_Context") -> str:
    return ctx.t("explain.exposure", share=ctx.t.percent(min(ctx.risk.planned_reach, 1.0)))


def _taken_for_granted(ctx: "_Context") -> str:
    first = ctx.journey.touchpoints.get(ctx.tp.repeat_of or "")
    return ctx.t("explain.taken_for_granted", first=first.name if first else "")


def _simple(key: str) -> Callable[["_Context"], str]:
    return lambda ctx: ctx.t(key)


def _unassessed(ctx: "_Context") -> str:
    return ctx.t("explain.unassessed_channel" if ctx.tp.is_complaint_channel else
                 "explain.unassessed")


EXPLAINERS: dict[str, Callable[["_Context"], str]] = {
    "likelihood": _likelihood,
    "severity": _severity,
    "recoverability": _recoverability,
    "double_standard": _double_standard,
    "third_party": _third_party,
    "promises": _promises,
    "exposure": _exposure,
    "taken_for_granted": _taken_for_granted,
    "cap": _simple("explain.cap"),
    "outcome": _simple("explain.outcome"),
    "unassessed": _unassessed,
}


@dataclass(slots=True)
class _Context:
    t: Translator
    analysis: Analysis
    journey: Journey
    tp: Touchpoint
    risk: TouchpointRisk
    #: the figures :meth:`quote` placed in the text, by their marker's number
    figures: list[Quoted] = field(default_factory=list)

    def quote(self, text: str, value: float, kind: str) -> str:
        """``text`` (the figure as shown) marked as the touchpoint's ``kind`` figure."""
        self.figures.append(Quoted(text, raw(value), kind))
        return f"{_MARK}{len(self.figures) - 1}{_MARK}"

    def parts(self, marked: str) -> tuple[Union[str, Quoted], ...]:
        pieces = marked.split(_MARK)
        return tuple(self.figures[int(piece)] if i % 2 else piece
                     for i, piece in enumerate(pieces) if i % 2 or piece)


def plain(parts: tuple[Union[str, Quoted], ...]) -> str:
    return "".join(part if isinstance(part, str) else part.text for part in parts)


def explain(t: Translator, analysis: Analysis, risk: TouchpointRisk, factor: Factor) -> Explanation:
    """The factor's name and explanation in the report's language.  The likelihood and
    severity factors are worded from the catalog in every language, quoting the
    figures the table and the matrix show (marked as :class:`Quoted` in ``parts``)."""
    name = factor_name(t, factor.factor)
    if t.lang == "en" and factor.factor not in QUOTING:
        return Explanation(name, factor.reason)
    explainer = EXPLAINERS.get(factor.factor)
    if explainer is None:
        return Explanation(name, factor.reason, lang="en")
    journey = analysis.journey
    ctx = _Context(t, analysis, journey, journey.touchpoints[risk.id], risk)
    parts = ctx.parts(explainer(ctx))
    return Explanation(name, plain(parts), parts=parts)
