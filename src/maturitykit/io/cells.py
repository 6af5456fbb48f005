"""Turning returned files (CSV in any common dialect, XLSX) into plain tables of cells.

Everything here is about bytes and cells, nothing about frameworks: `sheets.py` gives the
cells meaning. Row numbers are as a spreadsheet shows them (the first line is row 1) and
columns are letters, so a message points where the user will look.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from maturitykit.errors import Location, SheetError
from maturitykit.io.bounds import MAX_ROWS, MAX_SHEET_BYTES
from maturitykit.io.files import read_input
from maturitykit.io.xlsxguard import check_workbook
from maturitykit.spreadsheet import CONTROL_CHARACTERS, column_letter, strip_control
from maturitykit.words import count

__all__ = ["MAX_ROWS", "MAX_SHEET_BYTES", "RawTable", "column_letter", "read_csv_bytes", "read_table", "read_xlsx"]
HEADER_SEARCH_ROWS = 15  # users put titles and instructions above the header


@dataclass
class RawTable:
    """Cells of one sheet: `rows` holds (spreadsheet row number, cells)."""

    file: str
    kind: str  # "csv" or "xlsx"
    rows: list[tuple[int, list[object]]]
    warnings: list[tuple[int | None, str | None, str]] = field(default_factory=list)  # (row, column, message)
    meta: dict[str, str] = field(default_factory=dict)  # from an XLSX "About" sheet
    # Hidden and very hidden worksheets of an XLSX, name -> their leading rows, so that the reader can
    # warn when one holds scores (the visible sheet is the one read: it is what the partner saw).
    hidden_sheets: dict[str, list[tuple[int, list[object]]]] = field(default_factory=dict)
    formula_cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col index) -> formula
    broken: dict[int, tuple[int, str]] = field(default_factory=dict)  # row -> (col index, why it cannot be used)
    control_free: bool = False  # known to hold no control character (a CSV whose whole text was searched once)


def _decode(raw: bytes, file: str) -> tuple[str, str | None, int | None]:
    """Text, a warning when it was not clean UTF-8, and the character offset the warning is about.

    One stray byte must not make a whole UTF-8 file be read as Windows-1252 (that garbles every
    accented name): a file with valid UTF-8 letters is read as UTF-8 and only its bad bytes as
    Windows-1252. A file with no UTF-8 letters at all is Windows-1252 as a whole."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "file is UTF-16 (Excel 'Unicode text'); read as UTF-16", None
        except UnicodeDecodeError:
            raise SheetError("file claims to be UTF-16 but is not valid UTF-16", Location(file, 1)) from None
    try:
        return raw.decode("utf-8-sig"), None, None
    except UnicodeDecodeError:
        pass
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    escaped = body.decode("utf-8", errors="surrogateescape")  # bad bytes become U+DC80..U+DCFF
    first_bad = next(i for i, c in enumerate(escaped) if "\udc80" <= c <= "\udcff")
    if any(ord(c) > 0x7F and not "\udc80" <= c <= "\udcff" for c in escaped):
        text = "".join(_one_byte(ord(c) - 0xDC00) if "\udc80" <= c <= "\udcff" else c for c in escaped)
        return text, ("file is UTF-8 but has bytes that are not; those were read as Windows-1252: check the "
                      "letters there"), first_bad
    first = next(i for i, b in enumerate(body) if b > 0x7F)  # one byte is one character in cp1252
    return "".join(_one_byte(b) for b in body), ("file is not UTF-8; read as Windows-1252 (cp1252): check accented "
                                                  "letters"), first


def _one_byte(byte: int) -> str:
    # The five bytes cp1252 leaves undefined are read as Latin-1, so decoding never fails.
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


