"""The XLSX score sheet as partners meet it: prompts and alerts on, printable, and read back after a re-save.

The print checks open the sheet in a real spreadsheet application: LibreOffice, headless, when it is
installed (CI installs it with .ci/system-deps); they are skipped without it.
"""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

import maturitykit as mk
from conftest import ok
from maturitykit.render.template import template_xlsx

BUNDLED = ["sel-neighbourhood", "lloyds-system-maturity", "leeds-liqh", "lincolnshire-personalised-care",
           "collaborate-preconditions"]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (CI installs it)")


def _scores_sheet(framework_id: str):
    data = template_xlsx(mk.load_framework(framework_id), "North Trust", "baseline", "Thameside")
    return openpyxl.load_workbook(io.BytesIO(data))["Scores"]


def test_the_dropdown_prompts_and_refuses_what_is_not_a_level():
    sheet = _scores_sheet("sel-neighbourhood")
    validations = sheet.data_validations.dataValidation
    assert validations, "the score cells have no dropdown"
    for validation in validations:
        assert validation.showInputMessage and validation.showErrorMessage
        assert validation.errorStyle in (None, "stop")
        assert validation.prompt and validation.error


def test_instructions_are_on_the_scores_sheet_and_the_header_repeats_in_print():
    sheet = _scores_sheet("sel-neighbourhood")
    assert "missing, never as zero" in sheet.cell(row=1, column=1).value
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["title", "domain", "priority"]
    # What each level looks like sits right beside the title, before the cells a partner fills in.
    assert header.index("score") == 3 + sum(1 for h in header if str(h).startswith("Level "))
    assert sheet.print_title_rows.replace("$", "") == "2:2"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def _pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    assert pages, f"no pages in {pdf}"
    sizes = [(float(b[2]) - float(b[0]), float(b[3]) - float(b[1])) for b in boxes]
    return sizes[:pages] if len(sizes) >= pages else sizes * pages


def _convert(source: Path, to: str, out: Path) -> Path:
    out.mkdir(exist_ok=True)
    subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{out / 'profile'}",
                    "--convert-to", to, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=120)
    result = out / f"{source.stem}.{to.split(':')[0]}"
    assert result.is_file(), f"LibreOffice wrote no {to}"
    return result


@needs_office
@pytest.mark.parametrize("framework_id", BUNDLED)
def test_the_sheet_prints_one_page_wide_and_short(cli, tmp_path, framework_id):
    sheet = tmp_path / "sheet.xlsx"
    ok(cli("score", "template", framework_id, "-o", sheet, "--partner", "North Trust"))
    pages = _pdf_pages(_convert(sheet, "pdf", tmp_path / "pdf"))
    items = len(mk.load_framework(framework_id).items())
    scores_pages = len(pages) - 1  # the About sheet prints on one page of its own
    assert scores_pages <= 2 * math.ceil(items / 10), (framework_id, len(pages))
    width, height = pages[0]
    assert width > height, "the Scores sheet prints in landscape"


@needs_office
def test_a_sheet_resaved_by_a_spreadsheet_application_reads_back_exactly(cli, tmp_path):
    sheet = tmp_path / "north.xlsx"
    ok(cli("score", "template", "lloyds-system-maturity", "-o", sheet, "--partner", "North Trust", "--round", "r1"))
    book = openpyxl.load_workbook(sheet)
    scores = book["Scores"]
    header = [c.value for c in scores[2]]
    entered = {}
    for offset, row in enumerate(scores.iter_rows(min_row=3)):
        if offset % 3 == 2:
            continue  # some left blank: missing, never zero
        value = offset % 5 + 1
        row[header.index("score")].value = value
        row[header.index("rationale")].value = f"because {offset}"
        entered[row[header.index("item")].value] = value
    book.save(sheet)
    resaved = _convert(sheet, "xlsx:Calc MS Excel 2007 XML", tmp_path / "resaved")
    merged = tmp_path / "merged.csv"
    ok(cli("score", "merge", "lloyds-system-maturity", resaved, "-o", merged))
    rows = {r["item"]: r for r in csv.DictReader(merged.open(encoding="utf-8"))}
    for item, row in rows.items():
        assert row["score"] == (str(entered[item]) if item in entered else ""), item
        assert row["partner"] == "North Trust"
