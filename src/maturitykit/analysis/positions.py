"""Domain, group and framework positions from item positions, by each parent's declared `rollup`.

A parent without a declared roll-up gets the mean of the items under it, as reports have always
shown. A declared roll-up works on its children (a domain's items, a group's domains, the
framework's groups or domains): each child's position and the range it can take. Children on one
scale are rolled up in that scale's units (what an answer counts for, `rollup_value`); children on
different scales are first put on one footing as a share of their own range (0 = lowest level,
1 = highest), so a yes/no question and a 1-5 question are never added in raw units. `sum` adds the
ranges too, so a sum of three 0-1 questions runs from 0 to 3.

Every position also has its `share`: where it sits in its own range, 0 to 1. The report charts
shares (as a percentage) whenever positions are not all on one scale of whole levels: see
:func:`chart_axis`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Literal

from pydantic import Field

from maturitykit.diagnostics import Result
from maturitykit.framework.model import Domain, Framework, Group, Item, SubDomain, rollup_value
from maturitykit.rounds.round import Position
from maturitykit.stats.rollup import rollup
from maturitykit.words import count

__all__ = ["Axis", "DomainPosition", "Span", "chart_axis", "domain_position", "node_span", "rollup_words", "share"]

Axis = Literal["levels", "share"]


class DomainPosition(Result):
    id: str = Field(description="Domain or group id.")
    title: str = Field(description="Domain or group title.")
    kind: str = Field(description="'domain' or 'group'.")
    positions: list[float | None] = Field(description="Position per round (rounds in report order): the declared "
                                                     "roll-up, else the mean of its items, over the items positioned "
                                                     "in every round, so rounds compare the same items; None when no "
                                                     "item was positioned in every round.")
    target: float | None = Field(description="Mean target level of its items that have one.")
    items: int = Field(default=0, description="Items in the domain or group.")
    matched: int = Field(default=0, description="Items positioned in every round: the items the positions average.")
    coverage: list[int] = Field(default_factory=list, description="Items positioned in each round.")
    coverage_note: str = Field(default="", description="Plain words when rounds cover different items, else empty.")
    rollup: str = Field(default="", description="The roll-up declared on the node (median, sum, ...); empty for the "
                                                "default, the mean of its items.")
    rollup_words: str = Field(default="", description="The declared roll-up in words, with its range; empty for "
                                                      "the default.")
    low: float | None = Field(default=None, description="Lowest position the roll-up can give (its range).")
    high: float | None = Field(default=None, description="Highest position the roll-up can give.")
    shares: list[float | None] = Field(default_factory=list, description="Each round's position as a share of "
                                                                         "its range, 0 (lowest) to 1 (highest).")



@dataclass(frozen=True)
class Span:
    """A position in its own units, the range those units run over and the levels a staircase may reach."""

    value: float | None
    low: float
    high: float
    levels: tuple[float, ...] | None

    @property
    def share(self) -> float | None:
        return share(self.value, self.low, self.high)


def share(value: float | None, low: float, high: float) -> float | None:
    """Where `value` sits between `low` (0) and `high` (1); None without a value or a range."""
    if value is None or high <= low:
        return None
    return round((value - low) / (high - low), 6)


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(fmean(present), 6) if present else None


def _leaf(framework: Framework, item: Item, position: float | None) -> Span:
    levels = tuple(sorted(rollup_value(item, v) or 0.0 for v in framework.scale_for(item).values()))
    return Span(rollup_value(item, position), levels[0], levels[-1], levels)


def _children(framework: Framework, node: Framework | Group | Domain | SubDomain) -> list[Group | Domain | SubDomain]:
    if isinstance(node, Framework):
        return [*framework.groups, *framework.domains]
    if isinstance(node, Group):
        return list(node.domains)
    return list(node.subdomains)


def _items_under(framework: Framework, node: Framework | Group | Domain | object) -> list[Item]:
    items = framework.items()
    if isinstance(node, Framework):
        return items
    if isinstance(node, Group):
        return [i for i in items if i.group is node]
    if isinstance(node, Domain):
        return [i for i in items if i.domain is node]
    return [i for i in items if i.node is node or any(parent is node for parent in i.parents)]


def node_span(framework: Framework, node: Framework | Group | Domain | object,
              positions: dict[str, float | None]) -> Span:
    """The node's position from item positions (item id -> position; absent or None = not positioned)."""
    items = _items_under(framework, node)
    method = getattr(node, "rollup", None)
    if len(items) == 1 and items[0].node is node:
        return _leaf(framework, items[0], positions.get(items[0].id))
    if method is None:
        return _flat_mean(framework, items, positions)
    kids = _children(framework, node)  # type: ignore[arg-type]
    spans = [node_span(framework, kid, positions) for kid in kids]
    weights = [kid.weight if kid.weight is not None else 0.0 for kid in kids] if method == "weighted-mean" else None
    same = len({(s.low, s.high, s.levels) for s in spans}) == 1
    if same:
        low, high, levels = spans[0].low, spans[0].high, spans[0].levels
        values: list[float | None] = [s.value for s in spans]
    else:  # children on different scales: each as a share of its own range
        low, high = 0.0, 1.0
        values = [s.share for s in spans]
        shares = {share(level, s.low, s.high) for s in spans for level in (s.levels or ())}
        levels = tuple(sorted(v for v in shares if v is not None)) or None
    if method == "sum":
        low, high, levels = low * len(spans), high * len(spans), None
    value = rollup(method, values, weights=weights, levels=levels or (low, high))
    return Span(None if value is None else round(value, 6), low, high, levels)


