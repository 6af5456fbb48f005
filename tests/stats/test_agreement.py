"""Tests for maturitykit.stats.agreement.

Every expected value comes from somewhere other than the code under test: a published worked
example, the ``krippendorff`` package (GPL, imported here only, as a test oracle), Python's
``statistics`` module, a separately written loop implementation of Gwet's formulas, or
arithmetic written out in the test.
"""

from __future__ import annotations

import math
import statistics
import subprocess
import sys

import krippendorff
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from maturitykit.stats.agreement import ItemStats, agenda_hints, divergence, item_stats, outliers
from maturitykit.stats.limits import Limits
from maturitykit.stats.reliability import framework_agreement, gwet_ac2, krippendorff_alpha, rwg_j_lindell

N = None
ONE_TO_FIVE = [1, 2, 3, 4, 5]
ZERO_TO_FIVE = [0, 1, 2, 3, 4, 5]
ONE_TO_FOUR = [1, 2, 3, 4]  # e.g. Emerging, Developing, Maturing, Thriving

# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
# Communication, University of Pennsylvania, section "C. Nominal data, any number of
# observers, missing data" and following: 4 observers (rows A-D) x 12 units, "." = missing.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],  # observer A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],  # observer B
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],  # observer C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],  # observer D
]


def _nan_matrix(matrix):
    return np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)


# ---------------------------------------------------------------------------------------
# Krippendorff's alpha
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "published"),
    # Published values: Krippendorff (2011), pp. 4-9 (nominal .743, ordinal .815, interval .849,
    # ratio .797).
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
@pytest.mark.parametrize("values", [None, ONE_TO_FIVE])
def test_alpha_reproduces_krippendorff_2011(level, published, values):
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level, values=values), 3) == published


def test_alpha_interval_small_example_by_hand():
    # Two coders, two units: unit 1 scored (1, 2), unit 2 scored (3, 3).
    # Coincidences (m_u = 2, so each pair counts 1/(2-1) = 1): o_12 = o_21 = 1, o_33 = 2.
    # Marginals n_1 = 1, n_2 = 1, n_3 = 2, n = 4. Interval delta^2 = (c - k)^2.
    # D_o = (o_12*1 + o_21*1) / n = 2/4 = 0.5
    # D_e = sum_{c!=k} n_c n_k delta^2 / (n(n-1))
    #     = 2*(1*1*1) [1,2] + 2*(1*2*4) [1,3] + 2*(1*2*1) [2,3] = 2 + 16 + 4 = 22, / 12
    # alpha = 1 - 0.5 / (22/12) = 1 - 6/22 = 16/22
    matrix = [[1, 3], [2, 3]]
    assert krippendorff_alpha(matrix, "interval") == pytest.approx(16 / 22)


@st.composite
def scored_matrices(draw, min_rows=2, max_rows=8, max_cols=15):
    scale = draw(st.sampled_from([tuple(ONE_TO_FIVE), tuple(ZERO_TO_FIVE), tuple(ONE_TO_FOUR)]))
    n_rows = draw(st.integers(min_rows, max_rows))
    n_cols = draw(st.integers(1, max_cols))
    cell = st.one_of(st.none(), st.sampled_from(scale))
    row = st.lists(cell, min_size=n_cols, max_size=n_cols)
    matrix = draw(st.lists(row, min_size=n_rows, max_size=n_rows))
    return list(scale), matrix


def _pairable_values(matrix):
    values = set()
    for column in zip(*matrix, strict=True):
        present = [v for v in column if v is not None]
        if len(present) >= 2:
            values.update(present)
    return values


@settings(max_examples=300, deadline=None)
@given(data=scored_matrices())
def test_alpha_matches_reference_package(data):
    scale, matrix = data
    assume(len(_pairable_values(matrix)) >= 2)
    for level in ("nominal", "ordinal", "interval", "ratio"):
        expected = krippendorff.alpha(_nan_matrix(matrix), value_domain=scale, level_of_measurement=level)
        assert krippendorff_alpha(matrix, level, values=scale) == pytest.approx(expected, abs=1e-9), level


@settings(max_examples=100, deadline=None)
@given(data=scored_matrices())
def test_alpha_is_none_exactly_when_reference_cannot_compute(data):
    scale, matrix = data
    pairable = _pairable_values(matrix)
    assume(len(pairable) <= 1)
    # No pairable values, or a single pairable value (D_e = 0): the reference raises or gives nan.
    assert krippendorff_alpha(matrix, "ordinal", values=scale) is None
    assert krippendorff_alpha(matrix, "interval", values=scale) is None


