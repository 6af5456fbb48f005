"""The shared machinery of the report charts: settings, palette, text cleaning, SVG export and dot plots.

Charts (charts.py) are built from these so that every chart is deterministic, accessible and safe
with untrusted text in the same way (the rules are listed in charts.py's docstring).
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

from maturitykit.render.numbers import number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


Value = float | None
Scale = Sequence[tuple[int, str]]


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

RC = {
    "svg.hashsalt": "maturitykit",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": "sans-serif",
    "font.size": 9.0,
    "axes.titlesize": 9.0,
    "figure.titlesize": 12.0,
}
METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
MISSING = "\u2013"  # en dash
ELLIPSIS = "\u2026"
BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
LABEL_WIDTH = 40


# --- text and values -------------------------------------------------------------------------


def clean_text(text: object) -> str:
    """A label safe to hand to matplotlib: characters XML cannot carry become spaces."""
    return BAD_XML.sub(" ", str(text))


def one_line(text: str) -> str:
    return " ".join(text.split())


def truncate_text(text: str, width: int = LABEL_WIDTH) -> str:
    """The text on one line, cut at a word boundary to at most `width` characters with an ellipsis (a label is
    never cut mid-word unless its first word alone is too long)."""
    text = one_line(text)
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if not text[width - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-(") + ELLIPSIS


def wrap_text(text: str, width: int, max_lines: int) -> str:
    lines = textwrap.wrap(one_line(text), width, break_long_words=True, break_on_hyphens=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1] if len(lines[-1]) < width else lines[-1][: width - 1].rstrip()
        lines[-1] = last + ELLIPSIS
    return "\n".join(lines)


def num_text(value: float | None) -> str:
    # The one number rule of every renderer (render/numbers.py), so a chart and its table agree.
    return number(None if value is None else float(value))


def scale_levels(scale: Scale) -> list[tuple[int, str]]:
    if not scale:
        raise ValueError("scale has no levels")
    levels = sorted((int(value), clean_text(label)) for value, label in scale)
    values = [value for value, _ in levels]
    if len(set(values)) != len(values):
        raise ValueError(f"scale has repeated level values: {values}")
    return levels


def scale_words(levels: list[tuple[int, str]]) -> str:
    (lo, lo_label), (hi, hi_label) = levels[0], levels[-1]
    return f"scale {lo} ({one_line(lo_label)}) to {hi} ({one_line(hi_label)})"


def checked_value(value: object, levels: list[tuple[int, str]], where: str) -> Value:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{where}: expected a number or None, got {value!r}")
    number = float(value)
    if math.isnan(number):
        return None
    lo, hi = levels[0][0], levels[-1][0]
    if not lo <= number <= hi:
        raise ValueError(f"{where}: {num_text(number)} is outside the scale {lo} to {hi}")
    return number


def checked_values(values: Sequence[object], n: int, levels: list[tuple[int, str]], where: str) -> list[Value]:
    if len(values) != n:
        raise ValueError(f"{where}: expected {n} values, got {len(values)}")
    return [checked_value(v, levels, f"{where}[{i}]") for i, v in enumerate(values)]


def checked_grid(matrix: Sequence[Sequence[object]], rows: int, cols: int, levels: list[tuple[int, str]], name: str,
          row_kind: str) -> list[list[Value]]:
    """A checked rows x cols matrix of scale values (None allowed)."""
    if len(matrix) != rows:
        raise ValueError(f"{name}: expected {rows} rows (one per {row_kind}), got {len(matrix)}")
    return [checked_values(row, cols, levels, f"{name}[{i}]") for i, row in enumerate(matrix)]


def clean_labels(labels: Sequence[object], what: str) -> list[str]:
    if not labels:
        raise ValueError(f"nothing to chart: no {what}")
    return [clean_text(label) for label in labels]


def pairs_text(labels: list[str], values: list[Value], none: str = "no position") -> str:
    return ", ".join(f"{one_line(label)} {none if v is None else num_text(v)}" for label, v in zip(labels, values, strict=True))


def as_nan(values: list[Value]) -> list[float]:
    return [math.nan if v is None else v for v in values]


def series_style(i: int) -> dict[str, Any]:
    return {
        "color": PALETTE[i % len(PALETTE)],
        "marker": MARKERS[i % len(MARKERS)],
        "linestyle": LINESTYLES[i % len(LINESTYLES)],
    }


def level_ticks(levels: list[tuple[int, str]], sep: str = "\n") -> tuple[list[int], list[str]]:
    return [v for v, _ in levels], [f"{v}{sep}{truncate_text(label, 18)}" for v, label in levels]


def axis_limits(levels: list[tuple[int, str]], pad: float) -> tuple[float, float]:
    lo, hi = levels[0][0], levels[-1][0]
    if lo == hi:
        return lo - 1.0, hi + 1.0
    return lo - pad, hi + pad


# --- rendering -------------------------------------------------------------------------------


@contextmanager
def chart_settings() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(), warnings.catch_warnings():
        matplotlib.rcdefaults()  # ignore the user's matplotlibrc; undone when the context exits
        matplotlib.rcParams.update(RC)
        # Text stays text in the SVG, so the reader's fonts supply glyphs DejaVu Sans lacks (e.g. CJK);
        # only the layout's width estimate is affected, which is no reason to warn the user.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        yield


def export_svg(fig: Figure) -> bytes:
    """The figure as SVG bytes (the one place a figure is saved)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata=METADATA)
    return buffer.getvalue()


