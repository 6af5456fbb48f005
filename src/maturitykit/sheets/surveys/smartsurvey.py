"""SmartSurvey (CSV/XLSX): metadata `UserID, Name, Email, IP Address, Unique ID, Started, Ended, Tracking Link,
Custom Value`, then one column per question (numbered, "1. Which organisation ...?"). An export with
sub-columns has a second header row (blank under the metadata) naming what each column holds: a matrix row,
an answer option or `Other (please specify)`, the first row left blank over a question's later columns."""

from __future__ import annotations

from maturitykit.sheets.surveys.columns import Column, header_cells, simple_columns, stacked_columns
from maturitykit.sheets.vocabulary import norm

NAME = "smartsurvey"
HEADER_ROWS = 1
METADATA = frozenset({"userid", "user id", "name", "email", "ip address", "unique id", "started", "ended",
                      "tracking link", "custom value", "custom value 1", "custom value 2", "status", "time taken"})
NAMES = (("name",), ("email",))
_PLAIN = frozenset({"", "response", "answer", "comment", "comments"})  # a comment box: the rationale


def looks_like(first: list[str]) -> bool:
    keys = {norm(h) for h in first}
    return bool(keys & {"userid", "user id"}) and bool(keys & {"started", "unique id", "tracking link"})


def header_rows(rows: list[tuple[int, list[object]]]) -> int:
    """2 when the second row is a header: blank under every metadata column, something under a question."""
    first, second = header_cells(rows, 0), header_cells(rows, 1)
    meta = [col for col, text in enumerate(first) if norm(text) in METADATA]
    if len(rows) < 2 or not meta or any(col < len(second) and second[col] for col in meta):
        return 1
    return 2 if any(second) else 1


def columns(rows: list[tuple[int, list[object]]]) -> list[Column]:
    if header_rows(rows) == 2:
        return stacked_columns(rows, METADATA, _PLAIN)
    return simple_columns(header_cells(rows, 0), METADATA)