def test_alpha_seeded_random_matrices_with_missing_values():
    rng = np.random.default_rng(20240601)
    checked = 0
    for _ in range(200):
        rows, cols = rng.integers(3, 13), rng.integers(10, 41)
        m = rng.integers(0, 6, size=(rows, cols)).astype(float)
        m[rng.random(size=m.shape) < 0.2] = np.nan
        matrix = [[None if np.isnan(v) else int(v) for v in row] for row in m]
        for level in ("ordinal", "interval"):
            expected = krippendorff.alpha(m, value_domain=ZERO_TO_FIVE, level_of_measurement=level)
            assert krippendorff_alpha(matrix, level, values=ZERO_TO_FIVE) == pytest.approx(expected, abs=1e-9)
            checked += 1
    assert checked == 400


def test_alpha_ordinal_unused_levels_change_nothing():
    # Krippendorff's ordinal distance sums frequencies n_g between two ranks; an unused level has
    # n_g = 0. The reference package gives the same value with or without the extra levels.
    wide = list(range(1, 10))
    expected_wide = krippendorff.alpha(
        _nan_matrix(KRIPPENDORFF_2011), value_domain=wide, level_of_measurement="ordinal"
    )
    expected_observed = krippendorff.alpha(_nan_matrix(KRIPPENDORFF_2011), level_of_measurement="ordinal")
    assert krippendorff_alpha(KRIPPENDORFF_2011, "ordinal", values=wide) == pytest.approx(expected_wide)
    assert krippendorff_alpha(KRIPPENDORFF_2011, "ordinal", values=wide) == pytest.approx(expected_observed)


def test_alpha_not_computable_cases():
    assert krippendorff_alpha([[3, 3], [3, 3]], "interval") is None  # no variation: D_e = 0
    assert krippendorff_alpha([[1, N], [N, 2]], "interval") is None  # no unit has two values
    assert krippendorff_alpha([[N, N], [N, N]], "ordinal", values=ONE_TO_FIVE) is None


def test_alpha_rejects_values_outside_domain_and_unknown_level():
    with pytest.raises(ValueError, match="not in the value domain"):
        krippendorff_alpha([[0, 1], [1, 1]], "ordinal", values=ONE_TO_FIVE)
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha([[1, 2], [1, 2]], "ordinalish")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one entry per column"):
        krippendorff_alpha([[1, 2], [1]], "interval")


def test_alpha_treats_nan_as_missing():
    with_nan = [[np.nan if v is None else v for v in row] for row in KRIPPENDORFF_2011]
    assert round(krippendorff_alpha(with_nan, "interval"), 3) == 0.849


# ---------------------------------------------------------------------------------------
# Per-item statistics: rwg, AD, consensus, descriptive figures
# ---------------------------------------------------------------------------------------


def test_item_stats_worked_example_one_to_five():
    s = item_stats([2, 3, 3, 4, 5], ONE_TO_FIVE)
    # mean = 17/5 = 3.4; median = 3
    # |x - mean| = 1.4, 0.4, 0.4, 0.6, 1.6 -> sum 4.4 -> AD_M = 4.4/5 = 0.88
    # (x - mean)^2 = 1.96, 0.16, 0.16, 0.36, 2.56 -> sum 5.2 -> s^2 = 5.2/4 = 1.3
    # sigma_EU^2 = (5^2 - 1)/12 = 2 -> rwg = 1 - 1.3/2 = 0.35
    # type 7 quartiles of (2,3,3,4,5): h = (n-1)p -> Q1 = x[1] = 3, Q3 = x[3] = 4 -> IQR 1
    assert (s.n, s.missing, s.min, s.max, s.range) == (5, 0, 2, 5, 3)
    assert s.mean == pytest.approx(3.4)
    assert s.median == 3.0
    assert s.sd == pytest.approx(math.sqrt(1.3))
    assert s.ad == pytest.approx(0.88)
    assert s.rwg == pytest.approx(0.35)
    assert s.iqr == pytest.approx(1.0)
    # Tastle & Wierman with d_X = 5 - 1 = 4 and mu = 3.4:
    # p(2)=.2 |2-3.4|/4=.35; p(3)=.4 -> .1; p(4)=.2 -> .15; p(5)=.2 -> .4
    expected_cns = 1 + (
        0.2 * math.log2(1 - 0.35)
        + 0.4 * math.log2(1 - 0.1)
        + 0.2 * math.log2(1 - 0.15)
        + 0.2 * math.log2(1 - 0.4)
    )
    assert s.consensus == pytest.approx(expected_cns)
    assert s.notes == ()


