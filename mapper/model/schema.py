"""The journey file format, declared once: validation and JSON Schema come from here."""
from __future__ import annotations

import json
from typing import Any

from ..core.rules import RULES
from ..core.vocabulary import LANGUAGES
from .spec import (ByType, Choice, Date, Flag, Ident, Key, ListOf, MapOf, Number,
                   NumberOrWord, Obj, Problems, Slug, Text, Where, describe)

ASPECTS = ("sales", "after_sales", "warranty", "complaint")
CHANNELS = ("in_person", "phone", "email", "web", "app", "mail", "delivery", "ad", "other")
OUTCOMES = ("repeat_purchase", "loyal", "advocate", "lost")
KINDS = ("touchpoint", "complaint_channel")
LIKELIHOOD_WORDS = ("rare", "unlikely", "possible", "likely", "frequent")
SEVERITY_WORDS = ("minor", "moderate", "serious", "major", "critical")
#: severity words are the 1..5 scale itself
SEVERITY_SCALE = {word: index + 1 for index, word in enumerate(SEVERITY_WORDS)}

#: keys that describe a risk; a touchpoint gives one of these ways
RISK_SOURCES = ("likelihood", "failure_modes", "evidence")


def _likelihood(description: str = "") -> NumberOrWord:
    return NumberOrWord(Number(0, 1, what="likelihood"), LIKELIHOOD_WORDS, description or (
        "Probability of a negative experience here, 0..1, or a word: "
        + "|".join(LIKELIHOOD_WORDS) + " (numbers for the words are in the scoring profile)."))


def _check_range(value: Any, where: Where, out: Problems) -> None:
    if value["low"] > value["high"]:
        out.add(where.at(value.value_mark("low")), (
            f"low ({value['low']:g}) cannot be above high ({value['high']:g})"))


def _range(what: str) -> Obj:
    return Obj([Key("low", Number(0, 1, what=f"{what} low",
                              description=f"The lowest plausible {what}, 0..1."),
                    required=True, example="low: 0.02"),
                Key("high", Number(0, 1, what=f"{what} high",
                               description=f"The highest plausible {what}, 0..1."),
                    required=True, example="high: 0.08")],
               description=f"An uncertain {what}: any value from low to high is as plausible "
                           "(figures get 90% intervals by Monte Carlo; the point figures use "
                           "the middle).", check=_check_range)


def _ranged_likelihood() -> ByType:
    return ByType(text=_likelihood(), mapping=_range("likelihood"), what="likelihood",
                  description="A likelihood (number or word), or a range {low, high}.")


def _severity() -> NumberOrWord:
    return NumberOrWord(Number(1, 5, what="severity"), SEVERITY_WORDS, (
        "How bad a negative experience here is, 1..5, or a word: "
        + "|".join(SEVERITY_WORDS) + " (1..5)."))


def _emotion() -> Number:
    return Number(-2, 2, what="emotion", description=(
        "The customer's feeling here, -2 (very negative) .. +2 (delighted)."))


def _check_evidence(value: Any, where: Where, out: Problems) -> None:
    if "observed" in value and "negative" in value and value["negative"] > value["observed"]:
        out.add(where.at(value.value_mark("negative")), (
            f"evidence: negative ({value['negative']}) cannot exceed observed "
            f"({value['observed']})"))


EVIDENCE = Obj([
    Key("observed", Number(1, 10**12, integer=True, what="observed", description=(
        "Customers observed at this touchpoint.")), required=True, example="observed: 480"),
    Key("negative", Number(0, 10**12, integer=True, what="negative", description=(
        "How many of them had a negative experience (at most observed).")), required=True,
        example="negative: 36"),
    Key("source", Text("Where the counts come from (survey, complaint log, ...)."),
        example="source: complaint log, Q1"),
], description=(
    "Observed counts (complaint logs, surveys) instead of a guessed likelihood: "
    "the model uses a Bayesian estimate and shows its uncertainty."), check=_check_evidence)

FAILURE_MODE = Obj([
    Key("name", Text("What goes wrong.", max_length=500), required=True,
        example="name: Late delivery"),
    Key("likelihood", _likelihood(), required=True, example="likelihood: 0.08"),
    Key("severity", _severity(), required=True, example="severity: 4"),
    Key("cause", Text("Why it happens."), example="cause: courier overbooked before holidays"),
    Key("effect", Text("What the customer experiences."),
        example="effect: the parcel comes two days late"),
], description="One way this touchpoint can fail (service FMEA).")


