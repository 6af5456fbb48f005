"""The action plan: for each item, where the place is, where it wants to be, and what the next level looks like.

A plan is built from one round (what :func:`maturitykit.rounds.merge.load_round` reads). Each item's
**current** position is the recorded consensus when there is one, else the median of the
partners' scores (the same rule as :mod:`maturitykit.analysis.delta`). Its **target** comes from a
targets file, else one level for every item (``--target``), else the item's ``target`` in the
framework. The **gap** is target minus current; items with a positive gap become plan rows,
short-term priorities first, then the largest gap, then framework order. The **next level** is
the first level above the current position, with its descriptor statements: what "better"
looks like. The columns ``action, owner, due, measure, status`` are left blank for the
partnership to fill in; :func:`read_plan` reads a filled plan back. Every rule is written out in
``docs/plan.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from maturitykit.analysis.delta import prepare_round
from maturitykit.diagnostics import Problem
from maturitykit.errors import InputError, Location, RefusedError
from maturitykit.framework.model import Framework, Item
from maturitykit.io.cells import HEADER_SEARCH_ROWS, RawTable, column_letter, read_table
from maturitykit.io.outputs import neutralise, write_bytes
from maturitykit.rounds.round import Round
from maturitykit.sheets.vocabulary import ItemIndex, norm, parse_score
from maturitykit.stats.limits import Limits

__all__ = [
    "FILL_COLUMNS",
    "NO_STATUS",
    "PLAN_COLUMNS",
    "STATUSES",
    "LeftOut",
    "Plan",
    "PlanRow",
    "build_plan",
    "make_plan",
    "parse_level",
    "plan_bytes",
    "plan_problems",
    "plan_records",
    "plan_status_summary",
    "plan_xlsx",
    "read_plan",
    "read_targets",
    "render_plan_md",
    "write_plan",
]

STATUSES = ("not started", "in progress", "done", "dropped")
NO_STATUS = "no status"
FILL_COLUMNS = ["action", "owner", "due", "measure", "status"]
PLAN_COLUMNS = ["item", "code", "title", "group", "domain", "priority", "basis", "current", "current_label", "target",
                "target_label", "gap", "next_level", "next_level_descriptor", *FILL_COLUMNS]
DESCRIPTOR_JOIN = " / "
_TOL = 1e-9

Basis = Literal["consensus", "median", ""]
TargetSource = Literal["targets-file", "option", "framework", ""]
LeftOutReason = Literal["no-target", "at-or-above-target", "no-position"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanRow(_Model):
    """One item of the plan: where it is, where it should get to, what the next level looks like, and the action."""

    item: str = Field(description="Item id (as typed, when a filled plan names an item the framework does not have).")
    code: str = Field(default="", description="Item code, or empty.")
    title: str = Field(default="", description="Item title.")
    group: str = Field(default="", description="Group title, or empty when the framework has no groups.")
    domain: str = Field(default="", description="Domain title.")
    priority: str = Field(default="", description="Priority label (e.g. 'Shorter-term priority'), or empty.")
    short_term: bool = Field(default=False, description="True when the item's priority is a short-term one (listed first).")
    basis: Basis = Field(default="", description="What `current` rests on: consensus (recorded) or median (of partners); "
                                                 "empty without a position.")
    current: float | None = Field(default=None, description="Current position in levels; may fall between levels (a median).")
    current_label: str = Field(default="", description="Label of the current level, or 'between A and B' for a median "
                                                       "between levels.")
    target: int | None = Field(default=None, description="Target level value, or None when the item has no target.")
    target_label: str = Field(default="", description="Label of the target level.")
    target_source: TargetSource = Field(default="", description="Where the target came from: targets-file, option "
                                                                "(--target), framework, or empty without a target.")
    gap: float | None = Field(default=None, description="Target minus current, in levels; None without both.")
    next_level: int | None = Field(default=None, description="The first level above the current position; None at the "
                                                             "top of the scale or without a position.")
    next_level_label: str = Field(default="", description="Label of the next level.")
    next_level_descriptor: str = Field(default="", description="The framework's statements for the next level, joined "
                                                               "with ' / ': what 'better' looks like.")
    action: str = Field(default="", description="What the partnership will do (filled in by the partnership).")
    owner: str = Field(default="", description="Who leads the action (filled in).")
    due: str = Field(default="", description="When it is due, as written (filled in).")
    measure: str = Field(default="", description="How progress will be seen (filled in).")
    status: str = Field(default="", description="One of: not started, in progress, done, dropped; empty when not "
                                                "set. An unknown value is kept as typed and reported.")
    source_row: int | None = Field(default=None, description="Row of a filled plan this was read from (as a "
                                                             "spreadsheet shows it); None for a new plan.")
    problems: list[Problem] = Field(default_factory=list, description="Located problems found reading this row back.")


class LeftOut(_Model):
    """An item not in the plan, and why."""

    item: str = Field(description="Item id.")
    code: str = Field(description="Item code, or empty.")
    title: str = Field(description="Item title.")
    reason: LeftOutReason = Field(description="no-target, at-or-above-target, or no-position (nobody scored it).")
    current: float | None = Field(description="Current position, when there is one.")
    target: int | None = Field(description="Target level, when there is one.")


class Plan(_Model):
    """An action plan for one place and round of one framework."""

    framework: str = Field(description="Framework id.")
    framework_title: str = Field(description="Framework title.")
    framework_version: str = Field(description="Framework version.")
    place: str = Field(description="Place the position is for, or empty when the sheets do not say.")
    round: str = Field(description="Round the position is from, or empty when the sheets do not say.")
    partners: list[str] = Field(description="Partners whose scores give the medians, sorted.")
    targets: str = Field(description="Where targets came from, in words.")
    include_all: bool = Field(description="True when every item is listed (--all), whatever its gap or target.")
    rows: list[PlanRow] = Field(description="Plan rows: short-term priorities first, then largest gap, then framework order.")
    left_out: list[LeftOut] = Field(description="Items not in the plan, in framework order (empty with --all).")
    notes: list[str] = Field(description="Things a reader should know: divergent medians, rejected rows.")


# ------------------------------------------------------------------------------------------- targets


def parse_level(raw: object, framework: Framework) -> int | None:
    """A level value from '3', 3, 'Maturing' or '3 - Maturing'; None when blank. Raises InputError when not a level."""
    parsed = parse_score(raw, framework)
    if parsed.error:
        raise InputError(parsed.error.replace("score", "target", 1))
    return parsed.value


def _header_map(cells: Sequence[object]) -> dict[str, int]:
    out: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = norm(_text(cell)).replace("_", " ").rstrip(":")
        if key and key not in out:
            out[key] = index
    return out


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_targets(path: str | Path, framework: Framework) -> dict[str, int | None]:
    """Targets from a CSV (or XLSX) with columns `item` and `target`: item id -> level value.

    Items may be given by id, code, title or alias and targets by value or label. A blank target
    means "no target" for that item. Any bad row refuses the whole file (InputError located at
    file:row), because a half-read targets file would silently give a different plan.
    """
    path = Path(path)
    table = read_table(path)
    rows = [(n, cells) for n, cells in table.rows if any(_text(c) for c in cells)]
    if not rows:
        raise InputError("targets file has no rows", Location(table.file))
    header_row, header = rows[0]
    columns = _header_map(header)
    missing = [name for name in ("item", "target") if name not in columns]
    if missing:
        raise InputError(f"targets file needs the columns item and target (missing: {', '.join(missing)})",
                         Location(table.file, header_row))
    index = ItemIndex(framework)
    targets: dict[str, int | None] = {}
    seen: dict[str, int] = {}
    errors: list[tuple[int, str]] = []
    for number, cells in rows[1:]:
        def cell(name: str, cells: Sequence[object] = cells) -> object:
            col = columns[name]
            return cells[col] if col < len(cells) else None

        item, reason = index.lookup(_text(cell("item")))
        if item is None:
            errors.append((number, reason or "unknown item"))
            continue
        try:
            level = parse_level(cell("target"), framework)
        except InputError as exc:
            errors.append((number, f"{exc.message} for item {item.id}"))
            continue
        if item.id in seen:
            errors.append((number, f"item {item.id} is given twice (rows {seen[item.id]} and {number})"))
            continue
        seen[item.id] = number
        targets[item.id] = level
    if errors:
        number, message = errors[0]
        more = f" (and {len(errors) - 1} more problem(s) in this file)" if len(errors) > 1 else ""
        raise InputError(message + more, Location(table.file, number))
    return targets


# --------------------------------------------------------------------------------------------- build


def _level_label(framework: Framework, value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return framework.scale.label_for(int(value)) or ""
    below = [lv for lv in framework.scale.levels if lv.value < value]
    above = [lv for lv in framework.scale.levels if lv.value > value]
    if below and above:
        return f"between {below[-1].label} and {above[0].label}"
    return ""


def _next_level(framework: Framework, current: float | None) -> int | None:
    if current is None:
        return None
    for value in framework.scale.values():
        if value > current + _TOL:
            return value
    return None


def _clean(value: float) -> float:
    return round(value, 6) + 0.0


def _target_rule(targets: Mapping[str, int | None] | None, target: int | None, framework: Framework,
                 targets_name: str | None) -> str:
    label = f"{target} ({framework.scale.label_for(target)})" if target is not None else ""
    if targets is not None:
        rest = f"level {label} for the other items" if target is not None else "the framework's targets for the other items"
        return f"from {targets_name or 'a targets file'} ({len(targets)} item(s)), {rest}"
    if target is not None:
        return f"level {label} for every item"
    return "the framework's targets"


def build_plan(framework: Framework, data: Round, *, targets: Mapping[str, int | None] | None = None,
               target: int | None = None, include_all: bool = False, targets_name: str | None = None,
               limits: Limits | None = None) -> Plan:
    """A plan from a round already read (see :func:`maturitykit.analysis.delta.prepare_round`).

    An item's target is, in turn: its entry in ``targets`` (a blank entry means none), else
    ``target``, else the framework's ``target``. Without ``include_all`` only items with a target
    above their current position are planned; the rest are listed in ``left_out``.
    """
    limits = limits or Limits.for_scale(framework.scale.values())
    values = framework.scale.values()
    for value in ([target] if target is not None else []) + [v for v in (targets or {}).values() if v is not None]:
        if value not in values:
            raise InputError(f"target {value} is off the scale ({values[0]}-{values[-1]})")
    chosen: list[tuple[Item, PlanRow]] = []
    left_out: list[LeftOut] = []
    divergent: list[str] = []
    with_target = 0
    for item in framework.items():
        pos = data.position(item.id, limits)
        source: TargetSource
        if targets is not None and item.id in targets:
            goal, source = targets[item.id], "targets-file"
        elif target is not None:
            goal, source = target, "option"
        else:
            goal, source = item.node.target, "framework"
        if goal is None:
            source = ""
        else:
            with_target += 1
        current = pos.position
        gap = _clean(goal - current) if goal is not None and current is not None else None
        reason: LeftOutReason | None = None
        if current is None:
            reason = "no-position"
        elif goal is None:
            reason = "no-target"
        elif gap is not None and gap <= _TOL:
            reason = "at-or-above-target"
        if reason is not None and not include_all:
            left_out.append(LeftOut(item=item.id, code=item.code or "", title=item.title, reason=reason,
                                    current=current, target=goal))
            continue
        if pos.basis == "median" and pos.divergent:
            divergent.append(item.code or item.id)
        nxt = _next_level(framework, current)
        priority = framework.priority(item.node.priority)
        chosen.append((item, PlanRow(
            item=item.id, code=item.code or "", title=item.title,
            group=item.group.title if item.group else "", domain=item.domain.title,
            priority=priority.label if priority else (item.node.priority or ""),
            short_term=framework.is_short_term(item),
            basis=pos.basis if pos.basis in ("consensus", "median") else "",  # type: ignore[arg-type]
            current=current, current_label=_level_label(framework, current),
            target=goal, target_label=_level_label(framework, goal), target_source=source, gap=gap,
            next_level=nxt, next_level_label=_level_label(framework, nxt),
            next_level_descriptor=DESCRIPTOR_JOIN.join(item.descriptor(framework, nxt)) if nxt is not None else "",
        )))
    chosen.sort(key=lambda pair: (not pair[1].short_term, -(pair[1].gap if pair[1].gap is not None else -1e9),
                                  pair[0].order))
    notes: list[str] = []
    if not with_target:
        notes.append("no item has a target: give one level for every item (--target) or a targets file (--targets)")
    if divergent:
        notes.append(f"partners diverge on {len(divergent)} planned item(s) without a recorded consensus "
                     f"({', '.join(divergent)}): their current position is a median; agree it before planning")
    if data.result.accounting.rejected:
        notes.append(f"{data.result.accounting.rejected} input row(s) were left out when reading the position; "
                     "run `maturity score validate` on it")
    return Plan(
        framework=framework.id, framework_title=framework.title, framework_version=framework.version,
        place=data.places[0] if data.places else "", round=data.rounds[0] if data.rounds else "",
        partners=[data.names[k] for k in data.partners],
        targets=_target_rule(targets, target, framework, targets_name), include_all=include_all,
        rows=[row for _, row in chosen], left_out=left_out, notes=notes,
    )


def make_plan(framework: Framework, position: Sequence[str | Path], *, target: int | None = None,
              targets: str | Path | None = None, include_all: bool = False, place: str | None = None) -> Plan:
    """Read a round (merged file, folder of sheets or sheets) and build its plan: the library entry point."""
    if target is not None and targets is not None:
        raise InputError("give either one target level for every item or a targets file, not both",
                         Location(str(targets)))
    target_map = read_targets(targets, framework) if targets is not None else None
    data = prepare_round(framework, position, "position", place)
    return build_plan(framework, data, targets=target_map, target=target, include_all=include_all,
                      targets_name=Path(targets).name if targets is not None else None)


# ------------------------------------------------------------------------------------------- outputs


def plan_records(plan: Plan) -> list[dict[str, object]]:
    """One record per plan row with exactly PLAN_COLUMNS (for CSV and XLSX)."""
    out = []
    for row in plan.rows:
        dumped = row.model_dump()
        out.append({c: dumped[c] for c in PLAN_COLUMNS})
    return out


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

    from maturitykit.render.tables import workbook_bytes

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(PLAN_COLUMNS)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = wrap
    fill = PatternFill("solid", fgColor="FFF2CC")
    first_fill = PLAN_COLUMNS.index("action") + 1
    for number, (record, row) in enumerate(zip(plan_records(plan), plan.rows, strict=True), start=2):
        sheet.append([_xlsx_cell(record[c]) for c in PLAN_COLUMNS])
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
        about.append([key, neutralise(value)])
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
    from maturitykit.render.env import environment

    env = environment(templates)
    return env.get_template("plan.md.j2").render(p=plan, statuses=STATUSES)


def plan_bytes(plan: Plan, fmt: str) -> bytes:
    """csv, xlsx or md bytes of a plan; equal plans give equal bytes."""
    if fmt == "csv":
        from maturitykit.render.tables import csv_bytes

        return csv_bytes(plan_records(plan), PLAN_COLUMNS)
    if fmt == "xlsx":
        return plan_xlsx(plan)
    if fmt == "md":
        return render_plan_md(plan).encode("utf-8")
    raise InputError(f"unknown plan format {fmt!r}; use csv, xlsx or md")


def write_plan(path: str | Path, plan: Plan, fmt: str, *, inputs: Sequence[Path] = ()) -> None:
    """Write atomically; refuses (OutputError) to overwrite any of ``inputs``."""
    write_bytes(path, plan_bytes(plan, fmt), inputs=inputs)


# --------------------------------------------------------------------------------------- read back

_STATUS_WORDS = {norm(s): s for s in STATUSES}


def _status(text: str) -> str | None:
    """The canonical status for what was typed ('' for blank), or None when unknown."""
    key = norm(text.replace("-", " ").replace("_", " "))
    if not key:
        return ""
    return _STATUS_WORDS.get(key)


def _read_plan_table(path: Path) -> RawTable:
    return read_table(path, sheet_hint="plan")  # io reads it: bounded, a regular file only


_NUMBER_COLUMNS = ("current", "gap")
_LEVEL_COLUMNS = ("target", "next_level")
_TEXT_COLUMNS = ("basis", "current_label", "target_label", "next_level_descriptor", *FILL_COLUMNS)


def read_plan(path: str | Path, framework: Framework) -> list[PlanRow]:
    """Read a filled plan (CSV or XLSX) back: one PlanRow per non-blank row, in file order.

    Columns are matched case-insensitively (``next level`` and ``next_level`` alike) and need not
    be in order; only an item column (or code or title) and an action or status column are
    required. Items may be named by id, code, title or alias; rows for the same item (several
    actions) are all kept. Nothing is dropped: a row naming an unknown item keeps the text as
    typed, an unknown status is kept as typed, and each carries a located Problem in
    ``problems`` (see :func:`plan_problems`). A formula in a cell is read as its text, never run.
    Raises InputError when the file cannot be read or is not a plan.
    """
    path = Path(path)
    table = _read_plan_table(path)
    file = table.file
    if table.meta.get("framework") and table.meta["framework"] != framework.id:
        raise RefusedError(f"this plan is for the framework {table.meta['framework']!r}, not {framework.id!r}",
                           Location(file))
    header_pos = None
    columns: dict[str, int] = {}
    for pos, (_number, cells) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        found = {key.replace(" ", "_"): col for key, col in _header_map(cells).items()}
        if any(k in found for k in ("item", "code", "title")) and any(k in found for k in ("action", "status")):
            header_pos, columns = pos, {k: v for k, v in found.items() if k in PLAN_COLUMNS}
            break
    if header_pos is None:
        raise InputError("not a plan: no header row with an item (or code, or title) column and an action or "
                         "status column", Location(file, table.rows[0][0] if table.rows else None))
    index = ItemIndex(framework)
    by_id = {item.id: item for item in framework.items()}
    out: list[PlanRow] = []
    for number, cells in table.rows[header_pos + 1:]:
        problems: list[Problem] = []

        def raw(name: str, cells: Sequence[object] = cells, number: int = number,
                problems: list[Problem] = problems) -> object:
            col = columns.get(name)
            if col is None:
                return None
            formula = table.formula_cells.get((number, col))
            if formula is not None:
                problems.append(Problem(severity="warning", code="formula", file=file, row=number,
                                        column=column_letter(col), column_name=name,
                                        message=f"the cell holds a formula or formula-like text ({formula}); read as "
                                                "text, never run"))
                return formula
            return cells[col] if col < len(cells) else None

        if not any(_text(c) for c in cells) and not any((number, c) in table.formula_cells for c in columns.values()):
            continue
        values = {name: _text(raw(name)) for name in ("item", "code", "title", *_TEXT_COLUMNS)}
        item = None
        typed = values["item"] or values["code"] or values["title"]
        for key in ("item", "code", "title"):
            if values[key]:
                item, reason = index.lookup(values[key])
                if item is not None:
                    break
        if item is None:
            col = next((columns[k] for k in ("item", "code", "title") if k in columns and values[k]), None)
            problems.append(Problem(severity="error", code="unknown-item", file=file, row=number,
                                    column=column_letter(col) if col is not None else None,
                                    column_name=next((k for k in ("item", "code", "title")
                                                      if k in columns and columns[k] == col), None),
                                    message=(f"unknown item {typed!r} (not an id, code or title in {framework.id}); "
                                             "the row is kept as typed") if typed else "the row names no item"))
        status = _status(values["status"])
        if status is None:
            col = columns["status"]
            problems.append(Problem(severity="error", code="unknown-status", file=file, row=number,
                                    column=column_letter(col), column_name="status",
                                    message=f"status {values['status']!r} is not one of: {', '.join(STATUSES)}; "
                                            "kept as typed"))
            status = values["status"]
        numbers: dict[str, float | None] = {}
        for name in (*_NUMBER_COLUMNS, *_LEVEL_COLUMNS):
            text = _text(raw(name))
            try:
                numbers[name] = float(text) if text else None
            except ValueError:
                numbers[name] = None
                problems.append(Problem(severity="warning", code="not-a-number", file=file, row=number,
                                        column=column_letter(columns[name]), column_name=name,
                                        message=f"{name} {text!r} is not a number; read as blank"))
        levels: dict[str, int | None] = {}
        for name in _LEVEL_COLUMNS:
            value = numbers[name]
            levels[name] = int(value) if value is not None and value.is_integer() else None
        fw_item = by_id.get(item.id) if item is not None else None
        priority = framework.priority(fw_item.node.priority) if fw_item is not None else None
        basis = values["basis"] if values["basis"] in ("consensus", "median") else ""
        out.append(PlanRow(
            item=fw_item.id if fw_item is not None else typed,
            code=(fw_item.code or "") if fw_item is not None else values["code"],
            title=fw_item.title if fw_item is not None else values["title"],
            group=(fw_item.group.title if fw_item.group else "") if fw_item is not None else "",
            domain=fw_item.domain.title if fw_item is not None else "",
            priority=(priority.label if priority else (fw_item.node.priority or "")) if fw_item is not None else "",
            short_term=framework.is_short_term(fw_item) if fw_item is not None else False,
            basis=basis,  # type: ignore[arg-type]
            current=numbers["current"], current_label=values["current_label"],
            target=levels["target"], target_label=values["target_label"], gap=numbers["gap"],
            next_level=levels["next_level"],
            next_level_label=_level_label(framework, levels["next_level"]),
            next_level_descriptor=values["next_level_descriptor"],
            action=values["action"], owner=values["owner"], due=values["due"], measure=values["measure"],
            status=status, source_row=number, problems=problems,
        ))
    return out


def plan_problems(rows: Sequence[PlanRow]) -> list[Problem]:
    """Every located problem found reading a plan back, in row order."""
    return [problem for row in rows for problem in row.problems]


def plan_status_summary(rows: Sequence[PlanRow]) -> dict[str, int]:
    """Rows counted by status: the four statuses (always present), then 'no status', then any unknown values as typed."""
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    counts[NO_STATUS] = 0
    unknown: dict[str, int] = {}
    for row in rows:
        if not row.status:
            counts[NO_STATUS] += 1
        elif row.status in counts and row.status != NO_STATUS:
            counts[row.status] += 1
        else:
            unknown[row.status] = unknown.get(row.status, 0) + 1
    for status in sorted(unknown, key=norm):
        counts[status] = unknown[status]
    return counts