def _where(text: str, offset: int, delimiter: str) -> tuple[int, str]:
    """Row number and column letter (as the table numbers them) of the character at `offset`."""
    records = list(csv.reader(io.StringIO(text[: offset + 1], newline=""), delimiter=delimiter, strict=False))
    if not records:
        return 1, "A"
    return len(records), column_letter(max(0, len(records[-1]) - 1))


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is NUL, as in a UTF-16 text of Latin letters."""
    sample = raw[:4096]
    if len(sample) < 8 or b"\x00" not in sample:  # Latin letters in UTF-16 are half NUL bytes
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.2 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.2 * len(odd):
        return "utf-16-be"
    return None


def _nul_row(raw: bytes) -> int:
    return raw[: raw.index(b"\x00")].count(b"\n") + 1


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])  # not tab, line feed, vertical tab, form feed, return
_CONTROL_TEXT_BYTES = bytes([*range(9), 11, 12, *range(14, 32)])  # spreadsheet.CONTROL_CHARACTERS, as bytes


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:4096]
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # in C, not a loop over bytes
    return control > max(8, len(sample) // 20)


def _sniff_delimiter(text: str) -> str:
    """The delimiter under which the header and the rows below it split into one number of columns.

    Records are parsed as CSV (quotes respected, so "a; b" inside a quoted rationale of a comma file
    does not count), and the delimiter whose most common column count (above one) is shared by the most
    of the leading records wins; ties go to the wider split, then to the comma."""
    if ";" not in text and "\t" not in text:  # the comma is the only candidate: it wins, whatever it scores
        return ","
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        if delimiter not in text:  # every record would be one column: it cannot win
            continue
        counts: list[int] = []
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    counts.append(len(cells))
                if len(counts) >= HEADER_SEARCH_ROWS:
                    break
        except csv.Error:
            continue
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        mode = max(set(wide), key=lambda c: (wide.count(c), c))
        score = (wide.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv_bytes(raw: bytes, file: str) -> RawTable:
    if not raw.strip():
        raise SheetError("file is empty", Location(file))
    if raw.startswith(b"PK\x03\x04"):
        raise SheetError("file is a zip (an .xlsx saved with the wrong extension?); rename it to .xlsx", Location(file))
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError("file is an old Excel .xls workbook; save it as .xlsx or CSV", Location(file))
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise SheetError("file is UTF-32; save it as UTF-8 CSV", Location(file, 1))
    has_utf16_bom = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    bad_at: int | None = None
    bare_utf16 = None if has_utf16_bom else _utf16_without_bom(raw)
    if bare_utf16:
        try:
            text, warning = raw.decode(bare_utf16), f"file is UTF-16 without a byte-order mark; read as {bare_utf16}"
            bad_at = None
        except UnicodeDecodeError:
            raise SheetError("file looks like UTF-16 but cannot be decoded; save it as UTF-8 CSV",
                             Location(file)) from None
    elif not has_utf16_bom and b"\x00" in raw:
        raise SheetError("file contains NUL bytes: binary or damaged, not a text sheet",
                         Location(file, _nul_row(raw)))
    elif not has_utf16_bom and _looks_binary(raw):
        raise SheetError("file is binary, not a score sheet (expected CSV or XLSX)", Location(file))
    else:
        text, warning, bad_at = _decode(raw, file)
    ascii_kept = not has_utf16_bom and not bare_utf16
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise SheetError("file contains NUL characters: not a text sheet", Location(file, row))
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, MAX_SHEET_BYTES))  # a long rationale is text, not an attack
    try:
        delimiter = _sniff_delimiter(text)
        table = _parse_csv(text, file, delimiter, None)
        # One search, not one per cell; in the bytes when they are the text's own ASCII (UTF-8 or cp1252:
        # a byte below 0x80 is that character), where it is a C loop, not a regular expression.
        table.control_free = (len(raw.translate(None, _CONTROL_TEXT_BYTES)) == len(raw) if ascii_kept
                              else CONTROL_CHARACTERS.search(text) is None)
        if warning:
            row, column = _where(text, bad_at, delimiter) if bad_at is not None else (None, None)
            spot = f" (first at row {row}, column {column})" if row is not None else ""
            table.warnings.insert(0, (row, column, warning + spot))
        return table
    finally:
        csv.field_size_limit(limit)


def _parse_csv(text: str, file: str, delimiter: str, warning: str | None) -> RawTable:
    table = RawTable(file, "csv", [])
    if warning:
        table.warnings.append((None, None, warning))
    if delimiter != ",":
        table.warnings.append((None, None, f"columns are separated by {'semicolons' if delimiter == ';' else 'tabs'}"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:  # the records in one C call: a round is thousands of small files
        table.rows = list(enumerate(itertools.islice(reader, MAX_ROWS), start=1))
        over = next(reader, None) is not None
    except csv.Error as exc:
        good = sum(1 for _ in _records_until_error(text, delimiter))  # the records before the one refused
        raise SheetError(f"cannot parse CSV: {exc}", Location(file, good + 1)) from None
    if over:
        raise SheetError(f"more than {MAX_ROWS:,} rows; split the file", Location(file, MAX_ROWS + 1))
    if text.count('"') % 2 == 1 and table.rows and not _parses_strictly(text, delimiter):
        # An unclosed quote swallows everything after it into one cell of the last record.
        number, cells = table.rows[-1]
        column = max(0, len(cells) - 1)
        swallowed = str(cells[column]).rstrip("\n").count("\n") if cells else 0
        table.broken[number] = (column, f"unclosed quote: this cell runs to the end of the file and swallowed "
                                        f"{count(swallowed, 'line')}; close the quote (or the file is truncated)")
    return table


def _records_until_error(text: str, delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    with contextlib.suppress(csv.Error):
        yield from reader


def _parses_strictly(text: str, delimiter: str) -> bool:
    """Whether the text parses with every quoted field closed. A quote inside an unquoted field
    (`Acme "Trust`) is a plain character and leaves an odd count of quotes without opening anything;
    a quote that really opens a field and never closes makes the strict reader fail at the end."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error:
        return False
    return True


