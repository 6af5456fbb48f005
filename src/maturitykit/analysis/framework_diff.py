"""What changed between two versions of a framework, and what a delta across them can compare.

`maturity framework diff OLD NEW` lists items added, removed, renamed, merged and split (through
`replaces`, matched exactly as `score delta --baseline-framework` matches them), rescaled (the item's
levels changed, so it is not compared), relabelled (same level values, other labels), moved (another
domain or group), retitled, re-prioritised, and items whose descriptors changed. Its `comparable`
statement is what an evaluator needs before a baseline-to-follow-up comparison across the versions.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from maturitykit.analysis.versions import match_items
from maturitykit.diagnostics import Result
from maturitykit.framework.model import Framework, Item

Change = Literal["added", "removed", "renamed", "merged", "split", "rescaled", "relabelled", "moved", "retitled",
                 "reprioritised", "redescribed"]


class ItemChange(Result):
    """One change to one item between the versions."""

    change: Change = Field(description="What changed.")
    item: str = Field(description="Item id in the new version ('' for a removed item).")
    old: list[str] = Field(default_factory=list, description="Item ids in the old version it corresponds to.")
    detail: str = Field(default="", description="The change in words (old -> new).")


class FrameworkDiff(Result):
    """The changes between two versions of one framework."""

    framework: str = Field(description="Framework id (the new version's).")
    old_version: str = Field(description="Version compared from.")
    new_version: str = Field(description="Version compared to.")
    same_framework: bool = Field(description="False when the two files are different frameworks (ids differ).")
    changes: list[ItemChange] = Field(default_factory=list, description="Every change, in the new version's order.")
    compared: int = Field(description="Items a delta across the versions compares (same, renamed, merged or split).")
    not_compared: int = Field(description="Items it cannot compare: added, removed or rescaled.")
    comparable: list[str] = Field(default_factory=list, description="What a delta across the versions can and cannot "
                                                                   "compare, in words.")
    notes: list[str] = Field(default_factory=list, description="Notes from matching the items (as delta gives them).")

    def count(self, change: Change) -> int:
        return sum(1 for c in self.changes if c.change == change)


def _levels(framework: Framework, item: Item) -> list[tuple[float, str]]:
    return [(level.value, level.label) for level in framework.scale_for(item).levels]


def _descriptors(item: Item) -> dict[float, list[str]]:
    return {float(k): list(v) for k, v in item.node.descriptors.items()}


def diff_frameworks(old: Framework, new: Framework) -> FrameworkDiff:
    """Compare two versions item by item. Pure: both frameworks are loaded by the caller."""
    links, added, removed, notes = match_items(new, old)
    old_by_id = {item.id: item for item in old.items()}
    new_by_id = {item.id: item for item in new.items()}
    changes: list[ItemChange] = []
    linked_new = {link.item.id for link in links}
    for item in new.items():
        if item.id in linked_new:
            continue
        same_id = old_by_id.get(item.id)
        if same_id is not None and [v for v, _ in _levels(old, same_id)] != [v for v, _ in _levels(new, item)]:
            changes.append(ItemChange(
                change="rescaled", item=item.id, old=[item.id],
                detail=f"levels {[v for v, _ in _levels(old, same_id)]} -> {[v for v, _ in _levels(new, item)]}"))
        else:
            changes.append(ItemChange(change="added", item=item.id, detail=item.title))
    rescaled_ids = {c.item for c in changes if c.change == "rescaled"}
    for link in links:
        item = link.item
        if link.match != "same":
            changes.append(ItemChange(change=link.match, item=item.id, old=link.sources,
                                      detail=f"{', '.join(link.sources)} -> {item.id}"))
        for source in link.sources:
            before = old_by_id[source]
            if _levels(old, before) != _levels(new, item):
                changes.append(ItemChange(
                    change="relabelled", item=item.id, old=[source],
                    detail="; ".join(f"{v:g}: {a!r} -> {b!r}" for (v, a), (_, b)
                                     in zip(_levels(old, before), _levels(new, item), strict=True) if a != b)))
            if (before.domain_id, before.group_id) != (item.domain_id, item.group_id):
                changes.append(ItemChange(change="moved", item=item.id, old=[source],
                                          detail=f"{before.group_id or '-'}/{before.domain_id} -> "
                                                 f"{item.group_id or '-'}/{item.domain_id}"))
            if before.title != item.title:
                changes.append(ItemChange(change="retitled", item=item.id, old=[source],
                                          detail=f"{before.title!r} -> {item.title!r}"))
            if (before.node.priority or "") != (item.node.priority or ""):
                changes.append(ItemChange(change="reprioritised", item=item.id, old=[source],
                                          detail=f"{before.node.priority or 'none'} -> {item.node.priority or 'none'}"))
            if _descriptors(before) != _descriptors(item):
                levels = sorted(set(_descriptors(before)) | set(_descriptors(item)))
                moved = [f"{v:g}" for v in levels if _descriptors(before).get(v) != _descriptors(item).get(v)]
                changes.append(ItemChange(change="redescribed", item=item.id, old=[source],
                                          detail=f"descriptors of {'level' if len(moved) == 1 else 'levels'} {', '.join(moved)} changed"))
    for item in removed:
        if item.id not in rescaled_ids:
            changes.append(ItemChange(change="removed", item="", old=[item.id], detail=item.title))
    order = {item_id: i for i, item_id in enumerate(new_by_id)}
    changes.sort(key=lambda c: (order.get(c.item, len(order)), c.old, c.change))

    compared = len(links)
    not_compared = len(added) + sum(1 for i in removed if i.id not in rescaled_ids)
    comparable = _comparable(old, new, changes, compared)
    return FrameworkDiff(framework=new.id, old_version=old.version, new_version=new.version,
                         same_framework=old.id == new.id, changes=changes, compared=compared,
                         not_compared=not_compared, comparable=comparable, notes=notes)


def _comparable(old: Framework, new: Framework, changes: list[ItemChange], compared: int) -> list[str]:
    def n(change: Change) -> int:
        return sum(1 for c in changes if c.change == change)

    def items(count: int, verb: str = "") -> str:
        plural = {"is": "are", "has": "have", "was": "were", "kept": "kept", "changed": "changed",
                  "moved": "moved"}
        text = f"{count} item" + ("" if count == 1 else "s")
        return f"{text} {verb if count == 1 else plural[verb]}" if verb else text

    if old.id != new.id:
        return [f"these are different frameworks ({old.id} and {new.id}): `score delta` refuses to compare them"]
    lines: list[str] = []
    if old.default_scale.values() != new.default_scale.values():
        lines.append(f"the framework's scale changed ({old.default_scale.values()} -> {new.default_scale.values()}): "
                     "`score delta` refuses to compare rounds across these versions")
        return lines
    lines.append(f"a delta across these versions compares {items(compared)}")
    if n("renamed") or n("merged") or n("split"):
        lines.append(f"through `replaces`: {n('renamed')} renamed, {n('merged')} merged (baseline position: the mean "
                     f"of the merged items' positions), {n('split')} split (each part takes its baseline item's "
                     "position)")
    if n("added"):
        lines.append(f"{items(n('added'), 'is')} new in {new.version}: no baseline, listed apart, never compared")
    if n("removed"):
        lines.append(f"{items(n('removed'), 'was')} in {old.version} only: not compared")
    if n("rescaled"):
        lines.append(f"{items(n('rescaled'), 'changed')} levels (rescaled): not compared, listed as new with the "
                     "baseline item as dropped")
    if n("relabelled") or n("redescribed"):
        reworded = len({c.item for c in changes if c.change in ("relabelled", "redescribed")})
        lines.append(f"{items(reworded, 'kept')} their levels but not their labels or descriptors: compared, but a "
                     "move of a level may partly reflect the new wording")
    if n("moved"):
        lines.append(f"{items(n('moved'), 'moved')} to another domain or group: domain and group averages differ "
                     "in membership between the versions")
    return lines
