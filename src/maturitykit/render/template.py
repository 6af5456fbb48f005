"""The blank score sheet a partner fills in: CSV, or XLSX with level dropdowns, descriptors and an About sheet.

Bytes only; the CLI writes them (cli/outputs.py). The column names are the sheet vocabulary the
readers understand (sheets/headers.py), so a filled template reads back with no mapping.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from maturitykit.errors import InputError, Location
from maturitykit.framework.model import Framework, Scale
from maturitykit.render.tables import csv_bytes, workbook_bytes
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


def template_xlsx(framework: Framework, partner: str = "", round_label: str = "", place: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scores"
    items = framework.items()
    uniform = framework.uniform_scale()
    levels = framework.default_scale.levels
    # One scale for all: a column per level. Mixed scales (or answer sets): one column lists each item's own levels.
    level_headers = [f"Level {lv.value} - {lv.label}" for lv in levels] if uniform else ["Levels"]
    headers = [*TEMPLATE_COLUMNS, *level_headers]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    validations: dict[tuple[object, ...], DataValidation] = {}
    score_col = TEMPLATE_COLUMNS.index("score") + 1
    highlight = PatternFill("solid", fgColor="FFF2CC")
    for row_index, record in enumerate(template_records(framework, partner, round_label, place), start=2):
        item = items[row_index - 2]
        scale = framework.scale_for(item)
        if uniform:
            extra = ["\n".join(f"• {s}" for s in item.descriptor(framework, lv.value)) for lv in levels]
        else:
            extra = ["\n".join(": ".join(filter(None, (f"{lv.value} - {lv.label}",
                                                         " ".join(item.descriptor(framework, lv.value)))))
                               for lv in scale.levels)]
        sheet.append([neutralise(record[c]) if isinstance(record[c], str) else record[c] for c in TEMPLATE_COLUMNS]
                     + [neutralise(d) for d in extra])
        score_cell = sheet.cell(row=row_index, column=score_col)
        key = (*((lv.value, lv.label) for lv in scale.levels), scale.allow_not_applicable)
        if key not in validations:
            validations[key] = _level_list(scale)
            sheet.add_data_validation(validations[key])
        validations[key].add(score_cell)
        score_cell.fill = highlight
        if framework.is_short_term(item):
            for cell in sheet[row_index][:TEMPLATE_COLUMNS.index("priority") + 1]:
                cell.font = Font(bold=True)
        for cell in sheet[row_index]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    choices = _choices(framework.default_scale)
    widths = {"place": 12, "round": 10, "partner": 18, "item": 22, "code": 6, "title": 32, "domain": 22,
              "priority": 16, "score": 16, "rationale": 50, "evidence": 40}
    for index, header in enumerate(headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = widths.get(header, 45)
    sheet.freeze_panes = sheet.cell(row=2, column=TEMPLATE_COLUMNS.index("title") + 2)

    about = workbook.create_sheet("About")
    about_rows = [
        ("framework", framework.id), ("framework_version", framework.version), ("framework_title", framework.title),
        ("partner", partner), ("round", round_label), ("place", place),
        ("scale", "; ".join(choices) + ("" if uniform else " (some items have their own levels: see Levels)")),
        ("instructions", "Score each item on the Scores sheet: choose a level, say why, and give evidence. "
                         "Leave the score blank or choose N/A when you cannot say; that is recorded as missing, not zero."),
    ]
    for key, value in about_rows:
        about.append([key, neutralise(value)])
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 90
    return workbook_bytes(workbook)


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
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
    validation.error = "Choose a level from the list (or N/A)."
    validation.errorTitle = "Not a level"
    validation.prompt = "Choose the level that best describes your system today."
    return validation


def template_bytes(path: str | Path, framework: Framework, partner: str = "", round_label: str = "",
                   place: str = "") -> bytes:
    """The sheet for `path`: XLSX or CSV by its extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return template_xlsx(framework, partner, round_label, place)
    if suffix in (".csv", ""):
        return template_csv(framework, partner, round_label, place)
    raise InputError("template output must end in .csv or .xlsx", Location(str(path)))
