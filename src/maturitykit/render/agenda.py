"""Rendering the divergence report: a terminal view, Markdown and HTML (with dot strips)."""

from __future__ import annotations

from pathlib import Path

from maturitykit.analysis.divergence import AgendaItem, DivergenceReport
from maturitykit.render.env import environment, render_template
from maturitykit.words import count


def dot_strip(item: AgendaItem, scale: list[int]) -> str:
    """One character column per level with the count of partners there, e.g. '1:· 2:●● 3:●●● 4:·'."""
    scale = item.scale or scale  # an item on its own scale is drawn on it
    counts = dict.fromkeys(scale, 0)
    for s in item.scores:
        if s.score is not None:
            counts[s.score] += 1
    return "  ".join(f"{v}:{'●' * c if c else '·'}" for v, c in counts.items())


def strip_svg(item: AgendaItem, scale: list[int], width: int = 220, height: int = 34) -> dict[str, object]:
    """Coordinates for an inline SVG dot strip (the template draws it, autoescaped)."""
    scale = item.scale or scale  # an item on its own scale is drawn on it
    pad = 14
    step = (width - 2 * pad) / max(1, len(scale) - 1)
    x_of = {v: pad + i * step for i, v in enumerate(scale)}
    dots = []
    stacked: dict[int, int] = {}
    for s in item.scores:
        if s.score is None:
            continue
        k = stacked.get(s.score, 0)
        stacked[s.score] = k + 1
        dots.append({"x": round(x_of[s.score], 1), "y": height - 8 - 7 * k, "partner": s.partner, "score": s.score})
    median = None if item.median is None else round(
        pad + (item.median - scale[0]) / max(1, scale[-1] - scale[0]) * (width - 2 * pad), 1)
    agreed = None if item.agreed is None else round(x_of[item.agreed], 1)
    ticks = [{"x": round(x, 1), "label": v} for v, x in x_of.items()]
    return {"width": width, "height": height + 12, "dots": dots, "median": median, "agreed": agreed, "ticks": ticks,
            "base": height - 4}


def render_agenda(report: DivergenceReport, fmt: str, templates: str | Path | None = None) -> str:
    env = environment(templates)
    template_name = "divergence.html.j2" if fmt == "html" else "divergence.md.j2"
    labels = dict(zip(report.scale, report.scale_labels, strict=True))

    def label(item: AgendaItem, value: object) -> str:
        own = dict(zip(item.scale, item.scale_labels or [], strict=True)) if item.scale else labels
        return own.get(value, "")  # type: ignore[call-overload]

    return render_template(env, template_name, report=report, label=label, strip=lambda it: dot_strip(it, report.scale),
                           svg=lambda it: strip_svg(it, report.scale))


def render_terminal(report: DivergenceReport) -> str:
    from io import StringIO

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    buffer = StringIO()
    console = Console(file=buffer, width=120, force_terminal=False, color_system=None)
    console.print(f"Divergence: {report.framework} v{report.framework_version}, {count(len(report.partners), 'partner')}; "
                  f"{report.divergent_count} of {count(len(report.items), 'item')} divergent")
    table = Table("#", "item", "scores", "median", "agreed", "AD", "rwg", "why", show_lines=False)
    for a in report.items:
        if not a.divergent:
            continue
        star = "★ " if a.short_term else ""
        table.add_row(str(a.rank), escape(f"{star}{a.title}"), dot_strip(a, report.scale),
                      _n(a.median), "" if a.agreed is None else str(a.agreed), _n(a.ad), _n(a.rwg),
                      escape("; ".join(a.reasons)))
    console.print(table)
    for a in report.items:
        if not a.divergent:
            continue
        console.print(f"\n[{a.rank}] {escape(a.title)}")
        for side, people in (("low", a.low), ("high", a.high)):
            for s in people:
                text = s.rationale or "(no rationale given)"
                console.print(f"   {side} {s.score} {escape(s.partner)}: {escape(text)}", highlight=False)
    console.print("\nPartners compared with the item medians:")
    for t in report.tendencies:
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
