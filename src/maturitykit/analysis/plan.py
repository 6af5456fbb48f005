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

from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import Field

from maturitykit.diagnostics import Problem, Result
from maturitykit.errors import InputError
from maturitykit.framework.model import Framework, Item, Scale
from maturitykit.rounds.round import Round
from maturitykit.sheets.plans import (
    FILL_COLUMNS,
    NO_STATUS,
    PLAN_COLUMNS,
    STATUSES,
    PlanRow,
    TargetSource,
    level_label,
    parse_level,
)
from maturitykit.sheets.vocabulary import norm
from maturitykit.stats.limits import Limits
from maturitykit.words import count

__all__ = [
    "FILL_COLUMNS",
    "NO_STATUS",
    "PLAN_COLUMNS",
    "STATUSES",
    "LeftOut",
    "Plan",
    "PlanRow",
    "build_plan",
    "parse_level",
    "plan_problems",
    "plan_records",
    "plan_status_summary",
]

DESCRIPTOR_JOIN = " / "
_TOL = 1e-9

LeftOutReason = Literal["no-target", "at-or-above-target", "no-position"]



class LeftOut(Result):
    """An item not in the plan, and why."""

    item: str = Field(description="Item id.")
    code: str = Field(description="Item code, or empty.")
    title: str = Field(description="Item title.")
    reason: LeftOutReason = Field(description="no-target, at-or-above-target, or no-position (nobody scored it).")
    current: float | None = Field(description="Current position, when there is one.")
    target: int | float | None = Field(description="Target level, when there is one.")


class Plan(Result):
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




def _next_level(scale: Scale, current: float | None) -> float | None:
    if current is None:
        return None
    for value in scale.values():
        if value > current + _TOL:
            return value
    return None


def _clean(value: float) -> float:
    return round(value, 6) + 0.0


def _target_rule(targets: Mapping[str, int | None] | None, target: int | None, framework: Framework,
                 targets_name: str | None) -> str:
    label = f"{target} ({framework.default_scale.label_for(target)})" if target is not None else ""
    if targets is not None:
        rest = f"level {label} for the other items" if target is not None else "the framework's targets for the other items"
        return f"from {targets_name or 'a targets file'} ({count(len(targets), 'item')}), {rest}"
    if target is not None:
        return f"level {label} for every item"
    return "the framework's targets"


def build_plan(framework: Framework, data: Round, *, targets: Mapping[str, int | None] | None = None,
               target: int | None = None, include_all: bool = False, targets_name: str | None = None,
               limits: Limits | None = None) -> Plan:
    """A plan from a round already read (see :func:`maturitykit.rounds.round.read_round`).

    An item's target is, in turn: its entry in ``targets`` (a blank entry means none), else
    ``target``, else the framework's ``target``. Without ``include_all`` only items with a target
    above their current position are planned; the rest are listed in ``left_out``.
    """
    limits = limits or Limits.for_scale(framework.default_scale.values())
    scale_of = {item.id: framework.scale_for(item) for item in framework.items()}  # a file's target: its item's scale
    for value, scale in [(target, framework.default_scale),
                         *((v, scale_of.get(k, framework.default_scale)) for k, v in (targets or {}).items())]:
        if value is not None and value not in scale.values():
            raise InputError(f"target {value} is off the scale ({scale.shown()})")
    chosen: list[tuple[Item, PlanRow]] = []
    left_out: list[LeftOut] = []
    divergent: list[str] = []
    with_target = 0
    for item in framework.items():
        pos = data.position(item.id, limits)
        source: TargetSource
        if targets is not None and item.id in targets:
            goal, source = targets[item.id], "targets-file"
        elif target is not None and target in framework.scale_for(item).values():  # where it is a level of the item
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
        nxt = _next_level(scale := framework.scale_for(item), current)
        priority = framework.priority(item.node.priority)
        chosen.append((item, PlanRow(
            item=item.id, code=item.code or "", title=item.title,
            group=item.group.title if item.group else "", domain=item.domain.title,
            priority=priority.label if priority else (item.node.priority or ""),
            short_term=framework.is_short_term(item),
            basis=pos.basis if pos.basis in ("consensus", "median") else "",  # type: ignore[arg-type]
            current=current, current_label=level_label(scale, current),
            target=goal, target_label=level_label(scale, goal), target_source=source, gap=gap,
            next_level=nxt, next_level_label=level_label(scale, nxt),
            next_level_descriptor=DESCRIPTOR_JOIN.join(item.descriptor(framework, nxt)) if nxt is not None else "",
        )))
    chosen.sort(key=lambda pair: (not pair[1].short_term, -(pair[1].gap if pair[1].gap is not None else -1e9),
                                  pair[0].order))
    notes: list[str] = []
    if not with_target:
        notes.append("no item has a target: give one level for every item (--target) or a targets file (--targets)")
    if divergent:
        notes.append(f"partners diverge on {count(len(divergent), 'planned item')} without a recorded consensus "
                     f"({', '.join(divergent)}): their current position is a median; agree it before planning")
    if data.result.accounting.rejected:
        notes.append(f"{count(data.result.accounting.rejected, 'input row')} were left out when reading the position; "
                     "run `maturity score validate` on it")
    return Plan(
        framework=framework.id, framework_title=framework.title, framework_version=framework.version,
        place=data.places[0] if data.places else "", round=data.rounds[0] if data.rounds else "",
        partners=[data.names[k] for k in data.partners],
        targets=_target_rule(targets, target, framework, targets_name), include_all=include_all,
        rows=[row for _, row in chosen], left_out=left_out, notes=notes,
    )


# ------------------------------------------------------------------------------------------- outputs


def plan_records(plan: Plan) -> list[dict[str, object]]:
    """One record per plan row with exactly PLAN_COLUMNS (for CSV and XLSX)."""
    out = []
    for row in plan.rows:
        dumped = row.model_dump()
        out.append({c: dumped[c] for c in PLAN_COLUMNS})
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

