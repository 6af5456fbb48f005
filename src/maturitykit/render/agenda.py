"""Rendering the divergence report: a terminal view, Markdown and HTML (with dot strips)."""

from __future__ import annotations

from pathlib import Path

from maturitykit.analysis.board import LARGE_PARTNERSHIP, QUOTED_AT_EACH_END
from maturitykit.analysis.divergence import AgendaItem, DivergenceReport, PartnerScore, PartnerTendency
from maturitykit.render.env import environment, render_template
from maturitykit.words import count

# Where to find what a large partnership's agenda leaves out: the JSON holds every partner.
WHOLE = "every partner's scores and rationales are in --format json"


def large(report: DivergenceReport) -> bool:
    """More than LARGE_PARTNERSHIP partners: the agenda counts scores by level and quotes the extremes (as the
    board report does), since a workshop cannot read ten thousand dots or names."""
    return len(report.partners) > LARGE_PARTNERSHIP


def _counts(item: AgendaItem, scale: list[int]) -> dict[int, int]:
    counts = dict.fromkeys(item.scale or scale, 0)  # an item on its own scale is counted on it
    for s in item.scores:
        if s.score is not None:
            counts[s.score] += 1
    return counts


def dot_strip(item: AgendaItem, scale: list[int], summarised: bool = False) -> str:
    """One character column per level with the count of partners there, e.g. '1:· 2:●● 3:●●● 4:·';
    `summarised` (a large partnership), the counts as numbers: '1:2500  2:2500'."""
    counts = _counts(item, scale)
    if summarised:
        return "  ".join(f"{v}:{c}" for v, c in counts.items())
    return "  ".join(f"{v}:{'●' * c if c else '·'}" for v, c in counts.items())


def quoted(people: list[PartnerScore], summarised: bool) -> list[PartnerScore]:
    """The partners at an item's lowest (or highest) score whose rationales are shown: all of them, or the
    first QUOTED_AT_EACH_END of a large partnership."""
    return people[:QUOTED_AT_EACH_END] if summarised else people


def compared(report: DivergenceReport, summarised: bool) -> list[PartnerTendency]:
    """The partners listed against the item medians: all of them, or in a large partnership those furthest
    below and above the medians on average (QUOTED_AT_EACH_END each), in partner order."""
    if not summarised:
        return report.tendencies
    ranked = sorted((t.mean_difference, i) for i, t in enumerate(report.tendencies) if t.mean_difference is not None)
    keep = {i for _, i in ranked[:QUOTED_AT_EACH_END]} | {i for _, i in ranked[-QUOTED_AT_EACH_END:]}
    return [t for i, t in enumerate(report.tendencies) if i in keep]


def strip_svg(item: AgendaItem, scale: list[int], width: int = 220, height: int = 34,
              summarised: bool = False) -> dict[str, object]:
    """Coordinates for an inline SVG dot strip (the template draws it, autoescaped); `summarised`, a count
    above each level instead of a dot a partner."""
    scale = item.scale or scale  # an item on its own scale is drawn on it
    pad = 14
    step = (width - 2 * pad) / max(1, len(scale) - 1)
    x_of = {v: pad + i * step for i, v in enumerate(scale)}
    dots = []
    counts = [{"x": round(x_of[v], 1), "n": n} for v, n in _counts(item, scale).items()] if summarised else []
    stacked: dict[int, int] = {}
    for s in item.scores if not summarised else ():
        if s.score is None:
            continue
        k = stacked.get(s.score, 0)
        stacked[s.score] = k + 1
        dots.append({"x": round(x_of[s.score], 1), "y": height - 8 - 7 * k, "partner": s.partner, "score": s.score})
    median = None if item.median is None else round(
        pad + (item.median - scale[0]) / max(1, scale[-1] - scale[0]) * (width - 2 * pad), 1)
    agreed = None if item.agreed is None else round(x_of[item.agreed], 1)
    ticks = [{"x": round(x, 1), "label": v} for v, x in x_of.items()]
    return {"width": width, "height": height + 12, "dots": dots, "counts": counts, "median": median, "agreed": agreed,
            "ticks": ticks, "base": height - 4}


