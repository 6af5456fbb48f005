"""Simulate how often the per-item rules call change, or divergence, when there is none (and when there is).

Model (seeded, numpy only): each item has a true level drawn uniformly from levels 1..4 of a 1-5
scale; each partner's score in a round is the true level plus normal noise with sd 0.5, rounded to a
level and kept on the scale. The same partners score both rounds. With one partner per round this
model calls 47% of items improved or declined under the old "change of a level" rule, as the issue
observed. Rules applied are maturitykit's own: ``stats.agreement.divergence`` (flag) and
``stats.itemchange.change_evidence`` (status). Prints one row per number of partners.

    python tools/simulate_status.py [--reps 4000] [--seed 20240601]
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from maturitykit.stats.agreement import divergence, item_stats
from maturitykit.stats.itemchange import change_evidence
from maturitykit.stats.limits import Limits

SCALE = [1, 2, 3, 4, 5]
SIZES = (2, 4, 6, 8, 12)
NOISE_SD = 0.5


def _scores(rng: np.random.Generator, truth: float, n: int) -> list[int]:
    return [int(v) for v in np.clip(np.rint(truth + rng.normal(0.0, NOISE_SD, n)), SCALE[0], SCALE[-1])]


def simulate(partners: int, reps: int, seed: int) -> dict[str, float]:
    """Shares of items flagged divergent (baseline), called improved/declined with no change, improved with +1."""
    rng = np.random.default_rng([seed, partners])
    limits = Limits.for_scale(SCALE)
    flagged = false_calls = true_calls = 0
    for _ in range(reps):
        truth = float(rng.integers(1, 5))
        base = _scores(rng, truth, partners)
        flagged += divergence(item_stats(base, SCALE), SCALE, limits)[0]
        for shift in (0.0, 1.0):
            follow = _scores(rng, truth + shift, partners)
            agreed = not any(divergence(item_stats(s, SCALE), SCALE, limits)[0] for s in (base, follow))
            change = float(np.median(follow) - np.median(base))
            status = change_evidence([f - b for b, f in zip(base, follow, strict=True)], change, limits)[0]
            called = agreed and status in ("improved", "declined")
            if shift == 0.0:
                false_calls += called
            else:
                true_calls += agreed and status == "improved"
    return {"divergent": flagged / reps, "false_change": false_calls / reps, "true_improved": true_calls / reps}


def table(reps: int, seed: int) -> list[tuple[int, dict[str, float]]]:
    return [(n, simulate(n, reps, seed)) for n in SIZES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args(argv)
    print("| partners | flagged divergent | improved/declined, no true change | improved, true +1 level |")
    print("|---|---|---|---|")
    for n, row in table(args.reps, args.seed):
        print(f"| {n} | {row['divergent']:.1%} | {row['false_change']:.1%} | {row['true_improved']:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
