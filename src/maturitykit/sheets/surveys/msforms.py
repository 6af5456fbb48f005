"""Microsoft Forms (.xlsx): `Id, Start time, Completion time, Email, Name, Last modified time`, then one column
per question, whose header is the question text; answers are option texts."""

from __future__ import annotations

from maturitykit.sheets.surveys.columns import Column, header_cells, simple_columns
from maturitykit.sheets.vocabulary import norm

NAME = "microsoft-forms"
HEADER_ROWS = 1
METADATA = frozenset({"id", "start time", "completion time", "email", "name", "last modified time",
                      "total points", "quiz feedback", "grade posted time"})  # the last three: quizzes
NAMES = (("name",), ("email",))  # where a respondent's name is, best first, when no organisation is asked


def looks_like(first: list[str]) -> bool:
    keys = {norm(h) for h in first}
    return {"id", "start time", "completion time"} <= keys


def columns(rows: list[tuple[int, list[object]]]) -> list[Column]:
    return simple_columns(header_cells(rows, 0), METADATA)
