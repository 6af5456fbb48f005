"""One Limits, stated and applied in levels: a gapped scale decides exactly as its consecutive twin.

The twins (tests/fixtures/frameworks/valid/levels-*.yaml) differ only in their level values:
1, 2, 3, 4, 5 and 0, 2, 4, 6, 8. The same partners giving the same levels must get the same
flagged items and the same printed limits, through the CLI's JSON and through the library.
Before limits were kept in levels, the gapped twin printed one AD limit and applied another.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import maturitykit as mk
from conftest import FIXTURES, ok
from maturitykit.stats.limits import DEFAULT_RANGE_LIMIT, Limits, default_ad_limit

VALID = FIXTURES / "frameworks" / "valid"
TWINS = {"consecutive": (VALID / "levels-consecutive-1-5.yaml", [1, 2, 3, 4, 5]),
         "gapped": (VALID / "levels-gapped-0-8.yaml", [0, 2, 4, 6, 8])}
ITEMS = ["shared-records", "joint-commissioning", "workforce", "population-health"]
# Level ranks (0 = lowest) each partner gives each item: agreement, a split, one outlier, a spread.
RANKS = {
    "North Trust": [2, 0, 2, 0],
    "South Council": [2, 4, 2, 1],
    "East Practices": [2, 0, 2, 3],
    "West Charity": [3, 4, 2, 4],
    "Central Hospice": [2, 3, 0, 2],
}


def _sheet(tmp_path: Path, twin: str) -> Path:
    values = TWINS[twin][1]
    lines = ["partner,item,score"]
    lines += [f"{partner},{item},{values[rank]}" for partner, ranks in RANKS.items()
              for item, rank in zip(ITEMS, ranks, strict=True)]
    path = tmp_path / f"{twin}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cli_report(cli, tmp_path: Path, twin: str, *extra: str) -> dict:
    result = ok(cli("score", "divergence", TWINS[twin][0], _sheet(tmp_path, twin), "--format", "json", *extra))
    return json.loads(result.stdout)


def _flagged(report: dict) -> dict[str, list[str]]:
    return {row["item"]: row["reasons"] for row in report["items"] if row["divergent"]}


def test_the_limits_of_twin_scales_are_the_same_in_levels():
    consecutive, gapped = (Limits.for_scale(values) for _, values in TWINS.values())
    assert consecutive.to_dict() == gapped.to_dict()
    assert consecutive.ad_limit == pytest.approx(default_ad_limit(5)) == pytest.approx(5 / 6)
    assert consecutive.range_limit == gapped.range_limit == DEFAULT_RANGE_LIMIT


@pytest.mark.parametrize("extra", [(), ("--ad-limit", "0.5"), ("--range-limit", "3")])
def test_twin_scales_flag_the_same_items_and_print_the_same_limits(cli, tmp_path, extra):
    consecutive = _cli_report(cli, tmp_path, "consecutive", *extra)
    gapped = _cli_report(cli, tmp_path, "gapped", *extra)
    assert consecutive["limits"] == gapped["limits"]
    assert _flagged(consecutive) == _flagged(gapped)
    # The case is not vacuous: some items are flagged and some are not.
    assert 0 < len(_flagged(consecutive)) < len(ITEMS)


def test_an_ad_limit_given_on_the_command_line_is_printed_as_applied(cli, tmp_path):
    for twin in TWINS:
        report = _cli_report(cli, tmp_path, twin, "--ad-limit", "0.5")
        assert report["limits"]["ad_limit"] == 0.5


def test_the_library_gives_the_same_decisions_as_the_cli(cli, tmp_path):
    for twin, (framework_path, _) in TWINS.items():
        framework = mk.load_framework(framework_path)
        report = mk.divergence(mk.read_round(framework, [_sheet(tmp_path, twin)])).to_dict()
        assert report["limits"] == _cli_report(cli, tmp_path, twin)["limits"]
        assert _flagged(report) == _flagged(_cli_report(cli, tmp_path, twin))
