"""`score_codes`, the numpy pass over a matrix of scores: where it answers, it answers as a score at a
time does (`present_scores`, `level_ranks`); anything unusual it leaves to that path."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from maturitykit.stats.scores import level_ranks, present_scores, score_codes

SCALES = [(1, 2, 3, 4, 5), (0, 2, 4), (0, 0.25, 0.5, 1)]
_CELL = st.one_of(st.none(), st.just(float("nan")), st.integers(-1, 6), st.sampled_from([0.25, 0.5, 2.0, 3.5, 1.0]),
                  st.booleans(), st.just("3"), st.just(np.float64(2.0)), st.just(2**60))


@given(st.sampled_from(SCALES), st.integers(1, 4).flatmap(
    lambda width: st.lists(st.lists(_CELL, min_size=width, max_size=width), min_size=1, max_size=6)))
def test_codes_agree_with_a_score_at_a_time(scale, rows) -> None:
    codes = score_codes(rows, scale)
    try:
        by_row = [present_scores(row, scale) for row in rows]
    except (TypeError, ValueError):
        assert codes is None  # what the slow path refuses, the fast path never passes
        return
    if codes is None:  # allowed (a numpy value, a bool that happens to be refused elsewhere): never wrong
        return
    for row, row_codes, present in zip(rows, codes, by_row, strict=True):
        assert [c for c in row_codes if c >= 0] == level_ranks(present, scale)
        assert [c < 0 for c in row_codes] == [v is None or (isinstance(v, float) and math.isnan(v)) for v in row]


def test_unusual_entries_go_the_slow_way() -> None:
    scale = (1, 2, 3)
    assert score_codes([[1, None], [3, 2.0]], scale).tolist() == [[0, -1], [2, 1]]
    for odd in (True, "2", np.int64(2), 4, 0, 2.5, 2**60):
        assert score_codes([[1, odd]], scale) is None
    assert score_codes([[1, 2], [3]], scale) is None  # ragged
    assert score_codes([], scale) is None
