"""Rendering the board report: charts (SVG) plus the Markdown or HTML template.

HTML is one self-contained file with the SVG inline; Markdown links SVG files written beside it
(GitHub renders linked SVG images but not inline SVG).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from maturitykit.analysis.board import QUOTED_AT_EACH_END, BoardReport, DomainPosition, PlaceReport
from maturitykit.analysis.divergence import AgendaItem
from maturitykit.render.charts import (
    Chart,
    benchmark_chart,
    change_chart,
    heatmap_chart,
    radar_chart,
    trend_chart,
)
from maturitykit.render.env import environment, render_template
from maturitykit.render.numbers import number
from maturitykit.render.share_charts import PERCENT_SCALE, share_charts


@dataclass
class Rendered:
    text: str
    assets: dict[str, str] = field(default_factory=dict)  # file name -> SVG, for Markdown


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "place"


def _axis(domain: DomainPosition) -> str:
    """A radar spoke's label: a domain nobody assessed in any round says so, not a silent gap."""
    return f"{domain.title} (not assessed)" if domain.coverage and not any(domain.coverage) else domain.title


def place_charts(report: BoardReport, place: PlaceReport) -> dict[str, Chart]:
    if report.axis == "share":  # several scales, or decimal levels: percentages of each one's range
        return share_charts(report, place)
    scale = list(zip(report.scale, report.scale_labels, strict=True))
    charts: dict[str, Chart] = {}
    domains = [d for d in place.domains if d.kind == "domain"]
    targets = [d.target for d in domains]
    charts["radar"] = radar_chart(
        [_axis(d) for d in domains],
        {label: [d.positions[i] for d in domains] for i, label in enumerate(report.round_labels)},
        scale, target=targets if any(t is not None for t in targets) else None,
        title="Position by domain",
    )
    groups = [d for d in place.domains if d.kind == "group"]
    if len(groups) >= 1:
        charts["groups"] = radar_chart(
            [_axis(g) for g in groups],
            {label: [g.positions[i] for g in groups] for i, label in enumerate(report.round_labels)},
            scale, title="Position by group",
        )
    hm = place.heatmap
    shown = [i for i, title in enumerate(hm.titles) if title not in hm.unscored] or list(range(len(hm.titles)))
    charts["heatmap"] = heatmap_chart(hm.partners, [hm.titles[i] for i in shown], [hm.scores[i] for i in shown],
                                      scale, title=f"Every partner's score, round {hm.round}")
    if place.delta is not None:  # items with no position in either round have nothing to draw: named instead
        rows = [r for r in place.delta.items if r.baseline is not None or r.followup is not None] or place.delta.items
        charts["change"] = change_chart(
            [r.title for r in rows], [r.baseline for r in rows], [r.followup for r in rows], scale,
            labels=(report.round_labels[-2], report.round_labels[-1]), title="What moved, item by item")
    if place.trend:
        charts["trend"] = trend_chart(report.round_labels, [t["title"] for t in place.trend],  # type: ignore[misc]
                                      [t["positions"] for t in place.trend], scale,  # type: ignore[misc]
                                      title="Positions over the rounds")
    return charts


def unpositioned(place: PlaceReport) -> list[str]:
    """Items with no position in either of the last two rounds: left out of the change chart, named beneath it."""
    if place.delta is None:
        return []
    return [r.title for r in place.delta.items if r.baseline is None and r.followup is None]


def plain_reasons(item: AgendaItem, limits: dict[str, float | int]) -> list[str]:
    """Why an item is divergent, in plain words (the statistics' names stay in the Methods)."""
    out = []
    for reason in item.reasons:
        if reason.startswith("AD "):
            out.append(f"partners on average {number(item.ad)} levels from their mean score (more than "
                       f"{number(float(limits['ad_limit']))})")
        elif not reason.startswith("rwg "):
            out.append(reason)
    return out


def render_board(report: BoardReport, fmt: str, *, stem: str = "report",
                 templates: str | Path | None = None, paper: str = "a4") -> Rendered:
    """`paper` is the printed page size of the HTML report: 'a4' or 'letter'."""
    scale = list(zip(report.scale, report.scale_labels, strict=True)) if report.axis == "levels" else PERCENT_SCALE
    charts = {place.place: place_charts(report, place) for place in report.places}
    bench = None
    if report.benchmark:
        rows = [b.positions if report.axis == "levels" else [None if v is None else round(100 * v, 1)
                                                              for v in b.positions] for b in report.benchmark]
        bench = benchmark_chart([b.place for b in report.benchmark], report.benchmark_domains, rows, scale, title="Places compared by domain")
    assets: dict[str, str] = {}
    files: dict[str, dict[str, str]] = {}
    if fmt == "md":
        for place in report.places:
            files[place.place] = {}
            for name, chart in charts[place.place].items():
                filename = f"{stem}-{_slug(place.place)}-{name}.svg" if len(report.places) > 1 else f"{stem}-{name}.svg"
                assets[filename] = chart.svg
                files[place.place][name] = filename
        if bench is not None:
            assets[f"{stem}-benchmark.svg"] = bench.svg
    env = environment(templates)
    template_name = "report.html.j2" if fmt == "html" else "report.md.j2"
    labels = dict(zip(report.scale, report.scale_labels, strict=True))
    text = render_template(env, template_name, report=report, charts=charts, files=files, bench=bench,
                           bench_file=f"{stem}-benchmark.svg", labels=labels, inline_svg=_inline_svg,
                           page_size="letter" if paper == "letter" else "A4", unpositioned=unpositioned,
                           reasons=lambda item: plain_reasons(item, report.limits), by_level=_by_level,
                           quoted=QUOTED_AT_EACH_END)
    return Rendered(text, assets)


def _by_level(item: AgendaItem) -> str:
    """An item's scores as counts by level ('12 at 1, 300 at 2'): a summarised place's agenda."""
    counts = Counter(s.score for s in item.scores if s.score is not None)
    return ", ".join(f"{counts[v]} at {number(v)}" for v in sorted(counts))


def _inline_svg(svg: str) -> str:
    """SVG ready to inline in HTML: without an XML prolog or DOCTYPE."""
    svg = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
    return re.sub(r"^\s*<!DOCTYPE[^>]*>\s*", "", svg)
