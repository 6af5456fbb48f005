"""Every result table (merged, summary, divergence, delta, trend, plan) as CSV, XLSX, JSON and Parquet, from the same records."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from conftest import REPO, ok, refused

EXAMPLE = REPO / "examples" / "sel-thameside"
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")


def _csv_rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_merge_parquet_reads_back_with_missing_as_missing(cli, tmp_path):
    ok(cli("score", "merge", "sel-neighbourhood", EXAMPLE / "baseline", "-o", tmp_path / "m.parquet",
           "--summary", tmp_path / "s.parquet", "-q"))
    ok(cli("score", "merge", "sel-neighbourhood", EXAMPLE / "baseline", "-o", tmp_path / "m.csv", "-q"))
    frame = pd.read_parquet(tmp_path / "m.parquet")
    rows = _csv_rows(tmp_path / "m.csv")
    assert list(frame.columns) == list(rows[0])
    assert len(frame) == len(rows)
    assert frame["score"].isna().sum() == sum(1 for r in rows if r["score"] == "")
    assert str(frame["score"].dtype) in ("int64", "Int64", "float64")
    assert len(pd.read_parquet(tmp_path / "s.parquet")) > 0


@pytest.mark.parametrize("command", [
    ("score", "divergence", "sel-neighbourhood", EXAMPLE / "baseline"),
    ("score", "delta", "sel-neighbourhood", EXAMPLE / "baseline", EXAMPLE / "followup"),
])
def test_divergence_and_delta_write_xlsx_and_parquet_with_the_csv_rows(cli, tmp_path, command):
    ok(cli(*command, "-o", tmp_path / "t.csv"))
    ok(cli(*command, "-o", tmp_path / "t.xlsx"))
    ok(cli(*command, "-o", tmp_path / "t.parquet"))
    rows = _csv_rows(tmp_path / "t.csv")
    sheet = load_workbook(tmp_path / "t.xlsx", read_only=True).worksheets[0]
    table = list(sheet.iter_rows(values_only=True))
    assert list(table[0]) == list(rows[0])
    assert len(table) - 1 == len(rows)
    frame = pd.read_parquet(tmp_path / "t.parquet")
    assert list(frame.columns) == list(rows[0]) and len(frame) == len(rows)
    assert [str(v) for v in frame["item"]] == [r["item"] for r in rows]


def test_a_binary_format_to_the_terminal_is_refused(cli):
    message = refused(cli("score", "divergence", "sel-neighbourhood", EXAMPLE / "baseline", "--format", "xlsx"))
    assert "-o FILE" in message


PANDAS_DTYPES = {"text": ("object", "str", "string"), "integer": ("int64", "Int64", "float64"), "number": "float64",
                 "true/false": ("bool", "boolean", "object"), "date (YYYY-MM-DD)": ("object", "str", "string")}


@pytest.mark.parametrize("command", [
    ("score", "merge", "sel-neighbourhood", EXAMPLE / "baseline", "-q"),
    ("score", "divergence", "sel-neighbourhood", EXAMPLE / "baseline"),
    ("score", "delta", "sel-neighbourhood", EXAMPLE / "baseline", EXAMPLE / "followup"),
    ("score", "trend", "sel-neighbourhood", f"b={EXAMPLE / 'baseline'}", f"f={EXAMPLE / 'followup'}"),
    ("plan", "sel-neighbourhood", EXAMPLE / "baseline", "--all", "--target", "3"),
], ids=["merged", "divergence", "delta", "trend", "plan"])
def test_parquet_columns_have_the_documented_types(cli, tmp_path, command):
    import pyarrow.parquet as pq

    from maturitykit.columns import column_type

    ok(cli(*command, "-o", tmp_path / "t.parquet"))
    schema = pq.read_schema(tmp_path / "t.parquet")
    arrow = {"text": "string", "integer": "int64", "number": "double", "true/false": "bool",
             "date (YYYY-MM-DD)": "string"}
    for field in schema:
        documented = column_type(field.name)
        assert documented is not None, field.name
        assert str(field.type) == arrow[documented], (field.name, documented, field.type)
    frame = pd.read_parquet(tmp_path / "t.parquet")
    for name in frame.columns:
        expected = PANDAS_DTYPES[column_type(name)]
        assert str(frame[name].dtype) in ((expected,) if isinstance(expected, str) else expected), name


def test_xlsx_is_a_named_excel_table_with_typed_cells(cli, tmp_path):
    import datetime as dt
    import shutil

    ws = tmp_path / "ws"
    ok(cli("init", ws, "--framework", "sel-neighbourhood", "--place", "Thameside", "--round", "baseline"))
    for sheet in (EXAMPLE / "baseline").iterdir():
        shutil.copy(sheet, ws / "rounds" / "baseline" / "returned" / sheet.name)
    config = ws / "maturity.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("# date = ", "date = "), encoding="utf-8")
    ok(cli("score", "merge", "--workspace", ws, "-q"))
    ok(cli("score", "merge", "sel-neighbourhood", ws / "rounds" / "baseline" / "returned", "-o", tmp_path / "m.xlsx",
           "--workspace", ws, "-q"))
    book = load_workbook(tmp_path / "m.xlsx")
    sheet = book.worksheets[0]
    (name, ref), = sheet.tables.items()
    assert name == "Merged" and ref == f"A1:{sheet.cell(row=1, column=sheet.max_column).column_letter}{sheet.max_row}"
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(r["round_date"], dt.datetime) for r in rows)  # a date cell (openpyxl reads datetime)
    assert all(r["score"] is None or isinstance(r["score"], (int, float)) for r in rows)
    assert all(isinstance(r["is_consensus"], bool) for r in rows)
    assert all(r["score"] != 0 for r in rows)  # SEL levels start at 1: a blank stays an empty cell, never 0
