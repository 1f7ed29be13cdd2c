"""Lint rule ids, their default severities and help texts (one table for all outputs)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str  # error | warning | info
    summary: str
    help: str


RULES: dict[str, Rule] = {rule.id: rule for rule in (
    Rule("invalid", "error", "The journey file cannot be loaded.",
         "A journey file breaks a rule of the format (syntax, unknown key, bad reference, "
         "value out of range). The message names the file, line and column; fix the file there."),
    Rule("no-complaint-channel", "warning",
         "Something can go wrong here and the customer has no way to complain.",
         "Give the touchpoint `complaints: <channel>` or set a journey-level `complaints:`. "
         "An easy, fast complaint channel is one of the three keys to loyalty: a complaint "
         "resolved quickly turns a disappointed customer into one who speaks well of the firm."),
    Rule("unkept-promise", "warning", "A promise cannot be kept for enough customers.",
         "The promise's `kept_at` touchpoint cannot be reached from where it was made, or fewer "
         "customers than the profile's share get there. Broken promises (a call-back, a check, "
         "a hand-over that never happens) are one of the three classic mistakes that lose customers."),
    Rule("unreachable", "warning", "No path leads here from the entry.",
         "No customer can reach this touchpoint from the journey's entry. Link it with `next` "
         "from an earlier touchpoint, name it as a complaint channel, or remove it."),
    Rule("dead-end", "warning", "Customers arrive here and have nowhere to go.",
         "A touchpoint that is neither an outcome nor a complaint channel has no `next`: every "
         "customer who reaches it silently drops off. Add `next`, or make it an outcome."),
    Rule("missing-aspect", "info", "One of the four service aspects has no touchpoint.",
         "Customers judge a firm by sales, after-sales, warranty service and the handling of "
         "dissatisfied customers, not by the sale alone. Map the missing aspect's contact points."),
    Rule("double-standard", "warning", "A segment is treated markedly worse at the same point.",
         "Attention only for big clients is one of the three classic mistakes: small clients "
         "grow and talk. Bring the worse-treated segment's experience up to the others'."),
    Rule("taken-for-granted", "warning", "A repeat visit is riskier than the first one.",
         "Service that drops after the first purchase takes repeat customers for granted, one of "
         "the three classic mistakes that lose customers. Keep the repeat visit at least as good."),
    Rule("slow-complaint-handling", "info", "A complaint channel resolves complaints slowly.",
         "For half of all buyers responsiveness decides the choice of supplier, and a "
         "complaint resolved quickly turns a disappointed customer into one who speaks well "
         "of the firm. Shorten the channel's resolution time."),
    Rule("fail-on", "error", "A touchpoint is at or above the --fail-on level.",
         "The quality gate set with --fail-on: lower this touchpoint's risk (likelihood, "
         "severity, a complaint channel) or raise the gate."),
    Rule("unassessed", "info", "No risk is recorded for this touchpoint.",
         "Give `likelihood` and `severity`, `failure_modes` or `evidence`, or start from a "
         "catalog entry with `use:`; until then the touchpoint counts as risk-free."),
)}

SEVERITIES = ("error", "warning", "info")
