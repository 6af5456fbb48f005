"""Positions over several rounds: each item's position per round, with its basis, for tables and charts.

Every round (a Round already read, see :func:`maturitykit.rounds.round.read_round`) is positioned the same
way as in a delta (recorded consensus, else the median of the partners' scores). All rounds must be scored on
the framework given; rounds on an older version are compared with ``maturity score delta
--baseline-framework``. See ``docs/rounds.md``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import Field

from maturitykit.analysis.delta import Basis
from maturitykit.columns import TREND
from maturitykit.diagnostics import Result
from maturitykit.errors import InputError, Location
from maturitykit.rounds.round import Round
from maturitykit.sheets.vocabulary import norm
from maturitykit.stats.limits import Limits
from maturitykit.words import count

__all__ = ["FIXED_COLUMNS", "TrendResult", "check_labels", "trend_columns", "trend_records", "trend_rounds"]

FIXED_COLUMNS = ["item", "code", "title", "group", "domain", "priority"]
_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class TrendRound(Result):
    """One round of the series."""

    label: str = Field(description="Label given on the command line (LABEL=PATH), e.g. 2024.")
    inputs: list[str] = Field(description="Inputs as given: merged files, folders or sheets.")
    partners: list[str] = Field(description="Partners whose scores were read, sorted.")
    consensus_items: int = Field(description="Items with a recorded consensus score in this round.")
    rows_rejected: int = Field(description="Input rows left out by the reader (see `maturity score validate`).")


class TrendPoint(Result):
    """One item's position in one round."""

    round: str = Field(description="Round label.")
    position: float | None = Field(description="Recorded consensus, else median of partners' scores; None if unscored.")
    basis: Basis | None = Field(description="consensus or median; None without a position.")
    n: int = Field(description="Partners who scored the item in this round.")
    ad: float | None = Field(description="Average deviation from the mean of partners' scores.")
    agreed: bool = Field(description="Agreement established: a recorded consensus, or partners not divergent.")


class TrendItem(Result):
    """One item across all rounds, in round order."""

    item: str = Field(description="Item id.")
    code: str = Field(description="Item code, or empty.")
    title: str = Field(description="Item title.")
    group: str = Field(description="Group id, or empty.")
    domain: str = Field(description="Domain id.")
    priority: str = Field(description="Priority id, or empty.")
    short_term: bool = Field(description="True when the item's priority is a short-term one.")
    points: list[TrendPoint] = Field(description="Position per round, in the order the rounds were given.")


class TrendResult(Result):
    """Each item's position per round, in framework order."""

    framework: str = Field(description="Framework id.")
    framework_title: str = Field(description="Framework title.")
    framework_version: str = Field(description="Framework version every round was read with.")
    scale: list[int | float] = Field(description="Level values of the scale (the axis of a chart).")
    rounds: list[TrendRound] = Field(description="Rounds in the order given.")
    items: list[TrendItem] = Field(description="Items in framework order.")
    notes: list[str] = Field(description="Things a reader should know, e.g. partners that differ between rounds.")


def trend_columns(labels: Sequence[str] = ()) -> list[str]:
    """The trend table's columns (columns.TREND); the same whatever the round labels, as the table is long."""
    return TREND.names()


def check_labels(labels: Sequence[str]) -> None:
    """Labels become file and chart names: plain characters only, and unique (ignoring case)."""
    for label in labels:
        if not _LABEL.match(label):
            raise InputError(f"round label {label!r} must start with a letter or digit and use only letters, digits, "
                             "'.', '_' and '-'", Location(label))
    seen: set[str] = set()
    for label in labels:
        if norm(label) in seen:
            raise InputError(f"the round label {label!r} is given twice; give each round its own label",
                             Location(", ".join(labels)))
        seen.add(norm(label))


def trend_rounds(rounds: Sequence[tuple[str, Round]], *, limits: Limits | None = None) -> TrendResult:
    """Positions of every item in every round, from rounds already read (two or more, all on one framework)."""
    if len(rounds) < 2:
        raise InputError("a trend needs two or more rounds (LABEL=PATH ...)")
    labels = [label for label, _ in rounds]
    check_labels(labels)
    data = [r for _, r in rounds]
    framework = data[-1].framework
    limits = limits or Limits.for_scale(framework.default_scale.values())
    for label, d in rounds:
        if (d.framework.id, d.framework.version) != (framework.id, framework.version):
            raise InputError(f"round {label!r} was read with {d.framework.id} version {d.framework.version}, not "
                             f"{framework.id} version {framework.version}; a trend needs one framework version")
    notes: list[str] = []
    keysets = [set(d.partners) for d in data]
    if any(keys != keysets[0] for keys in keysets):
        common = set.intersection(*keysets)
        notes.append(f"the partners differ between rounds ({len(common)} in every round); positions may move because "
                     "the partners changed")
    for label, d in zip(labels, data, strict=True):
        if d.result.accounting.rejected:
            notes.append(f"round {label!r} had {count(d.result.accounting.rejected, 'row')} left out by the reader; run "
                         "`maturity score validate` on its sheets")
    items: list[TrendItem] = []
    for item in framework.items():
        points = []
        for label, d in zip(labels, data, strict=True):
            pos = d.position(item.id, limits)
            points.append(TrendPoint(round=label, position=pos.position, basis=pos.basis, n=pos.n, ad=pos.ad,
                                     agreed=pos.position is not None and pos.agreed))
        items.append(TrendItem(item=item.id, code=item.code or "", title=item.title, group=item.group_id,
                               domain=item.domain_id, priority=item.node.priority or "",
                               short_term=framework.is_short_term(item), points=points))
    return TrendResult(
        framework=framework.id, framework_title=framework.title, framework_version=framework.version,
        scale=framework.default_scale.values(),
        rounds=[TrendRound(label=label, inputs=d.inputs, partners=[d.names[k] for k in d.partners],
                           consensus_items=len(d.consensus), rows_rejected=d.result.accounting.rejected)
                for label, d in zip(labels, data, strict=True)],
        items=items, notes=notes,
    )


def trend_records(result: TrendResult) -> list[dict[str, object]]:
    """The long table: one record per item and round (framework order, then the rounds' order), so
    Excel, Power BI and pandas can pivot it without one column per round."""
    out = []
    for item in result.items:
        fixed: dict[str, object] = {c: getattr(item, c) for c in FIXED_COLUMNS}
        for order, point in enumerate(item.points, start=1):
            out.append({**fixed, "round": point.round, "round_order": order, "position": point.position,
                        "basis": point.basis or "", "n": point.n})
    return out
