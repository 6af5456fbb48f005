"""numpy.float32('nan'), pandas.NA, float NaN and None are all "not scored": never an error, never zero."""

from __future__ import annotations

import dataclasses
from copy import copy

import numpy as np
import pandas as pd
import pytest

import maturitykit as mk
from conftest import REPO
from maturitykit.rounds.round import round_from_result
from maturitykit.stats.agreement import item_stats
from maturitykit.stats.changestats import paired_partner_changes
from maturitykit.stats.reliability import framework_agreement, gwet_ac2, krippendorff_alpha
from maturitykit.stats.scores import is_missing

EXAMPLE = REPO / "examples" / "sel-thameside"
MISSING = [None, float("nan"), np.float32("nan"), np.float64("nan"), pd.NA]


@pytest.mark.parametrize("value", MISSING, ids=repr)
def test_every_missing_marker_is_missing(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, np.float32(2), np.int64(1), 3])
def test_a_number_is_never_missing(value):
    assert not is_missing(value)


@pytest.mark.parametrize("value", MISSING[1:], ids=repr)
def test_stats_read_each_marker_as_missing(value):
    scale = [1, 2, 3, 4, 5]
    assert item_stats([1, value, 3, 4], scale) == item_stats([1, None, 3, 4], scale)
    matrix = [[1, 2, value], [2, 2, 3], [value, 3, 3]]
    plain = [[None if is_missing(v) else v for v in row] for row in matrix]
    assert krippendorff_alpha(matrix, "ordinal", scale) == krippendorff_alpha(plain, "ordinal", scale)
    assert gwet_ac2(matrix, scale) == gwet_ac2(plain, scale)
    assert framework_agreement(matrix, scale) == framework_agreement(plain, scale)
    assert paired_partner_changes({"a": 1, "b": value}, {"a": 2, "b": 3}) == (1, 0, 0, 1.0)


def _with(round_, value, every: int = 3):
    """The round with every `every`-th partner score replaced by `value`."""
    result = copy(round_.result)
    result.rows = [dataclasses.replace(r, score=value) if i % every == 0 else r for i, r in enumerate(result.rows)]
    return round_from_result(round_.framework, result, round_.inputs, "round")


@pytest.mark.parametrize("value", MISSING[1:], ids=repr)
def test_library_analyses_read_each_marker_as_not_scored(value):
    fw = mk.load_framework("sel-neighbourhood")
    base = mk.read_round(fw, EXAMPLE / "baseline", place="Thameside", round="baseline")
    follow = mk.read_round(fw, EXAMPLE / "followup", place="Thameside", round="followup")
    want_base, want_follow = _with(base, None), _with(follow, None, every=4)
    got_base, got_follow = _with(base, value), _with(follow, value, every=4)
    assert mk.divergence(got_base).to_dict() == mk.divergence(want_base).to_dict()
    assert mk.delta(got_base, got_follow).to_dict() == mk.delta(want_base, want_follow).to_dict()
    assert (mk.trend([("b", got_base), ("f", got_follow)]).to_dict()
            == mk.trend([("b", want_base), ("f", want_follow)]).to_dict())
    assert mk.plan(got_follow, target=4).to_dict() == mk.plan(want_follow, target=4).to_dict()
