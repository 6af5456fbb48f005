"""Snap Surveys (Snap XMP; CSV/XLSX): a case or respondent id column first, then one column per variable.
The header is the variables' labels (the question text), or two rows: the variable names (`Q1`, `Q1a`) and
then their labels. Answers are read as labels; the "Other (please specify)" variable follows its question."""

from __future__ import annotations

from maturitykit.sheets.headers import cell_text
from maturitykit.sheets.surveys.columns import Column, header_cells
from maturitykit.sheets.vocabulary import norm

NAME = "snap"
HEADER_ROWS = 1
IDS = frozenset({"case id", "caseid", "case number", "case no", "respondent id", "respondentid", "respid",
                 "resp id", "serial", "serial no"})
METADATA = IDS | frozenset({
    "date started", "time started", "date completed", "time completed", "date submitted", "time submitted",
    "completion time", "started", "completed", "submitted", "duration", "time taken", "status", "language",
    "participant", "participant id", "login", "email", "email address", "name", "ip address", "url",
    "routing", "source", "interviewer"})
NAMES = (("name",), ("email",), ("email address",))


def looks_like(first: list[str]) -> bool:
    return bool(first) and norm(first[0]) in IDS


def header_rows(rows: list[tuple[int, list[object]]]) -> int:
    """2 when the second row holds the variables' labels: text, not a case number, under the id column."""
    if len(rows) < 3:
        return 1
    under_id = cell_text(rows[1][1][0]) if rows[1][1] else ""
    if not under_id or under_id.replace(".", "", 1).isdigit():
        return 1
    return 2


def columns(rows: list[tuple[int, list[object]]]) -> list[Column]:
    names = header_cells(rows, 0)
    labels = header_cells(rows, 1) if header_rows(rows) == 2 else names
    labels += [""] * (len(names) - len(labels))
    out = []
    for col, name in enumerate(names):
        text = labels[col] or name
        meta = next((norm(t) for t in (name, text) if norm(t) in METADATA), None)
        out.append(Column(col, text, meta=meta, group=col))
    return out
