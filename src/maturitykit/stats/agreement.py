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
* across items (:func:`rwg_j_lindell`, :func:`krippendorff_alpha`, :func:`gwet_ac2`,
  :func:`framework_agreement`): how well partners agree over a whole domain or framework.
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
from typing import Any, Literal

import numpy as np

from maturitykit.stats.limits import Limits

__all__ = [
    "ItemStats",
    "divergence",
    "framework_agreement",
    "gwet_ac2",
    "item_stats",
    "krippendorff_alpha",
    "outliers",
    "rwg_j_lindell",
]

# Comparisons against thresholds allow for floating-point noise so that a figure that is
# mathematically equal to its limit (e.g. rwg = 0.70) is never flagged by a rounding error.
_TOLERANCE = 1e-9

NOTE_NONE_SCORED = "no partner scored this item"
NOTE_FEWER_THAN_3 = "fewer than 3 partners scored this item"
NOTE_ONLY_ONE = "only one partner scored this item, so spread and agreement are not computed"
NOTE_ONE_LEVEL = "all scores on one level"
NOTE_RWG_TRUNCATED = "scores are more spread out than random answering would give, so rwg is set to 0"


# ---------------------------------------------------------------------------------------
# Input checking
# ---------------------------------------------------------------------------------------


def _is_missing(value: object) -> bool:
    # None is the documented marker; a float NaN (as produced by pandas) is accepted as well
    # so that callers holding a DataFrame do not silently turn gaps into numbers.
    return value is None or (isinstance(value, float) and math.isnan(value))


