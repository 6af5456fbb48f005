"""Where sectors see an item differently: each sector's median, shown only for groups big enough.

A breakdown by sector (acute, community, primary care, local authority, VCSE, ...) is the subgroup
comparison Delphi panels report. It is also the easiest way to identify a partner: a "sector" of
one partner *is* that partner. So a sector is shown only when it has at least ``min_group_size``
partners in the round (default ``DEFAULT_MIN_GROUP_SIZE``), and a sector's figure for an item only
when that many of its partners scored the item; smaller sectors are named as left out, never
merged into another. Two shown sectors differ on an item when their medians are a whole level or
more apart on the item's own scale.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping

from pydantic import Field

from maturitykit.diagnostics import Result
from maturitykit.rounds.merge import MergeResult
from maturitykit.sheets.vocabulary import partner_key

DEFAULT_MIN_GROUP_SIZE = 3
_NUMBERS = {1: "one level", 2: "two levels", 3: "three levels", 4: "four levels", 5: "five levels"}


class SectorCell(Result):
    sector: str = Field(description="The sector.")
    n: int = Field(description="Partners of the sector who scored the item.")
    median: float | None = Field(description="Their median; null when fewer than min_group_size scored it.")


class SectorItem(Result):
    item: str = Field(description="Item id.")
    title: str = Field(description="Item title.")
    cells: list[SectorCell] = Field(description="One per sector shown, in the order of `sectors`.")
    gap: float | None = Field(description="Highest sector median minus the lowest, in the item's levels.")
    differs: bool = Field(description="True when two shown sectors' medians are a level or more apart.")
    statement: str = Field(default="", description="The difference in words, for the workshop.")


class SectorBreakdown(Result):
    """Each item's median by sector, for sectors of at least `min_group_size` partners."""

    min_group_size: int = Field(description="Partners a sector needs to be shown (and to have a median on an item).")
    sectors: list[str] = Field(description="Sectors shown, largest first.")
    partners_per_sector: dict[str, int] = Field(description="Partners in the round per sector shown.")
    left_out: list[str] = Field(default_factory=list, description="Sectors with too few partners to be shown, "
                                                                   "as 'sector (n)'.")
    unassigned: int = Field(default=0, description="Partners the partners file gives no sector.")
    items: list[SectorItem] = Field(default_factory=list, description="Items in framework order (empty when fewer "
                                                                      "than two sectors can be shown).")
    notes: list[str] = Field(default_factory=list, description="Why the breakdown is limited, in words.")

    @property
    def differing(self) -> list[SectorItem]:
        return [item for item in self.items if item.differs]


def _levels(gap: float) -> str:
    whole = round(gap)
    return _NUMBERS.get(whole, f"{whole} levels") if abs(gap - whole) < 1e-9 else f"{gap:g} levels"


def sector_breakdown(result: MergeResult, sector_of: Mapping[str, str], *,
                     min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> SectorBreakdown:
    """The breakdown for one merged round; ``sector_of`` maps partner names (as merged) to sectors.

    Pure: the caller reads the partners file. Partners it does not map are counted as unassigned.
    """
    if min_group_size < 2:
        raise ValueError("min_group_size must be at least 2: a group of one is a partner")
    wanted = {partner_key(name): sector.strip() for name, sector in sector_of.items() if sector.strip()}
    partners = sorted({p[2] for p in result.partners}, key=partner_key)
    members: dict[str, list[str]] = {}
    unassigned = 0
    for partner in partners:
        sector = wanted.get(partner_key(partner))
        if sector is None:
            unassigned += 1
        else:
            members.setdefault(sector, []).append(partner)
    shown = sorted((s for s, m in members.items() if len(m) >= min_group_size), key=lambda s: (-len(members[s]), s))
    left_out = [f"{s} ({len(m)})" for s, m in sorted(members.items()) if len(m) < min_group_size]
    notes: list[str] = []
    if left_out:
        notes.append(f"sectors with fewer than {min_group_size} partners are not shown, so that no figure is one "
                     f"partner's: {', '.join(left_out)}")
    if unassigned:
        notes.append(f"{unassigned} partner{'s' if unassigned != 1 else ''} with no sector in the partners file")
    if len(shown) < 2:
        notes.append("fewer than two sectors can be shown, so there is nothing to compare")
    breakdown = SectorBreakdown(min_group_size=min_group_size, sectors=shown,
                                partners_per_sector={s: len(members[s]) for s in shown}, left_out=left_out,
                                unassigned=unassigned, notes=notes)
    if len(shown) < 2:
        return breakdown
    sector_by_partner = {partner_key(p): s for s in shown for p in members[s]}
    scores: dict[tuple[str, str], list[float]] = {}
    for row in result.rows:
        sector = sector_by_partner.get(partner_key(row.partner))
        if sector is not None and row.score is not None:
            scores.setdefault((row.item, sector), []).append(row.score)
    fw = result.framework
    for item in fw.items():
        scale = fw.scale_for(item)
        cells = []
        for sector in shown:
            values = scores.get((item.id, sector), [])
            median = statistics.median(values) if len(values) >= min_group_size else None
            cells.append(SectorCell(sector=sector, n=len(values), median=median))
        known = [c for c in cells if c.median is not None]
        gap = None
        statement = ""
        if len(known) >= 2:
            low = min(known, key=lambda c: scale.in_levels(c.median or 0))
            high = max(known, key=lambda c: scale.in_levels(c.median or 0))
            gap = round(scale.in_levels(high.median or 0) - scale.in_levels(low.median or 0), 6)
            if gap >= 1:
                statement = (f"{low.sector} partners score {item.title} {_levels(gap)} below {high.sector} partners "
                             f"(medians {low.median:g} and {high.median:g})")
        breakdown.items.append(SectorItem(item=item.id, title=item.title, cells=cells, gap=gap,
                                          differs=gap is not None and gap >= 1, statement=statement))
    return breakdown
