"""Per-item status between two rounds: improved or declined only on a paired basis, beyond the disagreement.

An item is **improved** (or **declined**) only when all of these hold (every threshold is in
:class:`~maturitykit.stats.limits.Limits`):

1. at least ``min_paired`` partners scored it in both rounds (a paired basis); with fewer the
   status is "too few partners", whatever the positions did. An item scored by partner A at
   baseline and partner B at follow-up has no paired partner, so it is never improved;
2. its position moved by at least ``change_level`` levels;
3. the paired partners' own changes are beyond their disagreement about the change: the one-sided
   Student-t lower bound of their mean change at ``change_confidence`` (default 90%),
   ``mean - t(q, n-1) * s / sqrt(n)``, is above zero (upper bound below zero for declined), with
   ``s`` the standard deviation of their changes, never taken as smaller than ``change_sd_floor``
   (default 0.71 = sqrt(0.5^2 + 0.5^2): each score is rounded to a level, so even partners who
   agree carry about half a level of noise per score, and a change is the difference of two).

The 90% level and the 0.71 floor were set with the simulation: a one-sided 95% bound with a 0.5
floor found a true one-level change for only 78% of items with 6 partners; 90% with 0.71 finds 85%
while false improved/declined stays under 5% at 2, 4, 6, 8 and 12 partners.

Otherwise a move of a level or more is "unchanged" with a reason. The rule and its simulated error
rates (``tools/simulate_status.py``) are in ``docs/rounds.md`` and ``docs/statistics.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from maturitykit.stats.limits import Limits

__all__ = ["T90", "T95", "change_evidence", "t90", "t95", "t_quantile"]

_TOL = 1e-9

T95 = (6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753,
       1.746, 1.740, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697)
"""One-sided 95% quantiles of Student's t for 1..30 degrees of freedom (standard tables)."""


T90 = (3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372, 1.363, 1.356, 1.350, 1.345, 1.341,
       1.337, 1.333, 1.330, 1.328, 1.325, 1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.310)
"""One-sided 90% quantiles of Student's t for 1..30 degrees of freedom (standard tables)."""


def t95(df: int) -> float:
    """The one-sided 95% Student-t quantile; beyond 30 degrees of freedom, 1.697 (slightly conservative)."""
    return t_quantile(0.95, df)


def t90(df: int) -> float:
    """The one-sided 90% Student-t quantile; beyond 30 degrees of freedom, 1.310 (slightly conservative)."""
    return t_quantile(0.90, df)


def t_quantile(confidence: float, df: int) -> float:
    """The one-sided Student-t quantile at ``confidence`` (0.90 or 0.95) from the tables above."""
    if df < 1:
        raise ValueError("Student's t needs at least one degree of freedom")
    tables = {0.90: T90, 0.95: T95}
    table = next((t for q, t in tables.items() if abs(q - confidence) < 1e-9), None)
    if table is None:
        raise ValueError(f"a one-sided confidence of 0.90 or 0.95 is supported, not {confidence!r}")
    return table[min(df, 30) - 1]


def change_evidence(paired_changes: Sequence[float], change: float, limits: Limits) -> tuple[str, str]:
    """Decide improved / declined / unchanged / "too few partners" for one item, with a plain reason.

    ``paired_changes`` are the own changes (in levels) of the partners who scored the item in both
    rounds; ``change`` is the change of the item's position, in levels.
    """
    n = len(paired_changes)
    if n < limits.min_paired:
        who = "no partner" if n == 0 else f"only {n} partner"
        return "too few partners", (f"{who} scored it in both rounds; at least {limits.min_paired} are needed "
                                    "before a change is called")
    if abs(change) < limits.change_level - _TOL:
        return "unchanged", ""
    mean = math.fsum(paired_changes) / n
    sd = math.sqrt(math.fsum((d - mean) ** 2 for d in paired_changes) / (n - 1))
    margin = t_quantile(limits.change_confidence, n - 1) * max(sd, limits.change_sd_floor) / math.sqrt(n)
    direction = 1 if change > 0 else -1
    if direction * mean - margin > _TOL:
        return ("improved" if direction > 0 else "declined"), ""
    return "unchanged", (f"the position moved {change:+g} levels, but the {n} partners in both rounds moved "
                         f"{mean:+.2f} on average, within their disagreement (margin {margin:.2f})")
