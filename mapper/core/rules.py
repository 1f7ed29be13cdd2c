"""Lint rule ids and their default severities (one table for all outputs); the rules'
words (title, one-line text, help) are in the message catalogs."""
from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import translator


@dataclass(frozen=True, slots=True)
class Rule:
    """A lint rule: its id and default severity (contracts); its words are in the
    message catalogs (``rule.<id>.title``, ``.text``, ``.help``)."""
    id: str
    severity: str  # error | warning | info

    def title(self, lang: str = "en") -> str:
        return translator(lang)(f"rule.{self.id}.title")

    def text(self, lang: str = "en") -> str:
        """What the rule finds, in one sentence."""
        return translator(lang)(f"rule.{self.id}.text")

    def help(self, lang: str = "en") -> str:
        """Why it matters and what to do."""
        return translator(lang)(f"rule.{self.id}.help")


RULES: dict[str, Rule] = {rule.id: rule for rule in (
    Rule("invalid", "error"),
    Rule("no-complaint-channel", "warning"),
    Rule("unkept-promise", "warning"),
    Rule("unreachable", "warning"),
    Rule("dead-end", "warning"),
    Rule("missing-aspect", "info"),
    Rule("double-standard", "warning"),
    Rule("taken-for-granted", "warning"),
    Rule("slow-complaint-handling", "info"),
    Rule("fail-on", "error"),
    Rule("unassessed", "info"),
)}

SEVERITIES = ("error", "warning", "info")
