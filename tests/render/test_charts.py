"""Report charts: valid standalone SVG, deterministic, data in the alt text, untrusted labels kept inert."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO
from maturitykit.render import charts

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
SCALE = [(1, "Emerging"), (2, "Developing"), (3, "Maturing"), (4, "Thriving")]
DOMAINS = ["Operational coordination", "Data and digital", "Workforce", "Leadership and culture", "Population health"]


def parse(chart: charts.Chart) -> ET.Element:
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    return root


def points(value: str) -> float:
    return float(re.fullmatch(r"([0-9.]+)(pt|px)?", value).group(1))


def group(root: ET.Element, gid: str) -> ET.Element:
    """The element matplotlib wrote for an artist with this gid (ids carry a per-chart prefix)."""
    found = [el for el in root.iter() if el.get("id", "").endswith(f"-{gid}")]
    assert len(found) == 1, f"{gid}: {len(found)} elements"
    return found[0]


def ids_ending(root: ET.Element, pattern: str) -> list[str]:
    return [el.get("id") for el in root.iter() if re.search(pattern, el.get("id", ""))]


def markers(root: ET.Element, gid: str) -> int:
    """Markers drawn for one line: matplotlib draws each as a <use> of a marker definition."""
    return sum(1 for el in group(root, gid).iter(f"{SVG}use"))


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def radar(**kwargs) -> charts.Chart:
    args = {
        "axes": DOMAINS,
        "series": {"Baseline": [2, 1, None, 3, 2], "Follow-up": [3, 2, 2, 3, 4]},
        "scale": SCALE,
        "target": [4, 3, 3, 4, None],
    }
    return charts.radar_chart(**(args | kwargs))


def heatmap(**kwargs) -> charts.Chart:
    args = {
        "partners": ["Trust", "Council", "Hospice"],
        "items": ["Shared care records", "Joint workforce plan"],
        "scores": [[1, 2, None], [4, None, 3]],
        "scale": SCALE,
    }
    return charts.heatmap_chart(**(args | kwargs))


def change(**kwargs) -> charts.Chart:
    args = {
        "items": ["Shared care records", "Joint workforce plan", "Population health data", "Estates"],
        "baseline": [1, 2, None, 3],
        "followup": [3, 2, 4, None],
        "scale": SCALE,
    }
    return charts.change_chart(**(args | kwargs))


def trend(**kwargs) -> charts.Chart:
    args = {
        "rounds": ["2023", "2024", "2025"],
        "items": ["Shared care records", "Joint workforce plan"],
        "positions": [[1, 2, 3], [2, None, 4]],
        "scale": SCALE,
    }
    return charts.trend_chart(**(args | kwargs))


def benchmark(**kwargs) -> charts.Chart:
    args = {
        "places": ["North", "South", "East"],
        "domains": DOMAINS[:3],
        "positions": [[1, 2, 3], [2, None, 4], [4, 4, 1.5]],
        "scale": SCALE,
    }
    return charts.benchmark_chart(**(args | kwargs))


BUILDERS = {"radar": radar, "heatmap": heatmap, "change": change, "trend": trend, "benchmark": benchmark}


@functools.cache
def default_chart(name: str) -> charts.Chart:
    """Each chart with the data above, drawn once for the tests that only read it."""
    return BUILDERS[name]()


# --- every chart -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", BUILDERS)
def test_standalone_svg(name):
    chart = default_chart(name)
    assert chart.name == name
    assert chart.svg.startswith("<svg ")  # no XML prolog or DOCTYPE: can be inlined in HTML
    root = parse(chart)
    assert points(root.get("width")) > 100
    assert points(root.get("height")) > 100
    assert root.get("viewBox")
    # The chart describes itself for readers of the standalone file.
    assert root.find(f"{SVG}title").text == chart.title
    assert root.find(f"{SVG}desc").text == chart.alt
    # No global stylesheet that would leak into an HTML page.
    assert root.find(f".//{SVG}style") is None


@pytest.mark.parametrize("name", BUILDERS)
def test_ids_are_unique_and_references_resolve(name):
    root = parse(default_chart(name))
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(f"mk-{name}-") for i in ids)
    refs = {el.get(XLINK)[1:] for el in root.iter() if el.get(XLINK, "").startswith("#")}
    refs |= {m for el in root.iter() for v in el.attrib.values() for m in re.findall(r"url\(#([^)]*)\)", v)}
    assert refs  # markers or clip paths are referenced in every chart
    assert refs <= set(ids)


def test_ids_differ_between_charts():
    # Two charts inlined in one page must not share ids.
    a = {el.get("id") for el in parse(change()).iter() if el.get("id")}
    b = {el.get("id") for el in parse(change(followup=[4, 4, 4, 4])).iter() if el.get("id")}
    assert not a & b


@pytest.mark.parametrize("name", BUILDERS)
def test_deterministic(name):
    assert BUILDERS[name]().svg == BUILDERS[name]().svg


def test_deterministic_across_processes_and_user_settings(tmp_path):
    # Another hash seed and a user matplotlibrc that changes what would show must give the same bytes.
    rc = tmp_path / "matplotlibrc"
    rc.write_text("lines.linewidth: 9\nfont.size: 20\nsvg.fonttype: path\nsvg.hashsalt: other\naxes.facecolor: red\n")
    probe = (
        "import sys\n"
        "sys.path.insert(0, 'tests/render'); sys.path.insert(0, 'tests')\n"
        "from test_charts import radar\n"
        "sys.stdout.write(radar().svg)\n"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345", MATPLOTLIBRC=str(rc))
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, env=env, check=True, encoding="utf-8"
    )
    assert proc.stdout == radar().svg


def test_caller_settings_left_alone():
    import matplotlib

    with matplotlib.rc_context({"lines.linewidth": 7.0, "text.parse_math": True}):
        before = dict(matplotlib.rcParams)
        chart = radar()
        assert dict(matplotlib.rcParams) == before
    assert chart.svg == radar().svg


def test_module_imports_without_matplotlib():
    probe = (
        "import sys\n"
        "import maturitykit.render.charts as c\n"
        "print('matplotlib' in sys.modules)\n"
        "c.change_chart(['a'], [1], [2], [(1, 'x'), (2, 'y')])\n"
        "print('matplotlib' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    # The second line shows the probe can see matplotlib once a chart is drawn.
    assert proc.stdout.split() == ["False", "True"]


# --- untrusted text ----------------------------------------------------------------------------

HOSTILE = '<script>alert(1)</script>'


@pytest.mark.parametrize(
    "build",
    [
        lambda label: radar(axes=[label, *DOMAINS[1:]]),
        lambda label: heatmap(items=[label, "Other"]),
        lambda label: change(items=[label, "b", "c", "d"]),
        lambda label: trend(items=[label, "Other"]),
        lambda label: benchmark(domains=[label, "b", "c"]),
    ],
    ids=list(BUILDERS),
)
def test_hostile_labels_are_escaped(build):
    chart = build(HOSTILE)
    assert "<script" not in chart.svg
    assert "&lt;script&gt;" in chart.svg
    root = parse(chart)
    assert not list(root.iter("script")) and not list(root.iter(f"{SVG}script"))
    assert any("<script>" in t for t in texts(root))  # shown literally to the reader
    assert HOSTILE in chart.alt  # the alt is plain text: whoever places it escapes it


def test_quotes_ampersands_and_control_characters():
    chart = heatmap(partners=['A & B "C"', "Council", "Hospice\x01\x1b"])
    root = parse(chart)  # a control character would make the XML invalid
    assert 'A &amp; B "C"' in chart.svg
    assert 'A & B "C"' in texts(root)
    assert "Hospice" in texts(root)  # control characters become spaces (collapsed in a tick label)
    assert "\x01" not in chart.svg and "\x01" not in chart.alt


def test_dollar_is_not_mathtext():
    chart = benchmark(domains=["Costs $x$ and $y$", "b", "c"])
    assert "Costs $x$ and $y$" in texts(parse(chart))
    chart = radar(series={"$\\alpha$ round": [1, 2, 3, 4, 1]})
    assert "$\\alpha$ round" in texts(parse(chart))


def test_title_is_escaped():
    chart = change(title="Change <b>&amp</b>")
    root = parse(chart)
    assert root.find(f"{SVG}title").text == "Change <b>&amp</b>"
    assert "Change <b>&amp</b>" in texts(root)
    assert "<b>" not in chart.svg


# --- radar -------------------------------------------------------------------------------------


def test_radar_alt_states_every_value():
    chart = radar()
    assert chart.alt.startswith("Radar chart")
    assert "scale 1 (Emerging) to 4 (Thriving)" in chart.alt
    assert (
        "Baseline: Operational coordination 2, Data and digital 1, Workforce no position, "
        "Leadership and culture 3, Population health 2" in chart.alt
    )
    assert "Follow-up: Operational coordination 3, Data and digital 2, Workforce 2" in chart.alt
    assert "Target: Operational coordination 4" in chart.alt and "Population health no target" in chart.alt
    assert "broken where a series has no position (Baseline)" in chart.alt


def test_radar_markers_skip_missing_positions():
    root = parse(radar())
    assert markers(root, "series-0") == 4  # one None of five
    assert markers(root, "series-1") == 5
    group(root, "target")
    # The level labels are on the radial axis.
    assert {"1 Emerging", "4 Thriving"} <= set(texts(root))


def line_path(root: ET.Element, gid: str) -> ET.Element:
    return group(root, gid).find(f"{SVG}path")


def test_radar_outline_breaks_at_missing_position():
    root = parse(radar())
    # Baseline [2, 1, None, 3, 2] closes on its first spoke: two pieces, 0-1 and 3-4-0.
    assert line_path(root, "series-0").get("d").count("M") == 2
    assert line_path(root, "series-1").get("d").count("M") == 1


@pytest.mark.parametrize("name", ["radar", "trend", "benchmark"])
def test_series_differ_in_more_than_colour(name):
    root = parse(default_chart(name))
    shapes = [{u.get(XLINK) for u in group(root, f"series-{j}").iter(f"{SVG}use")} for j in range(2)]
    assert all(len(s) == 1 for s in shapes) and shapes[0] != shapes[1]  # one marker shape per series
    if name != "benchmark":  # a dot plot has no lines
        dashes = ["stroke-dasharray" in line_path(root, f"series-{j}").get("style") for j in range(2)]
        assert dashes == [False, True]  # solid, then dash-dot


def test_radar_without_target_or_positions():
    chart = radar(target=None, series={"Baseline": [None] * 5})
    root = parse(chart)
    assert markers(root, "series-0") == 0
    assert not ids_ending(root, "-target$")
    assert "Target" not in chart.alt and "Baseline: Operational coordination no position" in chart.alt


def test_radar_falls_back_to_dot_plot_with_two_axes():
    chart = radar(axes=DOMAINS[:2], series={"Baseline": [2, None], "Follow-up": [3, 2]}, target=[4, 3])
    assert chart.name == "radar"
    assert chart.alt.startswith("Dot plot")
    assert "a radar needs at least three axes" in chart.alt
    assert "Baseline: Operational coordination 2, Data and digital no position" in chart.alt
    root = parse(chart)
    assert markers(root, "series-0") == 1
    assert markers(root, "series-1") == 2
    # Dot plot ticks put the level name under the number; the radar writes "1 Emerging" on one line.
    assert "1 Emerging" not in texts(root)
    assert "Emerging" in texts(root)
    three = parse(radar(axes=DOMAINS[:3], series={"Baseline": [2, 1, 3]}, target=None))
    assert "1 Emerging" in texts(three)


def test_radar_rejects_bad_data():
    with pytest.raises(ValueError, match="expected 5 values"):
        radar(series={"Baseline": [1, 2]})
    with pytest.raises(ValueError, match="outside the scale"):
        radar(series={"Baseline": [1, 2, 3, 4, 5]})
    with pytest.raises(ValueError, match="no axes"):
        radar(axes=[], series={}, target=None)


# --- heat map ----------------------------------------------------------------------------------


def test_heatmap_cells():
    chart = heatmap()
    root = parse(chart)
    cells = ids_ending(root, r"-cell-\d+-\d+$")
    assert len(cells) == 2 * 3
    assert len(ids_ending(root, r"-missing-\d+-\d+$")) == 2
    values = ["".join(group(root, f"cell-{r}-{c}").itertext()).strip() for r in range(2) for c in range(3)]
    assert values == ["1", "2", "\u2013", "4", "\u2013", "3"]
    assert "Shared care records: Trust 1, Council 2, Hospice no score" in chart.alt
    assert "Joint workforce plan: Trust 4, Council no score, Hospice 3" in chart.alt
    assert "2 cells without a score, hatched and marked \u2013" in chart.alt


def test_heatmap_37_items_grows_and_keeps_full_titles_in_alt():
    items = [f"Item {i:02d} " + "with a long descriptive title about integrated care " * 2 for i in range(37)]
    partners = [f"Partner {p}" for p in range(6)]
    scores = [[(i + p) % 4 + 1 if (i * p) % 7 else None for p in range(6)] for i in range(37)]
    chart = charts.heatmap_chart(partners, items, scores, SCALE)
    root = parse(chart)
    assert len(ids_ending(root, r"-cell-\d+-\d+$")) == 37 * 6
    small = parse(heatmap())
    assert points(root.get("height")) > 3 * points(small.get("height"))
    # Row labels are cut to about 40 characters; the alt has every title in full.
    shown = [t for t in texts(root) if t.startswith("Item ")]
    assert len(shown) == 37 and all(len(t) <= 40 and t.endswith("\u2026") for t in shown)
    assert all(" ".join(item.split()) in chart.alt for item in items)


def test_heatmap_of_many_partners_counts_partners_at_each_level():
    # Past MAX_PARTNER_COLUMNS a column a partner is unreadable (and one text a cell): the cells become
    # the number of partners at each level, a fixed items x (levels + 1) whatever the partners.
    from maturitykit.render.level_counts import MAX_PARTNER_COLUMNS

    many = MAX_PARTNER_COLUMNS + 1
    partners = [f"Partner {p}" for p in range(many)]
    scores = [[1 + p % 4 for p in range(many)], [None if p < 3 else 2 for p in range(many)]]
    chart = charts.heatmap_chart(partners, ["Shared care records", "Joint plan"], scores, SCALE)
    root = parse(chart)
    cells = ids_ending(root, r"-cell-\d+-\d+$")
    assert len(cells) == 2 * (len(SCALE) + 1)
    values = ["".join(group(root, f"cell-{r}-{c}").itertext()).strip() for r in range(2) for c in range(5)]
    assert values == ["11", "10", "10", "10", "0", "0", f"{many - 3}", "0", "0", "3"]
    assert "Shared care records: 11 at 1, 10 at 2, 10 at 3, 10 at 4" in chart.alt
    assert f"Joint plan: {many - 3} at 2, 3 without a score" in chart.alt
    assert "Partner 0" not in chart.alt  # a distribution: no partner is named
    at_limit = charts.heatmap_chart(partners[:-1], ["Shared care records"], [scores[0][:-1]], SCALE)
    assert len(ids_ending(parse(at_limit), r"-cell-\d+-\d+$")) == MAX_PARTNER_COLUMNS


def test_heatmap_rejects_ragged_scores():
    with pytest.raises(ValueError, match="expected 3 values"):
        heatmap(scores=[[1, 2], [1, 2, 3]])
    with pytest.raises(ValueError, match="expected 2 rows"):
        heatmap(scores=[[1, 2, 3]])


# --- change ------------------------------------------------------------------------------------


def test_change_chart():
    chart = change()
    root = parse(chart)
    assert markers(root, "baseline") == 3
    assert markers(root, "followup") == 3
    alt = chart.alt
    assert "Baseline to Follow-up for 4 items" in alt
    assert "Shared care records: from 1 to 3, up 2" in alt
    assert "Joint workforce plan: 2 in both rounds, no change" in alt
    assert "Population health data: no Baseline position, Follow-up 4" in alt
    assert "Estates: Baseline 3, no Follow-up position" in alt


def test_change_chart_labels_and_decimals():
    chart = change(baseline=[2.5, 2, 1, 1], followup=[2, 2, 1, 1.25], labels=("2023", "2025"))
    assert "2023 to 2025" in chart.alt
    assert "from 2.5 to 2, down 0.5" in chart.alt
    assert "from 1 to 1.25, up 0.25" in chart.alt
    assert {"2023", "2025"} <= set(texts(parse(chart)))  # the legend


# --- trend -------------------------------------------------------------------------------------


def test_trend_chart_lines():
    chart = trend()
    root = parse(chart)
    assert markers(root, "series-0") == 3
    assert markers(root, "series-1") == 2
    assert "Shared care records: 2023 1, 2024 2, 2025 3" in chart.alt
    assert "Joint workforce plan: 2023 2, 2024 no position, 2025 4" in chart.alt
    assert "one line per item" in chart.alt


def test_trend_chart_small_multiples_for_many_items():
    items = [f"Item {i}" for i in range(11)]
    positions = [[1 + i % 4, None if i % 3 == 0 else 2, 3] for i in range(11)]
    chart = trend(items=items, positions=positions)
    root = parse(chart)
    assert "one small panel per item" in chart.alt
    for i, row in enumerate(positions):
        assert markers(root, f"series-{i}") == sum(v is not None for v in row)
    # One panel (titled by its item) per item.
    assert [t for t in texts(root) if t.startswith("Item ")] == items


# --- benchmark ---------------------------------------------------------------------------------


def test_benchmark_chart():
    chart = benchmark()
    root = parse(chart)
    assert [markers(root, f"series-{p}") for p in range(3)] == [3, 2, 3]
    assert "North: Operational coordination 1, Data and digital 2, Workforce 3" in chart.alt
    assert "South: Operational coordination 2, Data and digital no position, Workforce 4" in chart.alt
    assert "East: Operational coordination 4, Data and digital 4, Workforce 1.5" in chart.alt
    assert {"North", "South", "East"} <= set(texts(root))


def test_nan_is_treated_as_missing_and_bool_rejected():
    chart = benchmark(positions=[[1, float("nan"), 3], [2, 2, 4], [4, 4, 1]])
    assert "North: Operational coordination 1, Data and digital no position" in chart.alt
    with pytest.raises(TypeError):
        benchmark(positions=[[True, 2, 3], [2, 2, 4], [4, 4, 1]])


def test_heatmap_labels_are_cut_at_a_word_boundary():
    items = ["Supporting segmentation and stratification (inline with SEL wide approaches)",
             "Integrated Neighbourhood Teams (beginning with frailty, multiple long term conditions)",
             "Shared care records"]
    chart = charts.heatmap_chart(["Trust"], items, [[1], [2], [3]], SCALE)
    shown = [t for t in texts(parse(chart)) if t.startswith(("Supporting", "Integrated", "Shared"))]
    assert len(shown) == 3 and "Shared care records" in shown
    for label, item in zip(shown, items, strict=True):
        kept = label.removesuffix("\u2026")
        assert item.startswith(kept) and (kept == item or item[len(kept)] in " ,(") , label
