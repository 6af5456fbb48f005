"""The per-item status rule (stats.itemchange.change_evidence), case by case; rates are in test_simulate_status."""

from __future__ import annotations

import math

import pytest

from maturitykit.stats.itemchange import T90, T95, change_evidence, t_quantile
from maturitykit.stats.limits import Limits

LIMITS = Limits.for_scale([1, 2, 3, 4, 5])


def test_too_few_partners_whatever_the_move():
    assert change_evidence([], 2.0, LIMITS)[0] == "too few partners"
    assert change_evidence([2.0], 2.0, LIMITS)[0] == "too few partners"


def test_six_partners_mostly_up_is_improved():
    # Six paired changes 2, 0, 0, 1, 1, 0: mean 2/3, sd 0.816. One-sided 90% bound:
    # 2/3 - 1.476 * 0.816 / sqrt(6) = 0.175 > 0, so improved. (The old 95% bound, 2/3 - 2.015 * 0.816 / sqrt(6)
    # = -0.005, left it unchanged.)
    changes = [2.0, 0.0, 0.0, 1.0, 1.0, 0.0]
    sd = math.sqrt(sum((d - 2 / 3) ** 2 for d in changes) / 5)
    assert 2 / 3 - 1.476 * sd / math.sqrt(6) == pytest.approx(0.175, abs=1e-3)
    assert change_evidence(changes, 1.0, LIMITS)[0] == "improved"
    assert change_evidence([-d for d in changes], -1.0, LIMITS)[0] == "declined"


def test_the_floor_holds_back_two_unanimous_partners():
    # Two partners who both moved up one level: sd 0, floored at 0.71; 1 - 3.078 * 0.71 / sqrt(2) < 0.
    status, reason = change_evidence([1.0, 1.0], 1.0, LIMITS)
    assert status == "unchanged" and "within their disagreement" in reason


def test_small_position_change_is_unchanged():
    assert change_evidence([1.0, 1.0, 1.0, 0.0], 0.5, LIMITS) == ("unchanged", "")


def test_t_tables():
    assert t_quantile(0.90, 5) == T90[4] == 1.476 and t_quantile(0.95, 5) == T95[4] == 2.015
    assert t_quantile(0.90, 100) == 1.310
    with pytest.raises(ValueError):
        t_quantile(0.99, 3)
    with pytest.raises(ValueError):
        t_quantile(0.90, 0)
