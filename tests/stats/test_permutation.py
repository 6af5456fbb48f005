"""The within-partner permutation test across items (stats.permutation), against brute force by hand."""

from __future__ import annotations

import itertools

import pytest

from maturitykit.stats import permutation
from maturitykit.stats.changestats import sign_test
from maturitykit.stats.permutation import EXACT_MAX_PARTNERS, within_partner_permutation_test


def _brute(changes):
    """Swap each partner's rounds in every combination and recompute T from scratch."""
    partners = sorted(changes)
    items = sorted({i for c in changes.values() for i, v in c.items() if v is not None})

    def stat(signs):
        means = []
        for item in items:
            values = [s * changes[p][item] for p, s in zip(partners, signs, strict=True)
                      if changes[p].get(item) is not None]
            means.append(sum(values) / len(values))
        return sum(means) / len(means)

    observed = stat([1] * len(partners))
    all_stats = [stat(s) for s in itertools.product([1, -1], repeat=len(partners))]
    return observed, sum(abs(t) >= abs(observed) - 1e-9 for t in all_stats) / len(all_stats)


def test_exact_matches_brute_force_with_gaps():
    changes = {
        "A": {"i1": 1, "i2": 1, "i3": 0, "i4": None},
        "B": {"i1": 1, "i2": 2, "i3": 1, "i4": 1},
        "C": {"i1": 0, "i2": None, "i3": 1, "i4": 1},
        "D": {"i1": 1, "i2": 1, "i3": -1, "i4": 2},
        "E": {"i1": 2, "i2": 0, "i3": 1, "i4": None},
    }
    result = within_partner_permutation_test(changes)
    observed, p = _brute(changes)
    assert result.exact and result.permutations == 32 and result.partners == 5 and result.items == 4
    assert result.statistic == pytest.approx(observed)
    assert result.p_value == pytest.approx(p)
    assert result.p_value == pytest.approx(2 / 32)  # every partner's average moved up: only +/- all-up are as extreme
    assert "smallest possible is 0.0625" in result.note


def test_one_partner_moving_every_item_is_not_evidence_of_change():
    # Twelve items; partner A scored every one a level higher, the other three partners did not move.
    # Across items the positions (medians of 4) would all move, and the sign test says p < 0.001;
    # relabelling within partner says A alone could have swapped rounds: p = 1.
    changes = {"A": {f"i{k}": 1 for k in range(12)}, **{p: {f"i{k}": 0 for k in range(12)} for p in "BCD"}}
    result = within_partner_permutation_test(changes)
    assert result.p_value == 1.0
    assert sign_test([1] * 12).p_value < 0.001


def test_monte_carlo_is_seeded_and_close_to_exact(monkeypatch):
    changes = {f"p{k}": {"i1": (k % 3) - 0.5, "i2": 1 if k % 4 else -1} for k in range(EXACT_MAX_PARTNERS + 2)}
    first = within_partner_permutation_test(changes, seed=5, draws=4000)
    again = within_partner_permutation_test(changes, seed=5, draws=4000)
    assert not first.exact and first.seed == 5 and first.permutations == 4000
    assert first == again  # deterministic
    assert 0 < first.p_value <= 1 and first.note is None
    monkeypatch.setattr(permutation, "EXACT_MAX_PARTNERS", EXACT_MAX_PARTNERS + 2)
    exact = within_partner_permutation_test(changes)
    assert exact.exact and exact.permutations == 2 ** (EXACT_MAX_PARTNERS + 2)
    assert first.p_value == pytest.approx(exact.p_value, abs=0.02)


def test_nothing_to_test():
    result = within_partner_permutation_test({"A": {"i1": None}})
    assert result.p_value is None and result.statistic is None and "nothing to test" in result.note
