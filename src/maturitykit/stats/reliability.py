"""Agreement across the items of a domain or a whole framework: r*wg(J), Krippendorff's alpha, Gwet's AC2.

Reliability coefficients compare disagreement within items with the spread between items, so
they fall when items sit in a narrow band even if partners agree; they are reported for
context, never used to flag an item (docs/statistics.md gives each formula and citation).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from maturitykit.stats.scores import (
    as_columns,
    as_rows,
    check_scale,
    is_missing,
    present_scores,
    score_codes,
    uniform_variance,
)

__all__ = ["MIN_AGREEMENT_RATERS", "framework_agreement", "gwet_ac2", "krippendorff_alpha", "rwg_j_lindell"]


def rwg_j_lindell(matrix: Sequence[Sequence[int | None]], scale_values: Sequence[int]) -> float | None:
    """Lindell, Brandt & Whitney (1999) r*wg(J) = 1 - mean_j(s_j^2) / sigma_EU^2 for a domain.

    Rows are partners, columns the domain's J items. Unlike James, Demaree & Wolf's rwg(J) it
    does not climb towards 1 as items are added (the Spearman-Brown step is dropped), so
    domains with different numbers of items stay comparable. Each item's variance uses the
    partners who scored that item (all available data); items scored by fewer than two
    partners are left out. Not truncated: a negative value means more spread than uniformly
    random answering. ``None`` when no item was scored by two or more partners.
    """
    scale = check_scale(scale_values)
    variances = []
    for column in as_columns(matrix):
        present = present_scores(column, scale)
        if len(present) >= 2:
            variances.append(float(np.var(np.asarray(present, dtype=float), ddof=1)))
    if not variances:
        return None
    return 1.0 - float(np.mean(variances)) / uniform_variance(scale)


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
    if values is not None:
        domain_list = sorted({float(v) for v in values})
        codes = score_codes(matrix, tuple(domain_list)) if domain_list else None
        if codes is not None:  # one numpy pass: the same counts, so the same floats, as a value at a time
            return _alpha(np.asarray(domain_list, dtype=float), _coincidences(codes, len(domain_list)), level)
    columns = as_columns(matrix)
    observed = sorted({float(v) for column in columns for v in column if not is_missing(v)})
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
            if not is_missing(v):
                counts[index[float(v)]] += 1
        m_u = counts.sum()
        if m_u < 2:
            continue  # not pairable
        coincidences += (np.outer(counts, counts) - np.diag(counts)) / (m_u - 1)
    return _alpha(domain, coincidences, level)


def _level_counts(codes: np.ndarray, levels: int) -> list[np.ndarray]:
    """Per unit (column of `score_codes`), how many partners are at each level: whole numbers, as floats."""
    return [np.bincount(column[column >= 0], minlength=levels).astype(float) for column in codes.T]


def _coincidences(codes: np.ndarray, levels: int) -> np.ndarray:
    """`krippendorff_alpha`'s coincidence matrix from level codes: the counts a value at a time gives, added
    unit by unit in the same order, so the same floats."""
    coincidences = np.zeros((levels, levels))
    for counts in _level_counts(codes, levels):
        m_u = counts.sum()
        if m_u >= 2:
            coincidences += (np.outer(counts, counts) - np.diag(counts)) / (m_u - 1)
    return coincidences


def _alpha(domain: np.ndarray, coincidences: np.ndarray, level: AlphaLevel) -> float | None:
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
    cats = np.asarray(check_scale(categories), dtype=float)
    q = len(cats)
    w = _gwet_weight_matrix(cats, weights)
    cat_index = {int(c): k for k, c in enumerate(cats)}

    codes = score_codes(matrix, tuple(int(c) for c in cats)) if all(c.is_integer() for c in cats) else None
    if codes is not None:  # one numpy pass: the same whole-number counts as a score at a time
        counts = [row for row in _level_counts(codes, q) if row.sum() >= 1]
    else:
        counts = []
        for column in as_columns(matrix):
            row = np.zeros(q)
            for value in present_scores(column, tuple(int(c) for c in cats)):
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


MIN_AGREEMENT_RATERS = 3
"""Below this many partners rating items in common, alpha and AC2 come with a caution."""


def _raters_caution(raters: int) -> str | None:
    """A caution to print beside alpha and AC2 with fewer than MIN_AGREEMENT_RATERS raters, else None."""
    if raters >= MIN_AGREEMENT_RATERS:
        return None
    who = "no partners" if raters == 0 else f"only {raters} partner{'s' if raters != 1 else ''}"
    return (f"{who} rated items in common: alpha and AC2 from fewer than {MIN_AGREEMENT_RATERS} partners are "
            "unstable and must not be quoted without this caution")


def framework_agreement(
    matrix: Sequence[Sequence[int | None]], scale_values: Sequence[int]
) -> dict[str, Any]:
    """Whole-framework agreement coefficients for context, with notes on when not to read them.

    Returns a dict with ``partners`` (rows with at least one score), ``raters`` (partners with a
    score on an item someone else also scored: only those values are pairable), ``items``
    (columns), ``pairable_items`` (items scored by two or more partners), ``alpha_ordinal``,
    ``alpha_interval`` (Krippendorff, value domain = the scale), ``ac2_quadratic`` (Gwet),
    ``notes`` (tuple of plain-words cautions), ``caution`` (a sentence to print beside the figures
    when fewer than three partners rated items in common, else ``None``; like the ``note`` of
    :func:`maturitykit.stats.changestats.wilcoxon_signed_rank`) and ``meaningful`` (True only when
    there are no notes). The figures are still returned when a note applies, so a report can show
    them alongside the caution.

    Agreement is never called meaningful when alpha is undefined, when every *pairable* value is on
    one level (values nobody else rated do not count), or when only one item was scored by two or
    more partners (one item cannot show whether partners agree across the framework; AC2 would
    be 1.0 from a single pair of equal scores).
    """
    scale = check_scale(scale_values)
    rows = as_rows(matrix)
    codes = score_codes(rows, scale)
    if codes is not None:  # every score a plain number on the scale: counted in one numpy pass
        scored = codes >= 0
        partners = int(scored.any(axis=1).sum())
        items = codes.shape[1]
        pairable_columns = [int(c) for c in np.flatnonzero(scored.sum(axis=0) >= 2)]
        pairable = scored[:, pairable_columns]
        levels_used = {int(scale[k]) for k in np.unique(codes[:, pairable_columns][pairable])}
        raters = int(pairable.any(axis=1).sum())
    else:
        for row in rows:
            present_scores(row, scale)  # validate every score before computing anything
        partners = sum(1 for row in rows if any(not is_missing(v) for v in row))
        columns = as_columns(rows)
        items = len(columns)
        pairable_columns = [c for c, column in enumerate(columns) if sum(1 for v in column if not is_missing(v)) >= 2]
        levels_used = {int(columns[c][r]) for c in pairable_columns for r in range(len(columns[c]))
                       if not is_missing(columns[c][r])}
        raters = sum(1 for row in rows if any(not is_missing(row[c]) for c in pairable_columns))
    if codes is not None:  # one coincidence matrix for both levels of measurement, as krippendorff_alpha makes it
        domain, coincidences = np.asarray(scale, dtype=float), _coincidences(codes, len(scale))
        alpha_ordinal, alpha_interval = _alpha(domain, coincidences, "ordinal"), _alpha(domain, coincidences, "interval")
    else:
        alpha_ordinal = krippendorff_alpha(rows, "ordinal", values=scale)
        alpha_interval = krippendorff_alpha(rows, "interval", values=scale)

    notes: list[str] = []
    if partners < MIN_AGREEMENT_RATERS or raters < MIN_AGREEMENT_RATERS:
        notes.append("fewer than 3 partners scored: agreement coefficients are unstable")
    if not pairable_columns:
        notes.append("no item was scored by two or more partners, so agreement cannot be computed")
    elif len(levels_used) == 1:
        notes.append(
            "every score is on one level: alpha is not defined and AC2 only restates that everyone agreed"
        )
    elif len(pairable_columns) == 1:
        notes.append("only one item was scored by two or more partners, so agreement across items cannot be judged")
    if pairable_columns and (alpha_ordinal is None or alpha_interval is None) and not any(
            "alpha is not defined" in note for note in notes):
        notes.append("alpha is not defined for these scores")

    return {
        "partners": partners,
        "raters": raters,
        "items": items,
        "pairable_items": len(pairable_columns),
        "alpha_ordinal": alpha_ordinal,
        "alpha_interval": alpha_interval,
        "ac2_quadratic": gwet_ac2(rows, scale, "quadratic"),
        "notes": tuple(notes),
        "caution": _raters_caution(raters),
        "meaningful": not notes,
    }
