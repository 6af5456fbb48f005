"""Tables as CSV text: formula-safe fields, each distinct value made a field once; rows given whole (dicts
or tuples) or in blocks that share their middle columns (a merged round), written a few thousand at a time."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence

from maturitykit.spreadsheet import neutralise


def cell_text(value: object) -> str:
    """How a value appears in CSV: blank for missing, short fixed decimals for floats."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def _csv_cell(value: object) -> str:
    if not isinstance(value, str):
        return cell_text(value)
    # Line breaks become "\n" so the writer quotes them; a bare "\r" would otherwise split the row.
    return str(neutralise(value)).replace("\r\n", "\n").replace("\r", "\n")


# A row of a table: a dict by column name, or a tuple in the order of the columns (a merged round's 10^7 rows).
Record = dict[str, object] | tuple[object, ...]
Row = tuple[object, ...]
Block = tuple[Row, Iterable[tuple[Row, Row]]]  # a block's middle columns, and each of its rows' (head, tail)


class RowBlocks:
    """Rows given a block at a time, each row as head + middle + tail, where a block's rows share their
    middle and the heads come round again from block to block: a merged round is an item's columns
    between a partner's and a score's. Iterated, it gives the whole rows (once, like a generator);
    `csv_chunks` writes each distinct head and each middle as text once instead of once a row."""

    def __init__(self, blocks: Iterable[Block]) -> None:
        self.blocks = blocks

    def __iter__(self) -> Iterator[Row]:
        for middle, rows in self.blocks:
            for head, tail in rows:
                yield head + middle + tail


def csv_bytes(records: Iterable[Record], columns: Sequence[str], *, bom: bool = False) -> bytes:
    """UTF-8 CSV, formula-safe; with `bom`, a byte-order mark first, which Excel needs to read UTF-8 on a
    double-click (pandas and Power BI read either)."""
    return b"".join(csv_chunks(records, columns, bom=bom))


CSV_CHUNK_ROWS = 4096
HEADS_REMEMBERED = 1 << 16  # distinct heads of rows given in blocks kept as text (a round's partners, and more)


def csv_chunks(records: Iterable[Record], columns: Sequence[str], *, bom: bool = False,
               ) -> Iterator[bytes]:
    """The bytes of `csv_bytes`, a few thousand rows at a time, so that a national round's merged file
    (10^7 rows) is written as it is made instead of being held whole, twice (as text, then as bytes).

    Each distinct value is made a CSV field once (formula-safe, then quoted as `csv.writer` quotes:
    `csv_field`), and a row is those fields joined: the writer's own per-row work was half of writing
    a merged round (tests/render/test_csvtext.py holds the two to the same bytes)."""
    encoding = "utf-8-sig" if bom else "utf-8"
    width = len(columns)
    fields = _Fields(alone=width == 1)
    lines = [",".join(fields[c] for c in columns)]
    made = _block_lines(records, width, fields) if isinstance(records, RowBlocks) else _lines(records, columns, fields)
    for number, line in enumerate(made, start=1):
        lines.append(line)
        if number % CSV_CHUNK_ROWS == 0:
            lines.append("")
            yield "\n".join(lines).encode(encoding)
            encoding = "utf-8"  # the byte-order mark once, at the start
            lines = []
    lines.append("")
    yield "\n".join(lines).encode(encoding)


def _lines(records: Iterable[Record], columns: Sequence[str], fields: _Fields) -> Iterator[str]:
    """Each record (a dict, or a tuple in column order) as a CSV line without its line break."""
    width = len(columns)
    for number, record in enumerate(records, start=1):
        if type(record) is tuple:
            if len(record) != width:  # a programming error, never a shifted column
                raise ValueError(f"row {number} has {len(record)} values for {width} columns")
            values: Iterable[object] = record
        else:
            values = map(record.get, columns)  # type: ignore[union-attr]
        yield ",".join([fields[v] for v in values])


def _block_lines(records: RowBlocks, width: int, fields: _Fields) -> Iterator[str]:
    """The lines of rows given in blocks: the same as the whole rows' (tests/render/test_csvtext.py), with a
    head's and a middle's fields joined once (a third of writing a merged round was joining the same fields
    again)."""
    # A head as text, by identity: equal heads may differ in type (1, 1.0 and True are one dict key, but
    # "1" and "true" in a CSV), and the rows of a round share one head object a partner. Each head is held
    # beside its text, so its id cannot be another's while it is remembered.
    heads: dict[int, tuple[Row, str]] = {}
    number = 0
    for middle, rows in records.blocks:
        joined = ",".join([fields[v] for v in middle])
        for head, tail in rows:
            number += 1
            if not head or not middle or not tail or len(head) + len(middle) + len(tail) != width:
                raise ValueError(f"row {number} has {len(head) + len(middle) + len(tail)} values for {width} "
                                 "columns, or an empty part")
            known = heads.get(id(head))
            if known is not None and known[0] is head:
                text = known[1]
            else:
                if len(heads) >= HEADS_REMEMBERED:  # heads made afresh each row: remembered in a bounded set
                    heads.clear()
                text = ",".join([fields[v] for v in head])
                heads[id(head)] = (head, text)
            yield f"{text},{joined},{','.join([fields[v] for v in tail])}"


def csv_field(text: str) -> str:
    """A text as one field of a CSV row, quoted when `csv.writer` (minimal quoting) would quote it."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


class _Fields(dict[object, str]):
    """Value -> its CSV field (formula-safe, quoted), remembered for short texts and for numbers; a value
    equal to 0 or 1 is remembered with its type (True and 1 are one dict key, but "true" and "1" in a CSV).
    Values are what tables hold: text, int, float, bool or None."""

    def __init__(self, alone: bool) -> None:
        super().__init__()
        self.alone = alone  # one column: a blank field is written '""' by csv.writer, not as an empty line
        self.others: dict[tuple[type, object], str] = {}  # numbers, booleans, None: keyed with their type

    def __missing__(self, value: object) -> str:
        kind = type(value)
        if kind is not str:
            key = (kind, value)
            field = self.others.get(key)
            if field is None:
                field = self.others[key] = self._blank_alone(csv_field(cell_text(value)))
            if (kind is int or kind is float) and value != 0 and value != 1:
                # Kept by value too, so the next row's score or row number is found without this call: an
                # int and a float that are equal are written alike, and every bool equals 0 or 1, so those
                # two stay keyed with their type ("true" and "1" in a CSV).
                self[value] = field  # type: ignore[index]
            return field
        field = self._blank_alone(csv_field(_csv_cell(value)))
        if len(value) <= 200:  # long texts (rationales) are rarely repeated
            self[value] = field
        return field

    def _blank_alone(self, field: str) -> str:
        return '""' if self.alone and not field else field