def test_iqr_uses_linear_type_7_quantiles():
    # (1, 2, 4, 5): type 7 puts Q1 at h = 3*0.25 = 0.75 -> 1 + 0.75*(2-1) = 1.75 and
    # Q3 at h = 2.25 -> 4 + 0.25*(5-4) = 4.25, IQR 2.5. (Type 6 would give 1.25 and 4.75, IQR 3.5.)
    assert item_stats([1, 2, 4, 5], ONE_TO_FIVE).iqr == pytest.approx(2.5)


def test_one_partner_gives_no_spread_or_agreement():
    s = item_stats([N, 4, N], ONE_TO_FIVE)
    assert (s.n, s.missing, s.median, s.mean, s.min, s.max, s.range, s.iqr) == (1, 2, 4.0, 4.0, 4, 4, 0, 0.0)
    assert s.sd is None and s.ad is None and s.rwg is None and s.consensus is None
    assert "fewer than 3 partners scored this item" in s.notes
    assert any("only one partner" in note for note in s.notes)


def test_no_partner_scored():
    s = item_stats([N, N], ONE_TO_FIVE)
    assert s == ItemStats(
        n=0, missing=2, median=None, mean=None, sd=None, min=None, max=None, range=None,
        iqr=None, ad=None, rwg=None, consensus=None, notes=("no partner scored this item",),
    )  # fmt: skip


def test_identical_scores_agree_perfectly():
    s = item_stats([3, 3, 3, 3], ONE_TO_FIVE)
    assert s.rwg == 1.0
    assert s.ad == 0.0
    assert s.sd == 0.0
    assert s.consensus == 1.0  # Tastle & Wierman (2007): all in one category -> Cns = 1
    assert "all scores on one level" in s.notes


def test_rwg_truncated_to_zero_when_spread_exceeds_uniform():
    s = item_stats([1, 1, 5, 5], ONE_TO_FIVE)
    # mean 3, s^2 = 4*(2^2)/3 = 16/3 = 5.33 > sigma_EU^2 = 2 -> raw rwg = 1 - 8/3 < 0 -> 0
    # AD_M = mean |x - 3| = 2
    assert s.rwg == 0.0
    assert s.ad == pytest.approx(2.0)
    assert any("rwg is set to 0" in note for note in s.notes)
    # Tastle & Wierman (2007): half the responses at each extreme -> Cns = 0
    assert s.consensus == pytest.approx(0.0, abs=1e-12)


def test_two_partners_computed_but_noted():
    s = item_stats([2, 3], ONE_TO_FIVE)
    # AD = 0.5; rwg needs three raters, so it is None with a note
    assert s.rwg is None
    assert s.ad == pytest.approx(0.5)
    assert s.notes == ("fewer than 3 partners scored this item",
                       "fewer than 3 partners scored this item, so rwg is not computed")
    # Full scale width d_X = 4 (not the observed width 1, which would give 0):
    # mu = 2.5, |x - mu|/4 = 0.125 for both -> Cns = 1 + log2(0.875)
    assert s.consensus == pytest.approx(1 + math.log2(0.875))


def test_partner_who_skipped_items():
    s = item_stats([4, N, 2, N, 3], ONE_TO_FIVE)
    # Present (4, 2, 3): mean 3, s^2 = (1 + 1 + 0)/2 = 1, rwg = 1 - 1/2 = 0.5, AD = 2/3
    assert (s.n, s.missing) == (3, 2)
    assert s.rwg == pytest.approx(0.5)
    assert s.ad == pytest.approx(2 / 3)


def test_zero_to_five_scale():
    s = item_stats([0, 1, 1, N, 2], ZERO_TO_FIVE)
    # Zero is a real level here. A = 6, sigma_EU^2 = (36 - 1)/12 = 35/12.
    # mean 1, s^2 = (1 + 0 + 0 + 1)/3 = 2/3, rwg = 1 - (2/3)/(35/12) = 1 - 8/35 = 27/35
    # AD = (1 + 0 + 0 + 1)/4 = 0.5
    # Cns: d_X = 5, mu = 1: p(0)=p(2)=.25 at |.|/5 = .2, p(1)=.5 at 0 -> 1 + 0.5*log2(0.8)
    assert (s.n, s.missing, s.min) == (4, 1, 0)
    assert s.rwg == pytest.approx(27 / 35)
    assert s.ad == pytest.approx(0.5)
    assert s.consensus == pytest.approx(1 + 0.5 * math.log2(0.8))
    # Default AD limit is A/6 = 6/6 = 1.00; range 2 is only an agenda hint, and all are within a level.
    assert divergence(s, ZERO_TO_FIVE) == (False, ())
    assert agenda_hints(s, Limits.for_scale(ZERO_TO_FIVE)) == ("range 2 levels",)


