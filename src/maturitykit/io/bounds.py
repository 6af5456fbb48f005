"""Every limit on what an input may hold, in one place, so the bounds are easy to find and to document.

Each bound is checked while reading (never from a size or count the file declares about itself) and a
file beyond one is refused with exit 2, naming the file and the limit. They are generous: a real
workbook or survey export of an assessment, and every file maturitykit writes, is far inside them.
docs/guarantees.md lists them ("Bounded inputs").
"""

from __future__ import annotations

# Any file read as a sheet (CSV or XLSX, compressed size) or a plan. A survey export of thousands of
# responses is a few MB.
MAX_SHEET_BYTES = 50 * 1024 * 1024
# A framework YAML file; the largest bundled framework is ~100 KB.
MAX_YAML_BYTES = 2 * 1024 * 1024
# A partner list (one name a line): even a thousand partners is under 100 KB.
MAX_PARTNER_LIST_BYTES = 1024 * 1024
# Rows of one sheet (CSV records or XLSX <row> elements), and the highest row a cell may be in.
MAX_ROWS = 200_000
# maturitykit's own merged output (`score merge -o`, CSV with exactly the merged header, or Parquet with
# exactly its columns), read back by io/merged.py as typed columns rather than cell by cell: held to these
# instead of the two above, so that a national round (10^7 scores, ten years of 42 systems) can be
# analysed. 10^7 rows of the merged CSV are about 3.5 GB (about 330 bytes a row with rationale and
# evidence); in memory they are categorical columns, a few hundred bytes a row at most.
MAX_MERGED_ROWS = 10_000_000
MAX_MERGED_BYTES = 6 * 1024 * 1024 * 1024
# The highest column an XLSX cell may be in: Excel's own last column, XFD.
MAX_COLUMNS = 16_384

# XLSX (a zip of XML). openpyxl builds an object for every cell of a sheet's extent and for every
# cell of a merged range, and maturitykit loads each workbook twice (values and formulas): on the
# machine the bounds were chosen on, 200,000 cells took 5 s and ~220 MB, so the cell bound below
# keeps an accepted workbook under ~30 s and ~1 GB.
MAX_XLSX_MEMBERS = 10_000  # files inside the zip; a workbook with many sheets and images has hundreds
MAX_XLSX_MEMBER_BYTES = 256 * 1024 * 1024  # one member, uncompressed: ~4M cells of XML
MAX_XLSX_TOTAL_BYTES = 512 * 1024 * 1024  # all members together, uncompressed
# Uncompressed over compressed size of one member. Sheet XML compresses about 15:1; a zip bomb
# (deflate's limit is about 1000:1) far more. Only members past the size below are held to it,
# since a tiny member's ratio says nothing.
MAX_XLSX_RATIO = 200
XLSX_RATIO_FROM_BYTES = 1024 * 1024
# Cells (<c> elements) of all sheets together; also the bound on one sheet's extent (last row times
# last column, what openpyxl fills in) and on the cells of its merged ranges.
MAX_XLSX_CELLS = 1_000_000
MAX_XLSX_SHARED_STRINGS = 1_000_000  # <si> entries of xl/sharedStrings.xml: at most one per cell
