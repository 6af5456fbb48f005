"""Reading returned score sheets: each rule on a real file in tests/fixtures/sheets."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from maturitykit.errors import SheetError
from maturitykit.lint import load_framework
from maturitykit.sheets.reader import Defaults, read_sheet
from maturitykit.sheets.vocabulary import parse_score

SHEETS = FIXTURES / "sheets"


@pytest.fixture(scope="module")
def lloyds():
    return load_framework("lloyds-system-maturity")


@pytest.fixture(scope="module")
def sel():
    return load_framework("sel-neighbourhood")


def by_item(read):
    return {row.item: row for row in read.rows}


def test_clean_long_sheet(lloyds):
    read = read_sheet(SHEETS / "clean.csv", lloyds)
    rows = by_item(read)
    assert read.layout == "long" and read.entries == 9 and read.rejected == 0
    assert rows["vision"].score == 3 and rows["vision"].rationale == "We share a vision, mostly"
    # N/A, blank and "don't know" are missing, never zero
    assert rows["accountability"].score is None and rows["accountability"].not_applicable
    assert rows["involvement"].score is None and not rows["involvement"].not_applicable
    assert rows["learning-evaluation-improvement"].score is None
    assert rows["finance"].source_row == 7


def test_semicolon_bom_crlf_titles_codes_labels(lloyds):
    read = read_sheet(SHEETS / "semicolon-bom.csv", lloyds)
    rows = by_item(read)
    assert {r.partner for r in read.rows} == {"Borough Council"}
    assert rows["vision"].score == 3  # "1. Vision": code and title
    assert rows["accountability"].score == 1  # the label "Just getting started"
    assert rows["involvement"].score == 5  # item given by its code "4"
    assert rows["vision"].rationale == "Clear direction"
    assert any("semicolons" in p.message for p in read.problems)


def test_cp1252_is_read_with_a_warning(lloyds):
    read = read_sheet(SHEETS / "cp1252.csv", lloyds)
    assert {r.partner for r in read.rows} == {"Café Partnership"}
    assert any(p.severity == "warning" and "1252" in p.message for p in read.problems)


def test_utf16_tab_separated(lloyds):
    read = read_sheet(SHEETS / "utf16.txt", lloyds)
    assert [(r.partner, r.item, r.score) for r in read.rows] == [("X", "vision", 3)]


def test_bad_rows_are_located_and_left_out(lloyds):
    read = read_sheet(SHEETS / "bad-rows.csv", lloyds)
    located = {(p.row, p.column, p.code) for p in read.errors()}
    assert (2, "C", "score-unreadable") in located  # 3.5
    assert (3, "C", "score-unreadable") in located  # three
    assert (4, "C", "score-off-scale") in located  # 7
    assert (5, "C", "score-off-scale") in located  # -1
    assert (6, "B", "unknown-item") in located
    assert read.blank == 1
    assert read.entries == len(read.rows) + read.rejected
    assert by_item(read)["finance"].score == 2


def test_wide_survey_export(lloyds):
    read = read_sheet(SHEETS / "wide.csv", lloyds)
    assert read.layout == "wide"
    got = {(r.partner, r.item): r for r in read.rows}
    assert got[("Riverside Hospital", "vision")].score == 4
    assert got[("Riverside Hospital", "vision")].rationale == "Board strategy shared"
    assert got[("Riverside Hospital", "collaboration")].evidence == "MoU 2024"
    assert got[("Voluntary Action", "collaboration")].score is None
    assert got[("Voluntary Action", "vision")].source_column == "C"


def test_edited_xlsx_template(lloyds):
    read = read_sheet(SHEETS / "filled.xlsx", lloyds)
    rows = by_item(read)
    assert read.meta["framework"] == "lloyds-system-maturity"
    assert rows["vision"].score == 3 and rows["vision"].partner == "Harbour CCG"
    assert rows["vision"].place == "Harbourside" and rows["vision"].round == "baseline"
    assert rows["accountability"].score == 1
    assert rows["involvement"].score is None and rows["involvement"].not_applicable
    assert rows["planning-strategy-programming"].score == 4
    assert rows["service-delivery"].score == 5
    assert any(p.row == 12 and p.code == "no-item" for p in read.errors())


def test_formula_and_merged_cells(lloyds):
    read = read_sheet(SHEETS / "formula-merged.xlsx", lloyds)
    assert any(p.code == "formula" and p.row == 2 for p in read.errors())
    assert any("merged cells" in p.message for p in read.problems)
    assert "vision" not in by_item(read)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("binary.csv", "binary"),
        ("dup-columns.csv", "two columns mean 'score'"),
        ("no-score-column.csv", "no header row"),
    ],
)
def test_unusable_sheets(lloyds, name, words):
    with pytest.raises(SheetError) as info:
        read_sheet(SHEETS / name, lloyds)
    assert words in str(info.value)
    assert str(info.value).startswith(str(SHEETS / name))


def test_header_only_is_a_problem(lloyds):
    read = read_sheet(SHEETS / "header-only.csv", lloyds)
    assert [p.code for p in read.errors()] == ["header-only"]


def test_partner_from_option(lloyds, tmp_path):
    sheet = tmp_path / "x.csv"
    sheet.write_text("item,score\nvision,2\n", encoding="utf-8")
    read = read_sheet(sheet, lloyds, defaults=Defaults(partner="Given Partner"))
    assert read.rows[0].partner == "Given Partner"


def test_partner_from_file_name(lloyds, tmp_path):
    sheet = tmp_path / "Harbour_Council.csv"
    sheet.write_text("item,score\nvision,2\n", encoding="utf-8")
    read = read_sheet(sheet, lloyds)
    assert read.rows[0].partner == "Harbour Council"


@pytest.mark.parametrize(
    ("raw", "value", "missing"),
    [("3", 3, False), ("Maturing", 3, False), ("3 - Maturing", 3, False), ("3 – maturing", 3, False),
     (3.0, 3, False), ("N/A", None, True), ("n/a", None, True), ("NA", None, True), ("-", None, True),
     ("don't know", None, True), ("", None, True), (None, None, True)],
)
def test_score_forms(sel, raw, value, missing):
    parsed = parse_score(raw, sel)
    assert (parsed.value, parsed.missing, parsed.error) == (value, missing, None)


@pytest.mark.parametrize("raw", ["3.5", "three", "7", "-1", "0", "2 - Maturing", 2.5, True])
def test_score_errors(sel, raw):
    parsed = parse_score(raw, sel)
    assert parsed.value is None and parsed.error


def test_zero_is_a_level_on_a_zero_based_scale():
    lincs = load_framework("lincolnshire-personalised-care")
    assert parse_score("0", lincs).value == 0
    assert parse_score("Not planted", lincs).value == 0
    assert parse_score("", lincs).value is None
