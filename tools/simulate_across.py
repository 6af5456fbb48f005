"""Simulate the type-I error of the across-item tests in `score delta` when items move together.

Model (seeded, numpy only), with **no true change**: 4 domains of 5 items on a 1-5 scale, each item's
true level drawn uniformly from 1..4. In each round every partner reads each domain with a shared
shift, normal with sd ``--shift`` (0.5 by default: a partner scores a whole domain half a level more
generously in one round), and each score adds its own normal noise (sd 0.5); scores are rounded to
a level and kept on the scale. The same partners score both rounds. Each item's position is the
median of the partners' scores; its change is follow-up minus baseline.

For each number of partners the script prints how often each test rejects "no change" at 0.05:
the primary within-partner permutation test (``stats.permutation``) and the sign and Wilcoxon
signed-rank tests across items (``stats.changestats``), which treat items as independent.

    python tools/simulate_across.py [--reps 2000] [--seed 20240601] [--shift 0.5]
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from maturitykit.stats.changestats import sign_test, wilcoxon_signed_rank
from maturitykit.stats.permutation import within_partner_permutation_test

SCALE = (1, 5)
DOMAINS, PER_DOMAIN = 4, 5
NOISE_SD = 0.5
SIZES = (4, 6, 8, 12)
ALPHA = 0.05


def _round(rng: np.random.Generator, truth: np.ndarray, partners: int, shift_sd: float) -> np.ndarray:
    """Scores (partners x items) for one round: truth + partner-by-domain shift + noise, rounded and clipped."""
    shifts = np.repeat(rng.normal(0.0, shift_sd, (partners, DOMAINS)), PER_DOMAIN, axis=1)
    noise = rng.normal(0.0, NOISE_SD, (partners, truth.size))
    return np.clip(np.rint(truth + shifts + noise), *SCALE)


def simulate(partners: int, reps: int, seed: int, shift_sd: float) -> dict[str, float]:
    """Share of replications in which each test rejects at 0.05 although nothing truly changed."""
    rng = np.random.default_rng([seed, partners])
    rejected = {"primary": 0, "sign": 0, "wilcoxon": 0}
    for _ in range(reps):
        truth = rng.integers(1, 5, DOMAINS * PER_DOMAIN).astype(float)
        base, follow = _round(rng, truth, partners, shift_sd), _round(rng, truth, partners, shift_sd)
        changes = [float(c) for c in np.median(follow, axis=0) - np.median(base, axis=0)]
        own = {f"p{p}": {f"i{i}": float(follow[p, i] - base[p, i]) for i in range(truth.size)}
               for p in range(partners)}
        for name, p in (("primary", within_partner_permutation_test(own).p_value),
                        ("sign", sign_test(changes).p_value), ("wilcoxon", wilcoxon_signed_rank(changes).p_value)):
            rejected[name] += p is not None and p <= ALPHA
    return {name: count / reps for name, count in rejected.items()}


def table(reps: int, seed: int, shift_sd: float) -> list[tuple[int, dict[str, float]]]:
    return [(n, simulate(n, reps, seed, shift_sd)) for n in SIZES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--shift", type=float, default=0.5, help="sd of a partner's shared shift per domain and round")
    args = parser.parse_args(argv)
    print("| partners | primary: within-partner permutation | sign test | Wilcoxon signed-rank |")
    print("|---|---|---|---|")
    for n, row in table(args.reps, args.seed, args.shift):
        print(f"| {n} | {row['primary']:.3f} | {row['sign']:.3f} | {row['wilcoxon']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