def _flat_mean(framework: Framework, items: list[Item], positions: dict[str, float | None]) -> Span:
    scales = {tuple(framework.scale_for(i).values()) for i in items}
    if len(scales) == 1:
        values = next(iter(scales))
        return Span(_mean([positions.get(i.id) for i in items]), float(values[0]), float(values[-1]),
                    tuple(float(v) for v in values))
    return Span(_mean([_leaf(framework, i, positions.get(i.id)).share for i in items]), 0.0, 1.0, None)


def chart_axis(framework: Framework) -> Axis:
    """`levels` when every item is on the framework's own scale of whole levels and no roll-up leaves it
    (a sum does); else `share`: every chart shows positions as a percentage of their own range."""
    whole = all(float(v).is_integer() for v in framework.default_scale.values())
    nodes: list[object] = [framework, *framework.groups, *(d for _, d in framework.domains_with_group())]
    summed = any(getattr(n, "rollup", None) == "sum" for n in nodes)
    return "levels" if framework.uniform_scale() and whole and not summed else "share"


def rollup_words(method: str | None) -> str:
    """The roll-up in words, for the methods section and tables."""
    return {
        None: "mean of its items",
        "mean": "mean of its parts",
        "median": "median of its parts",
        "min": "lowest of its parts",
        "sum": "sum of its parts",
        "weighted-mean": "weighted mean of its parts",
        "staircase": "highest level every part reaches",
    }.get(method, str(method))


def domain_position(key: str, name: str, kind: str, members: list[int], items: Sequence[Item],
                     positions: list[list[Position]], labels: list[str], fw: Framework | None = None,
                    ) -> DomainPosition:
    """A domain's (or group's) position per round, by its declared roll-up (default: the mean of its items),
    over the items positioned in every round: averaging whichever items were scored shows movement that is
    only coverage, so a difference in coverage is named."""
    coverage = [sum(1 for i in members if row[i].position is not None) for row in positions]
    matched = [i for i in members if all(row[i].position is not None for row in positions)]
    node: object = None
    if fw is not None and members:
        first = items[members[0]]
        node = {"group": first.group, "domain": first.domain, "framework": fw}.get(kind)
    spans = [node_span(fw, node, {items[i].id: row[i].position for i in matched}) if fw is not None
             and node is not None else None for row in positions]
    if spans and all(span is not None for span in spans):
        per_round = [span.value if matched else None for span in spans]  # type: ignore[union-attr]
    else:
        per_round = [_mean([row[i].position for i in matched]) if matched else None for row in positions]
    note = ""
    if len(positions) > 1 and len(set(coverage)) > 1:
        counts = ", ".join(f"{n} in {label}" for n, label in zip(coverage, labels, strict=True))
        note = (f"{name}: the rounds position different items ({counts} of {count(len(members), 'item')}); "
                f"the averages use the {count(len(matched), 'item')} positioned in every round")
    targets = [items[i].node.target for i in members if items[i].node.target is not None]
    span0 = spans[0] if spans else None
    return DomainPosition(id=key, title=name, kind=kind, positions=per_round,
                          target=_mean([float(t) for t in targets]) if targets else None,
                          items=len(members), matched=len(matched), coverage=coverage, coverage_note=note,
                          rollup=str(getattr(node, "rollup", None) or ""),
                          rollup_words=_words(getattr(node, "rollup", None), span0),
                          low=span0.low if span0 else None, high=span0.high if span0 else None,
                          shares=[share(v, span0.low, span0.high) if span0 else None for v in per_round])


def _words(method: str | None, span: Span | None) -> str:
    if method is None:
        return ""
    if span is None:
        return rollup_words(method)
    return f"{rollup_words(method)}, from {_num(span.low)} to {_num(span.high)}"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
