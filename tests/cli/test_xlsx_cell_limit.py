"""XLSX cells hold at most 32,767 characters: a longer text is cut, every cut is a located warning
(file, row, column), and CSV and JSON keep the full text."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from conftest import FIXTURES, ok
from maturitykit.spreadsheet import XLSX_CELL_LIMIT, fit_xlsx_cell

FW = "lloyds-system-maturity"
LONG = ("We have a shared vision. " * 4096).strip()  # 102,399 characters: a 100 kB rationale


def _sheet(tmp_path, rationale: str = LONG, evidence: str = ""):
    path = tmp_path / "long.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["partner", "item", "score", "rationale", "evidence"])
    writer.writerow(["Acme Trust", "vision", "3", rationale, evidence])
    writer.writerow(["Acme Trust", "collaboration", "2", "short", ""])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _cut_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "[xlsx-cell-cut]" in line]


def test_merge_to_xlsx_reports_the_cut_and_csv_json_keep_the_full_text(cli, tmp_path):
    sheet = _sheet(tmp_path)
    result = ok(cli("score", "merge", FW, sheet, "-o", tmp_path / "m.xlsx"))
    lines = _cut_lines(result.stderr)
    assert len(lines) == 1
    assert re.search(r"m\.xlsx, row 2, column [A-Z]+ \(rationale\): warning \[xlsx-cell-cut\] text of 102,399 "
                     r"characters cut to 32,767", lines[0]), lines[0]
    assert "CSV and JSON outputs keep the full text" in lines[0]
    book = load_workbook(tmp_path / "m.xlsx", read_only=True)
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert max(len(c) for c in cells) == XLSX_CELL_LIMIT
    ok(cli("score", "merge", FW, sheet, "-o", tmp_path / "m.csv"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "m.csv").read_text(encoding="utf-8"))))
    assert rows[0]["rationale"] == LONG
    ok(cli("score", "merge", FW, sheet, "-o", tmp_path / "m.json"))
    assert json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["rows"][0]["rationale"] == LONG
    assert _cut_lines(cli("score", "merge", FW, sheet, "-o", tmp_path / "m2.csv").stderr) == []


def test_every_cut_cell_is_reported(cli, tmp_path):
    sheet = _sheet(tmp_path, LONG, "x" * 40_000)
    lines = _cut_lines(ok(cli("score", "merge", FW, sheet, "-o", tmp_path / "m.xlsx")).stderr)
    assert len(lines) == 2
    assert any("(rationale)" in line for line in lines) and any("(evidence)" in line for line in lines)


@pytest.mark.parametrize("command", [("score", "workshop")])
def test_other_xlsx_writers_report_cuts(cli, tmp_path, command):
    sheet = _sheet(tmp_path)
    other = tmp_path / "other.csv"
    other.write_text("partner,item,score\nHarbour CCG,vision,1\nHarbour CCG,collaboration,4\n", encoding="utf-8")
    merged = tmp_path / "m.csv"
    ok(cli("score", "merge", FW, sheet, other, "-o", merged))
    result = ok(cli(*command, FW, merged, "-o", tmp_path / "out.xlsx"))
    lines = _cut_lines(result.stderr)
    assert lines and all("out.xlsx, row " in line and ", column " in line for line in lines), result.stderr


def test_a_template_reports_a_cut_partner_name(cli, tmp_path):
    result = ok(cli("score", "template", FW, "--partner", "P" * 40_000, "-o", tmp_path / "t.xlsx"))
    lines = _cut_lines(result.stderr)
    assert lines and all("t.xlsx, row " in line and "text of 40,000 characters" in line for line in lines)
    assert any("(partner)" in line for line in lines)


def test_a_plan_without_long_text_reports_no_cut(cli, tmp_path):
    ok(cli("score", "merge", FW, _sheet(tmp_path), "-o", tmp_path / "m.csv"))
    targets = tmp_path / "targets.csv"
    targets.write_text("item,target\nvision,5\n", encoding="utf-8")
    # The plan carries no rationale: nothing is cut, and nothing is reported.
    result = ok(cli("plan", FW, tmp_path / "m.csv", "--targets", targets, "-o", tmp_path / "plan.xlsx"))
    assert _cut_lines(result.stderr) == []


def test_fit_xlsx_cell_counts_utf16_units():
    assert fit_xlsx_cell("a" * XLSX_CELL_LIMIT) is None
    assert fit_xlsx_cell("a" * (XLSX_CELL_LIMIT + 1)) == "a" * XLSX_CELL_LIMIT
    emoji = "\U0001f600" * 20_000  # two UTF-16 units each: 40,000 units
    cut = fit_xlsx_cell(emoji)
    assert cut is not None and len(cut.encode("utf-16-le")) // 2 <= XLSX_CELL_LIMIT and len(cut) == 16_383


def test_the_fixture_sheets_are_never_cut(cli, tmp_path):
    result = ok(cli("score", "merge", FW, FIXTURES / "sheets" / "clean.csv", "-o", tmp_path / "m.xlsx"))
    assert _cut_lines(result.stderr) == []