def _failure_label(parent: str, index: int, item: Any) -> str:
    name = item.get("name") if hasattr(item, "get") else None
    shown = f"'{name}'" if isinstance(name, str) else str(index + 1)
    return f"{parent} failure mode {shown}" if parent else f"failure mode {shown}"


FAILURE_MODES = ListOf(FAILURE_MODE, min_items=1, label=_failure_label, description=(
    "FMEA-style failure modes; they combine into the touchpoint's likelihood and severity. "
    "An alternative to likelihood/severity."))

OWNER = ByType(
    text=Text("Who runs this touchpoint."),
    mapping=Obj([
        Key("name", Text("Who runs this touchpoint."), required=True,
            example="name: Fast Courier Ltd"),
        Key("third_party", Flag("True when a third party (courier, service centre) runs it; "
                                "the customer still holds the seller responsible."),
            default="false", example="third_party: true"),
    ]),
    what="owner",
    description="Who runs the touchpoint: a name, or {name, third_party}.")

RESOLUTION = Obj([
    Key("rate", ByType(text=Number(0, 1, what="resolution rate"),
                       mapping=_range("resolution rate"), what="resolution rate",
                       description="Share of complaints resolved to the customer's "
                                   "satisfaction, or a range {low, high}."),
        required=True, example="rate: 0.7"),
    Key("hours", Number(0, 100_000, what="resolution hours",
                        description="Typical hours until a complaint is resolved."),
        default="not known (no responsiveness finding)", example="hours: 24"),
    Key("back_to", Ident("Where resolved complainers continue; default: the `next` of the "
                         "touchpoint they complained about.", what="touchpoint id"),
        default="the next of the touchpoint complained about", example="back_to: usage"),
], description="How this complaint channel resolves complaints.")

PROMISE = Obj([
    Key("id", Ident("Promise id, unique in the journey.", what="promise id"), required=True,
        example="id: three-days"),
    Key("text", Text("The promise as the customer hears it.", max_length=1000), required=True,
        example="text: Delivery within 3 days"),
    Key("kept_at", Ident("The touchpoint where the promise is kept.", what="touchpoint id"),
        required=True, example="kept_at: courier"),
], description="A promise made to the customer at this touchpoint.")


def _promise_label(parent: str, index: int, item: Any) -> str:
    pid = item.get("id") if hasattr(item, "get") else None
    shown = f"'{pid}'" if isinstance(pid, str) else str(index + 1)
    return f"{parent} promise {shown}"


SEGMENT_OVERRIDE = Obj([
    Key("likelihood", _likelihood(), default="the touchpoint's", example="likelihood: 0.3"),
    Key("severity", _severity(), default="the touchpoint's", example="severity: 4"),
    Key("emotion", _emotion(), default="the touchpoint's", example="emotion: -1"),
], description="How this touchpoint treats one segment differently.")

NEXT = ByType(
    text=Ident("All customers continue to this touchpoint.", what="touchpoint id"),
    items=ListOf(Ident(what="touchpoint id"), min_items=1,
                 description="Traffic splits evenly between these touchpoints."),
    mapping=MapOf(ByType(text=Number(0, 1, what="probability"), mapping=_range("share"),
                         what="probability"), what="touchpoint id",
                  description="Touchpoint id: share of customers who continue there, or a "
                              "range {low, high}; the rest drops off silently."),
    what="next",
    description="Where customers go from here.")

_TOUCHPOINT_COMMON = [
    Key("name", Text("Label shown in diagrams and reports (default: the id).", max_length=500),
        default="the touchpoint id", example="name: Courier delivery"),
    Key("channel", Choice(CHANNELS, "How the customer meets the firm here.", what="channel"),
        default="not stated", example="channel: delivery"),
    Key("kind", Choice(KINDS, "touchpoint (default) or complaint_channel.", what="kind"),
        default="touchpoint", example="kind: complaint_channel"),
    Key("description", Text("What happens here."),
        example="description: The courier brings the parcel to the door."),
    Key("likelihood", _ranged_likelihood(), default=(
        "no known risk (likelihood 0, an `unassessed` finding), unless failure_modes or "
        "evidence give it"), example="likelihood: 0.10"),
    Key("severity", _severity(), default="the scoring profile's default_severity (3)",
        example="severity: serious"),
    Key("emotion", _emotion(), default="not stated (left out of the emotion curve)",
        example="emotion: 1"),
    Key("failure_modes", FAILURE_MODES, example=(
        "failure_modes:\n"
        "  - {name: Late delivery, likelihood: 0.08, severity: 4}\n"
        "  - {name: Damaged box, likelihood: 0.02, severity: 5}")),
    Key("evidence", EVIDENCE, example="evidence: {observed: 480, negative: 36, source: survey}"),
    Key("owner", OWNER, default="the firm itself",
        example="owner: {name: Fast Courier Ltd, third_party: true}"),
]

