"""Domain, group and framework positions by each node's declared roll-up (analysis/positions.py)."""

from __future__ import annotations

from conftest import FIXTURES
from maturitykit import load_framework
from maturitykit.analysis.positions import chart_axis, node_span

VALID = FIXTURES / "frameworks" / "valid"


def test_weighted_mean_and_staircase_follow_the_declared_rollups() -> None:
    fw = load_framework(VALID / "weighted-domains.yaml")
    joint = fw.domains[1]
    # staircase: the highest level both sub-domains reach, not their mean (2.5)
    assert node_span(fw, joint, {"joint-teams": 3, "joint-budgets": 2}).value == 2
    assert node_span(fw, joint, {"joint-teams": 3}).value is None  # an unscored part shows no level
    positions = {"shared-purpose": 3, "joint-teams": 3, "joint-budgets": 2, "learning": 1}
    # weights 2, 1, 0.5 on 3, 2 (staircase), 1: (6 + 2 + 0.5) / 3.5
    span = node_span(fw, fw, positions)
    assert span.value == round(8.5 / 3.5, 6) and (span.low, span.high) == (1, 3)
    assert abs(span.share - (8.5 / 3.5 - 1) / 2) < 1e-5
    assert chart_axis(fw) == "levels"


def test_parts_on_different_scales_are_rolled_up_as_shares() -> None:
    fw = load_framework(VALID / "dma-like-mixed-questions.yaml")
    ids = [i.id for i in fw.items()]
    scales = {i.id: fw.scale_for(i).values() for i in fw.items()}
    top = {i: max(v) for i, v in scales.items()}
    span = node_span(fw, fw.groups[0], top)
    assert (span.value, span.share) == (1, 1)  # every item at its top level is 100% of the group's range
    bottom = {i: min(scales[i]) for i in ids}
    assert node_span(fw, fw.groups[0], bottom).share == 0
    assert chart_axis(fw) == "share"


def test_a_sum_runs_over_the_sum_of_its_parts_ranges() -> None:
    fw = load_framework(VALID / "samm-like-graded-answers.yaml")
    domain = fw.groups[0].domains[0]
    domain.rollup = "sum"
    span = node_span(fw, domain, {"strategy-stream-a-1": 0.5, "strategy-stream-b-1": 1})
    assert (span.value, span.low, span.high, span.share) == (1.5, 0, 2, 0.75)


def test_the_default_is_the_mean_of_the_items_as_before() -> None:
    fw = load_framework("sel-neighbourhood")
    group = fw.groups[0]
    items = [i for i in fw.items() if i.group is group]
    positions = {item.id: float(n % 4 + 1) for n, item in enumerate(items)}
    expected = round(sum(positions.values()) / len(positions), 6)
    assert node_span(fw, group, positions).value == expected
    assert chart_axis(fw) == "levels"


def test_delta_rollups_use_the_declared_rollup(cli) -> None:
    import json

    returns = FIXTURES / "returns" / "weighted-domains"
    out = cli("score", "delta", str(VALID / "weighted-domains.yaml"), str(returns / "baseline"),
              str(returns / "followup"), "--format", "json")
    assert out.exit_code == 0, out.output
    delta = json.loads(out.stdout)
    joint = next(d for d in delta["domains"] if d["id"] == "joint-delivery")
    assert (joint["mean_baseline"], joint["mean_followup"], joint["mean_change"]) == (1, 2, 1)  # staircase
    overall = delta["overall"]
    assert (overall["mean_baseline"], overall["mean_followup"]) == (1.857143, 2.142857)  # weighted, not 2 and 2.5
    assert any("weighted mean of its parts" in note for note in delta["notes"])
