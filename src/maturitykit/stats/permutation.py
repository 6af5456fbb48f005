"""Across-item change that respects structure: a permutation test swapping round labels within partner.

Items are not independent: a partner who reads a whole domain more generously in one round moves all
of that domain's items together, so tests that treat items as independent draws (the sign test, the
Wilcoxon signed-rank test) reject "no change" far more often than their nominal 5%. This test
permutes what is exchangeable under "no change": the two rounds **of one partner**.

Let ``d_pi`` be partner ``p``'s own change on item ``i`` (follow-up minus baseline, in levels), for the
partners who scored item ``i`` in both rounds (``n_i`` of them), and ``I`` the number of items with at
least one such partner. The statistic is the mean over items of the items' mean paired change::

    T = (1/I) * sum_i (1/n_i) * sum_{p paired on i} d_pi = sum_p w_p,   w_p = (1/I) * sum_i d_pi / n_i

Under the null hypothesis that, for every partner, the baseline and follow-up scores are exchangeable
(their labels could be swapped without changing the joint distribution), swapping the labels of partner
``p`` flips the sign of all of ``p``'s changes at once, so ``T(s) = sum_p s_p w_p`` for signs
``s_p = +1 or -1``. The two-sided p-value is the share of sign vectors with ``|T(s)| >= |T|``:

* **exact** over all ``2^P`` sign vectors when ``P <= EXACT_MAX_PARTNERS`` (the identity is one of them);
* otherwise **Monte Carlo**: ``B`` sign vectors from ``numpy.random.default_rng(seed)`` (drawn in
  blocks of about a million signs, so memory stays bounded whatever the number of partners) and
  ``p = (1 + #{|T(s)| >= |T|}) / (B + 1)`` (Phipson & Smyth 2010), deterministic for a given seed.

The smallest possible exact p is ``2 / 2^P`` (0.125 with 4 partners): with few partners the test is
honest but cannot reject, and says so in ``note``. References: Good, P. (2005). *Permutation,
Parametric and Bootstrap Tests of Hypotheses* (3rd ed.), Springer, ch. 3 (paired comparisons by
sign flips); Edgington, E. S., & Onghena, P. (2007). *Randomization Tests* (4th ed.), Chapman &
Hall/CRC; Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero. *Statistical
Applications in Genetics and Molecular Biology*, 9(1), 39.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from maturitykit.stats.scores import is_missing

__all__ = ["EXACT_MAX_PARTNERS", "MONTE_CARLO_DRAWS", "PermutationResult", "within_partner_permutation_test"]

EXACT_MAX_PARTNERS = 16
"""Up to this many partners every one of the 2^P relabellings is enumerated (65,536 at most)."""
MONTE_CARLO_DRAWS = 20_000
"""Relabellings drawn beyond EXACT_MAX_PARTNERS."""
DEFAULT_SEED = 20240601

_TOL = 1e-9
_BLOCK_VALUES = 1 << 20  # signs drawn at once (about 8 MB as the float64 product)

ASSUMPTIONS = (
    "Under 'no change' each partner's two rounds are exchangeable: swapping a partner's baseline and "
    "follow-up would be as likely as what was seen. All of a partner's item changes flip together, so "
    "items that move together because the same partners scored them (a domain read more generously in "
    "one round) are not counted as independent evidence. Uses partners' own scores on items scored in "
    "both rounds, not recorded consensus positions; changes are averaged, treating levels as equally spaced."
)


@dataclass(frozen=True)
class PermutationResult:
    """A within-partner permutation test across items; ``p_value`` is None when nothing can be tested."""

    method: str
    partners: int
    items: int
    statistic: float | None
    p_value: float | None
    exact: bool
    permutations: int
    seed: int | None
    assumptions: str
    note: str | None


def _weights(changes: Mapping[str, Mapping[str, float | None]]) -> tuple[list[str], np.ndarray, int]:
    """Partners with a paired change, their weights w_p, and the number of items I."""
    by_item: dict[str, list[tuple[str, float]]] = {}
    for partner, items in changes.items():
        for item, change in items.items():
            if is_missing(change):
                continue
            value = float(change)  # type: ignore[arg-type]
            if not math.isfinite(value):
                raise ValueError(f"the change of {partner!r} on {item!r} is {change!r}; it must be finite")
            by_item.setdefault(item, []).append((partner, value))
    partners = sorted({p for pairs in by_item.values() for p, _ in pairs})
    index = {p: k for k, p in enumerate(partners)}
    summed = [0.0] * len(partners)  # Python floats add as float64 does, without a numpy scalar a change
    for pairs in by_item.values():
        for partner, value in pairs:
            summed[index[partner]] += value / len(pairs)
    weights = np.array(summed, dtype=float)
    if by_item:
        weights /= len(by_item)
    return partners, weights, len(by_item)


def within_partner_permutation_test(
    changes: Mapping[str, Mapping[str, float | None]],
    *,
    seed: int = DEFAULT_SEED,
    draws: int = MONTE_CARLO_DRAWS,
) -> PermutationResult:
    """Two-sided permutation test of "no change" that swaps round labels within partner.

    ``changes`` maps each partner to their own changes by item (levels; None or NaN = not paired).
    ``statistic`` is T, the mean over items of the items' mean paired change (module docstring).
    """
    partners, weights, items = _weights(changes)
    p_count = len(partners)
    if p_count == 0:
        return PermutationResult("within-partner permutation test", 0, 0, None, None, True, 0, None, ASSUMPTIONS,
                                 "no partner scored an item in both rounds: there is nothing to test")
    observed = float(weights.sum())
    exact = p_count <= EXACT_MAX_PARTNERS
    if exact:
        codes = np.arange(2**p_count, dtype=np.int64)[:, None]
        signs = 1 - 2 * ((codes >> np.arange(p_count)) & 1)
        extreme = int(np.count_nonzero(np.abs(signs @ weights) >= abs(observed) - _TOL))
        p = extreme / 2**p_count
        permutations, used_seed = 2**p_count, None
        method = f"exact within-partner permutation test (all {2**p_count} relabellings of {p_count} partners)"
    else:
        rng = np.random.default_rng(seed)
        # Drawn a block of relabellings at a time: all 20,000 x 10,000 partners at once would be 1.6 GB.
        block = max(1, _BLOCK_VALUES // p_count)
        extreme = 0
        for start in range(0, int(draws), block):
            bits = rng.integers(0, 2, size=(min(block, int(draws) - start), p_count), dtype=np.int8)
            extreme += int(np.count_nonzero(np.abs((1 - 2 * bits) @ weights) >= abs(observed) - _TOL))
        p = (1 + extreme) / (int(draws) + 1)
        permutations, used_seed = int(draws), int(seed)
        method = (f"Monte Carlo within-partner permutation test ({draws} random relabellings of {p_count} "
                  f"partners, seed {seed})")
    floor = 2 / 2**p_count
    note = None
    if floor >= 0.05:
        note = (f"only {p_count} partner{'s' if p_count != 1 else ''} scored both rounds: no p-value can fall "
                f"below 0.05; the smallest possible is {floor:g}")
    return PermutationResult(method, p_count, items, round(observed, 9) + 0.0, min(1.0, p), exact, permutations,
                             used_seed, ASSUMPTIONS, note)
