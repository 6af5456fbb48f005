"""SurveyMonkey (CSV): two header rows, the question text and then `Response`, `Open-Ended Response` or the
name of an answer option. "Condensed" exports have one column per question; "expanded" ones one column per
answer option (the ticked cell holds the option's text), the question's first-row header left blank over
its second and later options."""

from __future__ import annotations

from maturitykit.sheets.surveys.columns import Column, header_cells
from maturitykit.sheets.vocabulary import norm

NAME = "surveymonkey"
HEADER_ROWS = 2
METADATA = frozenset({"respondent id", "collector id", "start date", "end date", "ip address", "email address",
                      "first name", "last name", "custom data 1"})
NAMES = (("first name", "last name"), ("email address",))
_PLAIN = {"", "response", "open-ended response"}


def looks_like(first: list[str]) -> bool:
    keys = {norm(h) for h in first}
    return {"respondent id", "collector id"} <= keys


def columns(rows: list[tuple[int, list[object]]]) -> list[Column]:
    first, second = header_cells(rows, 0), header_cells(rows, 1)
    width = max(len(first), len(second))
    first += [""] * (width - len(first))
    second += [""] * (width - len(second))
    out: list[Column] = []
    question, group = "", -1
    for col in range(width):
        if first[col] or norm(first[col]) in METADATA or group < 0:
            question, group = first[col], col
        if norm(question) in METADATA and first[col]:
            out.append(Column(col, question, meta=norm(question), group=group))
            continue
        sub = second[col]
        open_ended = norm(sub) == "open-ended response"
        option = None if norm(sub) in _PLAIN else sub
        out.append(Column(col, question, group=group, option=option, open_ended=open_ended))
    return out