COMPLAINTS = Ident("Where an unhappy customer can complain (a complaint channel).",
                   what="touchpoint id")
SEGMENT_OVERRIDES = MapOf(SEGMENT_OVERRIDE, what="segment id",
                          label=lambda parent, name: f"{parent} segment '{name}'",
                          description="Per-segment overrides of likelihood, severity, emotion.")
#: the touchpoint keys about where customers go; an action's effect may override them
_FLOW_KEYS = {
    "complaints": Key("complaints", COMPLAINTS, default="the journey's complaints channel",
                      example="complaints: hotline"),
    "next": Key("next", NEXT, default="none: an outcome, a complaint channel, or a dead end",
                example="next: {site: 0.3}"),
    "resolution": Key("resolution", RESOLUTION, example="resolution: {rate: 0.7, hours: 24}"),
    "segments": Key("segments", SEGMENT_OVERRIDES, default="every segment treated alike",
                    example="segments: {private: {likelihood: 0.3}}"),
}
_EFFECT_KEYS = {**{key.name: key for key in _TOUCHPOINT_COMMON}, **_FLOW_KEYS}

ACTION_STATUSES = ("proposed", "planned", "done", "rejected")
#: touchpoint keys an action's effect may override
EFFECT_KEYS = ("likelihood", "severity", "emotion", "failure_modes", "evidence", "owner",
               "complaints", "next", "resolution", "segments")


def _check_risk_source(value: Any, where: Where, out: Problems, prefix: str = "") -> None:
    """One way to state a risk (likelihood, failure modes or evidence), and no
    severity beside failure modes, which carry their own."""
    sources = [key for key in RISK_SOURCES if key in value]
    if len(sources) > 1:
        out.add(where.at(value.key_mark(sources[1])), (
            f"{prefix}give one of likelihood, failure_modes or evidence, not both "
            f"'{sources[0]}' and '{sources[1]}'"))
    if "failure_modes" in value and "severity" in value:
        out.add(where.at(value.key_mark("severity")), (
            f"{prefix}severity comes from the failure modes; give it on each failure mode"))


def _check_effect(value: Any, where: Where, out: Problems) -> None:
    _check_risk_source(value, where, out, "effect: ")


def _action_label(parent: str, index: int, item: Any) -> str:
    aid = item.get("id") if hasattr(item, "get") else None
    shown = f"'{aid}'" if isinstance(aid, str) else str(index + 1)
    return f"{parent} action {shown}"


ACTION = Obj([
    Key("id", Ident("Action id, unique in the journey.", what="action id"), required=True,
        example="id: sms-alerts"),
    Key("description", Text("What will be done.", max_length=1000),
        example="description: Text the customer a delivery slot"),
    Key("owner", Text("Who is responsible for it.", max_length=300),
        example="owner: Logistics lead"),
    Key("due", Date("When it is due, YYYY-MM-DD.", what="due"), example="due: 2027-03-31"),
    Key("status", Choice(ACTION_STATUSES, "proposed (default), planned, done (part of the "
                         "baseline) or rejected.", what="status"),
        default="proposed", example="status: planned"),
    Key("cost", Obj([
        Key("once", Number(0, 1e12, what="one-off cost",
                           description="One-off cost, in the journey's currency."),
            default="0", example="once: 2000"),
        Key("yearly", Number(0, 1e12, what="yearly cost",
                             description="Yearly running cost, in the journey's currency."),
            default="0", example="yearly: 600"),
    ], description="What the action costs; a plan counts one-off plus one year."),
        default="nothing", example="cost: {once: 2000, yearly: 600}"),
    Key("effect", Obj([_EFFECT_KEYS[name] for name in EFFECT_KEYS],
                      description="The touchpoint's keys once the action is done (they "
                                  "replace the touchpoint's own).", check=_check_effect),
        example="effect: {likelihood: 0.03}"),
], description="A recommended action (FMEA practice): what it costs and what it changes.")

