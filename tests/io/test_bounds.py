"""io/bounds.py, io/files.py and io/xlsxguard.py: inputs are read with a bound, from regular files only.

The large cases (a zip bomb, a million rows, a million shared strings) are generated into tmp_path
and streamed, so nothing large is committed and the test itself stays within memory.
"""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from maturitykit.errors import InputError, OutputError, SheetError
from maturitykit.io import bounds, xlsxguard
from maturitykit.io.cells import read_table
from maturitykit.io.files import read_input
from maturitykit.io.outputs import refuse_special
from maturitykit.io.xlsxguard import check_workbook
from xlsx_parts import SHEET, header_row, sheet, write_workbook

BAD = FIXTURES / "bad"


def _refused(path: Path, words: str, seconds: float = 20.0) -> SheetError:
    start = time.monotonic()
    with pytest.raises(SheetError) as info:
        read_table(path)
    assert time.monotonic() - start < seconds, "refused, but not quickly"
    assert words in info.value.message, info.value.message
    assert info.value.location is not None and info.value.location.file == str(path)
    return info.value


# ----------------------------------------------------------------------------- XLSX bounds
def test_zip_bomb_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    # 300 MiB of XML in one member, a few hundred KB compressed: refused before anything is inflated.
    chunk = b" " * (1024 * 1024)
    parts = {SHEET: sheet([header_row(), *(chunk for _ in range(300))])}
    path = write_workbook(tmp_path / "bomb.xlsx", parts, level=1)
    assert path.stat().st_size < 2 * 1024 * 1024
    _refused(path, "over the 268,435,456-byte limit (a zip bomb?)", seconds=5)


def test_many_members_inflating_together_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each member under the per-member bound and the ratio, all of them over the total. The total is
    # lowered for the test (the check is the same) so that the members need not be 512 MiB.
    monkeypatch.setattr(xlsxguard, "MAX_XLSX_TOTAL_BYTES", 3 * 1024 * 1024)
    noise = b"<!-- " + os.urandom(512 * 1024).hex().encode() + b" -->"  # barely compresses
    parts = {f"xl/extra{i}.xml": noise for i in range(4)}
    path = write_workbook(tmp_path / "wide.xlsx", parts, level=1)
    _refused(path, f"inflates to more than {3 * 1024 * 1024:,} bytes")


def test_sheet_of_a_million_rows_is_refused_while_reading(tmp_path: Path) -> None:
    rows = (b'<row r="%d"><c r="C%d"><v>3</v></c></row>' % (n, n) for n in range(2, 1_048_577))
    path = write_workbook(tmp_path / "rows.xlsx", {SHEET: sheet([header_row(), *rows])}, level=1)
    _refused(path, f"more than {bounds.MAX_ROWS:,} rows", seconds=10)


def test_rows_without_numbers_are_counted(tmp_path: Path) -> None:
    # No r attributes, no <dimension>: the rows are counted as openpyxl would number them.
    rows = (b"<row><c><v>3</v></c></row>" for _ in range(bounds.MAX_ROWS + 1))
    path = write_workbook(tmp_path / "bare-rows.xlsx", {SHEET: sheet(rows)}, level=1)
    _refused(path, f"more than {bounds.MAX_ROWS:,} rows")