def _about(workbook: object) -> dict[str, str]:
    meta: dict[str, str] = {}
    names = {name.casefold(): name for name in workbook.sheetnames}  # type: ignore[attr-defined]
    if "about" not in names:
        return meta
    sheet = workbook[names["about"]]  # type: ignore[index]
    for row in sheet.iter_rows(min_row=1, max_row=50, max_col=2, values_only=True):
        if row and row[0] is not None and len(row) > 1 and row[1] is not None:
            key = " ".join(str(row[0]).split()).casefold().rstrip(":").replace(" ", "_")
            meta[key] = str(row[1]).strip()
    return meta


def _read_sheet_file(path: Path, file: str) -> bytes:
    return read_input(path, MAX_SHEET_BYTES, file=file, error=SheetError, folder="is a folder, expected a sheet",
                      kind=" for a sheet")


def read_xlsx(path: Path, file: str, sheet_hint: str | None = "scores", raw: bytes | None = None) -> RawTable:
    import openpyxl  # heavy: only when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    if raw is None:
        raw = _read_sheet_file(path, file)
    # Zip bombs, huge sheets: refused before openpyxl inflates anything; and whether any cell has a formula.
    has_formulas = check_workbook(raw, file)
    try:
        # From bytes, so a workbook saved under another extension still opens (openpyxl checks names).
        values_book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
        # A second load, for the formulas behind the saved values, only when there are formulas: without
        # one, both loads give the same cells, and loading is most of the time a workbook costs.
        formula_book = openpyxl.load_workbook(io.BytesIO(raw), data_only=False) if has_formulas else values_book
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError, EOFError) as exc:
        raise SheetError(f"not a readable .xlsx workbook ({type(exc).__name__}); is it truncated?", Location(file)) from None
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise SheetError(f"not a readable .xlsx workbook ({type(exc).__name__})", Location(file)) from None
    worksheets = [ws.title for ws in values_book.worksheets]  # chart sheets hold no cells
    if not worksheets:
        raise SheetError("workbook has no worksheet (only charts?)", Location(file))
    visible = [ws.title for ws in values_book.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise SheetError("every worksheet of this workbook is hidden; unhide the sheet of scores", Location(file))
    names = {name.casefold(): name for name in visible}
    name = names.get(sheet_hint or "", visible[0])
    values = values_book[name]
    formulas = formula_book[name]
    table = RawTable(file, "xlsx", [], meta=_about(values_book))
    for merged in list(values.merged_cells.ranges):
        table.warnings.append((merged.min_row, column_letter(merged.min_col - 1),
                               f"merged cells {merged.coord}: only the first cell holds a value"))
    if values.max_row > MAX_ROWS:  # check_workbook refuses these before loading; kept as a last guard
        raise SheetError(f"more than {MAX_ROWS:,} rows; split the file", Location(file))
    for ws in values_book.worksheets:
        if ws.sheet_state != "visible" and ws.title.casefold() != "about":
            table.hidden_sheets[ws.title] = [(r[0].row, [c.value for c in r])
                                             for r in ws.iter_rows(max_row=HEADER_SEARCH_ROWS + 5) if r]
    hidden_rows = sorted(n for n, dim in values.row_dimensions.items() if dim.hidden)
    for row_v, row_f in zip(values.iter_rows(), formulas.iter_rows(), strict=False):
        if not row_v:
            continue
        number = row_v[0].row
        cells: list[object] = []
        for index, (cell_v, cell_f) in enumerate(zip(row_v, row_f, strict=False)):
            raw_f = cell_f.value
            if isinstance(raw_f, str) and raw_f.startswith("="):
                table.formula_cells[(number, index)] = raw_f
            cells.append(cell_v.value)
        table.rows.append((number, cells))
    has_data = {number for number, cells in table.rows if any(c not in (None, "") for c in cells)}
    filled = {index for _, cells in table.rows for index, c in enumerate(cells) if c not in (None, "")}
    for dims in values.column_dimensions.values():
        if dims.hidden and dims.min is not None:
            for index in range(dims.min - 1, (dims.max or dims.min)):
                if index in filled:
                    table.warnings.append((None, column_letter(index), f"column {column_letter(index)} is hidden in "
                                           "the workbook and holds data; it is read: unhide it and check it"))
    for number in hidden_rows:
        if number in has_data:
            # Read, because it is in the file the partner returned; but nobody looking at the sheet saw it.
            table.warnings.append((number, None, f"row {number} is hidden in the workbook and holds data; it is "
                                                 "read: unhide it and check it is meant to be there"))
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        table.warnings.append((None, None, f"file has a {path.suffix or 'missing'} extension but is an .xlsx "
                                           "workbook; read as one (rename it to .xlsx)"))
    if len(values_book.sheetnames) > 1 and name.casefold() != "scores":
        table.warnings.append((None, None, f"read the sheet {name!r}; the workbook has no visible 'Scores' sheet"))
    return table


# Spreadsheet formats people return scores in that are not read: refused with what to do, never skipped.
_UNREADABLE_FORMATS = {
    ".xls": "an old Excel .xls workbook (Excel 97-2003)", ".xlsb": "an Excel binary workbook (.xlsb)",
    ".ods": "an OpenDocument spreadsheet (.ods)", ".numbers": "an Apple Numbers file",
    ".xltx": "an Excel template (.xltx)", ".xltm": "an Excel template (.xltm)",
}


def read_table(path: Path, display: str | None = None, sheet_hint: str | None = "scores") -> RawTable:
    """Read a CSV/TSV/TXT or XLSX file into cells; raises SheetError when it cannot be used.

    `sheet_hint` names the worksheet of a workbook to read when it has one of that name."""
    file = display or str(path)
    suffix = path.suffix.strip().casefold()
    raw = _read_sheet_file(path, file)  # bounded, and only from a regular file
    if not raw:
        raise SheetError("file is empty", Location(file))
    head = raw[:8]
    if suffix in _UNREADABLE_FORMATS:
        raise SheetError(f"is {_UNREADABLE_FORMATS[suffix]}, which cannot be read; open it and save it as .xlsx "
                         "(Excel Workbook) or CSV UTF-8", Location(file))
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm"):
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise SheetError("is an old Excel .xls workbook or a password-protected one; save it as .xlsx "
                             "without a password, or as CSV", Location(file))
        if not head.startswith(b"PK\x03\x04"):
            raise SheetError("has an .xlsx name but is not a workbook (a CSV renamed?)", Location(file))
        return _without_control(read_xlsx(path, file, sheet_hint, raw=raw))
    return _without_control(read_csv_bytes(raw, file))


def _without_control(table: RawTable) -> RawTable:
    """Remove control characters (a vertical tab or form feed pasted into a rationale) from every text
    cell, warning where: no spreadsheet cell can hold them, so an XLSX output would fail."""
    if table.control_free:
        return table
    for number, cells in table.rows:
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and CONTROL_CHARACTERS.search(cell):
                found = sorted({f"U+{ord(c):04X}" for c in CONTROL_CHARACTERS.findall(cell)})
                cells[index] = strip_control(cell)
                table.warnings.append((number, column_letter(index), f"{'control character' if len(found) == 1 else 'control characters'} {', '.join(found)} "
                                       "removed from this cell"))
    return table
