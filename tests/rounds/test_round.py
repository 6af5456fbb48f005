"""Round: one place and round's scores; selecting a place never drops the rows that give none."""

from __future__ import annotations

import json

import maturitykit as mk
from conftest import REPO, ok

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