def test_four_level_scale():
    s = item_stats([1, 2, 2, 3], ONE_TO_FOUR)
    # A = 4, sigma_EU^2 = 15/12 = 1.25; mean 2, s^2 = 2/3 -> rwg = 1 - (2/3)/1.25 = 7/15
    # AD = (1 + 0 + 0 + 1)/4 = 0.5, below A/6 = 0.667
    assert s.rwg == pytest.approx(7 / 15)
    assert s.ad == pytest.approx(0.5)
    assert divergence(s, ONE_TO_FOUR) == (False, ())
    assert agenda_hints(s, Limits.for_scale(ONE_TO_FOUR)) == ("range 2 levels", "rwg 0.47 < 0.70")
    # The same three scores read differently on a four- and a five-level scale:
    # s^2 = 1/3: 1 - (1/3)/1.25 on 1-4 versus 1 - (1/3)/2 on 1-5.
    assert item_stats([2, 3, 2], ONE_TO_FOUR).rwg == pytest.approx(1 - (1 / 3) / 1.25)
    assert item_stats([2, 3, 2], ONE_TO_FIVE).rwg == pytest.approx(1 - (1 / 3) / 2)


def test_scale_with_gaps_uses_variance_of_listed_values():
    # Judgement call: sigma_EU^2 is the population variance of the listed values, which equals
    # (A^2 - 1)/12 on consecutive integers. For (0, 2, 4): mean 2, var = (4 + 0 + 4)/3 = 8/3.
    # Rank-based: scores (0, 2, 2) are ranks (0, 1, 1): s^2 = 1/3 -> rwg = 1 - (1/3)/(8/12) = 0.5.
    assert item_stats([0, 2, 2], [0, 2, 4]).rwg == pytest.approx(0.5)


def test_scores_outside_scale_are_rejected_not_treated_as_missing():
    with pytest.raises(ValueError, match="record a skipped item as None"):
        item_stats([0, 3, 4], ONE_TO_FIVE)  # zero typed for "not scored"
    with pytest.raises(ValueError):
        item_stats([2.5, 3], ONE_TO_FIVE)
    with pytest.raises(ValueError):
        item_stats([1, 2], [1])
    assert item_stats([float("nan"), 3, 4], ONE_TO_FIVE).missing == 1


@settings(max_examples=300, deadline=None)
@given(
    scale=st.sampled_from([ONE_TO_FIVE, ZERO_TO_FIVE, ONE_TO_FOUR]),
    data=st.data(),
)
def test_item_stats_against_statistics_module(scale, data):
    scores = data.draw(st.lists(st.one_of(st.none(), st.sampled_from(scale)), min_size=2, max_size=12))
    present = [v for v in scores if v is not None]
    assume(len(present) >= 2)
    s = item_stats(scores, scale)
    a = len(scale)
    mean = statistics.fmean(present)
    var = statistics.variance(present)
    q1, _, q3 = statistics.quantiles(present, n=4, method="inclusive")  # 'inclusive' = type 7
    assert s.n == len(present) and s.missing == len(scores) - len(present)
    assert s.mean == pytest.approx(mean)
    assert s.median == pytest.approx(statistics.median(present))
    assert s.sd == pytest.approx(statistics.stdev(present))
    assert s.iqr == pytest.approx(q3 - q1)
    assert s.ad == pytest.approx(sum(abs(x - mean) for x in present) / len(present))
    if len(present) >= 3:
        assert s.rwg == pytest.approx(max(0.0, 1 - var / ((a * a - 1) / 12)))
    else:
        assert s.rwg is None
    assert 0.0 - 1e-12 <= s.consensus <= 1.0 + 1e-12


# ---------------------------------------------------------------------------------------
# Tastle & Wierman consensus: published properties
# ---------------------------------------------------------------------------------------


def test_consensus_uniform_over_five_levels_by_hand():
    # One partner on each of 1..5: mu = 3, d_X = 4, |x - mu|/4 = .5, .25, 0, .25, .5
    # Cns = 1 + 0.2*(2*log2(0.5) + 2*log2(0.75) + log2(1)) = 1 + 0.2*(-2 + 2*log2(0.75))
    assert item_stats([1, 2, 3, 4, 5], ONE_TO_FIVE).consensus == pytest.approx(
        1 + 0.2 * (-2 + 2 * math.log2(0.75))
    )


