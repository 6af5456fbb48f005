"""A workbook is loaded a second time, for its formulas, only when the guard saw a formula in it."""

from __future__ import annotations

import io

from openpyxl import Workbook

from maturitykit.io.cells import read_table
from maturitykit.io.xlsxguard import check_workbook


def _book(formula: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Scores"
    sheet.append(["partner", "item", "score"])
    sheet.append(["Acme", "vision", "=1+2" if formula else 3])
    sheet.append(["Acme", "values", "=not a formula, typed as text"])
    sheet["C3"].data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_guard_tells_whether_a_workbook_has_formulas():
    assert check_workbook(_book(formula=True), "f.xlsx") is True
    assert check_workbook(_book(formula=False), "v.xlsx") is False
    assert check_workbook(b"PK\x03\x04 damaged", "d.xlsx") is True  # nothing known: load both


def test_one_load_gives_the_same_table_as_two(tmp_path, monkeypatch):
    import maturitykit.io.cells as cells

    path = tmp_path / "plain.xlsx"
    path.write_bytes(_book(formula=False))
    once = read_table(path)
    monkeypatch.setattr(cells, "check_workbook", lambda raw, file: True)  # as before: always load twice
    twice = read_table(path)
    assert (once.rows, once.formula_cells, once.warnings) == (twice.rows, twice.formula_cells, twice.warnings)


def test_a_formula_is_still_found(tmp_path):
    path = tmp_path / "formula.xlsx"
    path.write_bytes(_book(formula=True))
    assert read_table(path).formula_cells[(2, 2)] == "=1+2"
