"""Hand-made XLSX workbooks for the bound tests: a real workbook with one member replaced or added.

Parts may be bytes or an iterable of byte chunks, so a test can stream a sheet of a million rows
(or a zip bomb) into tmp_path without holding it in memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = b"</sheetData></worksheet>"
SHEET = "xl/worksheets/sheet1.xml"


def _base() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Scores"
    book.active.append(["partner", "item", "score"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_workbook(path: Path, parts: dict[str, bytes | Iterable[bytes]], level: int = 6) -> Path:
    """A workbook at `path` whose members named in `parts` are replaced (or added)."""
    base = zipfile.ZipFile(io.BytesIO(_base()))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as book:
        for info in base.infolist():
            if info.filename not in parts:
                book.writestr(info.filename, base.read(info.filename))
        for name, data in parts.items():
            chunks = [data] if isinstance(data, bytes) else data
            with book.open(name, "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk)
    return path


def sheet(rows: Iterable[bytes], extra: bytes = b"") -> Iterable[bytes]:
    """A worksheet's XML from <row> elements, with `extra` (say <mergeCells>) after the sheet data."""
    yield SHEET_HEAD
    yield from rows
    yield SHEET_TAIL[: -len(b"</worksheet>")] + extra + b"</worksheet>"


def header_row() -> bytes:
    return (b'<row r="1"><c r="A1" t="inlineStr"><is><t>partner</t></is></c><c r="B1" t="inlineStr"><is><t>item'
            b'</t></is></c><c r="C1" t="inlineStr"><is><t>score</t></is></c></row>')
