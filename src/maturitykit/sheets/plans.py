"""The plan sheet: a plan row's fields, and reading a targets file or a filled-in plan back.

A plan is written by :mod:`maturitykit.render.plan` and filled in by the partnership (action,
owner, due, measure, status); :func:`read_plan` reads it back with every problem located by file,
row and column, and :func:`read_targets` reads a CSV/XLSX of item,target. The rules are in
``docs/plan.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import Field

from maturitykit.columns import PLAN
from maturitykit.diagnostics import Problem, Result
from maturitykit.errors import InputError, Location, RefusedError
from maturitykit.framework.model import Framework, Item, Scale
from maturitykit.io.cells import HEADER_SEARCH_ROWS, RawTable, column_letter, read_table
from maturitykit.sheets.vocabulary import ItemIndex, norm, parse_score
from maturitykit.words import count

STATUSES = ("not started", "in progress", "done", "dropped")
NO_STATUS = "no status"
FILL_COLUMNS = ["action", "owner", "due", "measure", "status"]
PLAN_COLUMNS = PLAN.names()

Basis = Literal["consensus", "median", ""]
TargetSource = Literal["targets-file", "option", "framework", ""]


class PlanRow(Result):
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
    target: int | float | None = Field(default=None, description="Target level value, or None when the item has no target.")
    target_label: str = Field(default="", description="Label of the target level.")
    target_source: TargetSource = Field(default="", description="Where the target came from: targets-file, option "
                                                                "(--target), framework, or empty without a target.")
    gap: float | None = Field(default=None, description="Target minus current, in levels; None without both.")
    next_level: int | float | None = Field(default=None, description="The first level above the current position; None at the "
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



# ------------------------------------------------------------------------------------------- targets


def parse_level(raw: object, framework: Framework, item: Item | None = None) -> int | float | None:
    """A level from '3', 3, 'Maturing' or '3 - Maturing', on the item's scale when given; None when blank; InputError when not a level."""
    parsed = parse_score(raw, framework, item=item)
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
            level = parse_level(cell("target"), framework, item)
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
        more = f" (and {count(len(errors) - 1, 'more problem')} in this file)" if len(errors) > 1 else ""
        raise InputError(message + more, Location(table.file, number))
    return targets


# --------------------------------------------------------------------------------------------- build


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
            next_level_label=level_label(framework.scale_for(fw_item) if fw_item else framework.default_scale, levels["next_level"]),
            next_level_descriptor=values["next_level_descriptor"],
            action=values["action"], owner=values["owner"], due=values["due"], measure=values["measure"],
            status=status, source_row=number, problems=problems,
        ))
    return out


def level_label(scale: Scale, value: float | None) -> str:
    """The label of a level of the item's own scale, or "between A and B" for a median between levels."""
    if value is None:
        return ""
    if float(value).is_integer() or scale.label_for(value) is not None:
        return scale.label_for(value) or ""
    below = [lv for lv in scale.levels if lv.value < value]
    above = [lv for lv in scale.levels if lv.value > value]
    if below and above:
        return f"between {below[-1].label} and {above[0].label}"
    return ""
