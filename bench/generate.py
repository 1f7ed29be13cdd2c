"""Deterministic synthetic journeys of N touchpoints for the benchmarks.

Each journey has the four aspects as stages (plus more sales stages for large
N), branching `next` with drop-off, loops back to earlier points (always with
a way out), failure modes, promises, third parties, a complaint channel with
resolution, and outcomes.  The same N and seed always give the same bytes.

``ranges=True`` states every touchpoint's problem as one likelihood given
as a range ``{low, high}`` (so scoring runs the Monte Carlo); ``ranges=False``
on the same seed writes each range's middle instead (the deterministic twin).
``actions=K`` adds K proposed actions with costs, spread evenly over the
touchpoints, each lowering its touchpoint's likelihood (for ``plan``); the
rest of the journey is the same bytes as without them.

    python bench/generate.py N [--seed S] [--id ID] [--ranges | --middles]
        [--actions K] > journey.yaml
"""
from __future__ import annotations

import argparse
import random
import sys

ASPECTS = ("sales", "after_sales", "warranty", "complaint")


def generate(n: int, seed: int = 1, journey_id: str | None = None,
             ranges: bool | None = None, actions: int = 0) -> str:
    """The journey's YAML; ``ranges`` None: the classic mix of failure modes and
    likelihoods, True: a likelihood range on every touchpoint, False: its middle."""
    rng = random.Random(seed)
    n = max(n, 4)
    stages_count = max(4, min(40, n // 25))
    stages = [(f"s{i}", ASPECTS[0] if i < stages_count - 3 else ASPECTS[i - stages_count + 4])
              for i in range(stages_count - 1)] + [("help", "complaint")]
    regular = n - 3  # minus hotline and two outcomes
    per_stage = max(1, regular // (stages_count - 1))
    lines = [
        "# yaml-language-server: $schema=../journey.schema.json",
        f"journey: {journey_id or f'synthetic-{n}'}",
        f"title: Synthetic journey with {n} touchpoints",
        "language: en",
        "cohort: 10000",
        "economics: {currency: EUR, customer_value: 500, acquisition_cost: 100}",
        "complaints: hotline",
        "stages:",
    ]
    lines += [f"  - {{id: {sid}, aspect: {aspect}}}" for sid, aspect in stages]
    lines.append("touchpoints:")
    ids = [f"t{i}" for i in range(regular)]
    step = max(1, regular // actions) if actions else 0
    acted = {ids[k * step] for k in range(min(actions, regular))} if actions else set()
    for i, tid in enumerate(ids):
        stage = stages[min(i // per_stage, len(stages) - 2)][0]
        lines.append(f"  {tid}:")
        lines.append(f"    name: Touchpoint {i}")
        lines.append(f"    stage: {stage}")
        lines.append(f"    channel: {rng.choice(['web', 'phone', 'in_person', 'email', 'delivery'])}")
        lines.append(f"    emotion: {rng.randint(-2, 2)}")
        if ranges is not None:
            low = rng.uniform(0.0, 0.1)
            high = low + rng.uniform(0.01, 0.08)
            lines.append(f"    likelihood: {{low: {low:.4f}, high: {high:.4f}}}" if ranges
                         else f"    likelihood: {(round(low, 4) + round(high, 4)) / 2:.5f}")
            lines.append(f"    severity: {rng.randint(1, 5)}")
        elif rng.random() < 0.5:
            lines.append("    failure_modes:")
            for k in range(rng.randint(1, 3)):
                lines.append(f"      - {{name: Failure {k}, likelihood: {rng.uniform(0.005, 0.1):.4f}, "
                             f"severity: {rng.randint(1, 5)}}}")
        else:
            lines.append(f"    likelihood: {rng.uniform(0.0, 0.15):.4f}")
            lines.append(f"    severity: {rng.randint(1, 5)}")
        if rng.random() < 0.1:
            lines.append("    owner: {name: Partner Ltd, third_party: true}")
        targets = []
        if i + 1 < regular:
            targets.append((ids[i + 1], rng.uniform(0.6, 0.8)))
        if i + 2 < regular and rng.random() < 0.5:
            targets.append((ids[i + 2], rng.uniform(0.05, 0.15)))
        if i > 5 and rng.random() < 0.05:  # a loop back, with a way out
            targets.append((ids[rng.randint(max(0, i - 20), i - 1)], 0.05))
        if i + 1 >= regular or rng.random() < 0.05:
            targets.append(("loyal", 0.1))
        total = sum(p for _, p in targets)
        if total > 0.95:
            targets = [(t, p * 0.95 / total) for t, p in targets]
        if i + 3 < regular and rng.random() < 0.05:
            kept = ids[min(regular - 1, i + rng.randint(1, 3))]
            lines.append("    promises:")
            lines.append(f"      - {{id: p{i}, text: Promise {i}, kept_at: {kept}}}")
        body = ", ".join(f"{t}: {p:.4f}" for t, p in targets)
        lines.append(f"    next: {{{body}}}")
        if tid in acted:
            lines += ["    actions:",
                      f"      - id: fix-{tid}",
                      f"        description: Fix the main problem at touchpoint {i}",
                      "        status: proposed",
                      f"        cost: {{once: {(i * 37 % 20 + 1) * 500}, "
                      f"yearly: {i * 13 % 11 * 100}}}",
                      "        effect: {likelihood: 0.001, severity: 1}"]
    lines += [
        "  hotline:",
        "    name: Complaint hotline",
        "    stage: help",
        "    kind: complaint_channel",
        "    likelihood: 0.05",
        "    resolution: {rate: 0.7, hours: 24}",
        "  loyal:",
        "    outcome: loyal",
        "  gone:",
        "    outcome: lost",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--id")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--ranges", action="store_const", const=True, dest="ranges",
                      help="a likelihood range on every touchpoint")
    kind.add_argument("--middles", action="store_const", const=False, dest="ranges",
                      help="the same journey with each range's middle")
    parser.add_argument("--actions", type=int, default=0, help="proposed actions to add")
    args = parser.parse_args(argv)
    sys.stdout.write(generate(args.n, args.seed, args.id, args.ranges, args.actions))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
