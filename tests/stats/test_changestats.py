"""Tests for maturitykit.stats.changestats against independently computed values.

Oracles: SciPy (``binomtest``, ``wilcoxon``, ``rankdata``, ``permutation_test`` via
``wilcoxon(method=PermutationMethod())``), brute-force enumeration of all 2**n sign assignments
written out below, published tables/examples, and hand computation. SciPy is used here only.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from maturitykit.stats.changestats import (
    EXACT_WILCOXON_MAX_N,
    Interval,
    TestResult,
    bootstrap_mean_ci,
    paired_partner_changes,
    sign_test,
    smallest_sign_test_p,
    wilcoxon_signed_rank,
)

# ------------------------------------------------------------------------------- smallest sign-test p


def test_smallest_sign_test_p_for_five_partners_is_0_0625():
    assert smallest_sign_test_p(5) == 0.0625


@pytest.mark.parametrize(("n", "expected"), [(0, 1.0), (1, 1.0), (2, 0.5), (6, 0.03125), (10, 2 / 1024)])
def test_smallest_sign_test_p_values(n, expected):
    assert smallest_sign_test_p(n) == expected


@pytest.mark.parametrize("n", range(1, 30))
def test_smallest_sign_test_p_equals_binomtest_of_unanimous_move(n):
    assert smallest_sign_test_p(n) == pytest.approx(stats.binomtest(n, n, 0.5).pvalue, rel=1e-12)


@pytest.mark.parametrize("bad", [-1, 2.0, True, "5"])
def test_smallest_sign_test_p_rejects_non_counts(bad):
    with pytest.raises(ValueError):
        smallest_sign_test_p(bad)


# ------------------------------------------------------------------------------------------ sign test


def _changes(pos: int, neg: int, zero: int, seed: int = 0) -> list[float]:
    """Changes with the given counts, assorted half-level sizes, shuffled."""
    rng = np.random.default_rng(seed)
    sizes = [0.5, 1.0, 1.5, 2.0, 3.0]
    values = [float(rng.choice(sizes)) for _ in range(pos)]
    values += [-float(rng.choice(sizes)) for _ in range(neg)]
    values += [0.0] * zero
    rng.shuffle(values)
    return values


@pytest.mark.parametrize("n", list(range(1, 41)) + [47, 60, 75])
def test_sign_test_matches_scipy_binomtest_for_every_k(n):
    for k in range(n + 1):
        result = sign_test(_changes(k, n - k, zero=(n + k) % 4, seed=n * 100 + k))
        expected = stats.binomtest(k, n, 0.5).pvalue
        assert result.p_value == pytest.approx(expected, rel=1e-12, abs=1e-300), (n, k)
        assert (result.n, result.n_positive, result.n_negative, result.n_zero) == (n, k, n - k, (n + k) % 4)
        assert result.statistic == k


def test_sign_test_hand_computed():
    # 8 up, 2 down, 3 unchanged: p = 2 * (C(10,0)+C(10,1)+C(10,2)) / 2**10 = 2 * 56 / 1024
    result = sign_test([1, 0.5, 2, 1, 1, 0.5, 1.5, 1, -1, -0.5, 0, 0, 0])
    assert result.p_value == 112 / 1024
    assert (result.n, result.n_positive, result.n_negative, result.n_zero) == (10, 8, 2, 3)
    assert result.method == "exact two-sided sign test (zeros dropped)"
    assert result.note is None


def test_sign_test_balanced_is_capped_at_one():
    assert sign_test([1, -1, 2, -2]).p_value == 1.0


def test_sign_test_arbuthnot_1710():
    # Arbuthnot (1710), "An argument for Divine Providence": in all 82 years of London christening
    # records more boys than girls were christened; he gave the chance as (1/2)**82 (one-sided),
    # so the two-sided p is 2 * (1/2)**82.
    result = sign_test([1] * 82)
    assert result.p_value == 2 * 0.5**82
    assert result.p_value == smallest_sign_test_p(82)


def test_sign_test_small_n_note_and_no_p_below_005():
    result = sign_test([1, 1, 1, 1, 1, 0])
    assert result.p_value == 0.0625
    assert result.note is not None
    assert "fewer than 6" in result.note
    assert sign_test([1] * 6).note is None


@pytest.mark.parametrize("changes", [[], [0, 0.0, 0]])
def test_sign_test_without_nonzero_changes_gives_no_p(changes):
    result = sign_test(changes)
    assert result.p_value is None
    assert result.statistic is None
    assert result.n == 0
    assert result.n_zero == len(changes)
    assert result.note is not None


def test_floating_point_noise_counts_as_zero():
    noise = 0.1 + 0.2 - 0.3  # 5.55e-17, not exactly zero
    assert noise != 0
    result = sign_test([noise, 1, 1])
    assert (result.n, result.n_zero) == (2, 1)


@pytest.mark.parametrize("bad", [[1, float("nan")], [1, None], [float("inf")]])
def test_non_finite_changes_are_rejected(bad):
    with pytest.raises(ValueError):
        sign_test(bad)
    with pytest.raises(ValueError):
        wilcoxon_signed_rank(bad)


def test_result_is_frozen():
    result = sign_test([1, 2, -1])
    assert isinstance(result, TestResult)
    with pytest.raises(AttributeError):
        result.p_value = 0.5  # type: ignore[misc]


# ----------------------------------------------------------------------------- Wilcoxon: brute force


def brute_force_wilcoxon(changes: list[float]) -> tuple[float, float]:
    """(W+, two-sided p) by listing all 2**n sign assignments of the average ranks.

    Written independently of the module: ranks from scipy.stats.rankdata, and the two-sided p as
    the share of assignments at least as far from the centre n(n+1)/4 as the observed W+.
    """
    d = np.asarray([c for c in changes if c != 0], dtype=float)
    n = d.size
    ranks = stats.rankdata(np.abs(d), method="average")
    w_plus = float(ranks[d > 0].sum())
    centre = n * (n + 1) / 4
    observed = abs(w_plus - centre)
    as_extreme = 0
    for assignment in range(2**n):
        total = 0.0
        for i in range(n):
            if assignment >> i & 1:
                total += ranks[i]
        if abs(total - centre) >= observed - 1e-9:
            as_extreme += 1
    return w_plus, as_extreme / 2**n


def _tied_changes(n: int, seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    sizes = rng.choice([0.5, 1.0, 1.5, 2.0], size=n)
    signs = rng.choice([-1.0, 1.0], size=n, p=[0.35, 0.65])
    return [float(s * m) for s, m in zip(signs, sizes, strict=True)]


@pytest.mark.parametrize("seed", range(24))
def test_wilcoxon_exact_with_ties_matches_brute_force(seed):
    n = 3 + seed % 12  # 3..14 non-zero changes
    changes = _tied_changes(n, seed) + [0.0] * (seed % 3)
    expected_w, expected_p = brute_force_wilcoxon(changes)
    result = wilcoxon_signed_rank(changes)
    assert result.n == n
    assert result.n_zero == seed % 3
    assert result.statistic == expected_w
    assert result.p_value == pytest.approx(expected_p, rel=1e-12)
    assert result.method.startswith("exact two-sided Wilcoxon")


def test_wilcoxon_exact_all_tied_matches_brute_force():
    # every magnitude tied: ranks are all (n+1)/2, so W+ only counts positives
    changes = [1.0, 1.0, 1.0, -1.0, 1.0, 1.0, 1.0, 1.0, -1.0, 1.0]
    expected_w, expected_p = brute_force_wilcoxon(changes)
    result = wilcoxon_signed_rank(changes)
    assert (result.statistic, result.p_value) == (expected_w, pytest.approx(expected_p, rel=1e-12))
    # with all ranks equal the test is the sign test
    assert result.p_value == pytest.approx(sign_test(changes).p_value, rel=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_wilcoxon_exact_with_ties_matches_scipy_permutation_method(seed):
    # scipy's permutation test enumerates all 2**n sign flips when 2**n < n_resamples (n <= 13)
    n = 6 + seed % 8
    changes = _tied_changes(n, 1000 + seed)
    expected = stats.wilcoxon(changes, zero_method="wilcox", method=stats.PermutationMethod()).pvalue
    assert wilcoxon_signed_rank(changes).p_value == pytest.approx(expected, rel=1e-9)


# ---------------------------------------------------------------------------------- Wilcoxon: scipy


def _tie_free_changes(n: int, seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    magnitudes = rng.permutation(np.arange(1, n + 1)) * 0.25 + 0.125  # distinct
    signs = rng.choice([-1.0, 1.0], size=n, p=[0.4, 0.6])
    return [float(s * m) for s, m in zip(signs, magnitudes, strict=True)]


@pytest.mark.parametrize("n", list(range(1, 31)) + [35, 40, 45, 49, 50])
def test_wilcoxon_exact_tie_free_matches_scipy_exact(n):
    changes = _tie_free_changes(n, seed=n) + [0.0] * (n % 3)
    res = stats.wilcoxon(changes, zero_method="wilcox", method="exact")
    result = wilcoxon_signed_rank(changes)
    total = n * (n + 1) / 2
    assert min(result.statistic, total - result.statistic) == res.statistic
    d = np.asarray(changes)
    d = d[d != 0]
    assert result.statistic == stats.rankdata(np.abs(d))[d > 0].sum()
    assert result.p_value == pytest.approx(res.pvalue, rel=1e-10)
    assert result.method.startswith("exact")


@pytest.mark.parametrize(("n", "ties"), [(51, False), (60, False), (80, True), (120, True), (51, True)])
def test_wilcoxon_normal_approximation_matches_scipy_beyond_50(n, ties):
    changes = _tied_changes(n, seed=n) if ties else _tie_free_changes(n, seed=n)
    changes += [0.0] * 4
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = stats.wilcoxon(changes, zero_method="wilcox", correction=True, method="asymptotic")
    result = wilcoxon_signed_rank(changes)
    assert result.n == n
    assert "normal approximation" in result.method
    assert result.p_value == pytest.approx(res.pvalue, rel=1e-9)
    total = n * (n + 1) / 2
    assert min(result.statistic, total - result.statistic) == pytest.approx(res.statistic)


def test_wilcoxon_switches_to_normal_approximation_after_50():
    assert EXACT_WILCOXON_MAX_N == 50
    assert wilcoxon_signed_rank(_tie_free_changes(50, 3)).method.startswith("exact")
    assert "normal approximation" in wilcoxon_signed_rank(_tie_free_changes(51, 3)).method


def test_wilcoxon_normal_approximation_exactly_centred_gives_one():
    # W+ equal to its null mean: no continuity correction direction, p = 1 (as scipy)
    # in each block i = 4k+1..4k+4 the outer two sum to the inner two, so W+ = W- = n(n+1)/4
    changes = [float(i) if i % 4 in (0, 1) else -float(i) for i in range(1, 65)]
    result = wilcoxon_signed_rank(changes)
    assert result.statistic == 64 * 65 / 4
    assert result.p_value == 1.0


# ------------------------------------------------------------------------------ Wilcoxon: published


def test_wilcoxon_darwin_zea_mays():
    # Darwin's cross- vs self-fertilised Zea mays, 15 pairs (eighths of an inch), as given by
    # Fisher, The Design of Experiments (1935), and analysed by Wilcoxon (1945), Biometrics
    # Bulletin 1:80-83. The two negative differences (-48, -67) have ranks 10 and 14, so
    # W- = 24 and W+ = 120 - 24 = 96. The exact two-sided p, 1352/32768 = 0.041259765625, is the
    # value in SciPy's reference documentation for scipy.stats.wilcoxon.
    d = [49, -67, 8, 16, 6, 23, 28, 41, 14, 29, 56, 24, 75, 60, -48]
    result = wilcoxon_signed_rank(d)
    assert result.statistic == 96.0
    assert result.p_value == 0.041259765625
    assert result.n == 15 and result.n_positive == 13 and result.n_negative == 2
    # the sign test on the same data: 2 * (1 + 15 + 105) / 2**15
    assert sign_test(d).p_value == 242 / 32768


# Critical values T (reject "no change" when min(W+, W-) <= T) of the exact two-sided Wilcoxon
# signed-rank test, as in the standard tables (e.g. Wilcoxon, Katti & Wilcox 1970, Selected Tables in
# Mathematical Statistics, vol. 1), for alpha = 0.05 and 0.01.
CRITICAL_005 = {6: 0, 7: 2, 8: 3, 9: 5, 10: 8, 11: 10, 12: 13, 13: 17, 14: 21, 15: 25, 20: 52, 25: 89}
CRITICAL_001 = {8: 0, 9: 1, 10: 3, 11: 5, 12: 7, 13: 9, 14: 12, 15: 15, 20: 37, 25: 68}


def _changes_with_w_minus(n: int, w_minus: int) -> list[float]:
    """Tie-free changes 1..n whose negative ranks sum to w_minus (greedy from the top)."""
    negative, remaining = set(), w_minus
    for r in range(n, 0, -1):
        if r <= remaining:
            negative.add(r)
            remaining -= r
    assert remaining == 0
    return [-float(r) if r in negative else float(r) for r in range(1, n + 1)]


@pytest.mark.parametrize(("table", "alpha"), [(CRITICAL_005, 0.05), (CRITICAL_001, 0.01)])
def test_wilcoxon_reproduces_published_critical_values(table, alpha):
    for n, t in table.items():
        at = wilcoxon_signed_rank(_changes_with_w_minus(n, t)).p_value
        beyond = wilcoxon_signed_rank(_changes_with_w_minus(n, t + 1)).p_value
        assert at <= alpha < beyond, (n, t, at, beyond)


def test_wilcoxon_no_critical_value_below_six():
    # with 5 non-zero changes even W- = 0 gives p = 0.0625
    result = wilcoxon_signed_rank([1, 2, 3, 4, 5])
    assert result.p_value == 0.0625 == smallest_sign_test_p(5)
    assert result.note is not None and "fewer than 6" in result.note


# ---------------------------------------------------------------------------------- Wilcoxon: misc


@pytest.mark.parametrize("changes", [[], [0.0, 0.0]])
def test_wilcoxon_without_nonzero_changes_gives_no_p(changes):
    result = wilcoxon_signed_rank(changes)
    assert result.p_value is None and result.statistic is None and result.n == 0
    assert result.note is not None


def test_wilcoxon_noise_does_not_break_ties():
    # 0.1 + 0.2 and 0.3 differ in the last bit; they are the same change and must share a rank
    changes = [0.1 + 0.2, -0.3, 1.0, 2.0, 0.7]
    tidy = [0.3, -0.3, 1.0, 2.0, 0.7]
    assert wilcoxon_signed_rank(changes) == wilcoxon_signed_rank(tidy)
    assert wilcoxon_signed_rank(tidy).statistic == 1.5 + 3 + 4 + 5


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]), max_size=30))
def test_wilcoxon_properties(changes):
    result = wilcoxon_signed_rank(changes)
    mirrored = wilcoxon_signed_rank([-c for c in changes])
    n = result.n
    assert n == sum(1 for c in changes if c != 0)
    if n == 0:
        assert result.p_value is None
        return
    assert 0 < result.p_value <= 1
    assert mirrored.p_value == pytest.approx(result.p_value, rel=1e-12)
    assert result.statistic + mirrored.statistic == n * (n + 1) / 2
    assert result.p_value >= smallest_sign_test_p(n) * (1 - 1e-12)


# ----------------------------------------------------------------------------------------- bootstrap


CHANGES = [0.5, 1.0, 0.0, -0.5, 1.5, 0.5, 1.0, 0.0, 2.0, 0.5, -1.0, 1.0, 0.5, 0.0, 1.5, 0.5, 1.0, 0.5]


def test_bootstrap_is_deterministic_for_a_seed():
    first = bootstrap_mean_ci(CHANGES)
    second = bootstrap_mean_ci(CHANGES)
    assert isinstance(first, Interval)
    assert first == second
    assert np.float64(first.low).tobytes() == np.float64(second.low).tobytes()
    assert np.float64(first.high).tobytes() == np.float64(second.high).tobytes()
    assert (first.resamples, first.seed, first.level) == (10_000, 20240601, 0.95)
    # the seed matters (on continuous data, where distinct resamples give distinct means)
    smooth = np.random.default_rng(1).normal(size=25).tolist()
    assert bootstrap_mean_ci(smooth, seed=7) == bootstrap_mean_ci(smooth, seed=7)
    assert bootstrap_mean_ci(smooth, seed=7).low != bootstrap_mean_ci(smooth, seed=8).low


def test_bootstrap_estimate_is_the_mean_and_inside_the_interval():
    ci = bootstrap_mean_ci(CHANGES)
    assert ci.estimate == pytest.approx(sum(CHANGES) / len(CHANGES), rel=1e-15)
    assert ci.low < ci.estimate < ci.high


def test_bootstrap_reproduces_documented_algorithm():
    # The documented recipe, written out with a plain sort and linear interpolation. Continuous
    # data, so that neighbouring resample means differ and the interpolation rule matters.
    data = np.random.default_rng(2).gamma(2.0, 0.5, size=17).tolist()
    values = np.asarray(data)
    n, b, level, seed = len(data), 2_000, 0.9, 11
    idx = np.random.default_rng(seed).integers(0, n, size=(b, n))
    means = sorted(sum(values[i] for i in row) / n for row in idx)

    def percentile(q):
        pos = q * (b - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, b - 1)
        return means[lo] + (means[hi] - means[lo]) * (pos - lo)

    ci = bootstrap_mean_ci(data, level=level, resamples=b, seed=seed)
    assert ci.low == pytest.approx(percentile(0.05), abs=1e-12)
    assert ci.high == pytest.approx(percentile(0.95), abs=1e-12)
    assert (ci.resamples, ci.seed, ci.level) == (b, seed, level)


def test_bootstrap_constant_series_has_zero_width():
    ci = bootstrap_mean_ci([1.5] * 12)
    assert ci.low == ci.high == ci.estimate == 1.5


def test_bootstrap_width_matches_normal_theory_for_large_sample():
    # For a large sample the percentile interval is close to mean +/- z * sd_plugin / sqrt(n).
    data = np.random.default_rng(5).normal(0.4, 1.0, size=400)
    for level in (0.8, 0.95):
        ci = bootstrap_mean_ci(data.tolist(), level=level, resamples=20_000)
        z = stats.norm.ppf((1 + level) / 2)
        half = z * data.std(ddof=0) / math.sqrt(data.size)
        assert (ci.high - ci.low) / 2 == pytest.approx(half, rel=0.05)
        assert (ci.high + ci.low) / 2 == pytest.approx(data.mean(), abs=0.1 * half)


def test_bootstrap_coverage_is_near_nominal():
    # 600 samples of 30 from N(0.3, 1): a 90% percentile interval should cover 0.3 close to 90% of
    # the time (slightly under nominal at n = 30 in general; 0.90 with these seeds). Intervals at
    # the wrong level fall outside the band: 80% intervals cover 0.79 and 95% ones 0.945 here.
    rng = np.random.default_rng(123)
    covered = 0
    trials = 600
    for t in range(trials):
        sample = rng.normal(0.3, 1.0, size=30).tolist()
        ci = bootstrap_mean_ci(sample, level=0.9, resamples=1_000, seed=t)
        covered += ci.low <= 0.3 <= ci.high
    assert 0.85 <= covered / trials <= 0.93


def test_bootstrap_higher_level_is_wider():
    narrow = bootstrap_mean_ci(CHANGES, level=0.5)
    wide = bootstrap_mean_ci(CHANGES, level=0.99)
    assert wide.low < narrow.low < narrow.high < wide.high


@pytest.mark.parametrize("values", [[], [1.0]])
def test_bootstrap_needs_two_values(values):
    assert bootstrap_mean_ci(values) is None


@pytest.mark.parametrize(
    "kwargs", [{"level": 0.0}, {"level": 1.0}, {"resamples": 0}, {"resamples": 2.5}, {"seed": 1.5}]
)
def test_bootstrap_rejects_bad_settings(kwargs):
    with pytest.raises(ValueError):
        bootstrap_mean_ci(CHANGES, **kwargs)


def test_bootstrap_rejects_nan():
    with pytest.raises(ValueError):
        bootstrap_mean_ci([1.0, float("nan"), 2.0])


# --------------------------------------------------------------------------- paired partner changes


def test_paired_partner_changes_hand_computed():
    baseline = {"a": 2, "b": 3, "c": 3, "d": 1, "e": None, "f": 4, "g": 2.5}
    followup = {"a": 3, "b": 3, "c": 2, "d": 3, "e": 4, "h": 5, "g": 3.5}
    # pairs: a +1, b 0, c -1, d +2, g +1   (e: no baseline score; f: absent at follow-up; h: new)
    assert paired_partner_changes(baseline, followup) == (3, 1, 1, 1.0)


def test_paired_partner_changes_even_count_median_and_nan():
    baseline = {"a": 1, "b": 2, "c": 3, "d": 4, "e": float("nan")}
    followup = {"a": 2, "b": 2, "c": 4, "d": 2, "e": 3}
    # changes +1, 0, +1, -2 -> sorted -2, 0, 1, 1 -> median 0.5
    assert paired_partner_changes(baseline, followup) == (2, 1, 1, 0.5)


def test_paired_partner_changes_without_pairs():
    assert paired_partner_changes({"a": 2, "b": None}, {"b": 3, "c": 4}) == (0, 0, 0, None)
    assert paired_partner_changes({}, {}) == (0, 0, 0, None)


def test_paired_partner_changes_noise_is_no_change():
    assert paired_partner_changes({"a": 0.1 + 0.2}, {"a": 0.3}) == (0, 1, 0, 0.0)
