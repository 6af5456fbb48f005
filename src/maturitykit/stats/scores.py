"""Checking and shaping partners' scores before any statistic: missing values, scales, matrices.

A missing score is None, any NaN (Python, numpy float32/float64) or pandas.NA/NaT, and never zero; a score off the scale is
refused rather than guessed. Shared by the per-item figures (agreement.py) and the
across-item coefficients (reliability.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np

_MISSING_TYPES = frozenset({"NAType", "NaTType"})  # pandas.NA and pandas.NaT, recognised without importing pandas


def is_missing(value: object) -> bool:
    """True for None, any NaN (``float('nan')``, ``numpy.float32('nan')``) and ``pandas.NA``/``NaT``.

    None is the documented marker; the others are accepted so that callers holding a DataFrame or a
    numpy array never turn gaps into numbers, nor into errors.
    """
    if value is None:
        return True
    kind = type(value)
    if kind is int:  # the common case first: this runs once per score, hundreds of thousands of times
        return False
    if kind is float or isinstance(value, np.floating):
        return value != value  # NaN is the one value unequal to itself
    return kind.__name__ in _MISSING_TYPES


def clean_score(value: object) -> float | int | None:
    """A score as analysis uses it: None when missing (see :func:`is_missing`), else the number as given."""
    return None if is_missing(value) else value  # type: ignore[return-value]


def as_number(value: object, what: str) -> float:
    if type(value) is int:  # the common case, without the checks below (a Python int is finite and whole)
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{what} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return int(value) if float(value).is_integer() else float(value)


def check_scale(scale_values: Sequence[int]) -> tuple[int, ...]:
    """The scale's values sorted, checked distinct (at least two); decimals are levels too (agreement is on ranks)."""
    values = tuple(sorted(as_number(v, "a scale value") for v in scale_values))
    if len(values) < 2:
        raise ValueError("a scale needs at least two levels")
    if len(set(values)) != len(values):
        raise ValueError(f"scale values must be distinct, got {list(scale_values)!r}")
    return values


def present_scores(scores: Sequence[int | None], scale: tuple[int, ...]) -> list[int]:
    """The non-missing scores, each checked to be a level of the scale.

    Rejecting out-of-scale values catches the commonest data-entry error: a zero typed for
    "not scored" on a scale that starts at 1.
    """
    allowed = set(scale)
    present: list[int] = []
    floats: dict[float, int | float] = {}  # a float's checked value: a round repeats a handful, 10^4 times
    for raw in scores:
        if raw is None:
            continue
        kind = type(raw)
        if kind is int:
            value = raw
        elif kind is float:
            if raw != raw:  # NaN: missing
                continue
            value = floats.get(raw)  # type: ignore[call-overload]
            if value is None:
                value = floats[raw] = as_number(raw, "a score")  # type: ignore[index]
        elif is_missing(raw):
            continue
        else:
            value = as_number(raw, "a score")
        if value not in allowed:
            raise ValueError(
                f"score {value!r} is not a level of the scale {list(scale)!r}; record a skipped item as None"
            )
        present.append(value)
    return present


def as_rows(matrix: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """The matrix as a list of equal-length rows (partners), so columns (items) line up."""
    rows = [list(row) for row in matrix]
    if not rows:
        raise ValueError("the matrix has no rows (partners)")
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        raise ValueError("every row (partner) must have one entry per column (item)")
    return rows


def as_columns(matrix: Sequence[Sequence[Any]]) -> list[list[Any]]:
    rows = as_rows(matrix)
    return [[row[j] for row in rows] for j in range(len(rows[0]))]


def uniform_variance(scale: tuple[int, ...]) -> float:
    """sigma_EU^2: the variance of answering every level with equal probability.

    For consecutive integers this is (A^2 - 1) / 12 (James, Demaree & Wolf 1984); computing it
    as the population variance of the listed values gives the same number on such scales and
    stays correct if a framework ever uses gaps between levels.
    """
    return float(np.var(np.asarray(scale, dtype=float)))


def level_ranks(present: Sequence[int], scale: tuple[int, ...]) -> list[int]:
    """Each score's level rank: its index in the scale's ordered values (0 for the lowest level).

    Spread and agreement are measured in levels, so a scale with gaps (0, 2, 4, 6, 8) reads
    exactly like its consecutive twin (1-5); on a consecutive scale nothing changes.
    """
    index = {value: rank for rank, value in enumerate(scale)}
    return [index[value] for value in present]


_PLAIN = frozenset({int, float, type(None)})
_EXACT = 2.0**53  # below this a Python int is the same number as a float


def score_codes(matrix: Sequence[Sequence[object]], scale: tuple[int, ...]) -> np.ndarray | None:
    """The matrix (rows partners, columns items) as each score's index among `scale`'s levels, -1 where it
    is missing: one numpy pass instead of one Python step a score (10^5 partners x 60 items).

    None whenever an entry is not None, NaN or a plain int or float on the scale (a bool, a string, a numpy
    or pandas value, a score off the scale, rows of unequal length): the caller then takes the entries one
    by one, as `present_scores` does, and says what is wrong as it always has. A fast path only: where it
    answers, the answer is the one a score at a time gives (tests/stats/test_scores.py)."""
    rows = list(matrix)
    if not rows or not _PLAIN.issuperset(map(type, chain.from_iterable(rows))):
        return None
    try:
        values = np.array(rows, dtype=float)  # None -> NaN
    except ValueError:  # rows of unequal length
        return None
    if values.ndim != 2:
        return None
    missing = np.isnan(values)
    present = values[~missing]
    if present.size and np.abs(present).max() >= _EXACT:
        return None
    levels = np.asarray(scale, dtype=float)
    where = np.searchsorted(levels, present).clip(max=len(levels) - 1)
    if present.size and not np.array_equal(levels[where], present):
        return None  # off the scale: present_scores says which score, and why
    codes = np.full(values.shape, -1, dtype=np.int64)
    codes[~missing] = where
    return codes
