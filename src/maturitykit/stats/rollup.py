"""A parent's position from its children's positions: the roll-up methods a framework may declare.

Pure numerics on numbers already on one scale (stats imports nothing of maturitykit): the caller
passes the children's positions, their weights for ``weighted-mean`` and the scale's level values
for ``staircase``. A missing child (None) is left out of mean, median, min, sum and weighted-mean,
since missing is never zero; ``staircase`` asks whether *every* child reaches a level, which an
unscored child cannot show, so any missing child makes it None.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Literal

__all__ = ["ROLLUP_METHODS", "RollupMethod", "rollup"]

RollupMethod = Literal["mean", "median", "min", "sum", "weighted-mean", "staircase"]
ROLLUP_METHODS: tuple[RollupMethod, ...] = ("mean", "median", "min", "sum", "weighted-mean", "staircase")


def rollup(
    method: RollupMethod,
    positions: Sequence[float | None],
    *,
    weights: Sequence[float] | None = None,
    levels: Sequence[float] | None = None,
) -> float | None:
    """The parent's position, or None when the children give none (all missing, or no level reached)."""
    if method not in ROLLUP_METHODS:
        raise ValueError(f"unknown roll-up {method!r}; one of {', '.join(ROLLUP_METHODS)}")
    if method == "weighted-mean":
        return _weighted_mean(positions, weights)
    if weights is not None:
        raise ValueError(f"weights count only with weighted-mean, not {method}")
    if method == "staircase":
        return _staircase(positions, levels)
    present = [float(p) for p in positions if p is not None]
    if not present:
        return None
    if method == "mean":
        return statistics.fmean(present)
    if method == "median":
        return float(statistics.median(present))
    if method == "min":
        return min(present)
    return float(sum(present))


def _weighted_mean(positions: Sequence[float | None], weights: Sequence[float] | None) -> float | None:
    if weights is None or len(weights) != len(positions):
        raise ValueError("weighted-mean needs one weight per child")
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    pairs = [(float(p), float(w)) for p, w in zip(positions, weights, strict=True) if p is not None]
    total = sum(w for _, w in pairs)
    if not pairs or total == 0:
        return None
    return sum(p * w for p, w in pairs) / total


def _staircase(positions: Sequence[float | None], levels: Sequence[float] | None) -> float | None:
    if not levels:
        raise ValueError("staircase needs the scale's level values")
    if not positions or any(p is None for p in positions):
        return None
    lowest = min(float(p) for p in positions if p is not None)
    reached = [float(level) for level in sorted(levels) if level <= lowest]
    return reached[-1] if reached else None
