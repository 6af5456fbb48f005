"""Checklist returns: a level's statements as tick boxes, one row per statement; the level is derived.

`maturity score template --checklist` writes one row per statement of every level (columns
`level`, `statement`, `met`). A partner ticks `met` (x, yes, ✓ ...) for each statement that holds.
Reading the return, the rows of one partner and item become one score row: the level comes from
the framework's `checklist` rule, and the ticks are kept in the row's evidence, level by level,
so the merged data and the report show what the level rests on.

- `staircase` (the default): the highest level whose statements, and every lower level's, are all
  ticked. Levels without statements are passed over; when not even the lowest level's statements
  are all ticked, the item is at the lowest level (the scale has nothing below it).
- `best-fit`: the level with the largest share of its statements ticked (on a tie, the higher:
  two levels fully met put the item at the upper one); with nothing ticked, the lowest level.

An item with no `met` cell filled at all is not scored (missing, never the lowest level).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import chain

from maturitykit.diagnostics import Problem
from maturitykit.framework.model import Framework
from maturitykit.io.cells import RawTable
from maturitykit.sheets.vocabulary import ItemIndex, norm

__all__ = ["CHECKLIST_COLUMNS", "collapse", "derive_level", "ticked"]

CHECKLIST_COLUMNS = ["place", "round", "partner", "item", "code", "title", "domain", "level", "statement", "met",
                     "rationale", "evidence"]
_YES = {"x", "yes", "y", "true", "1", "✓", "✔", "☑", "met", "ticked", "done"}
_NO = {"no", "n", "false", "0", "not met", "✗", "☐"}
_OUT = ["place", "round", "partner", "item", "score", "rationale", "evidence"]


def ticked(cell: object) -> bool | None:
    """True for a tick, False for an explicit no, None for a blank; ValueError for anything else."""
    text = norm("" if cell is None else cell)
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"{cell!r} is not a tick: write x (or yes) for a statement that holds, leave it blank if not")


def derive_level(rule: str, levels: list[float], ticks: dict[float, list[bool]]) -> float:
    """The level by `rule` from each level's ticks (a blank counts as not ticked)."""
    described = [v for v in levels if ticks.get(v)]
    if rule == "best-fit":
        shares = [(sum(ticks[v]) / len(ticks[v]), v) for v in described]
        best = max(shares, default=(0.0, levels[0]))
        return best[1] if best[0] > 0 else levels[0]
    reached = levels[0]
    for value in described:
        if not all(ticks[value]):
            break
        reached = value
    return reached


def _may_be_met(cell: object) -> bool:
    """Whether norm(cell) could be "met", without working it out: norm keeps one word only when the text
    is one, and casefolding never shortens a word, so a text of more than three characters can be "met"
    only with white space at either end (a rationale, an item id, a name cannot)."""
    if type(cell) is not str:
        return cell is not None
    return len(cell) <= 3 or cell[0].isspace() or cell[-1].isspace()


def _could_hold_met(rows: list[tuple[int, list[object]]]) -> bool:
    """Whether any cell of these rows could read "met", asked of all of them at once: norm(cell) is the
    casefolded words of the cell, and casefolding is a character at a time, so a cell that reads "met" has
    "met" in its casefolded text. A rationale with "method" in it passes too; the rows are then asked one by
    one. (Every sheet is asked: a row at a time, this was a tenth of a merge of long sheets.)"""
    return "met" in "\x00".join(map(str, chain.from_iterable(cells for _, cells in rows))).casefold()


def _header(table: RawTable) -> int | None:
    if not _could_hold_met(table.rows[:20]):
        return None
    for position, (_, cells) in enumerate(table.rows[:20]):
        # Every sheet is asked, so rows that cannot hold a "met" cell are passed over without a key a cell.
        if len(cells) < 3 or not any(_may_be_met(c) for c in cells):
            continue
        names = {norm(c) for c in cells if c is not None}
        if {"item", "statement", "met"} <= names:
            return position
    return None


def collapse(table: RawTable, framework: Framework, index: ItemIndex) -> tuple[RawTable, list[Problem]]:
    """A checklist return as an ordinary long sheet (one row per partner and item); other sheets unchanged."""
    head = _header(table)
    if head is None:
        return table, []
    names = [norm(c) if c is not None else "" for c in table.rows[head][1]]
    col = {name: i for i, name in enumerate(names) if name}
    rule = framework.checklist or "staircase"
    problems: list[Problem] = []
    groups: dict[tuple[str, ...], dict[str, object]] = {}

    def get(cells: list[object], name: str) -> object:
        i = col.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    for number, cells in table.rows[head + 1:]:
        key = tuple(str(get(cells, n) or "").strip() for n in ("place", "round", "partner", "item"))
        if not key[3]:
            continue
        group = groups.setdefault(key, {"row": number, "ticks": [], "rationale": [], "evidence": []})
        try:
            state = ticked(get(cells, "met"))
        except ValueError as exc:
            problems.append(Problem(severity="warning", code="checklist", message=f"{exc}; read as not ticked",
                                    file=table.file, row=number, column_name="met"))
            state = None
        group["ticks"].append((get(cells, "level"), str(get(cells, "statement") or "").strip(), state))  # type: ignore[attr-defined]
        for name in ("rationale", "evidence"):
            text = str(get(cells, name) or "").strip()
            if text and text not in group[name]:  # type: ignore[operator]
                group[name].append(text)  # type: ignore[attr-defined]

    rows: list[tuple[int, list[object]]] = [(table.rows[head][0], list(_OUT))]
    for (place, round_label, partner, item_text), group in groups.items():
        item, _ = index.lookup(item_text)
        ticks: list[tuple[object, str, bool | None]] = group["ticks"]  # type: ignore[assignment]
        score: object = None
        if item is not None and any(state is not None for _, _, state in ticks):
            levels = [float(v) for v in framework.scale_for(item).values()]
            by_level: dict[float, list[bool]] = {}
            for level, _, state in ticks:
                try:
                    by_level.setdefault(float(str(level)), []).append(bool(state))
                except ValueError:
                    continue
            value = derive_level(rule, levels, by_level)
            score = int(value) if value.is_integer() else value
        record = "; ".join(f"level {lv}: {'✓' if state else '✗'} {text}" for lv, text, state in ticks)
        evidence = [*group["evidence"], *([f"Checklist ({rule}): {record}"] if score is not None else [])]  # type: ignore[misc]
        rows.append((int(group["row"]), [place, round_label, partner, item_text, score,  # type: ignore[call-overload]
                                         " ".join(group["rationale"]), " | ".join(evidence)]))  # type: ignore[arg-type]
    return replace(table, rows=rows, formula_cells={}, broken={}), problems
