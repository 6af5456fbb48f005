"""The simulation in tools/simulate_status.py, run small: the status and divergence rules keep their bounds."""

from __future__ import annotations

from conftest import _load_tool


def _load():
    return _load_tool("simulate_status")


def test_status_rule_bounds():
    rows = dict(_load().table(reps=400, seed=7))
    for n, row in rows.items():
        assert row["false_change"] < 0.05, (n, row)  # no true change: improved/declined under 5%
        if n >= 6:
            assert row["true_improved"] >= 0.80, (n, row)  # a true one-level change is found
    shares = [row["divergent"] for row in rows.values()]
    assert max(shares) - min(shares) < 0.10  # the flag does not grow with the number of partners