def test_too_many_cells_in_a_workbook_is_refused(tmp_path: Path) -> None:
    per_sheet = bounds.MAX_XLSX_CELLS // 2 + 1

    def cells() -> object:
        for n in range(1, per_sheet // 10 + 2):
            yield b'<row r="%d">' % n + b"".join(b'<c r="%s%d"><v>1</v></c>' % (col.encode(), n) for col in "ABCDEFGHIJ") + b"</row>"
    parts = {SHEET: sheet(cells()), "xl/worksheets/sheet2.xml": sheet(cells())}
    path = write_workbook(tmp_path / "cells.xlsx", parts, level=1)
    _refused(path, f"more than {bounds.MAX_XLSX_CELLS:,} cells")


def test_millions_of_shared_strings_are_refused(tmp_path: Path) -> None:
    strings = (b"<si><t>%d</t></si>" % n for n in range(4_000_000))
    head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    path = write_workbook(tmp_path / "strings.xlsx", {"xl/sharedStrings.xml": [head, *strings, b"</sst>"]}, level=1)
    _refused(path, f"more than {bounds.MAX_XLSX_SHARED_STRINGS:,} shared strings", seconds=10)


def test_dimension_element_is_not_trusted(tmp_path: Path) -> None:
    rows = [header_row(), b'<row r="300000"><c r="A300000"><v>1</v></c></row>']
    xml = b"".join(sheet(rows)).replace(b"<sheetData>", b'<dimension ref="A1:C1"/><sheetData>')
    _refused(write_workbook(tmp_path / "dimension.xlsx", {SHEET: xml}), "more than 200,000 rows")


def test_a_real_workbook_passes_the_bounds(tmp_path: Path) -> None:
    # 20,000 rows of a long sheet with a rationale: read whole.
    def rows() -> object:
        yield header_row()
        for n in range(2, 20_002):
            yield (b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Partner %d</t></is></c><c r="B%d" t="inlineStr">'
                   b'<is><t>vision</t></is></c><c r="C%d"><v>3</v></c></row>' % (n, n, n % 40, n, n))
    path = write_workbook(tmp_path / "real.xlsx", {SHEET: sheet(rows())})
    table = read_table(path)
    assert len(table.rows) == 20_001


def test_the_workbooks_maturitykit_writes_pass() -> None:
    for path in sorted((FIXTURES / "sheets").rglob("*.xlsx")) + sorted((FIXTURES / "rounds").rglob("*.xlsx")):
        check_workbook(path.read_bytes(), str(path))  # raises on a bound


def test_a_damaged_zip_is_left_to_openpyxl(tmp_path: Path) -> None:
    check_workbook(b"PK\x03\x04 not really a zip", "x.xlsx")  # no bound applies: openpyxl says what is wrong


# --------------------------------------------------------------------------------- defusedxml
def test_openpyxl_parses_through_defusedxml() -> None:
    import defusedxml
    import openpyxl
    import openpyxl.xml
    import openpyxl.xml.functions

    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.fromstring.__module__.startswith("defusedxml")
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")
    # Past maturitykit's own check, openpyxl itself refuses the entity bomb of the corpus.
    with pytest.raises(ValueError) as info:  # openpyxl wraps what its parser raised
        openpyxl.load_workbook(BAD / "xlsx-xml-entity-bomb.xlsx")
    causes = []
    error: BaseException | None = info.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, defusedxml.DefusedXmlException) for e in causes), causes


# ------------------------------------------------------------------------- bounded, regular reads
def test_read_input_reads_at_most_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_input(path, 100) == b"x" * 100
    with pytest.raises(InputError, match="100 bytes, over the 99-byte limit"):
        read_input(path, 99)


def test_a_device_is_refused_not_read() -> None:
    start = time.monotonic()
    with pytest.raises(InputError, match="is a device, not a regular file"):
        read_input("/dev/zero", 10 * 1024 * 1024 * 1024)
    assert time.monotonic() - start < 2


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"is a pipe \(FIFO\), not a regular file"):
        read_input(fifo, 1024)


def test_a_file_name_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/r\xffx.csv"))
    path.write_bytes(b"partner,item,score\nAcme,vision,3\n")
    with pytest.raises(SheetError) as info:
        read_table(path)
    assert "not UTF-8 (0xff); rename the file" in info.value.message
    assert info.value.location is not None and info.value.location.file.endswith("r\ufffdx.csv")


def test_every_input_read_goes_through_read_input() -> None:
    # The one place src/ opens a file to read it; anything else would bring back unbounded reads.
    src = Path(__file__).resolve().parents[2] / "src" / "maturitykit"
    readers = re.compile(r"read_bytes\(|read_text\(|\.open\(\"r|(?<![\w.])open\(|os\.open\(|load_workbook\((?!io\.BytesIO)")
    offenders = [f"{p.relative_to(src)}: {m.group()}" for p in src.rglob("*.py") if p.name != "files.py"
                 for line in p.read_text(encoding="utf-8").splitlines()
                 for m in readers.finditer(line.split("#")[0])]  # code, not the comments that name open()
    assert offenders == []


# ---------------------------------------------------------------------------------- outputs
def test_refuse_special_refuses_devices_and_fifos(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a device, not a regular file; refusing to replace it"):
        refuse_special(Path("/dev/null"))
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match=r"is a pipe \(FIFO\)"):
        refuse_special(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    refuse_special(tmp_path / "new.csv")  # not there yet: fine


def test_a_member_that_lies_about_its_size_is_not_inflated_past_it(tmp_path: Path) -> None:
    # The directory says 1,000 bytes; the data inflates to 64 MiB. zipfile stops at the declared size
    # (and the checksum then fails), so the lie buys nothing: refused as damaged, quickly.
    import struct
    import zipfile

    path = write_workbook(tmp_path / "liar.xlsx", {SHEET: sheet([header_row(), *(b" " * 2**20 for _ in range(64))])})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as book:
        info = book.getinfo(SHEET)
    central = data.index(b"PK\x01\x02")  # the central directory, entry by entry, to the sheet's
    while True:
        name_len, extra, comment = struct.unpack_from("<HHH", data, central + 28)
        if bytes(data[central + 46:central + 46 + name_len]).decode() == SHEET:
            break
        central += 46 + name_len + extra + comment
    struct.pack_into("<I", data, central + 24, 1000)  # its uncompressed size
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).getinfo(SHEET).file_size == 1000 < info.file_size
    start = time.monotonic()
    with pytest.raises(SheetError, match="not a readable .xlsx workbook"):
        read_table(path)
    assert time.monotonic() - start < 5
