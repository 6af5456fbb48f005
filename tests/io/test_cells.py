"""Bytes to cells: encodings decided per file and located, delimiters sniffed with quotes respected, and
what a workbook hides said out loud."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from maturitykit.errors import SheetError
from maturitykit.io.cells import read_csv_bytes, read_table
from maturitykit.lint import load_framework
from maturitykit.sheets.reader import read_sheet


def test_one_stray_byte_does_not_garble_a_utf8_file():
    raw = "partner,item,score,rationale\nCafé Trust,vision,3,ok\nCafé Trust,finance,2,".encode() + b"\x96 cost\n"
    table = read_csv_bytes(raw, "f.csv")
    assert table.rows[1][1][0] == "Café Trust" and table.rows[2][1][0] == "Café Trust"  # not 'CafÃ©'
    assert table.rows[2][1][3] == "\u2013 cost"  # the stray byte read as Windows-1252
    [(row, column, message)] = [w for w in table.warnings if "UTF-8" in w[2]]
    assert (row, column) == (3, "D") and "row 3, column D" in message


def test_a_windows_1252_file_is_read_with_the_first_accented_letter_located():
    raw = "partner,item,score\nAcme,vision,3\nAcme,finance,2\nCafé Trust,vision,1\n".encode("cp1252")
    table = read_csv_bytes(raw, "f.csv")
    assert table.rows[3][1][0] == "Café Trust"
    [(row, column, message)] = [w for w in table.warnings if "1252" in w[2]]
    assert (row, column) == (4, "A") and "row 4, column A" in message


def test_quoted_semicolons_in_a_comma_csv_do_not_change_the_delimiter(tmp_path):
    sheet = tmp_path / "p.csv"
    sheet.write_text('partner,item,score,rationale\n'
                     'Acme,vision,3,"we plan; we act; we check; we learn; we share; we report; we adapt"\n'
                     'Acme,finance,2,"pooled; aligned; shared; audited; reported; reviewed"\n'
                     'Acme,collaboration,4,"a; b; c; d; e; f; g; h"\n', encoding="utf-8")
    read = read_sheet(sheet, load_framework("lloyds-system-maturity"))
    assert [(r.item, r.score) for r in read.rows] == [("vision", 3), ("finance", 2), ("collaboration", 4)]
    assert read.rows[0].rationale.startswith("we plan; we act;")
    assert not any("semicolons" in p.message for p in read.problems)


def test_a_semicolon_csv_with_commas_in_its_rationales_is_still_a_semicolon_csv():
    raw = b"partner;item;score;rationale\nAcme;vision;3;yes, mostly, and more\nAcme;finance;2;no, not yet\n"
    table = read_csv_bytes(raw, "f.csv")
    assert table.rows[1][1] == ["Acme", "vision", "3", "yes, mostly, and more"]


def _workbook(path, hidden_state=None, hidden_row=None):
    book = openpyxl.Workbook()
    visible = book.active
    visible.title = "Scores"
    for row in (["partner", "item", "score"], ["Acme Trust", "vision", 3], ["Acme Trust", "finance", 2]):
        visible.append(row)
    if hidden_row:
        visible.row_dimensions[hidden_row].hidden = True
    if hidden_state:
        old = book.create_sheet("Old scores", 0)  # first in the workbook, as a copied draft often is
        for row in (["partner", "item", "score"], ["Acme Trust", "vision", 1]):
            old.append(row)
        old.sheet_state = hidden_state
    book.save(path)
    return path


def test_the_visible_sheet_is_read_and_a_hidden_score_sheet_is_warned_about(tmp_path):
    fw = load_framework("lloyds-system-maturity")
    for state in ("hidden", "veryHidden"):
        read = read_sheet(_workbook(tmp_path / f"{state}.xlsx", hidden_state=state), fw)
        assert [(r.item, r.score) for r in read.rows] == [("vision", 3), ("finance", 2)]
        [warning] = [p for p in read.problems if p.code == "hidden-sheet"]
        assert "'Old scores'" in warning.message and warning.severity == "warning"


def test_a_workbook_whose_sheets_are_all_hidden_is_refused(tmp_path):
    path = _workbook(tmp_path / "b.xlsx", hidden_state="veryHidden")
    # openpyxl will not save a workbook with no visible sheet; Excel files can still be that way.
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(b'state="visible"', b'state="hidden"')
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    with pytest.raises(SheetError, match="every worksheet of this workbook is hidden"):
        read_table(path)


def test_a_hidden_row_is_read_with_a_warning(tmp_path):
    path = _workbook(tmp_path / "r.xlsx", hidden_row=3)
    read = read_sheet(path, load_framework("lloyds-system-maturity"))
    assert {r.item for r in read.rows} == {"vision", "finance"}
    [warning] = [p for p in read.problems if "hidden" in p.message]
    assert warning.row == 3 and warning.severity == "warning"


def test_a_hidden_column_is_read_with_a_warning(tmp_path):
    path = _workbook(tmp_path / "c.xlsx")
    book = openpyxl.load_workbook(path)
    book["Scores"].column_dimensions["C"].hidden = True
    book.save(path)
    read = read_sheet(path, load_framework("lloyds-system-maturity"))
    assert {(r.item, r.score) for r in read.rows} == {("vision", 3), ("finance", 2)}
    assert any(p.column == "C" and "hidden" in p.message and p.severity == "warning" for p in read.problems)
