"""The blank score sheet a partner fills in: CSV, or XLSX with level dropdowns, descriptors and an About sheet.

Bytes only; the CLI writes them (cli/outputs.py). The column names are the sheet vocabulary the
readers understand (sheets/headers.py), so a filled template reads back with no mapping.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from maturitykit.errors import InputError, Location
from maturitykit.framework.model import Framework, Scale
from maturitykit.render.csvtext import csv_bytes
from maturitykit.render.tables import append_row, workbook_bytes
from maturitykit.sheets.checklist import CHECKLIST_COLUMNS
from maturitykit.spreadsheet import neutralise

if TYPE_CHECKING:  # openpyxl is imported only when an XLSX sheet is written
    from openpyxl.worksheet.datavalidation import DataValidation

TEMPLATE_COLUMNS = ["place", "round", "partner", "item", "code", "title", "domain", "priority", "score",
                    "rationale", "evidence"]


def template_records(framework: Framework, partner: str = "", round_label: str = "", place: str = "") -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for item in framework.items():
        priority = framework.priority(item.node.priority)
        records.append({
            "place": place, "round": round_label, "partner": partner, "item": item.id, "code": item.code or "",
            "title": item.title, "domain": item.domain.title, "priority": priority.label if priority else "",
            "score": None, "rationale": "", "evidence": "",
        })
    return records


def template_csv(framework: Framework, partner: str = "", round_label: str = "", place: str = "") -> bytes:
    return csv_bytes(template_records(framework, partner, round_label, place), TEMPLATE_COLUMNS)


# The XLSX sheet reads left to right as a partner works: the item, what each level looks like, then
# the three cells they fill in. The identifying columns (item id, code, place, round, partner) follow,
# outside the print area: readers find every column by its header, never by its position.
_XLSX_LEAD = ["title", "domain", "priority"]
_XLSX_FILL = ["score", "rationale", "evidence"]
_XLSX_TAIL = ["item", "code", "place", "round", "partner"]
_WIDTHS = {"title": 26, "domain": 16, "priority": 11, "score": 15, "rationale": 34, "evidence": 26,
           "item": 20, "code": 6, "place": 12, "round": 10, "partner": 18}
_LEVEL_WIDTH = 26
_INSTRUCTIONS = ("For each item, read what each level looks like, choose the level that fits your system today in "
                 "the yellow score cell, and say why (rationale) and what shows it (evidence). Leave the score blank "
                 "or choose N/A when you cannot say: that is recorded as missing, never as zero.")


def template_xlsx(framework: Framework, partner: str = "", round_label: str = "", place: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.page import PageMargins

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scores"
    items = framework.items()
    uniform = framework.uniform_scale()
    levels = framework.default_scale.levels
    # One scale for all: a column per level. Mixed scales (or answer sets): one column lists each item's own levels.
    level_headers = [f"Level {lv.value} - {lv.label}" for lv in levels] if uniform else ["Levels"]
    headers = [*_XLSX_LEAD, *level_headers, *_XLSX_FILL, *_XLSX_TAIL]
    append_row(sheet, [_INSTRUCTIONS], header_row=0)  # row 1: instructions on the sheet itself (readers skip rows above the header)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(_XLSX_LEAD) + len(level_headers) + 3)
    sheet.cell(row=1, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(row=1, column=1).font = Font(bold=True)
    sheet.row_dimensions[1].height = 45
    append_row(sheet, headers, header_row=0)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = wrap
    validations: dict[tuple[object, ...], DataValidation] = {}
    score_col = headers.index("score") + 1
    highlight = PatternFill("solid", fgColor="FFF2CC")
    for row_index, record in enumerate(template_records(framework, partner, round_label, place), start=3):
        item = items[row_index - 3]
        scale = framework.scale_for(item)
        if uniform:
            extra = ["\n".join(f"• {s}" for s in item.descriptor(framework, lv.value)) for lv in levels]
        else:
            extra = ["\n".join(": ".join(filter(None, (f"{lv.value} - {lv.label}",
                                                         " ".join(item.descriptor(framework, lv.value)))))
                               for lv in scale.levels)]
        lead = [record[c] for c in _XLSX_LEAD]
        rest = [record[c] for c in (*_XLSX_FILL, *_XLSX_TAIL)]
        append_row(sheet, [neutralise(v) if isinstance(v, str) else v for v in (*lead, *extra, *rest)], header_row=2)
        score_cell = sheet.cell(row=row_index, column=score_col)
        key = (*((lv.value, lv.label) for lv in scale.levels), scale.allow_not_applicable)
        if key not in validations:
            validations[key] = _level_list(scale)
            sheet.add_data_validation(validations[key])
        validations[key].add(score_cell)
        for column in _XLSX_FILL:
            sheet.cell(row=row_index, column=headers.index(column) + 1).fill = highlight
        if framework.is_short_term(item):
            for cell in sheet[row_index][:len(_XLSX_LEAD)]:
                cell.font = Font(bold=True)
        for cell in sheet[row_index]:
            cell.alignment = wrap
        sheet.row_dimensions[row_index].height = _row_height(extra, record["title"])
    for index, header in enumerate(headers, start=1):
        letter = sheet.cell(row=2, column=index).column_letter
        sheet.column_dimensions[letter].width = _WIDTHS.get(header, _LEVEL_WIDTH)
    sheet.freeze_panes = sheet.cell(row=3, column=2)
    # Print: landscape A4, one page wide, the header row on every page, the partner-facing columns only.
    last_printed = sheet.cell(row=2, column=headers.index("evidence") + 1).column_letter
    sheet.print_area = f"A1:{last_printed}{len(items) + 2}"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)

    choices = _choices(framework.default_scale)
    about = workbook.create_sheet("About")
    about_rows = [
        ("framework", framework.id), ("framework_version", framework.version), ("framework_title", framework.title),
        ("partner", partner), ("round", round_label), ("place", place),
        ("scale", "; ".join(choices) + ("" if uniform else " (some items have their own levels: see Levels)")),
        ("instructions", _INSTRUCTIONS),
    ]
    for key, value in about_rows:
        append_row(about, [key, neutralise(value)], header_row=0)
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 90
    for cell in about["B"]:
        cell.alignment = wrap
    about.page_setup.paperSize = about.PAPERSIZE_A4
    about.page_setup.fitToWidth = 1
    about.page_setup.fitToHeight = 0
    about.sheet_properties.pageSetUpPr.fitToPage = True
    return workbook_bytes(workbook)


def _row_height(descriptors: list[str], title: object) -> float:
    """Points enough for the longest wrapped descriptor to show in full (about 33 characters a line at 11 points)."""
    lines = max([1, len(str(title)) // 28 + 1, *(sum(len(part) // 33 + 1 for part in d.split("\n")) for d in descriptors)])
    return min(409.0, 14.0 * lines)  # 409 points is a spreadsheet row's limit


def _choices(scale: Scale) -> list[str]:
    choices = [f"{lv.value} - {lv.label}" for lv in scale.levels]
    if scale.allow_not_applicable:
        choices.append("N/A")
    return choices


def _level_list(scale: Scale) -> DataValidation:
    """A dropdown of the scale's levels (and N/A when allowed)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = _choices(scale)
    # A list validation is limited to 255 characters and splits at commas ("Yes, for some"):
    # long labels, or labels with commas, fall back to values only.
    formula = '"' + ",".join(c.replace('"', "'") for c in choices) + '"'
    if len(formula) > 255 or any("," in c for c in choices):
        formula = '"' + ",".join(str(lv.value) for lv in scale.levels) + '"'
    # The prompt and the stop alert are on: a typed "3ish" is refused by the spreadsheet itself.
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                                showInputMessage=True, showErrorMessage=True, errorStyle="stop")
    validation.error = "Choose a level from the list (or N/A)."
    validation.errorTitle = "Not a level"
    validation.promptTitle = "Score"
    validation.prompt = "Choose the level that best describes your system today."
    return validation