def test_consensus_properties_from_tastle_wierman_2007():
    # Tastle & Wierman (2007), Int. J. Approximate Reasoning 45:531-545, state that Cns is 1 when
    # everyone picks one category, 0 for an equal split between the two extremes, and depends
    # only on distances (so mirroring the distribution or shifting the scale leaves it unchanged).
    assert item_stats([5, 5, 5], ONE_TO_FIVE).consensus == 1.0
    assert item_stats([1, 5], ONE_TO_FIVE).consensus == pytest.approx(0.0, abs=1e-12)
    assert item_stats([0, 0, 5, 5], ZERO_TO_FIVE).consensus == pytest.approx(0.0, abs=1e-12)
    assert item_stats([1, 2, 2, 4], ONE_TO_FIVE).consensus == pytest.approx(
        item_stats([5, 4, 4, 2], ONE_TO_FIVE).consensus
    )
    assert item_stats([1, 2, 2, 4], ONE_TO_FIVE).consensus == pytest.approx(
        item_stats([0, 1, 1, 3], [0, 1, 2, 3, 4]).consensus
    )
    # Moving a partner toward the others raises consensus.
    assert item_stats([3, 3, 4], ONE_TO_FIVE).consensus > item_stats([3, 3, 5], ONE_TO_FIVE).consensus


# ---------------------------------------------------------------------------------------
# Divergence rule and outliers
# ---------------------------------------------------------------------------------------


def test_divergence_reasons_worked_example():
    s = item_stats([2, 3, 3, 4, 5], ONE_TO_FIVE)  # AD 0.88, range 3, rwg 0.35 (see above)
    # Default AD limit A/6 = 5/6 = 0.8333
    assert divergence(s, ONE_TO_FIVE) == (True, ("AD 0.88 > 0.83",))
    assert agenda_hints(s, Limits.for_scale(ONE_TO_FIVE)) == ("range 3 levels", "rwg 0.35 < 0.70")
    # Delphi share rule: 2 of 5 (40%) more than one level from the median -> split, whatever AD says.
    split = item_stats([1, 3, 3, 3, 5], ONE_TO_FIVE)
    assert divergence(split, ONE_TO_FIVE, Limits(ad_limit=5))[1] == ("2 of 5 partners more than 1 level from the median",)


def test_not_divergent_when_close():
    s = item_stats([3, 3, 4, 3], ONE_TO_FIVE)  # range 1, s^2 = 0.25 -> rwg 0.875, AD 0.375
    assert divergence(s, ONE_TO_FIVE) == (False, ())


def test_not_divergent_with_fewer_than_two_scores():
    assert divergence(item_stats([1, N, N], ONE_TO_FIVE), ONE_TO_FIVE) == (False, ())
    assert divergence(item_stats([N, N], ONE_TO_FIVE), ONE_TO_FIVE) == (False, ())
    # Even a zero range limit cannot flag a lone score: nobody disagrees with it.
    lone = item_stats([4, N], ONE_TO_FIVE)
    assert divergence(lone, ONE_TO_FIVE, Limits(ad_limit=0, range_limit=0, rwg_limit=1)) == (False, ())


def test_values_exactly_at_limits_are_not_divergent():
    s = item_stats([2, 3], ONE_TO_FIVE)  # AD 0.5, range 1, rwg 0.75
    assert divergence(s, ONE_TO_FIVE, Limits(ad_limit=0.5, range_limit=2, rwg_limit=0.75)) == (False, ())
    assert divergence(s, ONE_TO_FIVE, Limits(ad_limit=0.49, range_limit=1, rwg_limit=0.76)) == (
        True,
        ("AD 0.50 > 0.49",),
    )


def test_reason_shows_more_digits_rather_than_equal_looking_numbers():
    # A custom limit just below the value: two decimals would print "AD 0.50 > 0.50".
    s = item_stats([2, 3], ONE_TO_FIVE)  # AD exactly 0.5
    flagged, reasons = divergence(s, ONE_TO_FIVE, Limits(ad_limit=0.498, range_limit=9, rwg_limit=0))
    assert flagged and reasons == ("AD 0.500 > 0.498",)


def test_outliers_in_given_order():
    scores = {"Delta": 5, "Alpha": 1, "Bravo": 3, "Charlie": 3, "Echo": None}
    assert outliers(scores, 3.0) == ("Delta", "Alpha")
    assert outliers(scores, 3.0, distance=3) == ()
    assert outliers({"A": 2, "B": 4, "C": 4}, 3.5, distance=1.5) == ("A",)
    assert outliers(scores, None) == ()


# ---------------------------------------------------------------------------------------
# Lindell's r*wg(J)
# ---------------------------------------------------------------------------------------


def _james_rwg_j(mean_variance, sigma2, j):
    # James, Demaree & Wolf (1984) rwg(J) = J(1 - s2/sigma2) / (J(1 - s2/sigma2) + s2/sigma2)
    ratio = mean_variance / sigma2
    return j * (1 - ratio) / (j * (1 - ratio) + ratio)


