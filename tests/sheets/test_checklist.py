"""Checklist returns: statements as tick boxes, the level derived by the framework's rule, ticks kept as evidence."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES, ok
from maturitykit.sheets.checklist import _could_hold_met, _may_be_met, derive_level, ticked
from maturitykit.sheets.vocabulary import norm

FRAMEWORK = FIXTURES / "frameworks" / "valid" / "checklist-best-fit.yaml"
RETURN = FIXTURES / "returns" / "checklist"


@pytest.mark.parametrize(("rule", "ticks", "level"), [
    ("staircase", {1: [True, True], 2: [True, False], 3: [True]}, 1),  # level 2 incomplete: stop at 1
    ("staircase", {1: [True], 2: [True, True], 3: [False]}, 2),
    ("staircase", {1: [False], 2: [True], 3: [True]}, 1),  # not even level 1: the lowest level
    ("staircase", {1: [True], 3: [True]}, 3),  # level 2 has no statements: passed over
    ("best-fit", {1: [True, True], 2: [False, False], 3: [True, False]}, 1),
    ("best-fit", {1: [True], 2: [True, True], 3: [False]}, 2),  # a tie at 100%: the higher
    ("best-fit", {1: [False], 2: [False, True], 3: [False]}, 2),  # the only level with a tick
    ("best-fit", {1: [False], 2: [False], 3: [False]}, 1),
])
def test_derive_level(rule: str, ticks: dict[float, list[bool]], level: float) -> None:
    assert derive_level(rule, [1.0, 2.0, 3.0], ticks) == level


def test_ticks_are_read_strictly() -> None:
    assert [ticked(c) for c in ("x", "Yes", "✓", "", None, "no", "0")] == [True, True, True, None, None, False, False]
    with pytest.raises(ValueError, match="is not a tick"):
        ticked("maybe")


def test_template_offers_each_statement(cli, tmp_path: Path) -> None:
    out = tmp_path / "sheet.csv"
    ok(cli("score", "template", str(FRAMEWORK), "--checklist", "-o", out, "--partner", "North Trust"))
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["item"], r["level"]) for r in rows[:3]] == [("shared-records", "1")] * 2 + [("shared-records", "2")]
    assert len(rows) == 13 and all(r["met"] == "" for r in rows)
    refused = cli("score", "template", str(FRAMEWORK), "--checklist", "-o", tmp_path / "sheet.xlsx")
    assert refused.exit_code == 2 and "--checklist writes a CSV sheet" in refused.stderr
    ok(cli("score", "template", "sel-neighbourhood", "--checklist", "-o", tmp_path / "sel.csv"))


def test_merge_derives_the_level_and_keeps_the_ticks(cli, tmp_path: Path) -> None:
    out = tmp_path / "merged.csv"
    result = ok(cli("score", "merge", str(FRAMEWORK), str(RETURN), "-o", out))
    assert "'maybe' is not a tick" in result.stderr and "row 11" in result.stderr
    rows = {r["item"]: r for r in csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines())}
    records = rows["shared-records"]
    # best fit: level 1 fully met beats one of two at level 3 (staircase would agree here)
    assert (records["score"], records["label"]) == ("1", "Emerging")
    assert records["evidence"].startswith("Records register, May 2026 | Checklist (best-fit): level 1: ✓ Partners")
    assert "level 3: ✓ Its use is audited each year" in records["evidence"]
    assert rows["joint-training"]["score"] == "2"  # levels 1 and 2 both fully met: the higher
    assert (rows["shared-rota"]["score"], rows["shared-rota"]["evidence"]) == ("", "")  # nothing ticked: not scored
    report = tmp_path / "report.md"
    ok(cli("report", str(FRAMEWORK), f"r1={out}", "-o", report))
    assert "Checklist (best-fit): level 1: ✓ Partners have listed the records they hold" in report.read_text(
        encoding="utf-8")


def test_a_level_sheet_is_read_as_before(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "levels.csv"
    sheet.write_text("partner,item,score\nNorth,shared-records,3\n", encoding="utf-8")
    out = tmp_path / "merged.csv"
    ok(cli("score", "merge", str(FRAMEWORK), str(sheet), "-o", out))
    row = next(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert (row["score"], row["evidence"]) == ("3", "")


_SPACES = st.sampled_from([" ", "\t", "\u00a0", "\u2003", "\n", ""])


@given(st.one_of(
    st.tuples(st.lists(_SPACES, max_size=3), st.sampled_from(["met", "MET", "Met", "mEt", "m et", "meet"]),
              st.lists(_SPACES, max_size=3)).map(lambda t: "".join(t[0]) + t[1] + "".join(t[2])),
    st.text(max_size=12)))
def test_a_cell_passed_over_can_never_read_met(text: str) -> None:
    """The checklist header is looked for only in rows with a cell that may read "met" (`_may_be_met`):
    a cell it passes over never normalises to "met"."""
    if norm(text) == "met":
        assert _may_be_met(text)


@given(st.lists(st.lists(st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.booleans(),
                                   st.text(max_size=8),
                                   st.sampled_from(["met", " MET", "Met\u00a0", "\tmEt\n", "ＭＥＴ"])),
                         max_size=6), max_size=5))
def test_rows_passed_over_hold_no_met_cell(rows: list[list[object]]) -> None:
    """The checklist header is looked for only in rows that `_could_hold_met` lets through: rows it
    passes over have no cell that normalises to "met"."""
    numbered = [(i, cells) for i, cells in enumerate(rows, start=1)]
    if any(norm(c) == "met" for cells in rows for c in cells if c is not None):
        assert _could_hold_met(numbered)
