"""Whole-file outcomes of merge and validate: a run that loses a partner is never a success."""

from __future__ import annotations

import csv
import io

from conftest import FIXTURES, REPO, ok, refused

SHEETS = FIXTURES / "sheets"
EXAMPLE = REPO / "examples" / "sel-thameside"


def rows_of(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_merging_with_the_wrong_framework_is_refused_naming_the_right_one(cli, tmp_path):
    out = tmp_path / "m.csv"
    err = refused(cli("score", "merge", "lloyds-system-maturity", EXAMPLE / "followup", "-o", out))
    assert "is an item of lloyds-system-maturity" in err and "bundled framework 'sel-neighbourhood'" in err
    assert not out.exists()


def test_a_csv_of_another_framework_among_good_ones_is_refused_not_dropped(cli, tmp_path):
    sel = tmp_path / "sel-partner.csv"
    sel.write_text("partner,item,score\nSEL Trust,shared-clinical-risk,3\nSEL Trust,sharing-risk,2\n"
                   "SEL Trust,prevention,1\n", encoding="utf-8")
    err = refused(cli("score", "merge", "lloyds-system-maturity", SHEETS / "clean.csv", sel,
                      "-o", tmp_path / "m.csv"))
    assert "sel-partner.csv" in err and "'sel-neighbourhood'" in err


def test_a_wide_export_of_another_framework_names_that_framework(cli, tmp_path):
    wide = tmp_path / "survey.csv"
    wide.write_text("Organisation,Sharing risk,Prevention,Shared clinical risk\nA,3,2,1\n", encoding="utf-8")
    err = refused(cli("score", "validate", "lloyds-system-maturity", wide))
    assert "no header row found" in err and "'sel-neighbourhood'" in err


def test_a_file_whose_every_row_is_rejected_is_not_a_success(cli, tmp_path):
    bad = tmp_path / "river.csv"
    bad.write_text("partner,item,score\nRiver Trust,vision,2-3\nRiver Trust,finance,3 (or maybe 4)\n",
                   encoding="utf-8")
    out = tmp_path / "m.csv"
    err = refused(cli("score", "merge", "lloyds-system-maturity", SHEETS / "clean.csv", bad, "-o", out))
    assert "river.csv" in err and "every row of this file was rejected (2 score-unreadable)" in err
    assert not out.exists()
    assert cli("score", "validate", "lloyds-system-maturity", bad).exit_code == 1


def test_a_column_with_data_but_no_header_is_reported(cli, tmp_path):
    sheet = tmp_path / "p.csv"
    sheet.write_text("partner,item,score,,\nAcme,vision,3,,our reason\nAcme,finance,2,,\n", encoding="utf-8")
    result = cli("score", "validate", "lloyds-system-maturity", sheet)
    line = next(line for line in result.stdout.splitlines() if "[unheaded-column]" in line)
    assert "row 2, column E" in line and "in 1 row," in line
    assert "column D" not in result.stdout  # a blank column with no data is nothing to report


def test_validate_fails_on_errors_and_on_warnings_only_when_strict(cli, tmp_path):
    semicolons = SHEETS / "semicolon-bom.csv"  # fully usable, with a warning about its delimiter
    result = cli("score", "validate", "lloyds-system-maturity", semicolons)
    assert result.exit_code == 0, result.output
    assert "warning [format]" in result.stdout and "semicolons" in result.stdout
    assert cli("score", "validate", "--strict", "lloyds-system-maturity", semicolons).exit_code == 1
    assert cli("score", "validate", "lloyds-system-maturity", SHEETS / "bad-rows.csv").exit_code == 1


def test_the_bundled_example_validates(cli):
    for round_folder in ("baseline", "followup"):
        result = ok(cli("score", "validate", "sel-neighbourhood", EXAMPLE / round_folder))
        assert "0 errors" in result.stdout


def test_the_summary_keeps_places_and_rounds_apart(cli, tmp_path):
    merged = tmp_path / "two-places.csv"
    merged.write_text(
        "place,round,partner,item,score\n"
        "North,2025,A,vision,1\nNorth,2025,B,vision,1\n"
        "South,2025,C,vision,5\nSouth,2025,D,vision,5\n"
        "North,2026,A,vision,3\nNorth,2026,consensus,vision,3\n", encoding="utf-8")
    out, summary = tmp_path / "m.csv", tmp_path / "s.csv"
    ok(cli("score", "merge", "lloyds-system-maturity", merged, "-o", out, "--summary", summary))
    rows = rows_of(summary)
    assert list(rows[0])[:3] == ["place", "round", "item"]
    vision = {(r["place"], r["round"]): r for r in rows if r["item"] == "vision"}
    assert set(vision) == {("North", "2025"), ("South", "2025"), ("North", "2026")}
    assert (vision[("North", "2025")]["n"], vision[("North", "2025")]["median"]) == ("2", "1")
    assert (vision[("South", "2025")]["n"], vision[("South", "2025")]["median"]) == ("2", "5")
    assert vision[("North", "2026")]["agreed"] == "3" and vision[("North", "2025")]["agreed"] == ""
    items = sum(1 for r in rows if (r["place"], r["round"]) == ("North", "2025"))
    assert len(rows) == 3 * items
