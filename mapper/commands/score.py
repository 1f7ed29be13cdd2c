"""`journeymap score FILE`: the risk table in the terminal, or the JSON document."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, TextIO

from ..core.vocabulary import english
from .options import RiskOptions, add_risk_options

if TYPE_CHECKING:
    from ..risk.summary import Money

NAME = "score"
HELP = "risk table of one journey in the terminal"
DESCRIPTION = "Score one journey: risk table and summary."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a journey file, or - for standard input")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--set", action="append", default=[], metavar="TP.KEY=VALUE",
                        help="what-if: change a value without editing the file, e.g. "
                             "courier.likelihood=0.02 (repeatable)")
    add_risk_options(parser)


@dataclass(frozen=True, eq=False, repr=False)
class Options(RiskOptions):
    """What `score` was asked to do."""

    file: str
    format: str
    set: tuple[str, ...]
    stdin: Optional[TextIO]   # what a FILE ``-`` reads


def run(args: Options, out: TextIO, err: TextIO) -> int:
    import json

    from .. import api
    from ..loader.catalog import Catalog
    from ..model.workspace import one_source
    from ..risk.document import analysis_json
    from ..risk.profile import load_profile

    profile = load_profile(args.profile)
    catalog = Catalog(args.catalog)
    source, text = one_source(args.file, args.stdin)
    journey = api.load(source, catalog=catalog, text=text)
    # the terminal's tables show no findings: only the JSON document lints
    linted = args.format == "json"
    analysis = api.analyse(journey, profile=profile, disable=args.disable, findings=linted)
    if not args.set:
        if args.format == "json":
            out.write(analysis.to_json())
        else:
            out.write(render_table(analysis))
        return 0
    settings = list(args.set)
    for setting in args.set:  # keep the failure modes' severity when a likelihood replaces them
        target = setting.partition("=")[0].strip()
        tid, _, key = target.partition(".")
        if key == "likelihood" and tid in journey.touchpoints:
            tp = journey.touchpoints[tid]
            if (tp.failure_modes or tp.evidence) and not any(
                    s.partition("=")[0].strip() == f"{tid}.severity" for s in args.set):
                settings.append(f"{tid}.severity={analysis.touchpoints[tid].severity:.6g}")
    changed = api.load(source, catalog=catalog, settings=settings, text=text)
    after = api.analyse(changed, profile=profile, disable=args.disable, findings=linted)
    if args.format == "json":
        json.dump({"set": list(args.set),
                   "before": analysis_json(analysis, analysis.findings),
                   "after": analysis_json(after, after.findings)},
                  out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(render_what_if(analysis, after, list(args.set)))
    return 0


def _num(value: float, digits: int = 1) -> str:
    """A figure of the terminal's English text, in the tool's one number format."""
    return english().number(value, digits)


def _percent(share: float) -> str:
    return english().percent(share)


def _table(rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
                 for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def summary_lines(analysis: Any) -> list[str]:
    s = analysis.summary
    ranges = analysis.uncertainty["intervals"] if getattr(analysis, "uncertainty", None) else {}

    def between(key: str, digits: int = 1) -> str:
        if key not in ranges:
            return ""
        share = _percent(analysis.uncertainty['interval'])
        return (f"  ({share} interval {_num(ranges[key]['low'], digits)}–"
                f"{_num(ranges[key]['high'], digits)})")
    lines = [
        f"cohort         {_num(s.cohort, 0)} customers",
        f"retained       {_num(s.retained)}{between('retained')}",
        f"expected lost  {_num(s.expected_lost)}{between('expected_lost')}",
        f"dropped off    {_num(s.dropped)}",
        f"word of mouth  {_num(s.word_of_mouth.low, 0)}–"
        f"{_num(s.word_of_mouth.high, 0)} people hear of a bad experience"
        + between("word_of_mouth", 0),
    ]
    if s.money is not None:
        lines.append(money_line(s.money) + between("money_at_risk", 0))
    if s.good_word_of_mouth.high:
        good = s.good_word_of_mouth
        lines.append(f"good word      {_num(good.low, 0)}–{_num(good.high, 0)} people hear "
                     "praise from advocates and resolved complainers")
    if s.fix_first:
        top = ", ".join(f"{f.id} ({_num(f.saved)})" for f in s.fix_first[:3])
        lines.append(f"fix first      {top} customers saved")
    if ranges:
        u = analysis.uncertainty
        lines.append(f"uncertainty    {_percent(u['interval'])} intervals from {u['draws']} seeded "
                     f"Monte Carlo draws over {len(u['sources'])} uncertain value(s)")
        stable = ", ".join(f"{f['id']} {_percent(f['keeps_place'])}" for f in u["fix_first_stability"])
        if stable:
            lines.append(f"order holds    {stable} of the draws keep their place")
    return lines


def money_line(money: "Money") -> str:
    """The money headline, saying which figure it is (never value + replacement)."""
    currency = money.currency
    if money.basis == "lost_value":
        text = f"money at risk  {english().money(money.total, currency)} value of the lost " \
            "customers"
        if money.replacement_cost:
            text += f" (replacing them costs {english().money(money.replacement_cost, currency)})"
        return text
    return (f"money at risk  {english().money(money.total, currency)} to replace the lost "
            "customers (no customer value given)")


def render_table(analysis: Any) -> str:
    journey = analysis.journey
    rows = [["#", "touchpoint", "stage", "level", "score", "reach", "lost", "top factor"]]
    from ..present.rows import risk_rows

    for row in risk_rows(analysis):
        top = f"{row.top.factor} {english().signed(row.top.contribution)}" if row.top else ""
        rows.append([str(row.rank), row.id, row.stage or "", row.level, _num(row.score),
                     _num(row.reach, 3), _num(row.expected_lost), top])
    head = f"{journey.title} ({journey.id}) — {journey.path}\n\n"
    text = head + _table(rows, {0, 4, 5, 6}) + "\n" + "\n".join(summary_lines(analysis)) + "\n"
    if analysis.actions:
        text += "\n" + render_actions(analysis)
    return text


def render_actions(analysis: Any) -> str:
    """The actions table: each one's score before -> after and what it saves."""
    currency = analysis.journey.economics.currency if analysis.journey.economics else ""
    money = analysis.journey.economics is not None
    head = ["action", "touchpoint", "status", "cost", "score", "customers saved"]
    if money:
        head.append(f"money saved ({currency})")
    head.append("bad word of mouth avoided")
    rows = [head]
    for a in analysis.actions:
        cost = a["cost"]["once"] + a["cost"]["yearly"]
        row = [a["id"], a["touchpoint"], a["status"], _num(cost, 0),
               f"{_num(a['score']['before'])} -> {_num(a['score']['after'])}",
               _num(a["saved"]["customers"])]
        if money:
            row.append(_num(a["saved"]["money"], 0))
        wom = a["saved"]["word_of_mouth"]
        row.append(f"{_num(wom['low'], 0)}–{_num(wom['high'], 0)}")
        rows.append(row)
    note = ("actions: done ones are in the figures above (saved: against the journey "
            "without them); the others are measured one at a time against them\n")
    return note + _table(rows, set(range(3, len(head))))


