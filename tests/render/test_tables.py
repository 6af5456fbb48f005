"""CSV written as it is made: the same bytes as one buffer, the byte-order mark once, a failure leaving
no half file behind."""

from __future__ import annotations

import pytest

from maturitykit.io.outputs import write_chunks
from maturitykit.render import tables
from maturitykit.render.tables import csv_bytes, csv_chunks

COLUMNS = ["partner", "item", "score", "rationale"]


def _records(n: int) -> list[dict[str, object]]:
    return [{"partner": f"Partner {i % 7}", "item": f"item-{i % 37}", "score": (i % 4) + 1 if i % 5 else None,
             "rationale": "=HYPERLINK(x)" if i % 11 == 0 else f"reason {i}"} for i in range(n)]


@pytest.mark.parametrize("bom", [False, True])
def test_chunks_join_to_the_one_buffer_bytes(monkeypatch: pytest.MonkeyPatch, bom: bool) -> None:
    monkeypatch.setattr(tables, "CSV_CHUNK_ROWS", 10)  # many chunks, and a last one part full
    rows = _records(95)
    chunks = list(csv_chunks(iter(rows), COLUMNS, bom=bom))
    assert len(chunks) == 10
    joined = b"".join(chunks)
    monkeypatch.setattr(tables, "CSV_CHUNK_ROWS", 10**9)
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
