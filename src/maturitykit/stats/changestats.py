"""Change between two rounds: tests across items, a bootstrap interval, and per-item partner counts.

An evaluator compares a baseline round with a follow-up round. Each item has a position per round
(for example the median of partners' scores, possibly a half level such as 2.5), so across items
there is one change per item (follow-up minus baseline). This module answers, across items:

* did more items move up than down?  -> :func:`sign_test` (exact binomial, two-sided);
* did the larger changes tend to go one way? -> :func:`wilcoxon_signed_rank` (exact up to 50
  non-zero changes, normal approximation beyond);
* how large is the average change?   -> :func:`bootstrap_mean_ci` (percentile bootstrap).

Per item there are only a handful of partners, so per-item p-values are deliberately not offered:
with five partners even a unanimous move has an exact two-sided sign-test p of 0.0625
(:func:`smallest_sign_test_p`). :func:`paired_partner_changes` gives the per-item counts instead.

Only numpy and the standard library are used; the tests check the results against SciPy and
against plain brute-force enumeration.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from maturitykit.stats.scores import is_missing

__all__ = [
    "DECIMALS",
    "EXACT_WILCOXON_MAX_N",
    "Interval",
    "TestResult",
    "bootstrap_mean_ci",
    "paired_partner_changes",
    "sign_test",
    "smallest_sign_test_p",
    "wilcoxon_signed_rank",
]

#: Changes are rounded to this many decimal places before zeros and ties are identified, so that
#: floating-point noise (``0.1 + 0.2 - 0.3``) neither creates a spurious non-zero change nor
#: breaks a tie between two equal magnitudes. Scores live on a 1-5 style scale, so nothing real is lost.
DECIMALS = 9

#: Up to this many non-zero changes the Wilcoxon p-value is exact; beyond it, normal approximation.
EXACT_WILCOXON_MAX_N = 50

_ALPHA_FOR_NOTE = 0.05


@dataclass(frozen=True)
class TestResult:
    """The outcome of a test across items.

    ``statistic`` is test-specific: the number of positive changes for the sign test, and W+ (the
    sum of the ranks of the positive changes) for the Wilcoxon signed-rank test. ``statistic`` and
    ``p_value`` are None when there is no non-zero change to test.
    """

    __test__ = False  # not a pytest test class, despite the name

    method: str
    n: int
    n_positive: int
    n_negative: int
    n_zero: int
    statistic: float | None
    p_value: float | None
    assumptions: str
    note: str | None


@dataclass(frozen=True)
class Interval:
    """A point estimate with a two-sided interval at ``level`` (e.g. 0.95)."""

    estimate: float
    low: float
    high: float
    level: float
    method: str
    resamples: int
    seed: int


# --------------------------------------------------------------------------------------------- helpers


def _clean_changes(changes: Sequence[float]) -> list[float]:
    out: list[float] = []
    for i, value in enumerate(changes):
        if value is None or isinstance(value, bool):
            raise ValueError(f"change #{i} is {value!r}; every change must be a finite number")
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"change #{i} is {value!r}; every change must be a finite number")
        rounded = round(number, DECIMALS)
        out.append(0.0 if rounded == 0 else rounded)  # no negative zero
    return out


def smallest_sign_test_p(n: int) -> float:
    """The smallest exact two-sided sign-test p-value possible with ``n`` non-zero changes.

    It is reached when all ``n`` changes go the same way: ``2 * 0.5**n``, capped at 1. With 5
    partners it is 0.0625, so a per-item test could never reach 0.05; outputs quote this number to
    explain why per-item p-values are not printed. (The exact two-sided Wilcoxon signed-rank test
    has the same floor, with or without ties.)
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n!r}")
    return min(1.0, 2.0 * 0.5 ** int(n))


def _small_n_note(n: int) -> str | None:
    if n == 0:
        return "no non-zero changes: there is nothing to test"
    floor = smallest_sign_test_p(n)
    if floor >= _ALPHA_FOR_NOTE:
        return (
            f"only {n} non-zero change{'s' if n != 1 else ''} (fewer than 6): no p-value can fall "
            f"below 0.05; the smallest possible is {floor:g}"
        )
    return None


def _counts(values: Sequence[float]) -> tuple[int, int, int]:
    pos = sum(1 for v in values if v > 0)
    neg = sum(1 for v in values if v < 0)
    return pos, neg, len(values) - pos - neg


# ------------------------------------------------------------------------------------------- sign test

_SIGN_ASSUMPTIONS = (
    "Under 'no change' each non-zero change is taken to be up or down with probability 1/2, "
    "independently of the other items. Only the direction of each change is used, not its size; "
    "zero changes are dropped. Items within a domain are related, so independence is doubtful and "
    "the p-value is indicative rather than exact in practice."
)


