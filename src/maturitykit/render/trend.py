"""A trend as text: items as rows, rounds as columns, for the terminal or Markdown."""

from __future__ import annotations

from maturitykit.analysis.trend import TrendPoint, TrendResult
from maturitykit.render.env import md
from maturitykit.render.numbers import number
from maturitykit.words import count


def _cell(point: TrendPoint) -> str:
    if point.position is None:
        return "–"
    return number(point.position) + ("*" if point.basis == "consensus" else "") + ("?" if not point.agreed else "")


def render_trend(result: TrendResult, fmt_name: str) -> str:
    """human or md text: items as rows, rounds as columns."""
    labels = [r.label for r in result.rounds]
    rows = [[(i.code or i.item), i.title, *[_cell(p) for p in i.points]] for i in result.items]
    legend = ("* = recorded consensus (else the median of partners' scores); ? = partners diverged and no "
              "consensus was recorded; – = nobody scored the item")
    if fmt_name == "md":
        lines = [f"# {md(result.framework_title)}: positions by round", "",
                 f"Framework `{result.framework}` version {md(result.framework_version)}.", "",
                 "| Item | Title | " + " | ".join(md(label) for label in labels) + " |",
                 "|---|---|" + "---|" * len(labels)]
        lines.extend("| " + " | ".join(md(c) for c in row) + " |" for row in rows)
        lines.extend(["", md(legend)])
        if result.notes:
            lines.append("")
            lines.extend(f"- {md(note)}" for note in result.notes)
        return "\n".join(lines) + "\n"
    headers = ["item", "title", *labels]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = [f"{result.framework_title} ({result.framework} version {result.framework_version}): positions by round"]
    lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows)
    lines.append(legend)
    for r in result.rounds:
        lines.append(f"{r.label}: {count(len(r.partners), 'partner')}, {count(r.consensus_items, 'consensus item')}")
    lines.extend(f"note: {note}" for note in result.notes)
    return "\n".join(lines) + "\n"