TOUCHPOINT = Obj([
    Key("use", Text("Start from a catalog entry (sector/entry) and override below.",
                    max_length=300), example="use: retail/online-checkout"),
    *_TOUCHPOINT_COMMON,
    Key("stage", Ident("The stage this touchpoint belongs to.", what="stage id"),
        default="required unless the touchpoint is an outcome", example="stage: delivery"),
    Key("notes", Text("Free notes for the consultant."),
        example="notes: ask the courier for March figures"),
    Key("promises", ListOf(PROMISE, label=_promise_label, description=(
        "Promises made to the customer here, each kept (or not) at a later touchpoint.")),
        example="promises:\n  - {id: three-days, text: Delivery within 3 days, kept_at: courier}"),
    _FLOW_KEYS["complaints"],
    _FLOW_KEYS["next"],
    _FLOW_KEYS["resolution"],
    Key("outcome", Choice(OUTCOMES, "Makes this an end point of the journey.", what="outcome"),
        example="outcome: repeat_purchase"),
    _FLOW_KEYS["segments"],
    Key("repeat_of", Ident("This point is the repeat-visit version of another touchpoint.",
                           what="touchpoint id"), example="repeat_of: haircut"),
    Key("actions", ListOf(ACTION, label=_action_label, description=(
        "Recommended actions for this touchpoint; `done` ones are part of the baseline.")),
        example="actions:\n  - {id: sms-alerts, status: planned, cost: {once: 2000},\n"
                "     effect: {likelihood: 0.03}}"),
], title="Touchpoint", description="A contact point between the customer and the firm.")


def _check_entry(value: Any, where: Where, out: Problems) -> None:
    _check_risk_source(value, where, out)
    if "resolution" in value and value.get("kind") != "complaint_channel":
        out.add(where.at(value.key_mark("resolution")), (
            "resolution is only for complaint channels; add 'kind: complaint_channel'"))


CATALOG_ENTRY = Obj([
    *(Key(k.name, k.spec, required=k.name in ("name", "channel"),
          default="" if k.name in ("name", "channel") else k.default, example=k.example)
      for k in _TOUCHPOINT_COMMON),
    Key("aspect", Choice(ASPECTS, "The service aspect this point usually belongs to.",
                         what="aspect"), example="aspect: sales"),
    Key("resolution", Obj([RESOLUTION.by_name["rate"], RESOLUTION.by_name["hours"]],
                          description="How this complaint channel resolves complaints."),
        example="resolution: {rate: 0.6, hours: 48}"),
    Key("rationale", Text("One line: why these defaults, citing the domain fact.",
                          max_length=1000), required=True,
        example="rationale: 93% of disappointed customers never come back"),
], title="Catalog entry", description="A reusable touchpoint definition.",
    check=_check_entry)

STAGE = Obj([
    Key("id", Ident("Stage id, unique in the journey.", what="stage id"), required=True,
        example="id: delivery"),
    Key("aspect", Choice(ASPECTS, "Which of the four service aspects this stage serves.",
                         what="aspect"), required=True, example="aspect: sales"),
    Key("name", Text("Label shown in reports, in the journey's language (default: the id).",
                     max_length=200), default="the stage id", example="name: Delivery"),
    Key("description", Text("What the customer does in this stage."),
        example="description: From the order to the parcel at the door."),
], description="A stage of the journey; stages are columns, left to right.")


def _stage_label(parent: str, index: int, item: Any) -> str:
    sid = item.get("id") if hasattr(item, "get") else None
    return f"stage '{sid}'" if isinstance(sid, str) else f"stage {index + 1}"


