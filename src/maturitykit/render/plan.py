"""A plan as the bytes of a CSV, an XLSX workbook (status dropdowns, an About sheet) or Markdown."""

from __future__ import annotations

from pathlib import Path

from maturitykit.analysis.plan import PLAN_COLUMNS, STATUSES, Plan, plan_records
from maturitykit.errors import InputError
from maturitykit.spreadsheet import column_letter, neutralise


def _xlsx_cell(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 6)
    return neutralise(value) if isinstance(value, str) else value


_WIDTHS = {"item": 22, "code": 7, "title": 30, "group": 16, "domain": 20, "priority": 16, "basis": 11, "current": 9,
           "current_label": 14, "target": 8, "target_label": 12, "gap": 7, "next_level": 8,
           "next_level_descriptor": 60, "action": 40, "owner": 18, "due": 12, "measure": 30, "status": 14}
SPARE_STATUS_ROWS = 200  # rows below the plan that also get the status dropdown (for added actions)


def plan_xlsx(plan: Plan) -> bytes:
    """The plan as a workbook: a Plan sheet (wrapped text, frozen header, status dropdown) and an About sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from maturitykit.render.tables import append_row, workbook_bytes

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    append_row(sheet, PLAN_COLUMNS, header_row=0)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = wrap
    fill = PatternFill("solid", fgColor="FFF2CC")
    first_fill = PLAN_COLUMNS.index("action") + 1
    for number, (record, row) in enumerate(zip(plan_records(plan), plan.rows, strict=True), start=2):
        append_row(sheet, [_xlsx_cell(record[c]) for c in PLAN_COLUMNS])
        for cell in sheet[number]:
            cell.alignment = wrap
            if cell.column >= first_fill:
                cell.fill = fill
            elif row.short_term:
                cell.font = Font(bold=True)
    validation = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
    validation.error = "Choose a status from the list: " + ", ".join(STATUSES) + "."
    validation.errorTitle = "Not a status"
    validation.prompt = "Choose the status of this action."
    sheet.add_data_validation(validation)
    status_letter = column_letter(PLAN_COLUMNS.index("status"))
    validation.add(f"{status_letter}2:{status_letter}{len(plan.rows) + 1 + SPARE_STATUS_ROWS}")
    for index, column in enumerate(PLAN_COLUMNS):
        sheet.column_dimensions[column_letter(index)].width = _WIDTHS.get(column, 14)
    sheet.freeze_panes = "D2"

    about = workbook.create_sheet("About")
    for key, value in _about_rows(plan):
        append_row(about, [key, neutralise(value)], header_row=0)
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 90
    for cell in about["B"]:
        cell.alignment = wrap
    return workbook_bytes(workbook)


def _about_rows(plan: Plan) -> list[tuple[str, str]]:
    return [
        ("framework", plan.framework), ("framework_version", plan.framework_version),
        ("framework_title", plan.framework_title), ("place", plan.place), ("round", plan.round),
        ("targets", plan.targets), ("statuses", ", ".join(STATUSES)),
        ("instructions", "For each row, say what the partnership will do (action), who leads it (owner), by when "
                         "(due), how progress will be seen (measure) and its status. Copy a row to plan more than "
                         "one action for an item. Current is the recorded consensus where there is one, else the "
                         "partners' median; next_level_descriptor is what the next level looks like."),
    ]


def render_plan_md(plan: Plan, templates: str | Path | None = None) -> str:
    """The plan as Markdown (report/templates/plan.md.j2); partner and framework text escaped with `md`."""
    from maturitykit.render.env import environment, render_template

    env = environment(templates)
    return render_template(env, "plan.md.j2", p=plan, statuses=STATUSES)


def plan_bytes(plan: Plan, fmt: str, *, bom: bool = False) -> bytes:
    """csv, xlsx, md, json or parquet bytes of a plan; equal plans give equal bytes."""
    if fmt == "csv":
        from maturitykit.render.csvtext import csv_bytes

        return csv_bytes(plan_records(plan), PLAN_COLUMNS, bom=bom)
    if fmt == "xlsx":
        return plan_xlsx(plan)
    if fmt == "md":
        return render_plan_md(plan).encode("utf-8")
    if fmt == "json":
        return plan.to_json().encode("utf-8")  # exactly the library's Plan, as every command's JSON is
    if fmt == "parquet":
        from maturitykit.render.tables import parquet_bytes

        return parquet_bytes(plan_records(plan), PLAN_COLUMNS)
    raise InputError(f"unknown plan format {fmt!r}; use csv, xlsx, md, json or parquet")


