"""Deterministic synthetic journeys of N touchpoints for the benchmarks.

    python bench/generate.py N [--seed S] [--id ID] [--ranges | --middles]
        [--actions K] > journey.yaml

Arguments: ``N`` the number of touchpoints (outcomes and the complaint
channel included; at least 4); ``--seed`` the random seed (default 1: the
same N and seed always give the same bytes); ``--id`` the journey id
(default ``synthetic-N``).

The journey is shaped like a real one, only wider: its stages (4 to 40, about
one per 25 touchpoints; sales stages, then after-sales and warranty, then the
complaint channel's stage) each offer several alternative touchpoints, and a
customer passes one touchpoint per stage, going on to one of two touchpoints
of the next stage (every touchpoint is linked from the stage before).  So a
customer meets about as many touchpoints as there are stages, not N.  At each
step 0.5–2 % drop off without a word, some customers leave early as loyal
ones, a few loop back to the stage before (always with a way out), and
negative experiences are as rare as in the example journeys (0.3–6 % per
visit, less where the path is longer than 10 stages; 2 % of the touchpoints
are trouble spots, 10–30 % at severity 4–5), so most customers get
far into the journey and a good share end up loyal.  There are failure
modes, promises, third parties, emotions, a complaint channel with
resolution, and outcomes (loyal and lost).

``--ranges`` states every touchpoint's problem as one likelihood given as a
range ``{low, high}`` (so scoring runs the Monte Carlo); ``--middles`` on the
same seed writes each range's middle instead (the deterministic twin).
``--actions K`` adds K proposed actions with costs, spread evenly over the
touchpoints, each lowering its touchpoint's likelihood (for ``plan``); the
rest of the journey is the same bytes as without them.
"""
from __future__ import annotations

import argparse
import random
import sys

ASPECTS = ("sales", "after_sales", "warranty", "complaint")


def _stages(n: int) -> list[tuple[str, str]]:
    count = max(4, min(40, n // 25))
    regular = count - 1
    names = []
    for i in range(regular):
        aspect = "warranty" if i == regular - 1 else "after_sales" if i == regular - 2 else "sales"
        names.append((f"s{i}", aspect))
    return names + [("help", "complaint")]


def generate(n: int, seed: int = 1, journey_id: str | None = None,
             ranges: bool | None = None, actions: int = 0) -> str:
    """The journey's YAML; ``ranges`` None: the usual mix of failure modes and
    likelihoods, True: a likelihood range on every touchpoint, False: its middle."""
    rng = random.Random(seed)
    n = max(n, 4)
    stages = _stages(n)
    regular_stages = stages[:-1]
    regular = n - 3  # minus the hotline and two outcomes
    ids = [f"t{i}" for i in range(regular)]
    # touchpoints per stage: as even as possible, at least one each
    members: list[list[str]] = [[] for _ in regular_stages]
    for i, tid in enumerate(ids):
        members[min(i * len(regular_stages) // regular, len(regular_stages) - 1)].append(tid)
    members = [m for m in members if m] or [ids]
    stage_of = {tid: k for k, group in enumerate(members) for tid in group}
    # a longer path meets more touchpoints: each is proportionally safer, so the
    # share lost over the whole journey stays like that of the examples
    scale = min(1.0, 10 / len(members))
    first = members[0]
    shares = [round(1 / len(first), 6)] * len(first)
    shares[-1] = round(1 - sum(shares[:-1]), 6)
    lines = [
        "# yaml-language-server: $schema=../journey.schema.json",
        f"journey: {journey_id or f'synthetic-{n}'}",
        f"title: Synthetic journey with {n} touchpoints",
        "language: en",
        "cohort: 10000",
        "economics: {currency: EUR, customer_value: 500, acquisition_cost: 100}",
        "complaints: hotline",
        "entry: {" + ", ".join(f"{tid}: {share:.6f}" for tid, share in zip(first, shares)) + "}",
        "stages:",
    ]
    lines += [f"  - {{id: {sid}, aspect: {aspect}}}" for sid, aspect in stages]
    lines.append("touchpoints:")
    step = max(1, regular // actions) if actions else 0
    acted = {ids[k * step] for k in range(min(actions, regular))} if actions else set()
    for i, tid in enumerate(ids):
        k = stage_of[tid]
        position = members[k].index(tid)
        lines.append(f"  {tid}:")
        lines.append(f"    name: Touchpoint {i}")
        lines.append(f"    stage: {regular_stages[min(k, len(regular_stages) - 1)][0]}")
        lines.append(f"    channel: {rng.choice(['web', 'phone', 'in_person', 'email', 'delivery'])}")
        lines.append(f"    emotion: {rng.choice([-1, 0, 0, 1, 1, 1, 2])}")
        if ranges is not None:
            low = scale * rng.uniform(0.0, 0.05)
            high = low + scale * rng.uniform(0.005, 0.04)
            lines.append(f"    likelihood: {{low: {low:.4f}, high: {high:.4f}}}" if ranges
                         else f"    likelihood: {(round(low, 4) + round(high, 4)) / 2:.5f}")
            lines.append(f"    severity: {rng.randint(1, 5)}")
        elif rng.random() < 0.02:  # a known trouble spot: likely and severe
            lines.append(f"    likelihood: {rng.uniform(0.1, 0.3):.4f}")
            lines.append(f"    severity: {rng.randint(4, 5)}")
        elif rng.random() < 0.5:
            lines.append("    failure_modes:")
            for m in range(rng.randint(1, 3)):
                lines.append(f"      - {{name: Failure {m}, likelihood: {scale * rng.uniform(0.001, 0.02):.4f}, "
                             f"severity: {rng.randint(1, 5)}}}")
        else:
            lines.append(f"    likelihood: {scale * rng.uniform(0.003, 0.06):.4f}")
            lines.append(f"    severity: {rng.randint(1, 5)}")
        if rng.random() < 0.1:
            lines.append("    owner: {name: Partner Ltd, third_party: true}")
        targets: list[tuple[str, float]] = []
        forward = 1.0 - rng.uniform(0.005, 0.02)  # the rest drop off without a word
        if k + 1 < len(members):
            following = members[k + 1]
            main = following[position % len(following)]
            other = following[(position + 1 + rng.randrange(len(following))) % len(following)]
            early = rng.uniform(0.0, 0.04) if k >= len(members) // 2 else 0.0
            back = 0.03 if k > 0 and rng.random() < 0.05 else 0.0
            share = forward - early - back
            # the last of a stage also leads to the next stage's touchpoints no one else
            # leads to (when that stage has more), so every touchpoint can be reached
            extra = following[len(members[k]):] if position == len(members[k]) - 1 else []
            if extra:
                targets += [(tid_, share * 0.2 / len(extra)) for tid_ in extra]
                share *= 0.8
            if other != main and other not in extra:
                split = rng.uniform(0.6, 0.85)
                targets += [(main, share * split), (other, share * (1 - split))]
            else:
                targets.append((main, share))
            if early:
                targets.append(("loyal", early))
            if back:
                before = members[k - 1]
                targets.append((before[rng.randrange(len(before))], back))
            if rng.random() < 0.05:
                kept = following[rng.randrange(len(following))]
                lines.append("    promises:")
                lines.append(f"      - {{id: p{i}, text: Promise {i}, kept_at: {kept}}}")
        else:  # the last stage: most stay loyal, a few are lost (a refund, a cancellation)
            targets += [("loyal", forward - 0.02), ("gone", 0.02)]
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
    parser.add_argument("n", type=int, help="touchpoints in the journey (at least 4)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--id", help="journey id (default synthetic-N)")
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
