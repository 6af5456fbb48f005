"""The heat map of a large partnership: how many partners scored each item at each level.

A cell per partner stops being readable (or drawable: one text per cell) beyond a few dozen
partners, and a board reads a distribution, not 37,000 cells. Above `MAX_PARTNER_COLUMNS`
partners the heat map becomes items by levels, each cell the number of partners at that level,
with the partners who gave no score counted apart; the full matrix stays in the merged data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from maturitykit.analysis.board import LARGE_PARTNERSHIP
from maturitykit.render import chartkit as kit
from maturitykit.words import count

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MAX_PARTNER_COLUMNS = LARGE_PARTNERSHIP  # the widest heat map drawn one column per partner (16 in at 0.4 in a column)


def level_counts_chart(partners: int, rows: list[str], grid: list[list[kit.Value]],
                       levels: list[tuple[int, str]], title: str) -> kit.Chart:
    """Items as rows, levels as columns, the count of partners in every cell (and a column for no score)."""
    values = [v for v, _ in levels]
    counts = [[sum(1 for s in row if s == v) for v in values] for row in grid]
    unscored = [sum(1 for s in row if s is None) for row in grid]
    title = f"{title}, as the number of partners at each level"
    lines = []
    for item, row, none in zip(rows, counts, unscored, strict=True):
        parts = [f"{n} at {kit.num_text(v)}" for v, n in zip(values, row, strict=True) if n]
        parts += [f"{none} without a score"] if none else []
        lines.append(f"{kit.one_line(item)}: {', '.join(parts) or 'no partner'}")
    alt = (f"Heat map, {title}: {count(len(rows), 'item')} (rows) by {count(len(values), 'level')} "
           f"(columns), the number of the {count(partners, 'partner')} at each level; darker cells hold "
           "more partners. " + "; ".join(lines) + ".")
    columns = [*(kit.one_line(label) or kit.num_text(v) for v, label in levels), "no score"]

    def draw(fig: Figure) -> None:
        import matplotlib
        import numpy as np

        data = np.array([[*row, none] for row, none in zip(counts, unscored, strict=True)], dtype=float)
        ax = fig.add_subplot()
        image = ax.pcolormesh(np.arange(len(columns) + 1) - 0.5, np.arange(len(rows) + 1) - 0.5, data,
                              cmap=matplotlib.colormaps["Blues"], vmin=0, vmax=max(1, partners),
                              edgecolors="white", linewidth=1.5)
        ax.set_xlim(-0.5, len(columns) - 0.5)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        for r, row in enumerate(data):  # one text a cell: items x (levels + 1), whatever the partners
            for c, n in enumerate(row):
                dark = n > 0.55 * max(1, partners)
                ax.text(c, r, f"{int(n):,}", ha="center", va="center", fontsize=8, fontweight="bold",
                        color="#ffffff" if dark else "#000000", gid=f"cell-{r}-{c}")
        ax.set_yticks(range(len(rows)), labels=[kit.truncate_text(item) for item in rows])
        ax.set_xticks(range(len(columns)), labels=[kit.truncate_text(c, 24) for c in columns])
        ax.xaxis.tick_top()
        ax.tick_params(axis="both", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        bar = fig.colorbar(image, ax=ax, location="bottom", shrink=0.9, aspect=40)
        bar.set_label("partners", fontsize=8)

    width = min(max(6.5, 3.6 + 0.9 * len(columns)), 16.0)
    height = min(2.4 + 0.28 * len(rows), 60.0)
    return kit.render_figure("heatmap", title, alt, (width, height), draw)
