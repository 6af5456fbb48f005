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

import hashlib
import io
import math
import numbers
import re
import textwrap
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["Chart", "benchmark_chart", "change_chart", "heatmap_chart", "radar_chart", "trend_chart"]

_Value = float | None
_Scale = Sequence[tuple[int, str]]


@dataclass(frozen=True)
class Chart:
    """A rendered chart: ``svg`` is a standalone SVG document, ``alt`` its data in words."""

    name: str
    title: str
    svg: str
    alt: str


# Okabe-Ito, without yellow (too pale on white); black is kept for targets.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#999999"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
# "--" is reserved for targets.
LINESTYLES: list[Any] = ["-", "-.", ":", (0, (3, 1, 1, 1, 1, 1))]
TARGET_COLOUR = "#000000"

_RC = {
    "svg.hashsalt": "maturitykit",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": "sans-serif",
    "font.size": 9.0,
    "axes.titlesize": 9.0,
    "figure.titlesize": 12.0,
}
_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_MISSING = "\u2013"  # en dash
_ELLIPSIS = "\u2026"
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LABEL_WIDTH = 40


# --- text and values -------------------------------------------------------------------------


def _clean(text: object) -> str:
    """A label safe to hand to matplotlib: characters XML cannot carry become spaces."""
    return _BAD_XML.sub(" ", str(text))


def _oneline(text: str) -> str:
    return " ".join(text.split())


