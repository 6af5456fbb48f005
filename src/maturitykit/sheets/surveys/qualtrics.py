"""Qualtrics (CSV): three header rows (question ids such as `Q1_1`; the question text; `{"ImportId":"QID1_1"}`),
metadata columns first, answers as choice text."""

from __future__ import annotations

from maturitykit.sheets.surveys.columns import Column, header_cells
from maturitykit.sheets.vocabulary import norm

NAME = "qualtrics"
HEADER_ROWS = 3
METADATA = frozenset(norm(n) for n in (
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
    "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference",
    "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage"))
NAMES = (("recipientfirstname", "recipientlastname"), ("recipientemail",))


def looks_like(first: list[str]) -> bool:
    keys = {norm(h) for h in first}
    return {"responseid", "startdate"} <= keys or {"responseid", "recordeddate"} <= keys


def import_row(cells: list[str]) -> bool:
    return any(c.startswith('{"ImportId"') for c in cells)


def columns(rows: list[tuple[int, list[object]]]) -> list[Column]:
    ids, texts = header_cells(rows, 0), header_cells(rows, 1)
    texts += [""] * (len(ids) - len(texts))
    out = []
    for col, qid in enumerate(ids):
        meta = norm(qid) if norm(qid) in METADATA else None
        out.append(Column(col, texts[col] or qid, meta=meta, group=col, open_ended=norm(qid).endswith("_text")))
    return out
