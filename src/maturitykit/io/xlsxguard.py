"""Checking an XLSX workbook against io/bounds.py before openpyxl parses any of it.

openpyxl inflates every member it reads and builds an object for every cell of a sheet's extent and
of every merged range, so a small file can take minutes and gigabytes (a zip bomb, a sheet with a
cell at XFD1048576, four million shared strings). Here the zip directory is checked first (members,
sizes, compression ratio), then each XML member is streamed through expat, counting as it goes and
stopping at the first bound passed: the declared sizes and the <dimension> element are not trusted.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from maturitykit.errors import Location, SheetError
from maturitykit.io.bounds import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_CELLS,
    MAX_XLSX_MEMBER_BYTES,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_RATIO,
    MAX_XLSX_SHARED_STRINGS,
    MAX_XLSX_TOTAL_BYTES,
    XLSX_RATIO_FROM_BYTES,
)

_CHUNK = 1024 * 1024
_REF = re.compile(r"\$?([A-Za-z]{1,4})\$?(\d{1,8})")


class _Refused(Exception):
    """A bound was passed inside an expat callback; carries the message out of the parser."""


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


@dataclass
class _Counts:
    """What the members read so far hold, and where the current sheet's row and cell are."""

    cells: int = 0
    shared_strings: int = 0
    member: str = ""
    rows: int = 0  # <row> elements of the current member
    row: int = 0
    column: int = 0
    last_row: int = 0  # the extent of the current member's cells
    last_column: int = 0
    merged: int = 0  # cells of the current member's merged ranges
    formulas: int = 0  # <f> elements anywhere: without one, a workbook's cached values are all it holds
    unparsed: int = 0  # members that are not XML (images, damaged parts): they might hide a formula

    def start_member(self, name: str) -> None:
        self.member, self.rows, self.row, self.column = name, 0, 0, 0
        self.last_row, self.last_column, self.merged = 0, 0, 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]  # the prefix (x:, or none) varies between writers
        if local == "c":
            self._cell(attrs.get("r"))
        elif local == "row":
            self._row(attrs.get("r"))
        elif local == "si":
            self.shared_strings += 1
            if self.shared_strings > MAX_XLSX_SHARED_STRINGS:
                raise _Refused(f"more than {MAX_XLSX_SHARED_STRINGS:,} shared strings; refused (the limit on "
                               "shared strings)")
        elif local == "mergeCell":
            self._merge(attrs.get("ref", ""))
        elif local == "f":
            self.formulas += 1

    def _row(self, ref: str | None) -> None:
        self.rows += 1
        # As openpyxl numbers them: the r attribute, else one past the previous row.
        self.row = int(ref) if ref and ref.isdigit() else self.row + 1
        self.column = 0
        if self.rows > MAX_ROWS or self.row > MAX_ROWS:
            raise _Refused(f"sheet {self.member} has more than {MAX_ROWS:,} rows; split the file (the limit on rows)")

    def _cell(self, ref: str | None) -> None:
        self.cells += 1
        if self.cells > MAX_XLSX_CELLS:
            raise _Refused(f"more than {MAX_XLSX_CELLS:,} cells; refused (the limit on cells in a workbook)")
        match = _REF.fullmatch(ref) if ref else None
        if match:
            self.column, self.row = _column_number(match[1]), int(match[2])
        else:
            self.column += 1
        if self.row > MAX_ROWS:
            raise _Refused(f"sheet {self.member} has a cell in row {self.row:,}, past the limit of {MAX_ROWS:,} "
                           "rows; split the file")
        if self.column > MAX_COLUMNS:
            raise _Refused(f"sheet {self.member} has a cell in column {self.column:,}, past the limit of "
                           f"{MAX_COLUMNS:,} columns")
        self.last_row, self.last_column = max(self.last_row, self.row), max(self.last_column, self.column)
        if self.last_row * self.last_column > MAX_XLSX_CELLS:
            raise _Refused(f"sheet {self.member} spans {self.last_row:,} rows by {self.last_column:,} columns, "
                           f"over the limit of {MAX_XLSX_CELLS:,} cells; delete the stray cells far from the data")

    def _merge(self, ref: str) -> None:
        corners = _REF.findall(ref)
        if not corners:
            return
        (c1, r1), (c2, r2) = corners[0], corners[-1]
        width = abs(_column_number(c2) - _column_number(c1)) + 1
        height = abs(int(r2) - int(r1)) + 1
        self.merged += width * height
        if self.merged > MAX_XLSX_CELLS:
            raise _Refused(f"sheet {self.member} has merged ranges of more than {MAX_XLSX_CELLS:,} cells; refused")


