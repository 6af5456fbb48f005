"""What a survey tool's header rows say about each column, before any framework meaning is given."""

from __future__ import annotations

from dataclasses import dataclass

from maturitykit.sheets.headers import cell_text
from maturitykit.sheets.vocabulary import norm


@dataclass
class Column:
    col: int
    text: str  # the question (and sub-question) text, to find an item in
    meta: str | None = None  # the normalised name of a metadata column
    group: int = -1  # columns of one question share a group (expanded SurveyMonkey options)
    option: str | None = None  # the answer option an expanded column stands for
    open_ended: bool = False  # the tool says the column is free text


def header_cells(rows: list[tuple[int, list[object]]], position: int) -> list[str]:
    return [cell_text(c) for c in rows[position][1]] if position < len(rows) else []


def simple_columns(headers: list[str], metadata: frozenset[str]) -> list[Column]:
    """One header row: one column per question, metadata known by name."""
    return [Column(col, text, meta=norm(text) if norm(text) in metadata else None, group=col)
            for col, text in enumerate(headers)]


def stacked_columns(rows: list[tuple[int, list[object]]], metadata: frozenset[str],
                    plain: frozenset[str]) -> list[Column]:
    """Two header rows: the question on the first (blank over a question's later columns), then what each
    column holds (`Response`, an answer option, a matrix row, `Other (please specify)`)."""
    first, second = header_cells(rows, 0), header_cells(rows, 1)
    width = max(len(first), len(second))
    first += [""] * (width - len(first))
    second += [""] * (width - len(second))
    out: list[Column] = []
    question, group = "", -1
    for col in range(width):
        if first[col] or group < 0:
            question, group = first[col], col
        if norm(question) in metadata and first[col]:
            out.append(Column(col, question, meta=norm(question), group=group))
            continue
        sub = second[col]
        option = None if norm(sub) in plain else sub
        out.append(Column(col, question, group=group, option=option, open_ended=norm(sub) in OPEN_ENDED))
    return out


OPEN_ENDED = frozenset({"open-ended response", "comment", "comments"})