def test_rwg_j_lindell_by_hand_and_differs_from_james():
    matrix = [
        [3, 2, 1],
        [3, 3, 3],
        [4, 3, 5],
        [4, 4, N],  # partner 4 skipped item 3
    ]
    # item 1 (3,3,4,4): mean 3.5, s^2 = 4*0.25/3 = 1/3
    # item 2 (2,3,3,4): mean 3,   s^2 = (1+0+0+1)/3 = 2/3
    # item 3 (1,3,5):   mean 3,   s^2 = (4+0+4)/2 = 4
    # mean s^2 = (1/3 + 2/3 + 4)/3 = 5/3; sigma_EU^2 = 2 -> r*wg(J) = 1 - (5/3)/2 = 1/6
    assert rwg_j_lindell(matrix, ONE_TO_FIVE) == pytest.approx(1 / 6)
    # James' rwg(J) with J = 3: 3(1/6) / (3(1/6) + 5/6) = 0.5/1.3333 = 0.375
    james = _james_rwg_j(5 / 3, 2.0, 3)
    assert james == pytest.approx(0.375)
    assert rwg_j_lindell(matrix, ONE_TO_FIVE) != pytest.approx(james)


def test_rwg_j_lindell_single_item_is_untruncated_rwg_and_can_be_negative():
    # One item (1,1,5,5): s^2 = 16/3 -> 1 - (16/3)/2 = -5/3 (rwg would be truncated to 0)
    assert rwg_j_lindell([[1], [1], [5], [5]], ONE_TO_FIVE) == pytest.approx(-5 / 3)
    assert rwg_j_lindell([[2], [3]], ONE_TO_FIVE) == pytest.approx(0.75)


def test_rwg_j_lindell_skips_items_with_one_score_and_none_when_nothing_pairs():
    # item 2 has one score and is left out; item 1 (2,3): s^2 = .5 -> 1 - .5/2 = .75
    assert rwg_j_lindell([[2, 4], [3, N]], ONE_TO_FIVE) == pytest.approx(0.75)
    assert rwg_j_lindell([[2, N], [N, 4]], ONE_TO_FIVE) is None
    # 0-5 scale: item (0, 1) s^2 = .5, sigma_EU^2 = 35/12 -> 1 - 6/35 = 29/35
    assert rwg_j_lindell([[0], [1]], ZERO_TO_FIVE) == pytest.approx(29 / 35)


# ---------------------------------------------------------------------------------------
# Gwet's AC2
# ---------------------------------------------------------------------------------------


def ac2_by_loops(matrix, categories, weights):
    """Gwet (2014) AC1/AC2 written as plainly as possible, as an oracle.

    p_a is written in its pairwise form (the mean weight over ordered pairs of distinct raters of
    a unit), which is algebraically equal to Gwet's sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1)).
    """
    cats = sorted(categories)
    lo, hi = cats[0], cats[-1]

    def w(a, b):
        if weights == "identity":
            return 1.0 if a == b else 0.0
        if weights == "linear":
            return 1 - abs(a - b) / (hi - lo)
        return 1 - (a - b) ** 2 / (hi - lo) ** 2

    units = []
    for j in range(len(matrix[0])):
        ratings = [row[j] for row in matrix if row[j] is not None]
        if ratings:
            units.append(ratings)
    pa_terms = []
    for ratings in units:
        r = len(ratings)
        if r < 2:
            continue
        total = 0.0
        for g in range(r):
            for h in range(r):
                if g != h:
                    total += w(ratings[g], ratings[h])
        pa_terms.append(total / (r * (r - 1)))
    pa = sum(pa_terms) / len(pa_terms)
    pi = {k: sum(ratings.count(k) / len(ratings) for ratings in units) / len(units) for k in cats}
    q = len(cats)
    tw = sum(w(k, m) for k in cats for m in cats)
    pe = tw / (q * (q - 1)) * sum(p * (1 - p) for p in pi.values())
    return (pa - pe) / (1 - pe)


def test_ac_reproduces_published_irrcac_values():
    # The Krippendorff (2011) data is Gwet's "cac.raw4raters" data set (Gwet 2014, Handbook of
    # Inter-Rater Reliability, 4th ed.; shipped with his irrCAC R package). irrCAC reports
    # AC1 = 0.77544 (pa 0.81818, pe 0.19032) and quadratic-weighted AC2 = 0.91400; the values are
    # asserted in the test suite of the irrCAC Python port (afergadis/irrCAC, tests/test_gwet.py).
    assert round(gwet_ac2(KRIPPENDORFF_2011, ONE_TO_FIVE, "identity"), 5) == 0.77544
    assert round(gwet_ac2(KRIPPENDORFF_2011, ONE_TO_FIVE, "quadratic"), 5) == 0.91400