def sign_test(changes: Sequence[float]) -> TestResult:
    """Exact two-sided sign test across items (zeros dropped).

    With ``n`` non-zero changes of which ``k`` are positive and ``X ~ Binomial(n, 1/2)``::

        p = min(1, 2 * P(X <= min(k, n - k)))

    computed with exact integer arithmetic. ``statistic`` is ``k`` (the number of positive changes).
    """
    values = _clean_changes(changes)
    pos, neg, zero = _counts(values)
    n = pos + neg
    method = "exact two-sided sign test (zeros dropped)"
    if n == 0:
        return TestResult(method, 0, pos, neg, zero, None, None, _SIGN_ASSUMPTIONS, _small_n_note(0))
    m = min(pos, neg)
    tail = sum(math.comb(n, i) for i in range(m + 1))
    p = min(Fraction(1), Fraction(2 * tail, 2**n))
    return TestResult(method, n, pos, neg, zero, float(pos), float(p), _SIGN_ASSUMPTIONS, _small_n_note(n))


# ------------------------------------------------------------------------------ Wilcoxon signed-rank


_WILCOXON_ASSUMPTIONS = (
    "Under 'no change' the changes are taken to be independent across items and symmetrically "
    "distributed around zero. The absolute changes are ranked, so sizes matter: a change of 1 level "
    "is treated as comparable across items (ordinal changes used as if on an interval scale). Zero "
    "changes are dropped (Wilcoxon's method) and tied absolute changes get their average rank. Items "
    "within a domain are related, so independence is doubtful and the p-value is indicative."
)


def _doubled_average_ranks(magnitudes: Sequence[float]) -> list[int]:
    """Average ranks (1-based) of ``magnitudes``, doubled so that every rank is an integer."""
    order = sorted(range(len(magnitudes)), key=lambda i: magnitudes[i])
    doubled = [0] * len(magnitudes)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and magnitudes[order[end + 1]] == magnitudes[order[start]]:
            end += 1
        # positions start..end (0-based) share ranks start+1..end+1, whose average doubled is:
        value = (start + 1) + (end + 1)
        for j in range(start, end + 1):
            doubled[order[j]] = value
        start = end + 1
    return doubled


def _exact_wilcoxon_p(doubled_ranks: Sequence[int], doubled_w_plus: int) -> float:
    """Exact two-sided p from the permutation distribution of W+ over all 2**n sign assignments.

    Dynamic programming over the (doubled, hence integer) rank sums: ``counts[s]`` is the number of
    sign assignments whose doubled W+ equals ``s``. Counts stay below 2**50, so int64 is exact.
    """
    total = sum(doubled_ranks)
    counts = np.zeros(total + 1, dtype=np.int64)
    counts[0] = 1
    for r in doubled_ranks:
        shifted = np.zeros_like(counts)
        shifted[r:] = counts[: total + 1 - r]
        counts = counts + shifted
    n = len(doubled_ranks)
    lower = int(counts[: doubled_w_plus + 1].sum())  # P(W+ <= w) * 2**n
    upper = int(counts[doubled_w_plus:].sum())  # P(W+ >= w) * 2**n
    p = min(Fraction(1), Fraction(2 * min(lower, upper), 2**n))
    return float(p)


def _normal_wilcoxon_p(doubled_ranks: Sequence[int], w_plus: float, tie_sizes: Sequence[int]) -> float:
    n = len(doubled_ranks)
    mean = n * (n + 1) / 4.0
    variance = n * (n + 1) * (2 * n + 1) / 24.0 - sum(t**3 - t for t in tie_sizes) / 48.0
    diff = w_plus - mean
    if variance <= 0 or diff == 0:
        return 1.0
    z = (diff - 0.5 * math.copysign(1.0, diff)) / math.sqrt(variance)
    return min(1.0, math.erfc(abs(z) / math.sqrt(2.0)))


