"""maturitykit's own merged output read back as columns, at national scale.

A merged round (`score merge -o`, 17 columns, see columns.MERGED) of 10^7 scores is far past the bounds
on a returned sheet (MAX_SHEET_BYTES, MAX_ROWS): those stop a hostile file exhausting memory cell by
cell. A file that is exactly what merge writes (a CSV whose first line is the merged header, or a
Parquet file with exactly the merged columns) is instead read here with pandas or pyarrow into typed
columns (text as categories, one string per distinct value) and held to MAX_MERGED_ROWS and
MAX_MERGED_BYTES. Cells still mean nothing here: `sheets/merged.py` checks every one, once per
distinct value, and locates each refusal. A CSV that only starts like a merged file but does not parse
as one cleanly (ragged rows, an unclosed quote, bytes that are not UTF-8, control characters) is
`NotMerged`, and read as any other sheet, with its bounds and located messages.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from maturitykit.columns import MERGED
from maturitykit.errors import Location, SheetError
from maturitykit.io.bounds import MAX_MERGED_BYTES, MAX_MERGED_ROWS
from maturitykit.io.files import read_head
from maturitykit.spreadsheet import CONTROL_CHARACTERS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CSV_HEADER", "MergedTable", "NotMerged", "merged_kind", "read_merged"]

COLUMNS = tuple(MERGED.names())
CSV_HEADER = ",".join(COLUMNS).encode("utf-8")
NUMERIC = ("score", "source_row")  # typed in Parquet; text cells in CSV, typed once checked
PARQUET_MAGIC = b"PAR1"
_CHUNK_ROWS = 50_000  # 98 MB of CSV read whole held 300 MB as strings; 50,000 rows hold about 100 MB


class NotMerged(Exception):
    """The file starts like a merged file but is not one cleanly: read it as a sheet instead."""


@dataclass
class MergedTable:
    file: str
    kind: Literal["csv", "parquet"]
    # One row per record, in file order, columns as in columns.MERGED. Text columns are categories of
    # stripped text ("" for blank); in a CSV `score` and `source_row` are text too, in Parquet numbers.
    frame: pd.DataFrame
    first_row: int  # the spreadsheet row of the frame's first record (2 in a CSV, below its header)


def _regular_size(path: Path, file: str) -> int | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def merged_kind(path: Path, file: str | None = None) -> Literal["csv", "parquet"] | None:
    """'csv' or 'parquet' when the file is a regular file laid out as maturitykit's merged output, else None."""
    if _regular_size(path, file or str(path)) is None:
        return None
    head = read_head(path, len(CSV_HEADER) + 2)
    if head is None:
        return None
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    if head.startswith(CSV_HEADER) and head[len(CSV_HEADER):][:1] in (b"\n", b"\r"):
        return "csv"
    return None


def _bounded(path: Path, file: str) -> None:
    size = _regular_size(path, file)
    if size is not None and size > MAX_MERGED_BYTES:  # a regular file's size is its size now
        raise SheetError(f"merged file is {size:,} bytes, over the {MAX_MERGED_BYTES:,}-byte limit on a merged "
                         "round; split it by place or round", Location(file))


def _too_many(file: str) -> SheetError:
    return SheetError(f"merged file has more than {MAX_MERGED_ROWS:,} rows, the limit on a merged round; split it "
                      "by place or round", Location(file))


def read_merged(path: Path, file: str, kind: Literal["csv", "parquet"]) -> MergedTable:
    """The merged file as columns; NotMerged when a CSV is not cleanly one, SheetError past the bounds."""
    _bounded(path, file)
    frame = _read_parquet(path, file) if kind == "parquet" else _read_csv(path, file)
    if len(frame) > MAX_MERGED_ROWS:
        raise _too_many(file)
    for column in COLUMNS:
        if str(frame[column].dtype) != "category":
            continue
        categories = frame[column].cat.categories
        if any(CONTROL_CHARACTERS.search(c) for c in categories):
            raise NotMerged(f"column {column} holds control characters")
        stripped = [c.strip() for c in categories]
        if stripped != list(categories):  # as a sheet's cells are read: surrounding spaces are not part of a value
            frame[column] = frame[column].cat.rename_categories(lambda c: c.strip()) if len(set(stripped)) == len(
                stripped) else frame[column].astype(str).str.strip().astype("category")
    return MergedTable(file, kind, frame, 2 if kind == "csv" else 1)