@settings(max_examples=300, deadline=None)
@given(data=scored_matrices(), weights=st.sampled_from(["quadratic", "linear", "identity"]))
def test_ac2_matches_loop_implementation(data, weights):
    scale, matrix = data
    assume(any(sum(v is not None for v in column) >= 2 for column in zip(*matrix, strict=True)))
    assert gwet_ac2(matrix, scale, weights) == pytest.approx(ac2_by_loops(matrix, scale, weights), abs=1e-9)


def test_ac2_counts_unused_categories():
    # q and the weights come from the whole scale, so declaring more levels changes p_e.
    matrix = [[2, 3, 3], [2, 3, 4], [3, 3, 4]]
    assert gwet_ac2(matrix, ONE_TO_FIVE) == pytest.approx(ac2_by_loops(matrix, ONE_TO_FIVE, "quadratic"))
    assert gwet_ac2(matrix, [2, 3, 4]) == pytest.approx(ac2_by_loops(matrix, [2, 3, 4], "quadratic"))
    assert gwet_ac2(matrix, ONE_TO_FIVE) != pytest.approx(gwet_ac2(matrix, [2, 3, 4]))


def test_ac2_perfect_agreement_is_one():
    assert gwet_ac2([[1, 2, 5], [1, 2, 5], [1, 2, N]], ONE_TO_FIVE) == pytest.approx(1.0)
    # Even when every score is on one level (where alpha is undefined): p_a = 1, p_e = 0.
    assert gwet_ac2([[3, 3], [3, 3]], ONE_TO_FIVE) == pytest.approx(1.0)
    assert gwet_ac2([[3, 3], [3, 3]], ONE_TO_FIVE, "identity") == pytest.approx(1.0)


def test_ac2_none_when_no_unit_rated_twice():
    assert gwet_ac2([[1, N], [N, 2]], ONE_TO_FIVE) is None
    assert gwet_ac2([[N, N]], ONE_TO_FIVE) is None
    with pytest.raises(ValueError):
        gwet_ac2([[0, 1], [1, 1]], ONE_TO_FIVE)
    with pytest.raises(ValueError):
        gwet_ac2([[1, 1], [1, 1]], ONE_TO_FIVE, "cubic")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# Whole-framework summary
# ---------------------------------------------------------------------------------------


def test_framework_agreement_on_published_data():
    result = framework_agreement(KRIPPENDORFF_2011, ONE_TO_FIVE)
    assert result["partners"] == 4 and result["items"] == 12
    assert round(result["alpha_ordinal"], 3) == 0.815  # Krippendorff (2011)
    assert round(result["alpha_interval"], 3) == 0.849  # Krippendorff (2011)
    assert round(result["ac2_quadratic"], 5) == 0.91400  # irrCAC, see above
    assert result["notes"] == () and result["meaningful"] is True


def test_framework_agreement_notes():
    two = framework_agreement([[1, 2, 3], [1, 3, 3]], ONE_TO_FIVE)
    assert any("fewer than 3 partners" in note for note in two["notes"])
    assert two["meaningful"] is False

    flat = framework_agreement([[4, 4], [4, 4], [4, N]], ONE_TO_FIVE)
    assert flat["alpha_ordinal"] is None and flat["alpha_interval"] is None
    assert flat["ac2_quadratic"] == pytest.approx(1.0)
    assert any("one level" in note for note in flat["notes"])

    lonely = framework_agreement([[1, N, N], [N, 2, N], [N, N, 3]], ONE_TO_FIVE)
    assert lonely["alpha_interval"] is None and lonely["ac2_quadratic"] is None
    assert any("no item was scored by two or more partners" in note for note in lonely["notes"])

    # A partner who scored nothing does not count as a partner.
    assert framework_agreement([[1, 2], [2, 2], [N, N]], ONE_TO_FIVE)["partners"] == 2


# ---------------------------------------------------------------------------------------
# Why item-level AD and rwg, not alpha, drive the divergence flags (docs/statistics.md)
# ---------------------------------------------------------------------------------------


