"""Charts for reports: pure functions from plain data to a standalone SVG plus a text alternative.

Every function returns a :class:`Chart`: ``svg`` is a complete SVG document (no XML prolog, so it can
be inlined in HTML or written as a ``.svg`` file) and ``alt`` states the data in words for readers who
cannot see the picture.

Design rules, shared by all charts:

* matplotlib is imported lazily, inside the functions, and used through its object-oriented API
  (:class:`matplotlib.figure.Figure`, no pyplot), so importing this module stays cheap and no global
  backend is chosen. Settings are applied inside :func:`matplotlib.rc_context`, starting from
  matplotlib's own defaults, so a user's ``matplotlibrc`` does not change the output and the caller's
  settings are restored afterwards.
* Output is deterministic: the same data gives byte-identical SVG (fixed ``svg.hashsalt``, no date or
  creator metadata, text kept as text rather than glyph paths).
* Series are told apart by marker shape and line style as well as colour (Okabe-Ito palette); the heat
  map uses "cividis" and prints the value in every cell.
* All text passed in is untrusted: control characters are removed, ``$`` is never read as mathtext
  (``text.parse_math`` is off) and matplotlib escapes ``<``, ``&`` and ``"`` in the SVG.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from maturitykit.render import chartkit as kit
from maturitykit.render.chartkit import Chart
from maturitykit.render.level_counts import MAX_PARTNER_COLUMNS, level_counts_chart
from maturitykit.words import count

__all__ = ["Chart", "benchmark_chart", "change_chart", "heatmap_chart", "radar_chart", "trend_chart"]

def radar_chart(
    axes: list[str],
    series: dict[str, list[float | None]],
    scale: list[tuple[int, str]],
    target: list[float | None] | None = None,
    title: str = "Positions by domain",
) -> Chart:
    """One spoke per axis (domain or group), one outline per series (round label -> value per axis).

    ``None`` means no position: the outline is broken at that spoke. ``target`` is drawn dashed.
    With fewer than three axes a radar is meaningless, so a horizontal dot plot is drawn instead.
    """
    levels = kit.scale_levels(scale)
    names = kit.clean_labels(axes, "axes")
    title = kit.clean_text(title)
    drawn = [
        (kit.clean_text(label), kit.checked_values(values, len(names), levels, f"series {label!r}"))
        for label, values in series.items()
    ]
    goal = None if target is None else kit.checked_values(target, len(names), levels, "target")

    parts = []
    for label, values in drawn:
        parts.append(f"{kit.one_line(label)}: {kit.pairs_text(names, values)}")
    if goal is not None:
        parts.append(f"Target: {kit.pairs_text(names, goal, 'no target')}")
    gaps = [label for label, values in drawn if any(v is None for v in values)]
    radar = len(names) >= 3
    if radar:
        head = f"Radar chart, {title}: {count(len(names), 'spoke')}, {kit.scale_words(levels)}."
        note = f" Outlines are broken where a series has no position ({', '.join(map(kit.one_line, gaps))})." if gaps else ""
    else:
        head = (
            f"Dot plot, {title} (a radar needs at least three axes; {count(len(names), 'axis', 'axes')} shown as rows), "
            f"{kit.scale_words(levels)}."
        )
        note = f" No dot is drawn where a series has no position ({', '.join(map(kit.one_line, gaps))})." if gaps else ""
    body = " " + "; ".join(parts) + "." if parts else " No series."
    if goal is not None:
        note += " The target is drawn as a dashed line."
    alt = head + body + note

    def draw(fig: Figure) -> None:
        if not radar:
            kit.dot_plot(fig, names, drawn, goal, levels)
            return
        n = len(names)
        ax = fig.add_subplot(projection="polar")
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        lo, hi = levels[0][0], levels[-1][0]
        span = max(hi - lo, 1)
        ax.set_ylim(lo, hi if hi > lo else lo + 1)
        ax.set_rorigin(lo - 0.3 * span)
        angles = [2 * math.pi * i / n for i in range(n)]
        closed = [*angles, 2 * math.pi]
        for j, (label, values) in enumerate(drawn):
            style = kit.series_style(j)
            radii = kit.as_nan(values)
            ax.plot(
                closed, [*radii, radii[0]], linewidth=2, markersize=7, label=kit.truncate_text(label),
                markevery=list(range(n)), clip_on=False, gid=f"series-{j}", zorder=3, **style,
            )
        if goal is not None:
            radii = kit.as_nan(goal)
            ax.plot(
                closed, [*radii, radii[0]], linestyle="--", color=kit.TARGET_COLOUR, linewidth=1.5,
                label="Target", clip_on=False, gid="target", zorder=2,
            )
        ax.set_xticks(angles, labels=[kit.wrap_text(a, 18, 3) for a in names])
        ax.tick_params(axis="x", pad=6)
        for label, angle in zip(ax.get_xticklabels(), angles, strict=True):
            across = math.sin(angle)  # clockwise from the top: > 0 on the right-hand side
            label.set_horizontalalignment("left" if across > 0.1 else "right" if across < -0.1 else "center")
        ticks, labels = kit.level_ticks(levels, sep=" ")
        ax.set_yticks(ticks, labels=labels, color="#444444", fontsize=7.5)
        ax.set_rlabel_position(180 / n)
        ax.grid(color="#cccccc", linewidth=0.8)
        kit.add_legend(fig, ax, len(drawn) + (goal is not None))

    size = (7.0, 7.0) if radar else (7.0, kit.dot_height(len(names), len(drawn)))
    return kit.render_figure("radar", title, alt, size, draw)


# --- heat map --------------------------------------------------------------------------------


def heatmap_chart(
    partners: list[str],
    items: list[str],
    scores: list[list[int | None]],
    scale: list[tuple[int, str]],
    title: str = "Scores by partner",
) -> Chart:
    """Items as rows, partners as columns, the score printed in every cell ("–" on a hatched cell if none);
    beyond MAX_PARTNER_COLUMNS partners, items by levels with the count of partners in each cell."""
    levels = kit.scale_levels(scale)
    cols = kit.clean_labels(partners, "partners")
    rows = kit.clean_labels(items, "items")
    title = kit.clean_text(title)
    grid = kit.checked_grid(scores, len(rows), len(cols), levels, "scores", "item")
    if len(cols) > MAX_PARTNER_COLUMNS:  # a distribution, not a column a partner (render/level_counts.py)
        return level_counts_chart(len(cols), rows, grid, levels, title)

    missing = sum(v is None for row in grid for v in row)
    lines = [f"{kit.one_line(item)}: {kit.pairs_text(cols, row, 'no score')}" for item, row in zip(rows, grid, strict=True)]
    alt = (
        f"Heat map, {title}: {count(len(rows), 'item')} (rows) by {count(len(cols), 'partner')} (columns), "
        f"{kit.scale_words(levels)}; darker cells are lower scores and each cell shows its score. "
        + "; ".join(lines)
        + "."
        + (f" {count(missing, 'cell')} without a score, hatched and marked {kit.MISSING}." if missing else "")
    )

    def draw(fig: Figure) -> None:
        import matplotlib
        import numpy as np
        from matplotlib.colors import BoundaryNorm
        from matplotlib.patches import Rectangle

        values = [v for v, _ in levels]
        if len(values) == 1:
            bounds = [values[0] - 0.5, values[0] + 0.5]
        else:
            mids = [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)]
            bounds = [values[0] - (mids[0] - values[0]), *mids, values[-1] + (values[-1] - mids[-1])]
        cmap = matplotlib.colormaps["cividis"].resampled(len(values))
        norm = BoundaryNorm(bounds, cmap.N)
        data = np.ma.masked_invalid(np.array([kit.as_nan(row) for row in grid], dtype=float))
        ax = fig.add_subplot()
        # Vector cells (not imshow's embedded bitmap): crisp at any zoom, white gaps between cells.
        image = ax.pcolormesh(
            np.arange(len(cols) + 1) - 0.5, np.arange(len(rows) + 1) - 0.5, data, cmap=cmap, norm=norm,
            edgecolors="white", linewidth=1.5,
        )
        ax.set_xlim(-0.5, len(cols) - 0.5)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        for r, row in enumerate(grid):
            for c, v in enumerate(row):
                if v is None:
                    ax.add_patch(
                        Rectangle(
                            (c - 0.46, r - 0.46), 0.92, 0.92, facecolor="white", edgecolor="#b0b0b0",
                            hatch="///", linewidth=0, gid=f"missing-{r}-{c}",
                        )
                    )
                    colour = "#000000"
                else:
                    red, green, blue, _ = cmap(norm(v))
                    colour = "#000000" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.45 else "#ffffff"
                ax.text(
                    c, r, kit.num_text(v), ha="center", va="center", color=colour, fontsize=8,
                    fontweight="bold", gid=f"cell-{r}-{c}",
                    bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "linewidth": 0} if v is None else None,
                )
        ax.set_yticks(range(len(rows)), labels=[kit.truncate_text(item) for item in rows])
        ax.set_xticks(range(len(cols)), labels=[kit.truncate_text(p, 24) for p in cols])
        ax.xaxis.tick_top()
        ax.tick_params(axis="x", labelrotation=40, length=0)
        ax.tick_params(axis="y", length=0)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("left")
            label.set_rotation_mode("anchor")
        for spine in ax.spines.values():
            spine.set_visible(False)
        ticks, labels = kit.level_ticks(levels)
        bar = fig.colorbar(image, ax=ax, location="bottom", shrink=0.9, aspect=40, ticks=ticks)
        bar.ax.set_xticklabels(labels, fontsize=8)
        bar.ax.tick_params(length=0)

    width = min(max(6.5, 3.6 + 0.55 * len(cols)), 16.0)
    longest = max(len(kit.truncate_text(p, 24)) for p in cols)
    height = min(1.9 + 0.07 * longest + 0.28 * len(rows), 60.0)
    return kit.render_figure("heatmap", title, alt, (width, height), draw)


# --- change (dumbbell) -----------------------------------------------------------------------


def change_chart(
    items: list[str],
    baseline: list[float | None],
    followup: list[float | None],
    scale: list[tuple[int, str]],
    labels: tuple[str, str] = ("Baseline", "Follow-up"),
    title: str = "Change between rounds",
) -> Chart:
    """A dumbbell per item: a line from the first round's position to the second's, one marker per round."""
    levels = kit.scale_levels(scale)
    names = kit.clean_labels(items, "items")
    first, second = (kit.clean_text(label) for label in labels)
    title = kit.clean_text(title)
    before = kit.checked_values(baseline, len(names), levels, "baseline")
    after = kit.checked_values(followup, len(names), levels, "followup")

    words = []
    for name, b, f in zip(names, before, after, strict=True):
        name = kit.one_line(name)
        if b is None and f is None:
            words.append(f"{name}: no position in either round")
        elif b is None:
            words.append(f"{name}: no {first} position, {second} {kit.num_text(f)}")
        elif f is None:
            words.append(f"{name}: {first} {kit.num_text(b)}, no {second} position")
        elif b == f:
            words.append(f"{name}: {kit.num_text(b)} in both rounds, no change")
        else:
            direction = "up" if f > b else "down"
            words.append(f"{name}: from {kit.num_text(b)} to {kit.num_text(f)}, {direction} {kit.num_text(abs(f - b))}")
    alt = (
        f"Dumbbell chart, {title}: {first} to {second} for {count(len(names), 'item')}, {kit.scale_words(levels)}. "
        f"{first} is a hollow circle, {second} a filled diamond. " + "; ".join(words) + "."
    )

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        ys = list(range(len(names)))
        for y, b, f in zip(ys, before, after, strict=True):
            if b is not None and f is not None:
                ax.plot([b, f], [y, y], color="#888888", linewidth=2.5, zorder=1, solid_capstyle="butt")
        ax.plot(
            kit.as_nan(before), ys, linestyle="none", marker="o", markersize=10, markerfacecolor="white",
            markeredgecolor=kit.PALETTE[0], markeredgewidth=2, color=kit.PALETTE[0], label=kit.truncate_text(first),
            clip_on=False, gid="baseline", zorder=2,
        )
        ax.plot(
            kit.as_nan(after), ys, linestyle="none", marker="D", markersize=6.5, color=kit.PALETTE[1],
            markeredgecolor="#000000", markeredgewidth=0.6, label=kit.truncate_text(second), clip_on=False,
            gid="followup", zorder=3,
        )
        ax.set_yticks(ys, labels=[kit.truncate_text(n) for n in names])
        ax.set_ylim(len(names) - 0.5, -0.5)
        ticks, tick_labels = kit.level_ticks(levels)
        ax.set_xticks(ticks, labels=tick_labels)
        ax.set_xlim(*kit.axis_limits(levels, 0.3))
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        kit.add_legend(fig, ax, 2)

    return kit.render_figure("change", title, alt, (7.0, min(2.0 + 0.32 * len(names), 40.0)), draw)


# --- trend -----------------------------------------------------------------------------------


def trend_chart(
    rounds: list[str],
    items: list[str],
    positions: list[list[float | None]],
    scale: list[tuple[int, str]],
    title: str = "Positions over rounds",
) -> Chart:
    """``positions[i][r]`` is item i's position in round r. Up to 8 items share one panel; more get small multiples."""
    levels = kit.scale_levels(scale)
    steps = kit.clean_labels(rounds, "rounds")
    names = kit.clean_labels(items, "items")
    title = kit.clean_text(title)
    grid = kit.checked_grid(positions, len(names), len(steps), levels, "positions", "item")
    multiples = len(names) > 8

    layout = "one small panel per item" if multiples else "one line per item, each with its own marker and line style"
    alt = (
        f"Line chart, {title}: {count(len(names), 'item')} over {count(len(steps), 'round')} ({', '.join(map(kit.one_line, steps))}), "
        f"{layout}, {kit.scale_words(levels)}. "
        + "; ".join(f"{kit.one_line(n)}: {kit.pairs_text(steps, row)}" for n, row in zip(names, grid, strict=True))
        + "."
        + (" Lines are broken where an item has no position." if any(None in row for row in grid) else "")
    )
    ticks, tick_labels = kit.level_ticks(levels, sep=" ")
    xs = list(range(len(steps)))
    ylim = kit.axis_limits(levels, 0.25)

    def draw_single(fig: Figure) -> None:
        ax = fig.add_subplot()
        # Positions are ordinal, so lines often coincide: each item is nudged sideways a little.
        step = min(0.05, 0.3 / len(names))
        for i, (name, row) in enumerate(zip(names, grid, strict=True)):
            nudge = (i - (len(names) - 1) / 2) * step
            ax.plot([x + nudge for x in xs], kit.as_nan(row), linewidth=2, markersize=7, label=kit.truncate_text(name),
                    clip_on=False, gid=f"series-{i}", **kit.series_style(i))
        ax.set_xticks(xs, labels=[kit.truncate_text(s, 16) for s in steps])
        ax.set_xlim(-0.3, len(steps) - 0.7)
        ax.set_yticks(ticks, labels=tick_labels)
        ax.set_ylim(*ylim)
        ax.grid(axis="y", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False)

    ncols = 4
    nrows = math.ceil(len(names) / ncols)

    def draw_multiples(fig: Figure) -> None:
        panels = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False)
        for index, ax in enumerate(panels.flat):
            if index >= len(names):
                ax.set_visible(False)
                continue
            ax.plot(xs, kit.as_nan(grid[index]), color=kit.PALETTE[0], marker="o", linewidth=1.8, markersize=5,
                    clip_on=False, gid=f"series-{index}")
            ax.set_title(kit.wrap_text(names[index], 26, 2), fontsize=7.5, loc="left")
            ax.grid(axis="y", color="#dddddd", linewidth=0.8)
            ax.set_axisbelow(True)
            ax.tick_params(labelsize=7.5)
        first = panels[0][0]
        first.set_xticks(xs, labels=[kit.truncate_text(s, 10) for s in steps])
        first.set_xlim(-0.3, len(steps) - 0.7)
        first.set_yticks(ticks)
        first.set_ylim(*ylim)
        for ax in panels.flat:
            if ax.get_visible():
                ax.tick_params(axis="x", labelbottom=True, labelrotation=30 if len(steps) > 3 else 0)
        fig.supylabel(f"Position ({kit.one_line(kit.scale_words(levels))})", fontsize=8.5)

    if multiples:
        return kit.render_figure("trend", title, alt, (8.0, min(1.2 + 1.9 * nrows, 60.0)), draw_multiples)
    legend_rows = math.ceil(len(names) / 2)
    return kit.render_figure("trend", title, alt, (7.0, 4.4 + 0.22 * legend_rows), draw_single)


# --- benchmark -------------------------------------------------------------------------------


def benchmark_chart(
    places: list[str],
    domains: list[str],
    positions: list[list[float | None]],
    scale: list[tuple[int, str]],
    title: str = "Positions by place",
) -> Chart:
    """A dot plot comparing places: domains as rows, one marker shape and colour per place.

    ``positions[p][d]`` is place p's position in domain d.
    """
    levels = kit.scale_levels(scale)
    where = kit.clean_labels(places, "places")
    names = kit.clean_labels(domains, "domains")
    title = kit.clean_text(title)
    grid = kit.checked_grid(positions, len(where), len(names), levels, "positions", "place")

    alt = (
        f"Dot plot, {title}: {count(len(where), 'place')} compared across {count(len(names), 'domain')} (rows), "
        f"one marker shape per place, {kit.scale_words(levels)}. "
        + "; ".join(f"{kit.one_line(place)}: {kit.pairs_text(names, row)}" for place, row in zip(where, grid, strict=True))
        + "."
    )

    def draw(fig: Figure) -> None:
        kit.dot_plot(fig, names, list(zip(where, grid, strict=True)), None, levels)

    return kit.render_figure("benchmark", title, alt, (7.0, kit.dot_height(len(names), len(where))), draw)
