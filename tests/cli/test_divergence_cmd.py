"""`score divergence` is the agenda of one place and round: partners of two places are never one column.

A national merged file holds many places, and the same partner name ("Acme Trust") may rightly score
in two of them. Keyed by name, the agenda once showed one place's score in both places' columns
with exit 0; now such inputs are refused unless --place (or --round) selects one.
"""

from __future__ import annotations

import csv
import json

import pytest

from conftest import ok, refused
from maturitykit.columns import MERGED


def _merged(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, MERGED.names())
        out.writeheader()
        for place, partner, score in rows:
            out.writerow({"place": place, "partner": partner, "is_consensus": "false",
                          "framework": "sel-neighbourhood", "framework_version": "2025-08", "item": "wellbeing",
                          "score": score, "rationale": f"{partner} in {place}",
                          "source_file": f"{place}/{partner}.csv", "source_row": "2"})
    return path


@pytest.fixture
def two_places(tmp_path):
    return _merged(tmp_path / "national.csv", [("North", "Acme Trust", 1), ("North", "Bede Council", 2),
                                                ("South", "Acme Trust", 4), ("South", "Cole Practice", 3)])


def test_a_file_of_two_places_is_refused_without_place(cli, two_places):
    message = refused(cli("score", "divergence", "sel-neighbourhood", two_places, "--format", "json"))
    assert "several places (North, South)" in message and "--place" in message


@pytest.mark.parametrize(("place", "acme", "other"), [("South", 4, "Cole Practice"), ("north", 1, "Bede Council")])
def test_place_selects_that_places_scores(cli, two_places, place, acme, other):
    report = json.loads(ok(cli("score", "divergence", "sel-neighbourhood", two_places, "--place", place,
                               "--format", "json")).stdout)
    assert report["partners"] == ["Acme Trust", other]
    item = next(i for i in report["items"] if i["item"] == "wellbeing")
    assert {s["partner"]: s["score"] for s in item["scores"]}["Acme Trust"] == acme
    assert item["n"] == 2


def test_an_unknown_place_is_refused_with_the_places_held(cli, two_places):
    message = refused(cli("score", "divergence", "sel-neighbourhood", two_places, "--place", "Sout"))
    assert "did you mean 'South'" in message


def test_the_workshop_sheet_is_refused_for_two_places(cli, two_places, tmp_path):
    message = refused(cli("score", "workshop", "sel-neighbourhood", two_places, "-o", tmp_path / "w.xlsx"))
    assert "--place" in message and not (tmp_path / "w.xlsx").exists()


def test_the_library_refuses_an_agenda_of_one_name_in_two_places(two_places):
    import maturitykit as mk
    from maturitykit.analysis.divergence import build_divergence
    from maturitykit.errors import RefusedError
    from maturitykit.rounds.merge import load_round

    framework = mk.load_framework("sel-neighbourhood")
    with pytest.raises(RefusedError, match="'Acme Trust' is in more than one place"):
        build_divergence(load_round(framework, [two_places]))
    south = mk.read_round(framework, two_places, place="South")
    item = next(i for i in mk.divergence(south).items if i.item == "wellbeing")
    assert [s.score for s in item.scores if s.partner == "Acme Trust"] == [4]
