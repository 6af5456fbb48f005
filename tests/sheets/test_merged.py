"""maturitykit's own merged output is read back as columns, past the bounds on a returned sheet."""

from __future__ import annotations

import csv
import dataclasses
import sys
from pathlib import Path

import pytest

import maturitykit.sheets.reader as reader
from maturitykit.io.bounds import MAX_ROWS
from maturitykit.lint import load_framework

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import write_merged


@pytest.fixture(scope="module")
def fw():
    return load_framework("sel-neighbourhood")


def _key(read):
    return (read.entries, read.blank, read.rejected,
            [dataclasses.astuple(r)[:8] for r in read.rows],
            [(p.severity, p.code, p.message, p.row, p.column, p.column_name) for p in read.problems])


def test_hand_made_merged_file_with_bad_cells_gets_the_sheet_readers_located_refusals(tmp_path, fw, monkeypatch):
    good = write_merged(tmp_path / "good.csv", "sel-neighbourhood", 6)
    rows = list(csv.reader(good.open(newline="", encoding="utf-8")))
    rows[2][7] = "no-such-item"
    rows[3][11] = "seven"
    rows[4][11] = "9"
    rows[5][3] = ""
    rows[6][5] = "other-framework"
    rows[7] = [""] * 13 + ["just a note", "", "", ""]
    rows[8] = []
    rows[9][11] = " 3 "
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    fast = reader.read_sheet(bad, fw)
    monkeypatch.setattr(reader, "read_if_merged", lambda *a, **k: None)  # read cell by cell, as any sheet
    slow = reader.read_sheet(bad, fw)
    assert _key(fast) == _key(slow)
    codes = {(p.code, p.row, p.column) for p in fast.problems}
    assert {("unknown-item", 3, "H"), ("score-unreadable", 4, "L"), ("score-off-scale", 5, "L"),
            ("no-partner", 6, "D"), ("other-framework", 7, "F"), ("unknown-item", 8, "H")} <= codes


def test_a_national_merged_csv_and_parquet_are_read_with_provenance(tmp_path, fw):
    partners = 10_000  # x 37 items = 370,000 rows, past the 200,000 rows of a returned sheet
    for suffix in ("csv", "parquet"):
        path = write_merged(tmp_path / f"merged.{suffix}", "sel-neighbourhood", partners, parquet=suffix == "parquet")
        read = reader.read_sheet(path, fw)
        assert read.entries == partners * 37 > MAX_ROWS
        assert read.rejected == 0 and not [p for p in read.problems if p.severity == "error"]
        first = read.rows[0]
        assert (first.partner, first.source_file, first.source_row) == ("Partner 00000", "baseline/partner-00000.csv", 2)
        assert sum(r.score is not None for r in read.rows) == sum(
            1 for i in range(37) for p in range(partners) if (p + i) % 7)


def test_one_place_of_a_national_file_reads_as_the_sheet_reader_reads_it(tmp_path, fw, monkeypatch):
    # Only the rows of the place asked for are worked on; the rest are counted. Bad cells in and out of it.
    from maturitykit.sheets.rows import Defaults, Selection

    good = write_merged(tmp_path / "good.csv", "sel-neighbourhood", 4, places=3)
    rows = list(csv.reader(good.open(newline="", encoding="utf-8")))
    places = [row[0] for row in rows]
    second = places.index("Place 002")
    rows[second + 1][11] = "seven"  # in the place asked for: reported at its own row
    rows[second + 2][7] = "no-such-item"
    rows[1][11] = "9"  # in another place: not checked, only counted
    rows[second + 3][0] = ""  # a blank place belongs to the one asked for
    bad = tmp_path / "national.csv"
    with bad.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    defaults = Defaults(only=Selection.of("Place 002"))
    fast = reader.read_sheet(bad, fw, defaults=defaults)
    monkeypatch.setattr(reader, "read_if_merged", lambda *a, **k: None)
    slow = reader.read_sheet(bad, fw, defaults=defaults)
    assert _key(fast) == _key(slow)
    assert fast.other_places == slow.other_places and sum(fast.other_places.values()) == 2 * 4 * 37
    assert {(p.code, p.row) for p in fast.problems if p.severity == "error"} == {
        ("score-unreadable", second + 2), ("unknown-item", second + 3)}
    assert {r.place for r in fast.rows} == {"Place 002", ""}