def _read_csv(path: Path, file: str) -> pd.DataFrame:
    import pandas as pd
    from pandas.api.types import union_categoricals

    parts: dict[str, list[pd.Categorical]] = {c: [] for c in COLUMNS}
    rows = 0
    try:
        # In chunks, each made categorical at once, so no more than a chunk is ever held as Python strings.
        # dtype=object: the parser's own Python strings. dtype=str is Arrow-backed in pandas 3: every chunk was
        # copied into Arrow and back out for the categories (half the time of reading a national file).
        chunks = pd.read_csv(path, dtype=object, na_filter=False, keep_default_na=False, skip_blank_lines=False,
                             encoding="utf-8", engine="c", chunksize=_CHUNK_ROWS)
        for chunk in chunks:
            if tuple(chunk.columns) != COLUMNS:
                raise NotMerged("columns differ")
            rows += len(chunk)
            if rows > MAX_MERGED_ROWS:
                raise _too_many(file)
            for column in COLUMNS:
                parts[column].append(pd.Categorical(chunk[column].to_numpy()))
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise NotMerged(str(exc)) from None
    if not rows:
        return pd.DataFrame({c: pd.Categorical([], categories=[""]) for c in COLUMNS})
    return pd.DataFrame({c: union_categoricals(parts[c]) if len(parts[c]) > 1 else parts[c][0] for c in COLUMNS})


def _read_parquet(path: Path, file: str) -> pd.DataFrame:
    import pandas as pd
    from pandas.api.types import union_categoricals

    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise SheetError("a Parquet file is read with pyarrow: pip install \"maturitykit[parquet]\"",
                         Location(file)) from None
    parts: dict[str, list[object]] = {c: [] for c in COLUMNS}
    try:
        reader = pq.ParquetFile(path)
        if tuple(reader.schema_arrow.names) != COLUMNS:
            raise SheetError("this Parquet file is not a merged round of maturitykit (its columns are not those of "
                             "`score merge`, docs/data-dictionary.md); only merged rounds are read from Parquet",
                             Location(file))
        rows = 0
        # A batch at a time, each made categorical at once (as a CSV's chunks are): the whole file is never
        # held as Arrow strings and pandas strings together.
        for batch in reader.iter_batches(batch_size=_CHUNK_ROWS):  # counted as read, not as the footer declares
            rows += batch.num_rows
            if rows > MAX_MERGED_ROWS:
                raise _too_many(file)
            for column in COLUMNS:
                parts[column].append(_parquet_column(batch.column(column), column, pa, pd))
    except (OSError, pa.ArrowException) as exc:
        raise SheetError(f"not a readable Parquet file ({type(exc).__name__}); is it truncated?",
                         Location(file)) from None
    if not rows:
        empty = pa.Table.from_batches([], schema=reader.schema_arrow)
        return pd.DataFrame({c: _parquet_column(empty.column(c), c, pa, pd) for c in COLUMNS})
    out = {}
    for column in COLUMNS:
        pieces = parts[column]
        if len(pieces) == 1:
            out[column] = pieces[0]
        elif isinstance(pieces[0], pd.Categorical):
            out[column] = union_categoricals(pieces)  # type: ignore[arg-type]
        else:
            out[column] = pd.concat(pieces, ignore_index=True)  # type: ignore[arg-type]
    return pd.DataFrame(out)


def _parquet_column(values: Any, column: str, pa: Any, pd: Any) -> object:
    """One column of a batch: scores and rows typed (nullable), every other column categorical text."""
    if column in NUMERIC and not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        return values.to_pandas().astype("Float64" if column == "score" else "Int64")
    if pa.types.is_boolean(values.type):
        values = pa.array(["true" if v else "false" if v is not None else "" for v in values.to_pylist()])
    text = values.cast(pa.string()).fill_null("")
    return pd.Categorical(text.dictionary_encode().to_pandas())
