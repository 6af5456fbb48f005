"""Roll-up of child positions into a parent's, against values worked by hand."""

from __future__ import annotations

import pytest

from maturitykit.stats.rollup import ROLLUP_METHODS, rollup

CHILDREN = [1, 2, 4, 4]  # four children on a 1-4 scale


@pytest.mark.parametrize(("method", "expected"), [
    ("mean", 2.75),  # (1 + 2 + 4 + 4) / 4 = 11 / 4
    ("median", 3.0),  # middle pair 2 and 4
    ("min", 1.0),
    ("sum", 11.0),
    ("staircase", 1.0),  # every child reaches 1; the first child does not reach 2
])
def test_each_method_on_one_set_of_children(method: str, expected: float) -> None:
    levels = [1, 2, 3, 4] if method == "staircase" else None
    assert rollup(method, CHILDREN, levels=levels) == pytest.approx(expected)  # type: ignore[arg-type]


def test_weighted_mean() -> None:
    # (1*1 + 2*1 + 4*2 + 4*0) / (1 + 1 + 2 + 0) = 11 / 4
    assert rollup("weighted-mean", CHILDREN, weights=[1, 1, 2, 0]) == pytest.approx(2.75)
    # (3*3 + 1*1) / 4 = 2.5, not the unweighted 2
    assert rollup("weighted-mean", [3, 1], weights=[3, 1]) == pytest.approx(2.5)


def test_staircase_is_the_highest_level_every_child_reaches() -> None:
    assert rollup("staircase", [3, 4, 3.5], levels=[1, 2, 3, 4]) == 3
    # A decimal scale (SAMM-style coverage): the lowest child 0.6 reaches 0.5, not 1.
    assert rollup("staircase", [1, 0.6, 1], levels=[0, 0.25, 0.5, 1]) == 0.5
    # Below the lowest level: no level is reached by every child.
    assert rollup("staircase", [0.5, 2], levels=[1, 2]) is None


def test_missing_children_are_left_out_never_zero() -> None:
    assert rollup("mean", [4, None, 2]) == pytest.approx(3.0)  # not (4 + 0 + 2) / 3 = 2
    assert rollup("min", [None, 3, 2]) == 2.0
    assert rollup("sum", [None, 3, 2]) == 5.0
    # the missing child's weight goes with it: (4*1) / 1
    assert rollup("weighted-mean", [4, None], weights=[1, 9]) == pytest.approx(4.0)
    # staircase cannot say an unscored child reaches any level
    assert rollup("staircase", [4, None], levels=[1, 2, 3, 4]) is None


@pytest.mark.parametrize("method", ROLLUP_METHODS)
def test_no_scored_children_give_no_position(method: str) -> None:
    kwargs = {"weights": [1, 1]} if method == "weighted-mean" else {"levels": [1, 2]} if method == "staircase" else {}
    assert rollup(method, [None, None], **kwargs) is None  # type: ignore[arg-type]


def test_misuse_is_refused() -> None:
    with pytest.raises(ValueError, match="one weight per child"):
        rollup("weighted-mean", [1, 2], weights=[1])
    with pytest.raises(ValueError, match="only with weighted-mean"):
        rollup("mean", [1, 2], weights=[1, 1])
    with pytest.raises(ValueError, match="level values"):
        rollup("staircase", [1, 2])
    with pytest.raises(ValueError, match="unknown roll-up"):
        rollup("mode", [1, 2])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        rollup("weighted-mean", [1, 2], weights=[1, -1])


def test_the_model_and_the_function_offer_the_same_methods() -> None:
    from typing import get_args

    from maturitykit.framework.model import Rollup

    assert set(get_args(Rollup)) == set(ROLLUP_METHODS)
