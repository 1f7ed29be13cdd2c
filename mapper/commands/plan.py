"""`journeymap plan FILE`: the open actions that save the most within a budget."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any, Optional, TextIO

from ..core.errors import UsageError
from ..core.vocabulary import english
from .options import RiskOptions, add_risk_options

NAME = "plan"
HELP = "the open actions that save the most within a budget"
DESCRIPTION = ("Choose the proposed and planned actions that save the most customers (or "
               "money) within a budget, evaluating every combination on the journey's chain.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--budget", type=budget_amount, metavar="AMOUNT",
                        help="spend at most this much (one-off plus one year of running "
                             "cost, in the journey's currency); default: no limit")
    parser.add_argument("--objective", choices=("customers", "money"), default="customers",
                        help="what to save: customers (default) or money at risk")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    add_risk_options(parser)


@dataclass(frozen=True, eq=False, repr=False)
class Options(RiskOptions):
    """What `plan` was asked to do."""

    file: str
    budget: Optional[float]
    objective: str
    format: str


def run(args: Options, out: TextIO, err: TextIO) -> int:
    from ..loader.catalog import Catalog
    from ..risk.assess import assess
    from ..risk.document import dumps
    from ..risk.plan import PlanError, make_plan
    from ..risk.profile import load_profile
    from ..model.workspace import load_journey

    profile = load_profile(args.profile)
    journey = load_journey(args.file, Catalog(args.catalog))
    analysis, _ = assess(journey, profile, args.disable, removal=False)
    try:
        plan = make_plan(analysis, args.budget, args.objective)
    except PlanError as exc:
        raise UsageError(f"plan {args.file}: {exc}") from None
    document = plan.as_json()
    if args.format == "json":
        out.write(dumps(document) + "\n")
    elif args.format == "markdown":
        out.write(render_markdown(document))
    else:
        out.write(render_text(document))
    return 0


def budget_amount(text: str) -> float:
    """``--budget``: a non-negative amount in the journey's currency."""
    try:
        value = float(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"budget must be an amount, got '{text}'") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"budget must be 0 or more, got '{text}'")
    return value


def _money(value: float, currency: str) -> str:
    return english().money(value, currency)


def _lines(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) rows of the plan's headline, shared by text and Markdown."""
    t = english()
    currency = doc["currency"] or ""
    cost, saved, before, after = doc["cost"], doc["saved"], doc["before"], doc["after"]
    budget = "none (every open action may be chosen)" if doc["budget"] is None else \
        _money(doc["budget"], currency)
    method = "exact (every combination within the budget evaluated)" \
        if doc["method"] == "exact" else (
            f"heuristic (greedy + swaps; at least {t.percent(doc['bound'])} of the optimum when "
            "fixes do not reinforce each other)")
    rows = [
        ("objective", "customers saved" if doc["objective"] == "customers" else
         "money at risk saved"),
        ("budget", budget),
        ("method", f"{method}, {doc['evaluated']} combinations solved, "
                   f"{doc['candidates']} candidate actions"),
        ("cost", f"{_money(cost['total'], currency)} (one-off {t.number(cost['once'], 0)}, "
                 f"yearly {t.number(cost['yearly'], 0)})"),
        ("retained", f"{t.number(before['retained'])} → {t.number(after['retained'])} "
                     f"({t.signed(saved['retained'])})"),
        ("expected lost", f"{t.number(before['expected_lost'])} → "
                          f"{t.number(after['expected_lost'])} "
                          f"({t.signed(-saved['customers'])})"),
        ("bad word of mouth", f"{t.number(saved['word_of_mouth']['low'], 0)}–"
                              f"{t.number(saved['word_of_mouth']['high'], 0)} fewer people"),
        ("good word of mouth", f"{t.signed(saved['good_word_of_mouth']['low'], 0)} to "
                               f"{t.signed(saved['good_word_of_mouth']['high'], 0)} people "
                               "(advocates and resolved complainers)"),
        ("profit", f"{t.signed_percent(saved['profit_uplift']['low'])} to "
                   f"{t.signed_percent(saved['profit_uplift']['high'])}"
                   " (rule of thumb: cutting defections by 5 points raises profit by 25–85%; "
                   "scaled to this cut, at most that)"),
    ]
    if doc["net_money"] is not None:
        rows.insert(6, ("money at risk", f"{_money(before['money_at_risk'], currency)} → "
                                         f"{_money(after['money_at_risk'], currency)} "
                                         f"(net of cost {t.signed(doc['net_money'], 0)})"))
    if doc["saved_per_cost"] is not None:
        unit = "customers" if doc["objective"] == "customers" else currency
        per = doc["saved_per_cost"] * (1000 if doc["objective"] == "customers" else 1)
        label = f"{t.number(per, 2)} {unit} saved per 1,000 {currency}" \
            if doc["objective"] == "customers" else \
            f"{t.number(per, 2)} {unit} saved per {currency}"
        rows.append(("saved per cost", label))
    return rows


def _action_rows(doc: dict[str, Any]) -> list[list[str]]:
    t = english()
    rows = [["action", "touchpoint", "cost", "saved alone", "in plan"]]
    chosen = {a["id"] for a in doc["chosen"]}
    for item in doc["chosen"] + doc["left_out"]:
        rows.append([item["id"], item["touchpoint"], t.number(item["cost"], 0),
                     t.number(item["saved_alone"]), "yes" if item["id"] in chosen else "no"])
    return rows


def _curve_rows(doc: dict[str, Any]) -> list[list[str]]:
    t = english()
    rows = [["spend", "saved", "actions"]]
    for point in doc["curve"]:
        rows.append([t.number(point["spend"], 0), t.number(point["saved"]),
                     ", ".join(point["actions"]) or "—"])
    return rows


def render_text(doc: dict[str, Any]) -> str:
    from .score import _table

    lines = [f"fix plan for {doc['journey']} — {doc['file']}", ""]
    if not doc["candidates"]:
        return "\n".join(lines + ["no open actions (proposed or planned) to plan", ""])
    width = max(len(label) for label, _ in _lines(doc))
    lines += [f"{label:<{width}}  {value}" for label, value in _lines(doc)]
    lines += ["", _table(_action_rows(doc), {2, 3}).rstrip(), "",
              "budget curve (the most saved for each spend):",
              _table(_curve_rows(doc), {0, 1}).rstrip()]
    return "\n".join(lines) + "\n"


def render_markdown(doc: dict[str, Any]) -> str:
    from ..formats.github import markdown_escape as md

    lines = [f"## Fix plan: {md(doc['journey'])}", ""]
    if not doc["candidates"]:
        return "\n".join(lines + ["No open actions (proposed or planned) to plan.", ""])
    lines += ["| | |", "|---|---|"]
    lines += [f"| {label} | {md(value)} |" for label, value in _lines(doc)]
    for title, rows in (("Actions", _action_rows(doc)), ("Budget curve", _curve_rows(doc))):
        lines += ["", f"### {title}", "", "| " + " | ".join(rows[0]) + " |",
                  "|" + "---|" * len(rows[0])]
        lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows[1:]]
    return "\n".join(lines) + "\n"