TAG = re.compile(r"<[^<>]*>")
REF = re.compile(r'(\bid="|href="#|url\(#)([^")]*)')
STYLE = '<style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>'


def finish_svg(raw: bytes, name: str, title: str, alt: str) -> str:
    svg = raw.decode("utf-8")
    svg = svg[svg.index("<svg") :]
    # Ids are made unique per chart so several charts can be inlined in one HTML page. Text content
    # never holds a raw "<" (matplotlib escapes it), so only markup is rewritten.
    prefix = f"mk-{name}-{hashlib.sha256(svg.encode('utf-8')).hexdigest()[:10]}-"
    svg = TAG.sub(lambda tag: REF.sub(lambda ref: ref.group(1) + prefix + ref.group(2), tag.group(0)), svg)
    # matplotlib's "*{...}" style rule would leak into an HTML page: carry it on the root instead.
    root = '<svg role="img" stroke-linejoin="round" stroke-linecap="butt" '
    svg = svg.replace(STYLE, "", 1).replace("<svg ", root, 1)
    head = svg.index(">") + 1
    described = f"\n <title>{escape(one_line(title))}</title>\n <desc>{escape(alt)}</desc>"
    return svg[:head] + described + svg[head:]


def render_figure(
    name: str, title: str, alt: str, size: tuple[float, float], draw: Callable[[Figure], None]
) -> Chart:
    from matplotlib.figure import Figure

    with chart_settings():
        fig = Figure(figsize=size, dpi=100, layout="constrained")
        fig.suptitle(wrap_text(title, 80, 2), fontweight="bold")
        draw(fig)
        raw = export_svg(fig)
    return Chart(name=name, title=title, svg=finish_svg(raw, name, title, alt), alt=alt)


def add_legend(fig: Figure, ax: Axes, count: int) -> None:
    if count:
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=min(count, 4), frameon=False)


# --- dot plot (benchmark, and the radar with fewer than three axes) -----------------------------


def dot_plot(
    fig: Figure,
    categories: list[str],
    series: list[tuple[str, list[Value]]],
    target: list[Value] | None,
    levels: list[tuple[int, str]],
) -> None:
    ax = fig.add_subplot()
    k = max(len(series), 1)
    step = min(0.2, 0.7 / k)
    for j, (label, values) in enumerate(series):
        offset = (j - (k - 1) / 2) * step
        style = series_style(j)
        ax.plot(
            as_nan(values), [i + offset for i in range(len(categories))], linestyle="none",
            marker=style["marker"], color=style["color"], markersize=7, label=truncate_text(label),
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
    ax.set_yticks(range(len(categories)), labels=[truncate_text(c) for c in categories])
    ax.set_ylim(len(categories) - 0.5, -0.5)
    ticks, labels = level_ticks(levels)
    ax.set_xticks(ticks, labels=labels)
    ax.set_xlim(*axis_limits(levels, 0.3))
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    for i in range(1, len(categories)):
        ax.axhline(i - 0.5, color="#eeeeee", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    add_legend(fig, ax, len(series) + (target is not None))


def dot_height(rows: int, per_row: int) -> float:
    return min(1.8 + rows * (0.3 + 0.1 * per_row), 40.0)


# --- radar -----------------------------------------------------------------------------------