def render_what_if(before: Any, after: Any, settings: list[str]) -> str:
    lines = [f"what if: {', '.join(settings)}", ""]
    rows = [["touchpoint", "score before", "score after", "lost before", "lost after"]]
    for tid, old in before.touchpoints.items():
        new = after.touchpoints.get(tid)
        if new is None or old.kind == "outcome":
            continue
        if abs(old.score - new.score) > 1e-9 or abs(old.expected_lost - new.expected_lost) > 1e-6:
            rows.append([tid, f"{_num(old.score)} {old.level}", f"{_num(new.score)} {new.level}",
                         _num(old.expected_lost), _num(new.expected_lost)])
    if len(rows) > 1:
        lines.append(_table(rows, {1, 2, 3, 4}))
    b, a = before.summary, after.summary
    figures = [("retained", "retained"), ("expected_lost", "expected lost"),
               ("dropped", "dropped off")]
    for key, label in figures:
        old, new = getattr(b, key), getattr(a, key)
        change = english().signed(new - old)
        lines.append(f"{label:<14} {_num(old):>10} -> {_num(new):>10}  ({change})")
    lines.append(f"{'word of mouth':<14} {_num(b.word_of_mouth.high, 0):>10} -> "
                 f"{_num(a.word_of_mouth.high, 0):>10}  (high estimate)")
    if b.money is not None and a.money is not None:
        old_money = english().money(b.money.total, b.money.currency)
        new_money = english().money(a.money.total, a.money.currency)
        lines.append(f"{'money at risk':<14} {old_money:>14} -> {new_money:>14}")
    return "\n".join(lines) + "\n"