def _check_directory(book: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    members = book.infolist()
    if len(members) > MAX_XLSX_MEMBERS:
        raise _Refused(f"the workbook zip has {len(members):,} members, over the limit of {MAX_XLSX_MEMBERS:,}")
    total = 0
    for info in members:
        if info.file_size > MAX_XLSX_MEMBER_BYTES:
            raise _Refused(f"member {info.filename} inflates to {info.file_size:,} bytes, over the "
                           f"{MAX_XLSX_MEMBER_BYTES:,}-byte limit (a zip bomb?); refused")
        if info.file_size > XLSX_RATIO_FROM_BYTES and info.file_size > MAX_XLSX_RATIO * max(1, info.compress_size):
            raise _Refused(f"member {info.filename} inflates {info.file_size // max(1, info.compress_size):,} times, "
                           f"over the limit of {MAX_XLSX_RATIO} times (a zip bomb?); refused")
        total += info.file_size
        if total > MAX_XLSX_TOTAL_BYTES:
            raise _Refused(f"the workbook inflates to more than {MAX_XLSX_TOTAL_BYTES:,} bytes, over the limit "
                           "(a zip bomb?); refused")
    return members


def _scan_member(book: zipfile.ZipFile, info: zipfile.ZipInfo, counts: _Counts) -> int:
    """Stream one member through expat; returns the bytes it inflated to."""
    counts.start_member(info.filename)
    parser = expat.ParserCreate()
    parser.StartElementHandler = counts.start

    def no_dtd(*_: object) -> None:
        # A DTD can declare entities that expand to elements or to gigabytes (billion laughs); no
        # spreadsheet writer emits one.
        raise _Refused(f"member {info.filename} declares an XML document type (DTD); refused")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    inflated = 0
    with book.open(info) as stream:
        while True:
            # Reads are capped here too: the sizes in the zip directory are what the file says.
            chunk = stream.read(_CHUNK)
            inflated += len(chunk)
            if inflated > MAX_XLSX_MEMBER_BYTES:
                raise _Refused(f"member {info.filename} inflates to more than {MAX_XLSX_MEMBER_BYTES:,} bytes "
                               "(a zip bomb?); refused")
            try:
                parser.Parse(chunk, not chunk)
            except expat.ExpatError:
                # Not XML (an image, a damaged part): nothing to count; openpyxl decides what it is.
                counts.unparsed += 1
                return inflated
            if not chunk:
                return inflated


def check_workbook(raw: bytes, file: str) -> bool:
    """Refuse (SheetError, exit 2) a workbook beyond a bound of io/bounds.py; a damaged zip passes to openpyxl.

    Returns whether the workbook may hold a formula (True for a damaged zip: nothing is known), so that
    a reader loads it a second time, for its formulas, only when it has some."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            members = _check_directory(book)
            counts = _Counts()
            total = 0
            for info in members:
                if info.is_dir() or info.filename.lower().startswith(("xl/media/", "xl/embeddings/")):
                    continue
                total += _scan_member(book, info, counts)
                if total > MAX_XLSX_TOTAL_BYTES:
                    raise _Refused(f"the workbook inflates to more than {MAX_XLSX_TOTAL_BYTES:,} bytes, over the "
                                   "limit (a zip bomb?); refused")
    except _Refused as exc:
        raise SheetError(str(exc), Location(file)) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError,
            RuntimeError, zlib.error):
        # A damaged or encrypted zip: openpyxl gives the message users know ("is it truncated?").
        return True
    return counts.formulas > 0 or counts.unparsed > 0