def test_alpha_falls_in_a_narrow_band_while_partners_agree():
    # Four partners, three items; every item has three 3s and one 4.
    band = [[3, 3, 3], [3, 3, 4], [3, 4, 3], [4, 3, 3]]
    # By hand: each item has counts {3: 3, 4: 1}, m_u = 4, so per item o_33 += (9-3)/3 = 2 and
    # o_34 = o_43 += 3/3 = 1. Over three items o_33 = 6, o_34 = o_43 = 3; n_3 = 9, n_4 = 3, n = 12.
    # D_o = (3 + 3)/12 = 0.5; D_e = 2*9*3/(12*11) = 54/132; alpha = 1 - 0.5*132/54 = -2/9.
    # The reference package agrees: alpha is negative although partners nearly agree ...
    reference = krippendorff.alpha(
        _nan_matrix(band), value_domain=ONE_TO_FIVE, level_of_measurement="interval"
    )
    assert reference == pytest.approx(-2 / 9)
    assert krippendorff_alpha(band, "interval", values=ONE_TO_FIVE) == pytest.approx(reference)
    # ... while per item s^2 = 3*(.25)^2 + (.75)^2 = .75, / 3 = .25 -> rwg = 1 - .25/2 = .875,
    # AD = (3*.25 + .75)/4 = .375, range 1: no item is divergent.
    for column in zip(*band, strict=True):
        s = item_stats(column, ONE_TO_FIVE)
        assert s.rwg == pytest.approx(0.875)
        assert s.ad == pytest.approx(0.375)
        assert divergence(s, ONE_TO_FIVE) == (False, ())
    # The same within-item disagreement (three partners agree, one is a level off) on items
    # spread across the scale gives a high alpha: alpha measures how well items are told apart.
    wide = [[1, 3, 5], [1, 3, 5], [2, 3, 4], [1, 4, 5]]
    reference_wide = krippendorff.alpha(
        _nan_matrix(wide), value_domain=ONE_TO_FIVE, level_of_measurement="interval"
    )
    assert reference_wide > 0.85
    assert krippendorff_alpha(wide, "interval", values=ONE_TO_FIVE) == pytest.approx(reference_wide)
    for column in zip(*wide, strict=True):
        s = item_stats(column, ONE_TO_FIVE)
        assert s.rwg == pytest.approx(0.875)
        assert s.ad == pytest.approx(0.375)
        assert divergence(s, ONE_TO_FIVE) == (False, ())


# ---------------------------------------------------------------------------------------
# Import hygiene
# ---------------------------------------------------------------------------------------


def test_module_imports_neither_pandas_nor_scipy():
    code = (
        "import sys, maturitykit.stats.agreement; "
        "bad = [m for m in ('pandas', 'scipy', 'krippendorff') if m in sys.modules]; "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_framework_agreement_not_meaningful_when_only_unpairable_values_differ():
    # Item 1 is the only item two partners scored (3 and 3); items 2-4 have one score each, on
    # other levels. Alpha only counts pairable values, so it is undefined; the old one-level check
    # looked at every value (1, 2, 3, 5) and called the figures meaningful.
    result = framework_agreement([[3, 1, N, N], [3, N, 5, N], [N, N, N, 2]], ONE_TO_FIVE)
    assert result["alpha_interval"] is None and result["alpha_ordinal"] is None
    assert result["pairable_items"] == 1 and result["raters"] == 2
    assert result["meaningful"] is False
    assert any("one level" in note for note in result["notes"])


def test_one_item_with_two_ratings_is_not_meaningful_agreement():
    # One item with two ratings gives AC2 = 1.0 from one pair; that is not agreement across a framework.
    one = framework_agreement([[2], [2], [N]], ONE_TO_FIVE)
    assert one["ac2_quadratic"] == pytest.approx(1.0)
    assert one["meaningful"] is False
    # One pairable item whose two values differ: alpha is defined, but one item still cannot show agreement.
    split = framework_agreement([[2, 4, N], [3, N, N], [N, N, 5], [N, 1, N]], ONE_TO_FIVE)
    assert split["pairable_items"] == 2
    single = framework_agreement([[2, 4, N], [3, N, N], [N, N, 5]], ONE_TO_FIVE)
    assert single["pairable_items"] == 1 and single["alpha_interval"] is not None
    assert single["meaningful"] is False
    assert any("only one item" in note for note in single["notes"])


def test_fewer_than_three_raters_carry_a_caution():
    two = framework_agreement([[1, 2, 3, 4], [1, 3, 3, 5]], ONE_TO_FIVE)
    assert two["alpha_interval"] is not None  # the figure is still given ...
    assert two["caution"] is not None and "only 2 partners" in two["caution"]  # ... with its caution
    assert two["meaningful"] is False
    # Three partners on the sheet, but the third scored only an item nobody else did: two raters.
    third_alone = framework_agreement([[1, 2, N], [1, 3, N], [N, N, 4]], ONE_TO_FIVE)
    assert third_alone["partners"] == 3 and third_alone["raters"] == 2
    assert "only 2 partners" in third_alone["caution"] and third_alone["meaningful"] is False
    assert framework_agreement(KRIPPENDORFF_2011, ONE_TO_FIVE)["caution"] is None
