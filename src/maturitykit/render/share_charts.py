"""The board report's charts when items are on several scales, or on decimal ones (`axis: share`).

Every value is drawn as a percentage of its own range: an item's position as a share of its own
scale (0% = its lowest level, 100% = its highest), a domain's or group's position as a share of
the range its roll-up can give (a sum of three 0-1 questions runs 0 to 3). The tables beside the
charts keep the values in their own units, so the text alternative to each chart stays exact.
"""

from __future__ import annotations

from collections.abc import Sequence

from maturitykit.analysis.board import BoardReport, PlaceReport
from maturitykit.render.charts import Chart, change_chart, heatmap_chart, radar_chart, trend_chart

__all__ = ["PERCENT_SCALE", "percent", "share_charts"]

PERCENT_SCALE: list[tuple[int, str]] = [(0, "0% of its range"), (25, "25%"), (50, "50%"), (75, "75%"),
                                        (100, "100% of its range")]


def percent(value: float | None, low: float, high: float) -> float | None:
    """`value` as a percentage of `low`..`high`, rounded to one decimal; None without a value or range."""
    if value is None or high <= low:
        return None
    return round(100 * (value - low) / (high - low), 1)


def _items(report: BoardReport, ids: Sequence[str], values: Sequence[float | None]) -> list[float | None]:
    return [percent(v, *report.item_ranges[i]) for i, v in zip(ids, values, strict=True)]


def share_charts(report: BoardReport, place: PlaceReport) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    for kind, key, title in (("domain", "radar", "Position by domain, % of each domain's range"),
                             ("group", "groups", "Position by group, % of each group's range")):
        nodes = [d for d in place.domains if d.kind == kind]
        if not nodes:
            continue
        series = {label: [None if d.shares[i] is None else round(100 * d.shares[i], 1) for d in nodes]  # type: ignore[operator]
                  for i, label in enumerate(report.round_labels)}
        charts[key] = radar_chart([d.title for d in nodes], series, PERCENT_SCALE, title=title)
    hm = place.heatmap
    scores = [[percent(s, *report.item_ranges[i]) for s in row] for i, row in zip(hm.items, hm.scores, strict=True)]
    charts["heatmap"] = heatmap_chart(hm.partners, hm.titles, scores, PERCENT_SCALE,  # type: ignore[arg-type]
                                      title=f"Every partner's score as % of its item's scale, round {hm.round}")
    if place.delta is not None:
        rows = place.delta.items
        ids = [r.item for r in rows]
        charts["change"] = change_chart(
            [r.title for r in rows], _items(report, ids, [r.baseline for r in rows]),
            _items(report, ids, [r.followup for r in rows]), PERCENT_SCALE,
            labels=(report.round_labels[-2], report.round_labels[-1]),
            title="What moved, item by item, % of each item's scale")
    if place.trend:
        charts["trend"] = trend_chart(
            report.round_labels, [str(t["title"]) for t in place.trend],
            [_items(report, [str(t["item"])] * len(t["positions"]), t["positions"])  # type: ignore[arg-type]
             for t in place.trend], PERCENT_SCALE, title="Positions over the rounds, % of each item's scale")
    return charts
