"""The simulation in tools/simulate_across.py, run small: the primary test holds its level when items move together."""

from __future__ import annotations

from conftest import _load_tool


def _load():
    return _load_tool("simulate_across")


def test_primary_test_keeps_its_level_where_the_sign_test_does_not():
    rows = dict(_load().table(reps=300, seed=11, shift_sd=0.5))
    for n, row in rows.items():
        assert row["primary"] <= 0.075, (n, row)  # at most about 0.05 (plus simulation noise)
    assert rows[4]["sign"] > 0.08 and rows[4]["wilcoxon"] > 0.08  # items moving together inflate them
