"""--place on inputs of several places: other places' rows are counted, not checked, and change nothing else."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import maturitykit as mk
from conftest import ok
from maturitykit.errors import RefusedError
from maturitykit.rounds.merge import load_round
from maturitykit.sheets.rows import Defaults, Selection


def _sheet(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["place", "partner", "item", "score", "rationale"])
        writer.writerows(rows)
    return path


@pytest.fixture
def national(tmp_path):
    """Two places in one long sheet; Eastham's rows hold an unknown item, so checking them would reject it."""
    fw = mk.load_framework("sel-neighbourhood")
    items = [item.id for item in fw.items()][:3]
    rows = [["Westham", f"West {p}", item, str(1 + (p + i) % 4), "agreed with East 1"]
            for p in range(3) for i, item in enumerate(items)]
    rows += [["Eastham", f"East {p}", "no-such-item" if p == 0 else item, "2", ""] for p in range(2) for item in items]
    rows += [["", "Unplaced", items[0], "3", ""]]  # gives no place: belongs to the place asked for, when one
    return fw, _sheet(tmp_path / "national.csv", rows)


def test_other_places_are_counted_not_checked(national):
    fw, path = national
    late = load_round(fw, [path])
    early = load_round(fw, [path], defaults=Defaults(only=Selection.of("westham")))
    assert any(p.code == "unknown-item" for p in late.problems)
    assert not any(p.code == "unknown-item" for p in early.problems)  # Eastham's rows were never checked
    assert early.accounting.other_places == 6 and early.other_places == {("Eastham", ""): 6}
    assert early.other_partners == ["East 0", "East 1"]
    assert "6 rows of other places or rounds not read" in early.accounting.line()
    assert {r.place for r in early.rows} == {"Westham", ""}


def test_selected_round_is_the_same_as_selecting_after_the_merge(national):
    fw, path = national
    from maturitykit.rounds.round import round_from_result

    late = round_from_result(fw, load_round(fw, [path]), [str(path)], place="Westham")
    early = mk.read_round(fw, path, place="Westham")
    assert early.partner_scores == late.partner_scores and early.partners == late.partners and early.places == late.places
    assert mk.divergence(early).to_dict() == mk.divergence(late).to_dict()


def test_a_blank_place_still_does_not_join_when_the_inputs_name_two(national):
    # As without selection: with Westham and Eastham named, a row naming no place is its own (blank) place.
    fw, path = national
    early = mk.read_round(fw, path, place="Westham")
    assert "Unplaced" not in early.names.values()


def test_a_place_not_held_is_named_with_the_places_that_are(national):
    fw, path = national
    with pytest.raises(RefusedError, match=r"no rows for place 'Westam' \(did you mean 'Westham'.*\?\); the inputs "
                                           r"name Eastham, Westham"):
        mk.read_round(fw, path, place="Westam")


def test_anonymised_report_of_one_place_scrubs_partners_of_another(cli, national, tmp_path):
    fw, path = national
    out = tmp_path / "report.md"
    ok(cli("report", "sel-neighbourhood", f"baseline={path}", "--place", "Westham", "--anonymise", "-o", out))
    text = out.read_text(encoding="utf-8")
    assert "East 1" not in text and "Eastham" not in text and "West 0" not in text
