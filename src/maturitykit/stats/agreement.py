"""Agreement and spread among partners who score the same items.

Partners (organisations) each score the items of a maturity framework on an ordinal scale
of ``A`` levels whose integer values need not start at 1 (1-5, 0-5, 1-4 ...). A missing
score is ``None`` and never zero: zero can be a real level, and treating a skipped item as
zero would invent disagreement.

Two kinds of figure live here:

* per item (:func:`item_stats`, :func:`divergence`, :func:`outliers`): how far the partners
  who scored one item are from each other. These drive the divergence flags because they
  answer the question a facilitator asks ("do we see this item the same way?") without
  depending on the other items.
* across items (in :mod:`maturitykit.stats.reliability`: r*wg(J), Krippendorff's alpha,
  Gwet's AC2 and the framework summary): how well partners agree over a whole domain or framework.
  Reliability coefficients such as alpha compare disagreement within items with the spread
  between items, so they fall when items sit in a narrow band even if partners agree; they
  are reported for context, never used to flag an item.

Only numpy and the standard library are imported so the module stays light (no pandas or
scipy at import time). Every formula, citation and missing-data rule is written out in
``docs/statistics.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from maturitykit.stats.limits import MIN_RWG_RATERS, Limits
from maturitykit.stats.scores import (
    check_scale,
    is_missing,
    level_ranks,
    present_scores,
    uniform_variance,
)

__all__ = ["ItemStats", "agenda_hints", "divergence", "item_stats", "outliers", "share_within"]

# Comparisons against thresholds allow for floating-point noise so that a figure that is
# mathematically equal to its limit (e.g. rwg = 0.70) is never flagged by a rounding error.
_TOLERANCE = 1e-9

NOTE_NONE_SCORED = "no partner scored this item"
NOTE_FEWER_THAN_3 = "fewer than 3 partners scored this item"
NOTE_ONLY_ONE = "only one partner scored this item, so spread and agreement are not computed"
NOTE_ONE_LEVEL = "all scores on one level"
NOTE_RWG_FEW = f"fewer than {MIN_RWG_RATERS} partners scored this item, so rwg is not computed"
NOTE_RWG_TRUNCATED = "scores are more spread out than random answering would give, so rwg is set to 0"


# ---------------------------------------------------------------------------------------
# Per-item figures
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemStats:
    """Descriptive and agreement figures for one item, from the partners who scored it.

    The centre (``median``, ``mean``, ``min``, ``max``) is in the scale's values; the spread and
    agreement figures (``sd``, ``range``, ``iqr``, ``ad``, ``rwg``, ``consensus``) are computed on
    level ranks (see :func:`level_ranks`), so they are in levels, and a scale with gaps gives the same
    figures as the consecutive scale with the same number of levels.
    ``None`` means "not computable from these scores", never zero. Descriptive figures need one
    score; ``sd`` and the agreement figures (``ad``, ``rwg``, ``consensus``) need two, because a
    single partner cannot disagree with anyone. ``iqr`` uses numpy's default ``'linear'``
    quantiles (Hyndman & Fan type 7, the default of R and Excel's QUARTILE.INC).
    """

    n: int
    """Partners who scored the item."""
    missing: int
    """Partners who did not (``None``)."""
    median: float | None
    mean: float | None
    sd: float | None
    """Sample standard deviation (divisor n - 1), in levels."""
    min: int | None
    max: int | None
    range: int | None
    """Levels between the lowest and highest score (max - min on a consecutive scale)."""
    iqr: float | None
    """75th minus 25th percentile of the level ranks, numpy 'linear' (Hyndman-Fan type 7), in levels."""
    ad: float | None
    """AD_M (Burke, Finkelstein & Dusig 1999): mean absolute deviation from the mean, in levels."""
    rwg: float | None
    """James, Demaree & Wolf (1984) rwg against the uniform null, truncated at 0."""
    consensus: float | None
    """Tastle & Wierman (2007) ordinal consensus over the full scale width; 1 = all agree."""
    notes: tuple[str, ...]
    """Plain-words reasons a figure should be read with care or is absent."""
    ranks: tuple[int, ...] = ()
    """The level ranks of the present scores (0 = lowest level), in the order given."""


def _consensus(present: Sequence[int], scale: tuple[int, ...]) -> float:
    """Tastle & Wierman (2007): Cns = 1 + sum_i p_i log2(1 - |X_i - mu| / d_X).

    d_X is the width of the whole scale, not of the observed scores, so two neighbouring
    scores on a five-level scale count as close agreement rather than as maximal dissent.
    Only observed levels enter the sum (p_i = 0 elsewhere); their log argument is always > 0.
    """
    width = scale[-1] - scale[0]
    n = len(present)
    mu = sum(present) / n
    total = 0.0
    for level in sorted(set(present)):
        p = present.count(level) / n
        total += p * math.log2(1 - abs(level - mu) / width)
    return 1 + total


def item_stats(scores: Sequence[int | None], scale_values: Sequence[int]) -> ItemStats:
    """Describe one item's scores: centre, spread and agreement, with notes when a figure is weak.

    ``scores`` holds one entry per partner, ``None`` when the partner did not score the item.
    ``scale_values`` are the scale's level values (e.g. ``[1, 2, 3, 4, 5]`` or ``range(0, 6)``);
    they fix A for rwg's uniform null and the full width for consensus, and every score must
    be one of them (a zero on a 1-5 scale is an error, not a missing score).
    """
    scale = check_scale(scale_values)
    present = present_scores(scores, scale)
    n = len(present)
    missing = len(scores) - n
    if n == 0:
        return ItemStats(
            n=0, missing=missing, median=None, mean=None, sd=None, min=None, max=None, range=None,
            iqr=None, ad=None, rwg=None, consensus=None, notes=(NOTE_NONE_SCORED,),
        )  # fmt: skip

    x = np.asarray(present, dtype=float)
    mean = float(x.mean())
    # Spread and agreement on level ranks: in levels, the same on a gapped scale as on its consecutive twin.
    levels = tuple(range(len(scale)))
    ranked = level_ranks(present, scale)
    r = np.asarray(ranked, dtype=float)
    q25, q75 = np.percentile(r, [25.0, 75.0], method="linear")
    notes: list[str] = []
    if n < 3:
        notes.append(NOTE_FEWER_THAN_3)

    sd = ad = rwg = consensus = None
    if n == 1:
        notes.append(NOTE_ONLY_ONE)
    else:
        variance = float(r.var(ddof=1))
        sd = math.sqrt(variance)
        ad = float(np.mean(np.abs(r - r.mean())))
        raw_rwg = 1.0 - variance / uniform_variance(levels)
        if n < MIN_RWG_RATERS:
            notes.append(NOTE_RWG_FEW)
        else:
            if raw_rwg < 0:
                notes.append(NOTE_RWG_TRUNCATED)
            rwg = max(0.0, raw_rwg)
        consensus = _consensus(ranked, levels)
        if min(present) == max(present):
            notes.append(NOTE_ONE_LEVEL)

    return ItemStats(
        n=n,
        missing=missing,
        median=float(np.median(x)),
        mean=mean,
        sd=sd,
        min=min(present),
        max=max(present),
        range=max(ranked) - min(ranked),
        iqr=float(q75 - q25),
        ad=ad,
        rwg=rwg,
        consensus=consensus,
        notes=tuple(notes),
        ranks=tuple(ranked),
    )


def _pair(value: float, limit: float) -> tuple[str, str]:
    # Show two decimals, more only when rounding would print a value equal to its limit
    # (e.g. AD 0.834 against 0.8333 would otherwise read "0.83 > 0.83").
    for digits in range(2, 7):
        a, b = f"{value:.{digits}f}", f"{limit:.{digits}f}"
        if a != b:
            return a, b
    return a, b


def share_within(stats: ItemStats, within_levels: float) -> float | None:
    """Share of ratings at most ``within_levels`` levels from the median of the level ranks; None without ranks."""
    if not stats.ranks:
        return None
    median = float(np.median(np.asarray(stats.ranks, dtype=float)))
    return sum(1 for r in stats.ranks if abs(r - median) <= within_levels + _TOLERANCE) / len(stats.ranks)


def divergence(
    stats: ItemStats, scale_values: Sequence[int], limits: Limits | None = None
) -> tuple[bool, tuple[str, ...]]:
    """Decide whether partners diverge on an item, and say why in short human strings.

    Divergent when fewer than ``within_share`` of the ratings are within ``within_levels`` of the
    median (the Delphi percent-agreement rule: agreement when at least 70% are within one level of
    the median), or when AD > ``ad_limit`` (Burke & Dunlap 2002); either is enough. Both are shares
    or averages, so the flag does not grow with the number of partners. Values exactly at a limit
    are not divergent. An item scored by fewer than two partners is never divergent. Range, rwg and
    outliers are agenda hints (:func:`agenda_hints`), never a flag.
    """
    scale = check_scale(scale_values)
    limits = Limits.for_scale(scale) if limits is None else limits
    limits.check_scale(scale)
    if stats.n < 2:
        return False, ()
    ad_limit = float(limits.ad_limit)
    reasons: list[str] = []
    within = share_within(stats, limits.within_levels)
    if within is not None and within < limits.within_share - _TOLERANCE:
        outside = round((1 - within) * stats.n)
        reasons.append(f"{outside} of {stats.n} partners more than {limits.within_levels} "
                       f"level{'' if limits.within_levels == 1 else 's'} from the median")
    if stats.ad is not None and stats.ad > ad_limit + _TOLERANCE:
        shown, bound = _pair(stats.ad, ad_limit)
        reasons.append(f"AD {shown} > {bound}")
    return bool(reasons), tuple(reasons)


def agenda_hints(stats: ItemStats, limits: Limits) -> tuple[str, ...]:
    """Things worth a look on the agenda that do not flag: a wide range, a low rwg (3 or more partners)."""
    hints: list[str] = []
    if stats.n >= 2 and stats.range is not None and stats.range >= limits.range_limit:
        hints.append(f"range {stats.range} level{'' if stats.range == 1 else 's'}")
    if stats.rwg is not None and stats.rwg < limits.rwg_limit - _TOLERANCE:
        shown, bound = _pair(stats.rwg, limits.rwg_limit)
        hints.append(f"rwg {shown} < {bound}")
    return tuple(hints)


def outliers(
    scores: Mapping[str, int | None],
    median: float | None,
    distance: float = 2,
    scale_values: Sequence[int] | None = None,
) -> tuple[str, ...]:
    """Partners whose score is at least ``distance`` levels from the item's median.

    With ``scale_values`` the distance is counted in levels: scores become level ranks and the
    median is the median of the ranks (the same as ``median`` on a consecutive scale), so a scale
    with gaps names the same partners as its consecutive twin. Without it, scores are taken as
    consecutive levels and compared with ``median``. Returned in the mapping's order so a report
    lists partners the way the score sheet does. Partners who did not score the item are never
    outliers.
    """
    if median is None:
        return ()
    present = {partner: score for partner, score in scores.items() if not is_missing(score)}
    if scale_values is not None:
        scale = check_scale(scale_values)
        ranked = level_ranks(present_scores(list(present.values()), scale), scale)
        if not ranked:
            return ()
        present = dict(zip(present, ranked, strict=True))
        median = float(np.median(np.asarray(ranked, dtype=float)))
    return tuple(
        partner
        for partner, score in present.items()
        if abs(float(score) - median) >= distance - _TOLERANCE  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------------------------------
# Figures over several items
# ---------------------------------------------------------------------------------------