def _as_int(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{what} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return int(value) if float(value).is_integer() else float(value)


def _check_scale(scale_values: Sequence[int]) -> tuple[int, ...]:
    """The scale's values sorted, checked distinct (at least two); decimals are levels too (agreement is on ranks)."""
    values = tuple(sorted(_as_int(v, "a scale value") for v in scale_values))
    if len(values) < 2:
        raise ValueError("a scale needs at least two levels")
    if len(set(values)) != len(values):
        raise ValueError(f"scale values must be distinct, got {list(scale_values)!r}")
    return values


def _present_scores(scores: Sequence[int | None], scale: tuple[int, ...]) -> list[int]:
    """The non-missing scores, each checked to be a level of the scale.

    Rejecting out-of-scale values catches the commonest data-entry error: a zero typed for
    "not scored" on a scale that starts at 1.
    """
    allowed = set(scale)
    present: list[int] = []
    for raw in scores:
        if _is_missing(raw):
            continue
        value = _as_int(raw, "a score")
        if value not in allowed:
            raise ValueError(
                f"score {value!r} is not a level of the scale {list(scale)!r}; record a skipped item as None"
            )
        present.append(value)
    return present


def _rows(matrix: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """The matrix as a list of equal-length rows (partners), so columns (items) line up."""
    rows = [list(row) for row in matrix]
    if not rows:
        raise ValueError("the matrix has no rows (partners)")
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        raise ValueError("every row (partner) must have one entry per column (item)")
    return rows


def _columns(matrix: Sequence[Sequence[Any]]) -> list[list[Any]]:
    rows = _rows(matrix)
    return [[row[j] for row in rows] for j in range(len(rows[0]))]


def _uniform_variance(scale: tuple[int, ...]) -> float:
    """sigma_EU^2: the variance of answering every level with equal probability.

    For consecutive integers this is (A^2 - 1) / 12 (James, Demaree & Wolf 1984); computing it
    as the population variance of the listed values gives the same number on such scales and
    stays correct if a framework ever uses gaps between levels.
    """
    return float(np.var(np.asarray(scale, dtype=float)))


def _ranks(present: Sequence[int], scale: tuple[int, ...]) -> list[int]:
    """Each score's level rank: its index in the scale's ordered values (0 for the lowest level).

    Spread and agreement are measured in levels, so a scale with gaps (0, 2, 4, 6, 8) reads
    exactly like its consecutive twin (1-5); on a consecutive scale nothing changes.
    """
    index = {value: rank for rank, value in enumerate(scale)}
    return [index[value] for value in present]


# ---------------------------------------------------------------------------------------
# Per-item figures
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemStats:
    """Descriptive and agreement figures for one item, from the partners who scored it.

    The centre (``median``, ``mean``, ``min``, ``max``) is in the scale's values; the spread and
    agreement figures (``sd``, ``range``, ``iqr``, ``ad``, ``rwg``, ``consensus``) are computed on
    level ranks (see :func:`_ranks`), so they are in levels, and a scale with gaps gives the same
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
    scale = _check_scale(scale_values)
    present = _present_scores(scores, scale)
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
    ranked = _ranks(present, scale)
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
        raw_rwg = 1.0 - variance / _uniform_variance(levels)
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
    )


def _pair(value: float, limit: float) -> tuple[str, str]:
    # Show two decimals, more only when rounding would print a value equal to its limit
    # (e.g. AD 0.834 against 0.8333 would otherwise read "0.83 > 0.83").
    for digits in range(2, 7):
        a, b = f"{value:.{digits}f}", f"{limit:.{digits}f}"
        if a != b:
            return a, b
    return a, b


def divergence(
    stats: ItemStats, scale_values: Sequence[int], limits: Limits | None = None
) -> tuple[bool, tuple[str, ...]]:
    """Decide whether partners diverge on an item, and say why in short human strings.

    Divergent when AD > ad_limit, or range >= range_limit, or rwg < rwg_limit (any one is
    enough), all in levels (see :class:`~maturitykit.stats.limits.Limits`; ``None`` means
    ``Limits.for_scale(scale_values)``). Values exactly at a limit are not divergent. An item
    scored by fewer than two partners is never divergent: there is nobody to disagree with.
    """
    scale = _check_scale(scale_values)
    limits = Limits.for_scale(scale) if limits is None else limits
    limits.check_scale(scale)
    if stats.n < 2:
        return False, ()
    ad_limit = float(limits.ad_limit)
    reasons: list[str] = []
    if stats.ad is not None and stats.ad > ad_limit + _TOLERANCE:
        shown, bound = _pair(stats.ad, ad_limit)
        reasons.append(f"AD {shown} > {bound}")
    if stats.range is not None and stats.range >= limits.range_limit:
        reasons.append(f"range {stats.range} level{'' if stats.range == 1 else 's'}")
    if stats.rwg is not None and stats.rwg < limits.rwg_limit - _TOLERANCE:
        shown, bound = _pair(stats.rwg, limits.rwg_limit)
        reasons.append(f"rwg {shown} < {bound}")
    return bool(reasons), tuple(reasons)


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
    present = {partner: score for partner, score in scores.items() if not _is_missing(score)}
    if scale_values is not None:
        scale = _check_scale(scale_values)
        ranked = _ranks(_present_scores(list(present.values()), scale), scale)
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


def rwg_j_lindell(matrix: Sequence[Sequence[int | None]], scale_values: Sequence[int]) -> float | None:
    """Lindell, Brandt & Whitney (1999) r*wg(J) = 1 - mean_j(s_j^2) / sigma_EU^2 for a domain.

    Rows are partners, columns the domain's J items. Unlike James, Demaree & Wolf's rwg(J) it
    does not climb towards 1 as items are added (the Spearman-Brown step is dropped), so
    domains with different numbers of items stay comparable. Each item's variance uses the
    partners who scored that item (all available data); items scored by fewer than two
    partners are left out. Not truncated: a negative value means more spread than uniformly
    random answering. ``None`` when no item was scored by two or more partners.
    """
    scale = _check_scale(scale_values)
    variances = []
    for column in _columns(matrix):
        present = _present_scores(column, scale)
        if len(present) >= 2:
            variances.append(float(np.var(np.asarray(present, dtype=float), ddof=1)))
    if not variances:
        return None
    return 1.0 - float(np.mean(variances)) / _uniform_variance(scale)


AlphaLevel = Literal["nominal", "ordinal", "interval", "ratio"]


def _alpha_distances(domain: np.ndarray, level: str, n_c: np.ndarray) -> np.ndarray:
    """Krippendorff's squared difference functions delta^2_ck over the value domain."""
    if level == "nominal":
        return (domain[:, None] != domain[None, :]).astype(float)
    if level == "interval":
        return (domain[:, None] - domain[None, :]) ** 2
    if level == "ratio":
        total = domain[:, None] + domain[None, :]
        diff = domain[:, None] - domain[None, :]
        return np.divide(diff, total, out=np.zeros_like(diff), where=total != 0) ** 2
    # ordinal: (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2 with n_g the pairable value frequencies.
    cumulative = np.concatenate(([0.0], np.cumsum(n_c)))
    low = np.minimum.outer(np.arange(len(domain)), np.arange(len(domain)))
    high = np.maximum.outer(np.arange(len(domain)), np.arange(len(domain)))
    between = cumulative[high + 1] - cumulative[low]
    return (between - (n_c[low] + n_c[high]) / 2) ** 2


def krippendorff_alpha(
    matrix: Sequence[Sequence[float | None]],
    level: AlphaLevel = "interval",
    values: Sequence[float] | None = None,
) -> float | None:
    """Krippendorff's alpha = 1 - D_o / D_e from the coincidence matrix (Krippendorff 2011).

    Rows are coders (partners), columns units (items); ``None`` (or NaN) is missing. Only
    pairable values count: units with fewer than two values are dropped. ``values`` is the
    value domain (the scale's levels); every observed value must be in it. For the ordinal
    metric Krippendorff's distance sums the frequencies n_g of the values between two ranks,
    and a level nobody used has n_g = 0, so listing unused scale levels does not change
    ordinal alpha (the ``krippendorff`` reference package behaves the same way).

    Returns ``None`` when alpha is undefined: no unit has two values, or every pairable value
    is the same so expected disagreement D_e is 0.
    """
    if level not in ("nominal", "ordinal", "interval", "ratio"):
        raise ValueError(f"unknown level of measurement {level!r}")
    columns = _columns(matrix)
    observed = sorted({float(v) for column in columns for v in column if not _is_missing(v)})
    if values is None:
        domain_list = observed
    else:
        domain_list = sorted({float(v) for v in values})
        allowed = set(domain_list)
        outside = [v for v in observed if v not in allowed]
        if outside:
            raise ValueError(f"values {outside!r} are not in the value domain {domain_list!r}")
    if not domain_list:
        return None
    domain = np.asarray(domain_list, dtype=float)
    index = {v: i for i, v in enumerate(domain_list)}

    coincidences = np.zeros((len(domain), len(domain)))
    for column in columns:
        counts = np.zeros(len(domain))
        for v in column:
            if not _is_missing(v):
                counts[index[float(v)]] += 1
        m_u = counts.sum()
        if m_u < 2:
            continue  # not pairable
        coincidences += (np.outer(counts, counts) - np.diag(counts)) / (m_u - 1)

    n_c = coincidences.sum(axis=1)
    n = float(n_c.sum())
    if n < 2:
        return None
    delta = _alpha_distances(domain, level, n_c)
    observed_d = float((coincidences * delta).sum()) / n
    expected_d = float((np.outer(n_c, n_c) * delta).sum()) / (n * (n - 1))
    if expected_d <= 0:
        return None
    return 1.0 - observed_d / expected_d


GwetWeights = Literal["quadratic", "linear", "identity"]


def _gwet_weight_matrix(categories: np.ndarray, weights: str) -> np.ndarray:
    """Gwet's (2014) agreement weights computed from the category values."""
    diff = categories[:, None] - categories[None, :]
    width = categories[-1] - categories[0]
    if weights == "quadratic":
        return 1.0 - diff**2 / width**2
    if weights == "linear":
        return 1.0 - np.abs(diff) / width
    if weights == "identity":
        return np.eye(len(categories))
    raise ValueError(f"unknown weights {weights!r}")


def gwet_ac2(
    matrix: Sequence[Sequence[int | None]],
    categories: Sequence[int],
    weights: GwetWeights = "quadratic",
) -> float | None:
    """Gwet's AC2 (AC1 with identity weights) for many raters with missing ratings (Gwet 2014).

    Rows are raters (partners), columns units (items). With r_ik raters putting unit i in
    category k, r_i = sum_k r_ik and r*_ik = sum_l w_kl r_il:

    * p_a averages sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1)) over the n' units rated by two or
      more raters;
    * pi_k averages r_ik / r_i over the n units rated by at least one rater;
    * p_e = T_w / (q (q - 1)) * sum_k pi_k (1 - pi_k), T_w the sum of all weights;
    * AC2 = (p_a - p_e) / (1 - p_e).

    ``categories`` are all the scale's levels (q counts unused levels too, as in irrCAC when
    categories are given). Unlike kappa or alpha, AC2 stays high when nearly every rating is on
    one level. ``None`` when no unit has two ratings.
    """
    cats = np.asarray(_check_scale(categories), dtype=float)
    q = len(cats)
    w = _gwet_weight_matrix(cats, weights)
    cat_index = {int(c): k for k, c in enumerate(cats)}

    counts = []
    for column in _columns(matrix):
        row = np.zeros(q)
        for value in _present_scores(column, tuple(int(c) for c in cats)):
            row[cat_index[value]] += 1
        if row.sum() >= 1:
            counts.append(row)
    if not counts:
        return None
    r_ik = np.asarray(counts)
    r_i = r_ik.sum(axis=1)
    rated_twice = r_i >= 2
    if not rated_twice.any():
        return None

    weighted = r_ik @ w.T  # r*_ik = sum_l w_kl r_il
    per_unit = (r_ik * (weighted - 1)).sum(axis=1)
    p_a = float(np.mean(per_unit[rated_twice] / (r_i[rated_twice] * (r_i[rated_twice] - 1))))
    pi = (r_ik / r_i[:, None]).mean(axis=0)
    p_e = float(w.sum() / (q * (q - 1)) * np.sum(pi * (1 - pi)))
    if p_e >= 1:
        return None
    return (p_a - p_e) / (1 - p_e)


def framework_agreement(
    matrix: Sequence[Sequence[int | None]], scale_values: Sequence[int]
) -> dict[str, Any]:
    """Whole-framework agreement coefficients for context, with notes on when not to read them.

    Returns a dict with ``partners`` (rows with at least one score), ``items`` (columns),
    ``alpha_ordinal``, ``alpha_interval`` (Krippendorff, value domain = the scale),
    ``ac2_quadratic`` (Gwet), ``notes`` (tuple of plain-words cautions) and ``meaningful``
    (True when there are no notes). The figures are still returned when a note applies, so a
    report can show them alongside the caution.
    """
    scale = _check_scale(scale_values)
    rows = _rows(matrix)
    for row in rows:
        _present_scores(row, scale)  # validate every score before computing anything
    partners = sum(1 for row in rows if any(not _is_missing(v) for v in row))
    present = [int(v) for row in rows for v in row if not _is_missing(v)]
    columns = _columns(rows)
    pairable = any(sum(1 for v in column if not _is_missing(v)) >= 2 for column in columns)

    notes: list[str] = []
    if partners < 3:
        notes.append("fewer than 3 partners scored: agreement coefficients are unstable")
    if not pairable:
        notes.append("no item was scored by two or more partners, so agreement cannot be computed")
    elif len(set(present)) == 1:
        notes.append(
            "every score is on one level: alpha is not defined and AC2 only restates that everyone agreed"
        )

    return {
        "partners": partners,
        "items": len(columns),
        "alpha_ordinal": krippendorff_alpha(rows, "ordinal", values=scale),
        "alpha_interval": krippendorff_alpha(rows, "interval", values=scale),
        "ac2_quadratic": gwet_ac2(rows, scale, "quadratic"),
        "notes": tuple(notes),
        "meaningful": not notes,
    }