def checklist_records(framework: Framework, partner: str = "", round_label: str = "",
                      place: str = "") -> list[dict[str, object]]:
    """One row per statement of every level of every item (items without statements have none)."""
    records: list[dict[str, object]] = []
    for item in framework.items():
        for level in framework.scale_for(item).levels:
            value = int(level.value) if float(level.value).is_integer() else level.value
            for statement in item.descriptor(framework, level.value):
                records.append({"place": place, "round": round_label, "partner": partner, "item": item.id,
                                "code": item.code or "", "title": item.title, "domain": item.domain.title,
                                "level": value, "statement": statement, "met": "", "rationale": "", "evidence": ""})
    if not records:
        raise InputError(f"{framework.id} has no level statements to tick: --checklist needs descriptors")
    return records


def template_bytes(path: str | Path, framework: Framework, partner: str = "", round_label: str = "",
                   place: str = "", checklist: bool = False) -> bytes:
    """The sheet for `path`: XLSX or CSV by its extension; with `checklist`, the statements as tick boxes (CSV)."""
    suffix = Path(path).suffix.lower()
    if checklist:
        if suffix not in (".csv", ""):
            raise InputError("--checklist writes a CSV sheet: give FILE.csv", Location(str(path)))
        return csv_bytes(checklist_records(framework, partner, round_label, place), CHECKLIST_COLUMNS)
    if suffix == ".xlsx":
        return template_xlsx(framework, partner, round_label, place)
    if suffix in (".csv", ""):
        return template_csv(framework, partner, round_label, place)
    raise InputError("template output must end in .csv or .xlsx", Location(str(path)))
