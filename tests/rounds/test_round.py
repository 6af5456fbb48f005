"""Round: one place and round's scores; selecting a place never drops the rows that give none."""

from __future__ import annotations

import json

import maturitykit as mk
from conftest import REPO, ok
from maturitykit.stats.limits import Limits

EXAMPLE = REPO / "examples" / "sel-thameside"


def test_selecting_the_place_keeps_sheets_that_do_not_name_one():
    # Four of the example's six baseline sheets give no place; asking for Thameside once kept two partners.
    fw = mk.load_framework("sel-neighbourhood")
    everyone = mk.read_round(fw, EXAMPLE / "baseline")
    selected = mk.read_round(fw, EXAMPLE / "baseline", place="Thameside", round="baseline")
    assert selected.partners == everyone.partners and len(selected.partners) == 6
    assert len(selected.scores) == len(everyone.scores)


def test_delta_with_place_compares_the_same_partners_as_without(cli):
    def partners(*extra: str) -> list[str]:
        out = ok(cli("score", "delta", "sel-neighbourhood", EXAMPLE / "baseline", EXAMPLE / "followup",
                     "--format", "json", *extra)).stdout
        data = json.loads(out)
        return [data["baseline"]["partners"], data["followup"]["partners"]]

    assert partners("--place", "Thameside") == partners()


def test_a_place_the_inputs_do_not_hold_is_refused(cli):
    result = cli("score", "delta", "sel-neighbourhood", EXAMPLE / "baseline", EXAMPLE / "followup",
                 "--place", "Elsewhere")
    assert result.exit_code == 2 and "Elsewhere" in result.stderr


def test_a_position_is_worked_out_once_for_the_partners_in_use():
    fw = mk.load_framework("sel-neighbourhood")
    whole = mk.read_round(fw, EXAMPLE / "baseline")
    limits = Limits.for_scale(fw.default_scale.values())
    item = fw.items()[0].id
    first = whole.position(item, limits)
    assert whole.position(item, limits) is first  # remembered, not worked out again
    two = whole.restricted(set(whole.partners[:2]))
    fewer = two.position(item, limits)
    assert sorted(fewer.scores) == sorted(k for k in whole.partners[:2] if k in first.scores)
    assert fewer.n <= 2 < first.n
    assert whole.position(item, limits) is first  # the copy's positions are its own
    whole.restrict(set(whole.partners[:2]))
    assert whole.position(item, limits) == fewer
