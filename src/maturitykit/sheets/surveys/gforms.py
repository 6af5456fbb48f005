"""Google Forms (CSV): `Timestamp, Email Address`, then questions; a grid question exports one column per row
as `Question title [Row title]`, the row title being the item's title."""

from __future__ import annotations

import re

from maturitykit.sheets.surveys.columns import Column, header_cells, simple_columns
from maturitykit.sheets.vocabulary import norm

NAME = "google-forms"
HEADER_ROWS = 1
METADATA = frozenset({"timestamp", "email address", "score", "total score"})
NAMES = (("email address",),)
_ROW = re.compile(r"\[(?P<row>[^\[\]]+)\]\s*$")


def looks_like(first: list[str]) -> bool:
    return bool(first) and norm(first[0]) == "timestamp"


def columns(rows: list[tuple[int, list[object]]]) -> list[Column]:
    out = simple_columns(header_cells(rows, 0), METADATA)
    for column in out:
        match = _ROW.search(column.text)
        if match and column.meta is None:
            column.text = match.group("row")  # the grid row is the item; the grid title is shared by all rows
    return out
