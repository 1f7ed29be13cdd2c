"""Pathological journey shapes under the 10 MB file limit, for the hostile tests.

Each generator returns the text of one valid journey, deterministically (the
same arguments always give the same bytes):

* :func:`big_loop` -- one strongly connected component of ``n`` touchpoints
  (a ring with chords back and forth), a small way out at each;
* :func:`fan_out` -- one touchpoint whose ``next`` splits to ``n`` others;
* :func:`flat` -- ``n`` touchpoints side by side, each entered directly;
* :func:`deep_chain` -- ``n`` touchpoints one after another.

    python bench/shapes.py SHAPE N > journey.yaml
"""
from __future__ import annotations

import argparse
import random
import sys

HEAD = """\
journey: {id}
title: {title}
language: en
cohort: 1000
complaints: hotline
stages:
  - {{id: sales, aspect: sales}}
  - {{id: after, aspect: after_sales}}
  - {{id: warranty, aspect: warranty}}
  - {{id: help, aspect: complaint}}
touchpoints:
"""

TAIL = """\
  hotline:
    name: Complaint hotline
    stage: help
    channel: phone
    kind: complaint_channel
    resolution: {rate: 0.7, hours: 24}
  fix:
    name: Warranty repair
    stage: warranty
    likelihood: 0.01
    severity: 2
    next: [loyal]
  loyal:
    outcome: loyal
"""


def _touchpoint(tid: str, stage: str, likelihood: float, nxt: str, pad: int = 0) -> str:
    note = f"    notes: {'n' * pad}\n" if pad else ""
    return (f"  {tid}:\n    name: Touchpoint {tid}\n    stage: {stage}\n    channel: web\n"
            f"    likelihood: {likelihood:.4f}\n    severity: {1 + len(tid) % 5}\n"
            f"{note}    next: {nxt}\n")


def big_loop(n: int = 8000, chords: int = 6, pad: int = 0, seed: int = 1) -> str:
    """One loop of ``n`` touchpoints: each goes on around the ring, jumps along
    ``chords`` random chords (back or forward), and 1 % leave for the repair."""
    rng = random.Random(seed)
    parts = [HEAD.format(id="big-loop", title=f"One loop of {n} touchpoints")]
    for i in range(n):
        targets = {f"t{(i + 1) % n}": 0.5}
        while len(targets) < 1 + chords:
            j = rng.randrange(n)
            if j != i:
                targets.setdefault(f"t{j}", round(0.48 / chords, 6))
        body = ", ".join(f"{t}: {p}" for t, p in targets.items())
        parts.append(_touchpoint(f"t{i}", "sales" if i % 2 else "after",
                                 rng.uniform(0.0, 0.1), f"{{{body}, fix: 0.01}}", pad))
    parts.append(TAIL)
    return "".join(parts)


def fan_out(n: int = 50_000, pad: int = 0) -> str:
    """One touchpoint splitting its traffic evenly to ``n`` others, each going on to the repair."""
    parts = [HEAD.format(id="fan-out", title=f"A fan-out to {n} touchpoints")]
    parts.append(_touchpoint("start", "sales", 0.05, "[" + ", ".join(
        f"f{i}" for i in range(n)) + "]"))
    for i in range(n):
        parts.append(_touchpoint(f"f{i}", "after", (i % 7) / 100, "[fix]", pad))
    parts.append(TAIL)
    return "".join(parts)


def flat(n: int = 100_000) -> str:
    """``n`` touchpoints side by side, none leading to another (only the first is
    reached: the rest are unreachable, a finding each)."""
    parts = [HEAD.format(id="flat", title=f"{n} touchpoints side by side")]
    for i in range(n):
        parts.append(f"  p{i}: {{stage: sales, likelihood: {(i % 10) / 100}, severity: 2, "
                     f"next: [fix]}}\n")
    parts.append(TAIL)
    return "".join(parts)


def deep_chain(n: int = 50_000) -> str:
    """``n`` touchpoints one after another, the last going on to the repair."""
    parts = [HEAD.format(id="deep-chain", title=f"A chain of {n} touchpoints")]
    for i in range(n):
        nxt = f"[c{i + 1}]" if i + 1 < n else "[fix]"
        parts.append(f"  c{i}: {{stage: sales, likelihood: {(i % 10) / 1000}, severity: 2, "
                     f"next: {nxt}}}\n")
    parts.append(TAIL)
    return "".join(parts)


SHAPES = {"big-loop": big_loop, "fan-out": fan_out, "flat": flat, "deep-chain": deep_chain}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shape", choices=sorted(SHAPES))
    parser.add_argument("n", type=int)
    args = parser.parse_args(argv)
    sys.stdout.write(SHAPES[args.shape](args.n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