def wilcoxon_signed_rank(changes: Sequence[float]) -> TestResult:
    """Two-sided Wilcoxon signed-rank test across items.

    Zeros are dropped (Wilcoxon's method); the remaining ``n`` absolute changes are ranked 1..n with
    tied magnitudes given their average rank. ``statistic`` is **W+**, the sum of the ranks of the
    positive changes (W- = n(n+1)/2 - W+).

    * ``n <= 50``: the p-value is exact, ``p = min(1, 2 * min(P(W+ <= w), P(W+ >= w)))`` under the
      permutation distribution in which each of the ``n`` (possibly averaged) ranks is positive or
      negative with probability 1/2. Ties are therefore handled exactly, not approximately.
    * ``n > 50``: normal approximation, ``z = (W+ - n(n+1)/4 - 0.5*sign(W+ - n(n+1)/4)) / sigma``
      with ``sigma**2 = n(n+1)(2n+1)/24 - sum(t**3 - t)/48`` over groups of ``t`` tied magnitudes,
      and ``p = 2 * (1 - Phi(|z|))``.
    """
    values = _clean_changes(changes)
    pos, neg, zero = _counts(values)
    nonzero = [v for v in values if v != 0]
    n = len(nonzero)
    suffix = "(zeros dropped, average ranks for tied |change|; statistic W+ = sum of positive ranks)"
    if n == 0:
        method = f"exact two-sided Wilcoxon signed-rank test {suffix}"
        return TestResult(method, 0, pos, neg, zero, None, None, _WILCOXON_ASSUMPTIONS, _small_n_note(0))
    magnitudes = [abs(v) for v in nonzero]
    doubled = _doubled_average_ranks(magnitudes)
    doubled_w_plus = sum(r for r, v in zip(doubled, nonzero, strict=True) if v > 0)
    w_plus = doubled_w_plus / 2.0
    if n <= EXACT_WILCOXON_MAX_N:
        method = f"exact two-sided Wilcoxon signed-rank test {suffix}"
        p = _exact_wilcoxon_p(doubled, doubled_w_plus)
    else:
        method = (
            "two-sided Wilcoxon signed-rank test, normal approximation with tie and continuity "
            f"correction {suffix}"
        )
        tie_sizes = [magnitudes.count(m) for m in set(magnitudes)]
        p = _normal_wilcoxon_p(doubled, w_plus, tie_sizes)
    return TestResult(method, n, pos, neg, zero, w_plus, p, _WILCOXON_ASSUMPTIONS, _small_n_note(n))


# -------------------------------------------------------------------------------------------- bootstrap


def bootstrap_mean_ci(
    values: Sequence[float],
    level: float = 0.95,
    resamples: int = 10_000,
    seed: int = 20240601,
) -> Interval | None:
    """Percentile bootstrap interval for the mean of ``values`` (e.g. per-item changes).

    Deterministic: ``rng = numpy.random.default_rng(seed)``; one call
    ``rng.integers(0, n, size=(resamples, n))`` draws the resampled indices (with replacement);
    the mean of each resample is taken, and ``low``/``high`` are the ``(1 - level)/2`` and
    ``(1 + level)/2`` quantiles of those means (numpy's default, linear interpolation). The
    estimate is the plain mean of ``values``. Returns None when there are fewer than 2 values.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be strictly between 0 and 1, got {level!r}")
    if isinstance(resamples, bool) or not isinstance(resamples, (int, np.integer)) or resamples < 1:
        raise ValueError(f"resamples must be a positive integer, got {resamples!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    data = np.asarray([float(v) for v in values], dtype=np.float64)
    if not np.all(np.isfinite(data)):
        raise ValueError("every value must be a finite number")
    n = data.size
    if n < 2:
        return None
    rng = np.random.default_rng(seed)
    indices = rng.integers(0, n, size=(int(resamples), n))
    means = data[indices].mean(axis=1)
    low, high = np.quantile(means, [(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    return Interval(
        estimate=float(data.mean()),
        low=float(low),
        high=float(high),
        level=float(level),
        method="percentile bootstrap of the mean",
        resamples=int(resamples),
        seed=int(seed),
    )


# ------------------------------------------------------------------------------------ per-item counts


def _score(value: float | None) -> float | None:
    return None if is_missing(value) else float(value)  # type: ignore[arg-type]


def paired_partner_changes(
    baseline: Mapping[str, float | None],
    followup: Mapping[str, float | None],
) -> tuple[int, int, int, float | None]:
    """Counts of partners who moved up, stayed, or moved down on one item, and their median change.

    Only partners with a score in both rounds count (a missing key, None or NaN means "not scored").
    Returns ``(up, same, down, median)`` where ``median`` is the median of those partners' own
    changes (follow-up minus baseline), or None when no partner scored both rounds. This is a
    description, not a test: with so few partners a per-item p-value would be meaningless.
    """
    changes: list[float] = []
    for partner, before in baseline.items():
        if partner not in followup:
            continue
        b, f = _score(before), _score(followup[partner])
        if b is None or f is None:
            continue
        change = round(f - b, DECIMALS)
        changes.append(0.0 if change == 0 else change)
    up, down, same = _counts(changes)
    median = float(statistics.median(changes)) if changes else None
    return up, same, down, median
