"""Tables as the bytes of CSV, XLSX, JSON or Parquet files: deterministic, with formula-safe cells (the CSV
text itself: csvtext.py)."""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass

from maturitykit.columns import BOOLEAN, DATE, FORMAT_VERSION, INTEGER, NUMBER, TEXT, column_type
from maturitykit.errors import InputError
from maturitykit.render.csvtext import Record, cell_text, csv_bytes
from maturitykit.spreadsheet import XLSX_CELL_LIMIT, fit_xlsx_cell, neutralise

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def json_ready(value: object) -> object:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    return value


def json_bytes(payload: object) -> bytes:
    return (json.dumps(json_ready(payload), indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip (an .xlsx) with fixed timestamps so equal inputs give equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time here whatever the properties say.
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            target.writestr(fixed, data)
    return out.getvalue()


@dataclass(frozen=True)
class CellCut:
    """A text cell cut to XLSX's limit: where (as a spreadsheet shows it) and how long it was."""

    sheet: str
    row: int
    column: str  # the letter
    header: str  # the column's header (row 1), or ""
    length: int

    def message(self) -> str:
        return (f"text of {self.length:,} characters cut to {XLSX_CELL_LIMIT:,}, the most an XLSX cell holds "
                f"(sheet {self.sheet!r}); CSV and JSON outputs keep the full text")


_CUTS: ContextVar[list[CellCut] | None] = ContextVar("xlsx_cuts", default=None)


@contextlib.contextmanager
def collect_cuts() -> Iterator[list[CellCut]]:
    """Collect every cell cut by the workbooks made inside the block (the caller reports them)."""
    cuts: list[CellCut] = []
    token = _CUTS.set(cuts)
    try:
        yield cuts
    finally:
        _CUTS.reset(token)


def append_row(sheet: object, values: Sequence[object], *, header_row: int = 1) -> None:
    """Append a row to a worksheet, cutting each text over XLSX's cell limit and noting where.

    openpyxl cuts such a text itself, silently; every XLSX writer appends through here so that no
    cut goes unreported. `header_row` is the row of the column headers (0: none).
    """
    cut_at: list[tuple[int, int]] = []
    row: list[object] = []
    for index, value in enumerate(values, start=1):
        if isinstance(value, str) and (cut := fit_xlsx_cell(value)) is not None:
            cut_at.append((index, len(value)))
            value = cut
        row.append(value)
    sheet.append(row)  # type: ignore[attr-defined]
    cuts = _CUTS.get()
    if not cut_at or cuts is None:
        return
    number = sheet.max_row  # type: ignore[attr-defined]
    for index, length in cut_at:
        cell = sheet.cell(row=number, column=index)  # type: ignore[attr-defined]
        header = sheet.cell(row=header_row, column=index).value if 0 < header_row < number else None  # type: ignore[attr-defined]
        cuts.append(CellCut(sheet.title, number, cell.column_letter, "" if header is None else str(header), length))  # type: ignore[attr-defined]


def workbook_bytes(workbook: object) -> bytes:
    import datetime as dt

    fixed = dt.datetime(2000, 1, 1)
    props = workbook.properties  # type: ignore[attr-defined]
    props.created = fixed
    props.modified = fixed
    props.creator = "maturitykit"
    props.lastModifiedBy = "maturitykit"
    buffer = io.BytesIO()
    workbook.save(buffer)  # type: ignore[attr-defined]
    return deterministic_zip(buffer.getvalue())


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[dict[str, object]], Sequence[str]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, records, columns in sheets:
        sheet = workbook.create_sheet(title)
        append_row(sheet, list(columns), header_row=0)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        kinds = [column_type(c) for c in columns]
        for record in records:
            append_row(sheet, [_xlsx_value(record.get(c), kind) for c, kind in zip(columns, kinds, strict=True)])
        for index, kind in enumerate(kinds, start=1):
            if kind == DATE:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "yyyy-mm-dd"
        if records:
            _as_table(sheet, title, len(columns), len(records) + 1, sum(len(ws.tables) for ws in workbook.worksheets))
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            width = 40 if column in ("rationale", "evidence", "title", "divergence_reasons", "notes") else 14
            sheet.column_dimensions[letter].width = width
            if width == 40:
                for cell in sheet[letter][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(workbook)


def _as_table(sheet: object, title: str, width: int, height: int, number: int) -> None:
    """The data as a named Excel Table (filter buttons, banded rows; Power Query and pivot tables find it by
    name). Names are letters, digits and underscores, unique in the workbook."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    name = re.sub(r"\W", "_", title, flags=re.ASCII).strip("_") or "Data"
    name = (name if name[0].isalpha() else f"T_{name}")[:200] + (f"_{number + 1}" if number else "")
    table = Table(displayName=name, ref=f"A1:{get_column_letter(width)}{height}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    sheet.add_table(table)  # type: ignore[attr-defined]


def _xlsx_value(value: object, kind: str | None = None) -> object:
    """A cell of the column's documented type (a date as a date, a number as a number), formula-safe text."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or (value == "" and kind != TEXT):
        return None
    if kind == DATE and isinstance(value, str):
        import datetime as dt

        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return neutralise(value)
    if isinstance(value, str):
        return neutralise(value)
        # openpyxl would store a leading "=" as a formula; neutralise() has already prefixed it.
    if isinstance(value, float):
        return round(value, 6)
    return value


def table_bytes(records: Iterable[Record], columns: Sequence[str], fmt: str, *, sheet: str = "Data",
                extra_json: dict[str, object] | None = None, bom: bool = False) -> bytes:
    """A result table as the bytes of a CSV (formula-safe; `bom` for Excel), XLSX (one sheet) or JSON file."""
    if fmt == "csv":
        return csv_bytes(records, columns, bom=bom)
    # The other formats look twice, and by column name.
    records = [dict(zip(columns, r, strict=True)) if type(r) is tuple else r for r in records]
    if fmt == "xlsx":
        return xlsx_bytes([(sheet, records, columns)])
    if fmt == "parquet":
        return parquet_bytes(records, columns)
    if fmt != "json":
        raise ValueError(f"a table is written as csv, xlsx, json or parquet, not {fmt!r}")
    payload: dict[str, object] = {"format_version": FORMAT_VERSION, **(extra_json or {}), "columns": list(columns),
                                  "rows": [{c: r.get(c) for c in columns} for r in records]}
    return json_bytes(payload)


class ParquetUnavailable(InputError):
    """pyarrow, the optional `parquet` extra, is not installed (exit 2, with how to install it)."""


def parquet_bytes(records: Sequence[dict[str, object]], columns: Sequence[str]) -> bytes:
    """The table as Parquet: each column of the type docs/data-dictionary.md gives it (missing stays null,
    never 0), so a column's type never depends on the values of one run; a column no output describes
    is typed from its values.

    Needs pyarrow (``pip install "maturitykit[parquet]"``). Text is a dictionary-encoded string
    column, so a 10^7-row round stays small.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # the extra is optional; the caller says how to install it
        raise ParquetUnavailable("Parquet output needs pyarrow: pip install \"maturitykit[parquet]\"") from exc
    arrays = {}
    for column in columns:
        values = [_parquet_value(r.get(column)) for r in records]
        documented = _DOCUMENTED.get(column_type(column) or "")
        arrays[column] = pa.array(_as(values, documented), type=getattr(pa, documented)() if documented
                                  else _parquet_type(values, pa))
    table = pa.table(arrays)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd", use_dictionary=True)
    return sink.getvalue()


# The data dictionary's types in words, as pyarrow type names.
_DOCUMENTED = {TEXT: "string", INTEGER: "int64", NUMBER: "float64", BOOLEAN: "bool_", DATE: "string"}


def _as(values: list[object], documented: str | None) -> list[object]:
    if documented == "string":
        return [None if v is None else cell_text(v) for v in values]
    if documented == "float64":
        return [None if v is None or v == "" else float(v) for v in values]  # type: ignore[arg-type]
    if documented == "int64":
        return [None if v is None or v == "" else int(v) for v in values]  # type: ignore[call-overload]
    return values


def _parquet_value(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _parquet_type(values: list[object], pa: object) -> object:
    present = [v for v in values if v is not None]
    if not present:
        return pa.string()  # type: ignore[attr-defined]
    if all(isinstance(v, bool) for v in present):
        return pa.bool_()  # type: ignore[attr-defined]
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pa.int64()  # type: ignore[attr-defined]
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return pa.float64()  # type: ignore[attr-defined]
    return pa.string()  # type: ignore[attr-defined]
