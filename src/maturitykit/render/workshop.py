"""The facilitator's workshop sheet (XLSX bytes): the agenda with every partner's score, the median,
the rationales at the extremes, and the "agreed level" and "agreed because" columns to fill in.

Filled in, the same workbook is read back as the round's consensus by the ordinary sheet reader:
"agreed level" is a score column and "agreed because" a rationale column (sheets.headers), the
About sheet names the framework and the partner `consensus`, and the other columns are known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from maturitykit.analysis.divergence import DivergenceReport, PartnerScore
from maturitykit.framework.model import Framework, Scale
from maturitykit.render.tables import append_row, workbook_bytes
from maturitykit.sheets.vocabulary import CONSENSUS_PARTNER
from maturitykit.spreadsheet import neutralise

if TYPE_CHECKING:
    from openpyxl.worksheet.datavalidation import DataValidation

AGREED_LEVEL = "agreed level"
AGREED_BECAUSE = "agreed because"
PARTNER_PREFIX = "scored by "
LEADING = ["agenda", "item", "code", "title", "domain", "priority", "divergent", "why divergent"]
TRAILING = ["median", "at the lowest", "at the highest", AGREED_LEVEL, AGREED_BECAUSE]


def workshop_columns(report: DivergenceReport) -> list[str]:
    return [*LEADING, *(f"{PARTNER_PREFIX}{p}" for p in report.partners), *TRAILING]


def _said(scores: list[PartnerScore]) -> str:
    return "\n".join(f"{s.partner} ({s.score:g}): {s.rationale}" if s.rationale else f"{s.partner} ({s.score:g})"
                     for s in scores if s.score is not None)


def workshop_rows(framework: Framework, report: DivergenceReport) -> list[list[object]]:
    """One row per item, in agenda order (divergent short-term priorities first)."""
    items = {item.id: item for item in framework.items()}
    rows: list[list[object]] = []
    for entry in report.items:
        item = items[entry.item]
        priority = framework.priority(item.node.priority)
        by_partner = {s.partner: s.score for s in entry.scores}
        rows.append([
            entry.rank, entry.item, entry.code, entry.title, item.domain.title, priority.label if priority else "",
            "yes" if entry.divergent else "no", "; ".join(entry.reasons),
            *(by_partner.get(p) for p in report.partners),
            entry.median, _said(entry.low), _said(entry.high), None, "",
        ])
    return rows


def _choices(scale: Scale) -> list[str]:
    return [f"{lv.value} - {lv.label}" for lv in scale.levels]


def _dropdown(scale: Scale) -> DataValidation:
    """The item's own levels; a list formula is limited to 255 characters and splits at commas, so long
    or comma-holding labels fall back to the values alone (both are read back as the level)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = _choices(scale)
    formula = '"' + ",".join(c.replace('"', "'") for c in choices) + '"'
    if len(formula) > 255 or any("," in c for c in choices):
        formula = '"' + ",".join(str(lv.value) for lv in scale.levels) + '"'
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
    validation.error = "Choose one of the item's levels."
    validation.errorTitle = "Not a level"
    validation.prompt = "The level the partnership agreed."
    return validation


def workshop_xlsx(framework: Framework, report: DivergenceReport, *, round_label: str = "", place: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    # Named "Scores" so the sheet reader takes it without a warning when it comes back filled in.
    sheet.title = "Scores"
    columns = workshop_columns(report)
    append_row(sheet, columns, header_row=0)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    items = {item.id: item for item in framework.items()}
    level_col = columns.index(AGREED_LEVEL) + 1
    fill_in = PatternFill("solid", fgColor="FFF2CC")
    validations: dict[tuple[object, ...], DataValidation] = {}
    for row_index, (entry, values) in enumerate(zip(report.items, workshop_rows(framework, report), strict=True),
                                                start=2):
        append_row(sheet, [neutralise(v) if isinstance(v, str) else v for v in values])
        scale = framework.scale_for(items[entry.item])
        key = tuple((lv.value, lv.label) for lv in scale.levels)
        if key not in validations:
            validations[key] = _dropdown(scale)
            sheet.add_data_validation(validations[key])
        validations[key].add(sheet.cell(row=row_index, column=level_col))
        for col in (level_col, level_col + 1):
            sheet.cell(row=row_index, column=col).fill = fill_in
        for cell in sheet[row_index]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if entry.divergent:  # bold: the items to discuss
                cell.font = Font(bold=True)
    widths = {"agenda": 8, "item": 20, "code": 6, "title": 32, "domain": 22, "priority": 16, "divergent": 9,
              "why divergent": 24, "median": 8, "at the lowest": 45, "at the highest": 45, AGREED_LEVEL: 16,
              AGREED_BECAUSE: 45}
    for index, header in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = widths.get(header, 12)
    sheet.freeze_panes = sheet.cell(row=2, column=LEADING.index("title") + 2)

    about = workbook.create_sheet("About")
    for key_name, value in [
        ("framework", framework.id), ("framework_version", framework.version), ("partner", CONSENSUS_PARTNER),
        ("round", round_label), ("place", place),
        ("instructions", "Agenda order: divergent short-term priorities first. At the workshop choose the agreed "
                         "level for each item discussed and say why; save the file and give it to `maturity score "
                         "merge --consensus` (in a workspace, save it as rounds/<round>/consensus.xlsx)."),
    ]:
        append_row(about, [key_name, neutralise(value)], header_row=0)
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 90
    return workbook_bytes(workbook)
