"""Matching items across framework versions: an item's `replaces` links it to baseline items.

Items new since the baseline and items dropped from it are returned apart, never compared; so is an
item whose levels changed (rescaled: a 3 on a 1-3 scale is not a 3 on a 1-5 one), with a note.
"""

from __future__ import annotations

from dataclasses import dataclass

from maturitykit.analysis.delta_result import Match
from maturitykit.framework.model import Framework, Item


@dataclass
class ItemLink:
    item: Item
    sources: list[str]
    match: Match


def match_items(new: Framework, old: Framework | None) -> tuple[list[ItemLink], list[Item], list[Item], list[str]]:
    """Links of the new version's items to baseline items; new items; dropped old items; notes."""
    if old is None:
        return [ItemLink(item, [item.id], "same") for item in new.items()], [], [], []
    old_items = old.items()
    old_ids = {item.id for item in old_items}
    notes: list[str] = []
    provisional: list[tuple[Item, list[str]]] = []
    old_by_id = {item.id: item for item in old_items}
    for item in new.items():
        sources = [item.id] if item.id in old_ids else []
        for ref in item.node.replaces:
            if ref in old_ids and ref not in sources:
                sources.append(ref)
            elif ref not in old_ids:
                notes.append(f"{item.id!r} replaces {ref!r}, which is not an item of the baseline version "
                             f"{old.version}; ignored")
        levels = new.scale_for(item).values()
        rescaled = [s for s in sources if old.scale_for(old_by_id[s]).values() != levels]
        if rescaled:
            notes.append(f"{item.id!r} is scored on levels {levels} but baseline "
                         f"{', '.join(f'{s!r} on {old.scale_for(old_by_id[s]).values()}' for s in rescaled)}: "
                         "rescaled, so not compared (it is listed as new, and the baseline item as dropped)")
            sources = []
        provisional.append((item, sources))
    claims: dict[str, list[str]] = {}
    for item, sources in provisional:
        for source in sources:
            claims.setdefault(source, []).append(item.id)
    links: list[ItemLink] = []
    new_items: list[Item] = []
    for item, sources in provisional:
        if not sources:
            new_items.append(item)
            continue
        if len(sources) > 1:
            match: Match = "merged"
            notes.append(f"{item.id!r} merges baseline items {', '.join(sources)}: its baseline position is the mean of "
                         "their positions")
        elif len(claims[sources[0]]) > 1:
            match = "split"
        elif sources[0] == item.id:
            match = "same"
        else:
            match = "renamed"
        links.append(ItemLink(item, sources, match))
    for source, claimants in claims.items():
        if len(claimants) > 1:
            notes.append(f"baseline item {source!r} was split into {', '.join(claimants)}: each takes its baseline "
                         "position")
    dropped = [item for item in old_items if item.id not in claims]
    return links, new_items, dropped, notes


# ------------------------------------------------------------------------------------------- compute