def render_agenda(report: DivergenceReport, fmt: str, templates: str | Path | None = None) -> str:
    env = environment(templates)
    template_name = "divergence.html.j2" if fmt == "html" else "divergence.md.j2"
    labels = dict(zip(report.scale, report.scale_labels, strict=True))

    def label(item: AgendaItem, value: object) -> str:
        own = dict(zip(item.scale, item.scale_labels or [], strict=True)) if item.scale else labels
        return own.get(value, "")  # type: ignore[call-overload]

    summarised = large(report)
    return render_template(env, template_name, report=report, label=label,
                           strip=lambda it: dot_strip(it, report.scale, summarised),
                           svg=lambda it: strip_svg(it, report.scale, summarised=summarised),
                           quoted=lambda people: quoted(people, summarised), compared=compared(report, summarised),
                           whole=WHOLE)


def render_terminal(report: DivergenceReport) -> str:
    from io import StringIO

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    buffer = StringIO()
    console = Console(file=buffer, width=120, force_terminal=False, color_system=None)
    console.print(f"Divergence: {report.framework} v{report.framework_version}, {count(len(report.partners), 'partner')}; "
                  f"{report.divergent_count} of {count(len(report.items), 'item')} divergent")
    summarised = large(report)
    table = Table("#", "item", "scores", "median", "agreed", "AD", "rwg", "why", show_lines=False)
    for a in report.items:
        if not a.divergent:
            continue
        star = "★ " if a.short_term else ""
        table.add_row(str(a.rank), escape(f"{star}{a.title}"), dot_strip(a, report.scale, summarised),
                      _n(a.median), "" if a.agreed is None else str(a.agreed), _n(a.ad), _n(a.rwg),
                      escape("; ".join(a.reasons)))
    console.print(table)
    for a in report.items:
        if not a.divergent:
            continue
        console.print(f"\n[{a.rank}] {escape(a.title)}")
        for side, people in (("low", a.low), ("high", a.high)):
            shown = quoted(people, summarised)
            for s in shown:
                text = s.rationale or "(no rationale given)"
                console.print(f"   {side} {s.score} {escape(s.partner)}: {escape(text)}", highlight=False)
            if len(people) > len(shown):
                console.print(f"   {side}: {count(len(people) - len(shown), 'more partner')} at {people[0].score} "
                              f"({WHOLE})", highlight=False)
    listed = compared(report, summarised)
    console.print("\nPartners compared with the item medians" + (
        f" (furthest below and above them, of {count(len(report.tendencies), 'partner')}; {WHOLE}):"
        if len(listed) < len(report.tendencies) else ":"))
    for t in listed:
        skipped = f"; skipped {len(t.skipped)}" if t.skipped else ""
        console.print(f"   {escape(t.partner)}: above {t.above}, same {t.same}, below {t.below}"
                      f" (mean difference {_n(t.mean_difference)}){skipped}", highlight=False)
    if report.sectors is not None:
        sectors = report.sectors
        if sectors.items:
            shown = "; ".join(f"{s}: {sectors.partners_per_sector[s]}" for s in sectors.sectors)
            console.print(f"\nBy sector ({escape(shown)} partners; sectors of {sectors.min_group_size} or more):")
            for item in sectors.differing:
                console.print(f"   {escape(item.statement)}", highlight=False)
            if not sectors.differing:
                console.print("   no item differs by a level or more between sectors")
        for note in sectors.notes:
            console.print(f"   note: {escape(note)}", highlight=False)
    fa = report.framework_agreement
    console.print(f"\nAcross the framework: alpha ordinal {_n(fa.get('alpha_ordinal'))}, alpha interval "
                  f"{_n(fa.get('alpha_interval'))}, AC2 quadratic {_n(fa.get('ac2_quadratic'))}")
    if fa.get("caution"):
        console.print(f"   caution: {escape(str(fa['caution']))}")
    for note in fa.get("notes", []) or []:
        console.print(f"   note: {escape(str(note))}")
    return buffer.getvalue()


def _n(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