JOURNEY = Obj([
    Key("journey", Slug("Journey id: a lowercase ASCII slug, unique in a portfolio; it "
                        "names the output files."), required=True,
        example="journey: online-shop"),
    Key("title", Text("Title shown in reports.", max_length=300), default="the journey id",
        example="title: Online computer shop"),
    Key("description", Text("What the journey covers, shown in the report."),
        example="description: Private and business customers buying laptops online."),
    Key("notes", Text("Free notes, shown in the report."),
        example="notes: figures from the 2025 complaint log"),
    Key("language", Choice(LANGUAGES, "Report language.", what="language"), default="en",
        example="language: bg"),
    Key("cohort", Number(1, 1e12, what="cohort",
                         description="Customers entering the journey (default 1000)."),
        default="1000", example="cohort: 1000"),
    Key("economics", Obj([
        Key("currency", Text("Currency code, e.g. EUR.", max_length=10), default="EUR",
            example="currency: EUR"),
        Key("customer_value", Number(0, 1e12, what="customer_value",
                                     description="Value of keeping one customer."),
            example="customer_value: 1200"),
        Key("acquisition_cost", Number(0, 1e12, what="acquisition_cost",
                                       description="Cost of winning one new customer."),
            example="acquisition_cost: 300"),
    ], description="Enables money figures."), default="no money figures",
        example="economics: {currency: EUR, customer_value: 1200, acquisition_cost: 300}"),
    Key("segments", MapOf(Obj([
        Key("share", Number(0, 1, what="share", description=(
            "Share of the cohort in this segment; the shares of all segments sum to 1.")),
            required=True, example="share: 0.8"),
        Key("value", Number(0, 1e12, what="value",
                            description="Value of keeping one customer of this segment."),
            default="economics.customer_value", example="value: 6000"),
        Key("name", Text("Label shown in reports.", max_length=200), default="the segment id",
            example="name: Business customers"),
        Key("description", Text("Who these customers are."),
            example="description: Companies buying ten laptops or more a year."),
    ], description="One customer segment."), what="segment id",
        label=lambda parent, name: f"segment '{name}'",
        description="Customer segments; shares sum to 1."), default="one segment: everyone",
        example="segments:\n  private: {share: 0.8}\n  business: {share: 0.2, value: 6000}"),
    Key("stages", ListOf(STAGE, min_items=1, label=_stage_label, description=(
        "The stages, in order, left to right.")), required=True, example=(
        "stages:\n  - {id: awareness, aspect: sales}\n  - {id: purchase, aspect: sales}\n"
        "  - {id: complaints, aspect: complaint}")),
    Key("touchpoints", MapOf(TOUCHPOINT, what="touchpoint id", min_items=1,
                             label=lambda parent, name: f"touchpoint '{name}'",
                             description="Touchpoints keyed by id, in journey order."),
        required=True, example=(
            "touchpoints:\n  banner:\n    name: Banner ad\n    stage: awareness\n"
            "    channel: ad\n    next: {site: 0.3}")),
    Key("entry", ByType(
        text=Ident(what="touchpoint id"),
        mapping=MapOf(Number(0, 1, what="entry share"), what="touchpoint id"),
        what="entry",
        description="Where the cohort enters: a touchpoint id or {id: share} (default: the "
                    "first touchpoint)."), default="the first touchpoint in the file",
        example="entry: {banner: 0.6, shop_window: 0.4}"),
    Key("complaints", Ident("Default complaint channel for touchpoints that name none.",
                            what="touchpoint id"), default="none",
        example="complaints: hotline"),
    Key("lint", Obj([
        Key("disable", ListOf(Choice(sorted(set(RULES) - {"invalid", "fail-on"}), what="rule id"),
                              description="Lint rules not to run on this journey."),
            default="every rule runs", example="disable: [missing-aspect]"),
    ], description="Lint settings for this journey."),
        example="lint: {disable: [missing-aspect]}"),
    Key("calibration", Obj([
        Key("files", ListOf(Obj([
            Key("path", Text("Event log, relative to the journey file.", max_length=1000),
                required=True, example="path: data/events.csv"),
            Key("rows", Number(0, 10**15, integer=True, what="rows",
                               description="Rows (events) read from the log."),
                example="rows: 120000"),
        ]), description="The event logs the figures were fitted to."),
            example="files: [{path: data/events.csv, rows: 120000}]"),
        Key("period", Obj([
            Key("from", Text("First event (date and time).", max_length=40),
                example="from: '2026-01-01T00:00:00'"),
            Key("to", Text("Last event (date and time).", max_length=40),
                example="to: '2026-06-30T23:59:59'"),
        ], description="The period of the events used."),
            example="period: {from: '2026-01-01T00:00:00', to: '2026-06-30T23:59:59'}"),
        Key("cases", Number(0, 10**15, integer=True, what="cases",
                            description="Cases (customers or visits) in the data."),
            example="cases: 8000"),
    ], description="Where `journeymap fit --write` took the next shares and evidence from."),
        default="written by `journeymap fit --write`",
        example="calibration:\n  files: [{path: data/events.csv, rows: 120000}]\n  cases: 8000"),
], title="journeymap journey", description=(
    "A shop's customer journey: stages, touchpoints and how customers move between them."))

def json_schema() -> dict[str, Any]:
    """The JSON Schema of a journey file (draft 2020-12), generated from JOURNEY."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **JOURNEY.schema()}


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


__all__ = ["JOURNEY", "CATALOG_ENTRY", "TOUCHPOINT", "json_schema", "json_schema_text",
           "describe"]