def _truncate(text: str, width: int = _LABEL_WIDTH) -> str:
    text = _oneline(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + _ELLIPSIS


def _wrap(text: str, width: int, max_lines: int) -> str:
    lines = textwrap.wrap(_oneline(text), width, break_long_words=True, break_on_hyphens=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1] if len(lines[-1]) < width else lines[-1][: width - 1].rstrip()
        lines[-1] = last + _ELLIPSIS
    return "\n".join(lines)


def _num(value: float | None) -> str:
    if value is None:
        return _MISSING
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _levels(scale: _Scale) -> list[tuple[int, str]]:
    if not scale:
        raise ValueError("scale has no levels")
    levels = sorted((int(value), _clean(label)) for value, label in scale)
    values = [value for value, _ in levels]
    if len(set(values)) != len(values):
        raise ValueError(f"scale has repeated level values: {values}")
    return levels


def _scale_words(levels: list[tuple[int, str]]) -> str:
    (lo, lo_label), (hi, hi_label) = levels[0], levels[-1]
    return f"scale {lo} ({_oneline(lo_label)}) to {hi} ({_oneline(hi_label)})"


def _value(value: object, levels: list[tuple[int, str]], where: str) -> _Value:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{where}: expected a number or None, got {value!r}")
    number = float(value)
    if math.isnan(number):
        return None
    lo, hi = levels[0][0], levels[-1][0]
    if not lo <= number <= hi:
        raise ValueError(f"{where}: {_num(number)} is outside the scale {lo} to {hi}")
    return number


def _values(values: Sequence[object], n: int, levels: list[tuple[int, str]], where: str) -> list[_Value]:
    if len(values) != n:
        raise ValueError(f"{where}: expected {n} values, got {len(values)}")
    return [_value(v, levels, f"{where}[{i}]") for i, v in enumerate(values)]


def _grid(matrix: Sequence[Sequence[object]], rows: int, cols: int, levels: list[tuple[int, str]], name: str,
          row_kind: str) -> list[list[_Value]]:
    """A checked rows x cols matrix of scale values (None allowed)."""
    if len(matrix) != rows:
        raise ValueError(f"{name}: expected {rows} rows (one per {row_kind}), got {len(matrix)}")
    return [_values(row, cols, levels, f"{name}[{i}]") for i, row in enumerate(matrix)]


def _labels(labels: Sequence[object], what: str) -> list[str]:
    if not labels:
        raise ValueError(f"nothing to chart: no {what}")
    return [_clean(label) for label in labels]


def _pairs(labels: list[str], values: list[_Value], none: str = "no position") -> str:
    return ", ".join(f"{_oneline(label)} {none if v is None else _num(v)}" for label, v in zip(labels, values, strict=True))


def _nan(values: list[_Value]) -> list[float]:
    return [math.nan if v is None else v for v in values]


def _style(i: int) -> dict[str, Any]:
    return {
        "color": PALETTE[i % len(PALETTE)],
        "marker": MARKERS[i % len(MARKERS)],
        "linestyle": LINESTYLES[i % len(LINESTYLES)],
    }


def _level_ticks(levels: list[tuple[int, str]], sep: str = "\n") -> tuple[list[int], list[str]]:
    return [v for v, _ in levels], [f"{v}{sep}{_truncate(label, 18)}" for v, label in levels]


def _limits(levels: list[tuple[int, str]], pad: float) -> tuple[float, float]:
    lo, hi = levels[0][0], levels[-1][0]
    if lo == hi:
        return lo - 1.0, hi + 1.0
    return lo - pad, hi + pad


# --- rendering -------------------------------------------------------------------------------


@contextmanager
def _settings() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(), warnings.catch_warnings():
        matplotlib.rcdefaults()  # ignore the user's matplotlibrc; undone when the context exits
        matplotlib.rcParams.update(_RC)
        # Text stays text in the SVG, so the reader's fonts supply glyphs DejaVu Sans lacks (e.g. CJK);
        # only the layout's width estimate is affected, which is no reason to warn the user.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        yield


def _export(fig: Figure) -> bytes:
    """The figure as SVG bytes (the one place a figure is saved)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata=_METADATA)
    return buffer.getvalue()


_TAG = re.compile(r"<[^<>]*>")
_REF = re.compile(r'(\bid="|href="#|url\(#)([^")]*)')
_STYLE = '<style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>'


def _finish(raw: bytes, name: str, title: str, alt: str) -> str:
    svg = raw.decode("utf-8")
    svg = svg[svg.index("<svg") :]
    # Ids are made unique per chart so several charts can be inlined in one HTML page. Text content
    # never holds a raw "<" (matplotlib escapes it), so only markup is rewritten.
    prefix = f"mk-{name}-{hashlib.sha256(svg.encode('utf-8')).hexdigest()[:10]}-"
    svg = _TAG.sub(lambda tag: _REF.sub(lambda ref: ref.group(1) + prefix + ref.group(2), tag.group(0)), svg)
    # matplotlib's "*{...}" style rule would leak into an HTML page: carry it on the root instead.
    root = '<svg role="img" stroke-linejoin="round" stroke-linecap="butt" '
    svg = svg.replace(_STYLE, "", 1).replace("<svg ", root, 1)
    head = svg.index(">") + 1
    described = f"\n <title>{escape(_oneline(title))}</title>\n <desc>{escape(alt)}</desc>"
    return svg[:head] + described + svg[head:]


def _render(
    name: str, title: str, alt: str, size: tuple[float, float], draw: Callable[[Figure], None]
) -> Chart:
    from matplotlib.figure import Figure

    with _settings():
        fig = Figure(figsize=size, dpi=100, layout="constrained")
        fig.suptitle(_wrap(title, 80, 2), fontweight="bold")
        draw(fig)
        raw = _export(fig)
    return Chart(name=name, title=title, svg=_finish(raw, name, title, alt), alt=alt)


def _legend(fig: Figure, ax: Axes, count: int) -> None:
    if count:
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=min(count, 4), frameon=False)


# --- dot plot (benchmark, and the radar with fewer than three axes) -----------------------------


def _dot_plot(
    fig: Figure,
    categories: list[str],
    series: list[tuple[str, list[_Value]]],
    target: list[_Value] | None,
    levels: list[tuple[int, str]],
) -> None:
    ax = fig.add_subplot()
    k = max(len(series), 1)
    step = min(0.2, 0.7 / k)
    for j, (label, values) in enumerate(series):
        offset = (j - (k - 1) / 2) * step
        style = _style(j)
        ax.plot(
            _nan(values), [i + offset for i in range(len(categories))], linestyle="none",
            marker=style["marker"], color=style["color"], markersize=7, label=_truncate(label),
            clip_on=False, gid=f"series-{j}", zorder=3,
        )
    if target is not None:
        xs: list[float] = []
        ys: list[float] = []
        for i, t in enumerate(target):
            if t is not None:
                xs += [t, t, math.nan]
                ys += [i - 0.42, i + 0.42, math.nan]
        ax.plot(xs, ys, linestyle="--", color=TARGET_COLOUR, linewidth=1.5, label="Target", gid="target", zorder=2)
    ax.set_yticks(range(len(categories)), labels=[_truncate(c) for c in categories])
    ax.set_ylim(len(categories) - 0.5, -0.5)
    ticks, labels = _level_ticks(levels)
    ax.set_xticks(ticks, labels=labels)
    ax.set_xlim(*_limits(levels, 0.3))
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    for i in range(1, len(categories)):
        ax.axhline(i - 0.5, color="#eeeeee", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    _legend(fig, ax, len(series) + (target is not None))


def _dot_height(rows: int, per_row: int) -> float:
    return min(1.8 + rows * (0.3 + 0.1 * per_row), 40.0)


# --- radar -----------------------------------------------------------------------------------


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
    levels = _levels(scale)
    names = _labels(axes, "axes")
    title = _clean(title)
    drawn = [
        (_clean(label), _values(values, len(names), levels, f"series {label!r}"))
        for label, values in series.items()
    ]
    goal = None if target is None else _values(target, len(names), levels, "target")

    parts = []
    for label, values in drawn:
        parts.append(f"{_oneline(label)}: {_pairs(names, values)}")
    if goal is not None:
        parts.append(f"Target: {_pairs(names, goal, 'no target')}")
    gaps = [label for label, values in drawn if any(v is None for v in values)]
    radar = len(names) >= 3
    if radar:
        head = f"Radar chart, {title}: {_count(len(names), 'spoke')}, {_scale_words(levels)}."
        note = f" Outlines are broken where a series has no position ({', '.join(map(_oneline, gaps))})." if gaps else ""
    else:
        head = (
            f"Dot plot, {title} (a radar needs at least three axes; {_count(len(names), 'axis', 'axes')} shown as rows), "
            f"{_scale_words(levels)}."
        )
        note = f" No dot is drawn where a series has no position ({', '.join(map(_oneline, gaps))})." if gaps else ""
    body = " " + "; ".join(parts) + "." if parts else " No series."
    if goal is not None:
        note += " The target is drawn as a dashed line."
    alt = head + body + note

    def draw(fig: Figure) -> None:
        if not radar:
            _dot_plot(fig, names, drawn, goal, levels)
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
            style = _style(j)
            radii = _nan(values)
            ax.plot(
                closed, [*radii, radii[0]], linewidth=2, markersize=7, label=_truncate(label),
                markevery=list(range(n)), clip_on=False, gid=f"series-{j}", zorder=3, **style,
            )
        if goal is not None:
            radii = _nan(goal)
            ax.plot(
                closed, [*radii, radii[0]], linestyle="--", color=TARGET_COLOUR, linewidth=1.5,
                label="Target", clip_on=False, gid="target", zorder=2,
            )
        ax.set_xticks(angles, labels=[_wrap(a, 18, 3) for a in names])
        ax.tick_params(axis="x", pad=6)
        for label, angle in zip(ax.get_xticklabels(), angles, strict=True):
            across = math.sin(angle)  # clockwise from the top: > 0 on the right-hand side
            label.set_horizontalalignment("left" if across > 0.1 else "right" if across < -0.1 else "center")
        ticks, labels = _level_ticks(levels, sep=" ")
        ax.set_yticks(ticks, labels=labels, color="#444444", fontsize=7.5)
        ax.set_rlabel_position(180 / n)
        ax.grid(color="#cccccc", linewidth=0.8)
        _legend(fig, ax, len(drawn) + (goal is not None))

    size = (7.0, 7.0) if radar else (7.0, _dot_height(len(names), len(drawn)))
    return _render("radar", title, alt, size, draw)


# --- heat map --------------------------------------------------------------------------------


def heatmap_chart(
    partners: list[str],
    items: list[str],
    scores: list[list[int | None]],
    scale: list[tuple[int, str]],
    title: str = "Scores by partner",
) -> Chart:
    """Items as rows, partners as columns, the score printed in every cell ("–" on a hatched cell if none)."""
    levels = _levels(scale)
    cols = _labels(partners, "partners")
    rows = _labels(items, "items")
    title = _clean(title)
    grid = _grid(scores, len(rows), len(cols), levels, "scores", "item")

    missing = sum(v is None for row in grid for v in row)
    lines = [f"{_oneline(item)}: {_pairs(cols, row, 'no score')}" for item, row in zip(rows, grid, strict=True)]
    alt = (
        f"Heat map, {title}: {_count(len(rows), 'item')} (rows) by {_count(len(cols), 'partner')} (columns), "
        f"{_scale_words(levels)}; darker cells are lower scores and each cell shows its score. "
        + "; ".join(lines)
        + "."
        + (f" {_count(missing, 'cell')} without a score, hatched and marked {_MISSING}." if missing else "")
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
        data = np.ma.masked_invalid(np.array([_nan(row) for row in grid], dtype=float))
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
                    c, r, _num(v), ha="center", va="center", color=colour, fontsize=8,
                    fontweight="bold", gid=f"cell-{r}-{c}",
                    bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "linewidth": 0} if v is None else None,
                )
        ax.set_yticks(range(len(rows)), labels=[_truncate(item) for item in rows])
        ax.set_xticks(range(len(cols)), labels=[_truncate(p, 24) for p in cols])
        ax.xaxis.tick_top()
        ax.tick_params(axis="x", labelrotation=40, length=0)
        ax.tick_params(axis="y", length=0)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("left")
            label.set_rotation_mode("anchor")
        for spine in ax.spines.values():
            spine.set_visible(False)
        ticks, labels = _level_ticks(levels)
        bar = fig.colorbar(image, ax=ax, location="bottom", shrink=0.9, aspect=40, ticks=ticks)
        bar.ax.set_xticklabels(labels, fontsize=8)
        bar.ax.tick_params(length=0)

    width = min(max(6.5, 3.6 + 0.55 * len(cols)), 16.0)
    longest = max(len(_truncate(p, 24)) for p in cols)
    height = min(1.9 + 0.07 * longest + 0.28 * len(rows), 60.0)
    return _render("heatmap", title, alt, (width, height), draw)


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
    levels = _levels(scale)
    names = _labels(items, "items")
    first, second = (_clean(label) for label in labels)
    title = _clean(title)
    before = _values(baseline, len(names), levels, "baseline")
    after = _values(followup, len(names), levels, "followup")

    words = []
    for name, b, f in zip(names, before, after, strict=True):
        name = _oneline(name)
        if b is None and f is None:
            words.append(f"{name}: no position in either round")
        elif b is None:
            words.append(f"{name}: no {first} position, {second} {_num(f)}")
        elif f is None:
            words.append(f"{name}: {first} {_num(b)}, no {second} position")
        elif b == f:
            words.append(f"{name}: {_num(b)} in both rounds, no change")
        else:
            direction = "up" if f > b else "down"
            words.append(f"{name}: from {_num(b)} to {_num(f)}, {direction} {_num(abs(f - b))}")
    alt = (
        f"Dumbbell chart, {title}: {first} to {second} for {_count(len(names), 'item')}, {_scale_words(levels)}. "
        f"{first} is a hollow circle, {second} a filled diamond. " + "; ".join(words) + "."
    )

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        ys = list(range(len(names)))
        for y, b, f in zip(ys, before, after, strict=True):
            if b is not None and f is not None:
                ax.plot([b, f], [y, y], color="#888888", linewidth=2.5, zorder=1, solid_capstyle="butt")
        ax.plot(
            _nan(before), ys, linestyle="none", marker="o", markersize=10, markerfacecolor="white",
            markeredgecolor=PALETTE[0], markeredgewidth=2, color=PALETTE[0], label=_truncate(first),
            clip_on=False, gid="baseline", zorder=2,
        )
        ax.plot(
            _nan(after), ys, linestyle="none", marker="D", markersize=6.5, color=PALETTE[1],
            markeredgecolor="#000000", markeredgewidth=0.6, label=_truncate(second), clip_on=False,
            gid="followup", zorder=3,
        )
        ax.set_yticks(ys, labels=[_truncate(n) for n in names])
        ax.set_ylim(len(names) - 0.5, -0.5)
        ticks, tick_labels = _level_ticks(levels)
        ax.set_xticks(ticks, labels=tick_labels)
        ax.set_xlim(*_limits(levels, 0.3))
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        _legend(fig, ax, 2)

    return _render("change", title, alt, (7.0, min(2.0 + 0.32 * len(names), 40.0)), draw)


# --- trend -----------------------------------------------------------------------------------


def trend_chart(
    rounds: list[str],
    items: list[str],
    positions: list[list[float | None]],
    scale: list[tuple[int, str]],
    title: str = "Positions over rounds",
) -> Chart:
    """``positions[i][r]`` is item i's position in round r. Up to 8 items share one panel; more get small multiples."""
    levels = _levels(scale)
    steps = _labels(rounds, "rounds")
    names = _labels(items, "items")
    title = _clean(title)
    grid = _grid(positions, len(names), len(steps), levels, "positions", "item")
    multiples = len(names) > 8

    layout = "one small panel per item" if multiples else "one line per item, each with its own marker and line style"
    alt = (
        f"Line chart, {title}: {_count(len(names), 'item')} over {_count(len(steps), 'round')} ({', '.join(map(_oneline, steps))}), "
        f"{layout}, {_scale_words(levels)}. "
        + "; ".join(f"{_oneline(n)}: {_pairs(steps, row)}" for n, row in zip(names, grid, strict=True))
        + "."
        + (" Lines are broken where an item has no position." if any(None in row for row in grid) else "")
    )
    ticks, tick_labels = _level_ticks(levels, sep=" ")
    xs = list(range(len(steps)))
    ylim = _limits(levels, 0.25)

    def draw_single(fig: Figure) -> None:
        ax = fig.add_subplot()
        # Positions are ordinal, so lines often coincide: each item is nudged sideways a little.
        step = min(0.05, 0.3 / len(names))
        for i, (name, row) in enumerate(zip(names, grid, strict=True)):
            nudge = (i - (len(names) - 1) / 2) * step
            ax.plot([x + nudge for x in xs], _nan(row), linewidth=2, markersize=7, label=_truncate(name),
                    clip_on=False, gid=f"series-{i}", **_style(i))
        ax.set_xticks(xs, labels=[_truncate(s, 16) for s in steps])
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
            ax.plot(xs, _nan(grid[index]), color=PALETTE[0], marker="o", linewidth=1.8, markersize=5,
                    clip_on=False, gid=f"series-{index}")
            ax.set_title(_wrap(names[index], 26, 2), fontsize=7.5, loc="left")
            ax.grid(axis="y", color="#dddddd", linewidth=0.8)
            ax.set_axisbelow(True)
            ax.tick_params(labelsize=7.5)
        first = panels[0][0]
        first.set_xticks(xs, labels=[_truncate(s, 10) for s in steps])
        first.set_xlim(-0.3, len(steps) - 0.7)
        first.set_yticks(ticks)
        first.set_ylim(*ylim)
        for ax in panels.flat:
            if ax.get_visible():
                ax.tick_params(axis="x", labelbottom=True, labelrotation=30 if len(steps) > 3 else 0)
        fig.supylabel(f"Position ({_oneline(_scale_words(levels))})", fontsize=8.5)

    if multiples:
        return _render("trend", title, alt, (8.0, min(1.2 + 1.9 * nrows, 60.0)), draw_multiples)
    legend_rows = math.ceil(len(names) / 2)
    return _render("trend", title, alt, (7.0, 4.4 + 0.22 * legend_rows), draw_single)


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
    levels = _levels(scale)
    where = _labels(places, "places")
    names = _labels(domains, "domains")
    title = _clean(title)
    grid = _grid(positions, len(where), len(names), levels, "positions", "place")

    alt = (
        f"Dot plot, {title}: {_count(len(where), 'place')} compared across {_count(len(names), 'domain')} (rows), "
        f"one marker shape per place, {_scale_words(levels)}. "
        + "; ".join(f"{_oneline(place)}: {_pairs(names, row)}" for place, row in zip(where, grid, strict=True))
        + "."
    )

    def draw(fig: Figure) -> None:
        _dot_plot(fig, names, list(zip(where, grid, strict=True)), None, levels)

    return _render("benchmark", title, alt, (7.0, _dot_height(len(names), len(where))), draw)
