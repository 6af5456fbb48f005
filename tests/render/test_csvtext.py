"""CSV written as it is made: the same bytes as one buffer, the byte-order mark once, a failure leaving
no half file behind."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturitykit.io.outputs import write_chunks
from maturitykit.render import csvtext
from maturitykit.render.csvtext import RowBlocks, csv_bytes, csv_chunks

COLUMNS = ["partner", "item", "score", "rationale"]


def _records(n: int) -> list[dict[str, object]]:
    return [{"partner": f"Partner {i % 7}", "item": f"item-{i % 37}", "score": (i % 4) + 1 if i % 5 else None,
             "rationale": "=HYPERLINK(x)" if i % 11 == 0 else f"reason {i}"} for i in range(n)]


@pytest.mark.parametrize("bom", [False, True])
def test_chunks_join_to_the_one_buffer_bytes(monkeypatch: pytest.MonkeyPatch, bom: bool) -> None:
    monkeypatch.setattr(csvtext, "CSV_CHUNK_ROWS", 10)  # many chunks, and a last one part full
    rows = _records(95)
    chunks = list(csv_chunks(iter(rows), COLUMNS, bom=bom))
    assert len(chunks) == 10
    joined = b"".join(chunks)
    monkeypatch.setattr(csvtext, "CSV_CHUNK_ROWS", 10**9)
    assert joined == csv_bytes(rows, COLUMNS, bom=bom)
    assert joined.count(b"\xef\xbb\xbf") == (1 if bom else 0) and joined.startswith(b"\xef\xbb\xbf" if bom else b"p")
    assert b"'=HYPERLINK(x)" in joined  # every chunk formula-safe


def test_a_failure_part_way_leaves_the_earlier_file(tmp_path) -> None:
    target = tmp_path / "merged.csv"
    target.write_bytes(b"earlier\n")

    def failing():
        yield b"partner,item\n"
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_chunks(target, failing())
    assert target.read_bytes() == b"earlier\n"
    assert [p.name for p in tmp_path.iterdir()] == ["merged.csv"]  # no temporary file left


# Rows are joined from fields quoted once per value; csv.writer (minimal quoting) is the reference.
_TRICKY = ["", " ", "plain", "a,b", 'say "hi"', '"', "line\nbreak", "cr\rreturn", "crlf\r\nend", "=1+1", "+44 20",
           "-x", "@sum", " =lead", "tab\there", "ünïcödé, quoted \"", "x" * 250 + ",", 3, 2.5, 1.0, True, False, None,
           float("nan"), 0, 1, 0.0, -0.0, 3.0, 2]


def _reference(records, columns) -> bytes:
    import csv
    import io
    import math

    from maturitykit.spreadsheet import neutralise

    def cell(v):
        if isinstance(v, str):
            return str(neutralise(v)).replace("\r\n", "\n").replace("\r", "\n")
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float):
            return str(int(v)) if v.is_integer() else f"{v:.4f}".rstrip("0").rstrip(".")
        return str(v)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([cell(c) for c in columns])
    for record in records:
        writer.writerow([cell(record.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8")


@pytest.mark.parametrize("columns", [["a"], ["a", "b"], ["a", "b", "c"]])
def test_fields_are_quoted_as_the_csv_module_quotes_them(columns) -> None:
    import itertools

    records = [dict(zip(columns, combo, strict=True))
               for combo in itertools.islice(itertools.product(_TRICKY, repeat=len(columns)), 3000)]
    records += [{}]  # every column absent
    assert csv_bytes(records, columns) == _reference(records, columns)


@given(st.lists(st.lists(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none()),
                         min_size=3, max_size=3), max_size=20))
def test_any_rows_write_as_the_csv_module_writes_them(rows) -> None:
    columns = ["a", "b", "c"]
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    assert csv_bytes(records, columns) == _reference(records, columns)


def test_rows_given_in_column_order_write_as_records_do() -> None:
    rows = _records(30)
    as_tuples = [tuple(r.get(c) for c in COLUMNS) for r in rows]
    assert csv_bytes(as_tuples, COLUMNS) == csv_bytes(rows, COLUMNS)
    with pytest.raises(ValueError, match="row 1 has 3 values for 4 columns"):
        csv_bytes([("a", "b", "c")], COLUMNS)


def _blocks(rows: list[dict[str, object]]) -> list[tuple[tuple[object, ...], list[tuple[tuple, tuple]]]]:
    """The rows cut into blocks as a merged round is: a middle shared by a block, heads that come again."""
    blocks: dict[object, list[tuple[tuple, tuple]]] = {}
    for r in rows:
        blocks.setdefault((r["item"],), []).append(((r["partner"],), (r["score"], r["rationale"])))
    return list(blocks.items())


@pytest.mark.parametrize("bom", [False, True])
def test_rows_given_in_blocks_write_as_the_whole_rows_do(monkeypatch: pytest.MonkeyPatch, bom: bool) -> None:
    monkeypatch.setattr(csvtext, "CSV_CHUNK_ROWS", 7)  # chunks that end inside a block and at its end
    columns = ["item", "partner", "score", "rationale"]
    blocks = _blocks(_records(95))
    whole = [head + middle + tail for middle, rows in blocks for head, tail in rows]
    made = list(csv_chunks(RowBlocks(iter(blocks)), columns, bom=bom))
    assert b"".join(made) == csv_bytes(whole, columns, bom=bom) and len(made) == 95 // 7 + 1
    assert list(RowBlocks(iter(blocks))) == whole


@given(st.lists(st.tuples(st.sampled_from([(1,), (True,), ("=1",), ("a,b",), (None,)]),
                          st.lists(st.tuples(st.sampled_from([("x",), (1,), (1.0,), (True,), (False,), (0,), ('"q"',), ("",)]),
                                             st.tuples(st.one_of(st.text(max_size=5), st.integers(), st.none()))),
                                   max_size=4)), max_size=5))
def test_any_blocks_write_as_the_csv_module_writes_their_rows(blocks) -> None:
    """Heads repeated with values that are equal but typed apart (1, 1.0, True) stay apart."""
    columns = ["h", "m", "t"]
    whole = [head + middle + tail for middle, rows in blocks for head, tail in rows]
    records = [dict(zip(columns, row, strict=True)) for row in whole]
    assert csv_bytes(RowBlocks(blocks), columns) == _reference(records, columns)


def test_a_block_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="row 2 has 3 values for 4 columns"):
        csv_bytes(RowBlocks([(("m",), [(("h",), ("a", "b")), (("h",), ("a",))])]), ["a", "b", "c", "d"])
