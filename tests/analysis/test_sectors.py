"""Sectors: medians by sector, only for groups big enough that no figure is one partner's."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, REPO, ok, refused
from maturitykit.analysis.sectors import sector_breakdown
from maturitykit.lint import load_framework
from maturitykit.rounds.merge import load_round

EXAMPLE = REPO / "examples" / "sel-thameside" / "baseline"
SECTORS = FIXTURES / "partners" / "thameside-sectors.csv"


@pytest.fixture(scope="module")
def split_round(tmp_path_factory):
    """Three NHS and three council partners; the councils score data sharing two levels lower."""
    path = tmp_path_factory.mktemp("sectors") / "returns.csv"
    lines = ["partner,item,score"]
    for partner, data_sharing in (("Trust A", 4), ("Trust B", 4), ("Trust C", 3),
                                  ("Council A", 2), ("Council B", 2), ("Council C", 1)):
        lines += [f"{partner},facilitating-data-sharing,{data_sharing}", f"{partner},shared-clinical-risk,2"]
    lines.append("Charity X,facilitating-data-sharing,4")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_round(load_framework("sel-neighbourhood"), [path])


SECTOR_OF = {"Trust A": "NHS", "Trust B": "NHS", "Trust C": "NHS", "Council A": "local authority",
             "council b": "local authority", "Council C": "local authority", "Charity X": "VCSE"}


def test_a_difference_of_two_levels_is_stated(split_round):
    breakdown = sector_breakdown(split_round, SECTOR_OF)
    assert breakdown.sectors == ["NHS", "local authority"]  # largest first, then by name
    assert breakdown.left_out == ["VCSE (1)"]
    (item,) = breakdown.differing
    assert item.item == "facilitating-data-sharing" and item.gap == 2
    assert item.statement.startswith("local authority partners score ") and "two levels below NHS" in item.statement
    clinical = next(i for i in breakdown.items if i.item == "shared-clinical-risk")
    assert clinical.gap == 0 and not clinical.differs


def test_no_figure_from_fewer_than_the_minimum(split_round):
    # Each sector has 3 partners: at a minimum of 4 neither is shown.
    breakdown = sector_breakdown(split_round, SECTOR_OF, min_group_size=4)
    assert breakdown.sectors == [] and breakdown.items == []
    assert any("nothing to compare" in note for note in breakdown.notes)
    with pytest.raises(ValueError):
        sector_breakdown(split_round, SECTOR_OF, min_group_size=1)


def test_an_item_scored_by_too_few_of_a_sector_has_no_median(split_round):
    # Only the NHS partners scored... here everyone scored both items; drop two councils' scores.
    rows = [r for r in split_round.rows if not (r.partner in ("Council A", "Council B")
                                                and r.item == "shared-clinical-risk")]
    from dataclasses import replace

    breakdown = sector_breakdown(replace(split_round, rows=rows), SECTOR_OF)
    clinical = next(i for i in breakdown.items if i.item == "shared-clinical-risk")
    assert [c.median for c in clinical.cells] == [2, None] and clinical.gap is None


def test_divergence_shows_sectors_from_the_partners_file(cli):
    out = json.loads(ok(cli("score", "divergence", "sel-neighbourhood", EXAMPLE, "--partners", SECTORS,
                            "--min-group-size", "2", "--format", "json")).stdout)
    sectors = out["sectors"]
    assert sectors["sectors"] == ["NHS", "primary care"]
    assert sectors["left_out"] == ["VCSE (1)", "local authority (1)"]
    assert sectors["unassigned"] == 0
    # At the default minimum of three nothing is shown, and the report says why.
    default = json.loads(ok(cli("score", "divergence", "sel-neighbourhood", EXAMPLE, "--partners", SECTORS,
                                "--format", "json")).stdout)["sectors"]
    assert default["sectors"] == [] and default["min_group_size"] == 3
    text = ok(cli("score", "divergence", "sel-neighbourhood", EXAMPLE, "--partners", SECTORS,
                  "--min-group-size", "2")).stdout
    assert "By sector (NHS: 2; primary care: 2 partners" in text


def test_anonymised_sectors_name_no_partner(cli, tmp_path):
    out = ok(cli("score", "divergence", "sel-neighbourhood", EXAMPLE, "--partners", SECTORS, "--anonymise",
                 "--key", tmp_path / "key.json", "--min-group-size", "2", "--format", "md")).stdout
    assert "## By sector" in out
    for name in ("Thameside University Hospital", "Thameside GP Federation", "TVA", "TUH"):
        assert name not in out


def test_the_report_compares_sectors_in_both_formats(cli, tmp_path):
    rounds = [f"baseline={EXAMPLE}", f"followup={EXAMPLE.parent / 'followup'}"]
    ok(cli("report", "sel-neighbourhood", *rounds, "--partners", SECTORS, "--min-group-size", "2",
           "-o", tmp_path / "r.md"))
    page = (tmp_path / "r.md").read_text(encoding="utf-8")
    section = page.split("### Where sectors differ", 1)[1].split("\n### ", 1)[0]
    assert "round followup: NHS 2; primary care 2." in section
    assert "| Shared clinical risk | 3 | 2 | 1 |" in section
    assert "Primary care partners score Shared clinical risk one level below NHS partners" in section
    assert "VCSE (1), local authority (1)" in section  # too small to show, and said so
    ok(cli("report", "sel-neighbourhood", *rounds, "--partners", SECTORS, "--min-group-size", "2",
           "-o", tmp_path / "r.html"))
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h2>Where sectors differ</h2>" in html and '<th scope="row">Shared clinical risk</th>' in html


def test_the_report_shows_no_sector_figure_below_the_minimum(cli, tmp_path):
    # At the default of three partners no sector of this partnership can be shown: the section says why.
    ok(cli("report", "sel-neighbourhood", f"baseline={EXAMPLE}", "--partners", SECTORS, "-o", tmp_path / "r.md"))
    section = (tmp_path / "r.md").read_text(encoding="utf-8").split("### Where sectors differ", 1)[1]
    section = section.split("\n### ", 1)[0]
    assert "| item |" not in section and "nothing to compare" in section
    assert "Sectors with fewer than 3 partners are not shown" in section


def test_a_report_refuses_a_partners_file_it_would_not_use(cli, tmp_path):
    plain = tmp_path / "partners.csv"
    plain.write_text("name\nThameside University Hospital\n", encoding="utf-8")
    message = refused(cli("report", "sel-neighbourhood", f"baseline={EXAMPLE}", "--partners", plain,
                          "-o", tmp_path / "r.md"))
    assert "sector" in message and "--anonymise" in message
    assert not (tmp_path / "r.md").exists()


def test_the_library_builds_the_breakdown_per_place(split_round):
    from maturitykit.analysis.board import build_board_report

    report = build_board_report(split_round.framework, [("r1", split_round)], sector_of=SECTOR_OF)
    (place,) = report.places
    assert place.sectors is not None and [i.item for i in place.sectors.differing] == ["facilitating-data-sharing"]
    assert build_board_report(split_round.framework, [("r1", split_round)]).places[0].sectors is None
