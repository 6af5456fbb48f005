"""SurveyMonkey (CSV): two header rows, the question text and then `Response`, `Open-Ended Response` or the
name of an answer option. "Condensed" exports have one column per question; "expanded" ones one column per
answer option (the ticked cell holds the option's text), the question's first-row header left blank over
its second and later options."""

from __future__ import annotations

from maturitykit.sheets.surveys.columns import Column, stacked_columns
from maturitykit.sheets.vocabulary import norm

NAME = "surveymonkey"
HEADER_ROWS = 2
METADATA = frozenset({"respondent id", "collector id", "start date", "end date", "ip address", "email address",
                      "first name", "last name", "custom data 1"})
NAMES = (("first name", "last name"), ("email address",))
_PLAIN = frozenset({"", "response", "open-ended response"})


def looks_like(first: list[str]) -> bool:
    keys = {norm(h) for h in first}
    return {"respondent id", "collector id"} <= keys


def columns(rows: list[tuple[int, list[object]]]) -> list[Column]:
    return stacked_columns(rows, METADATA, _PLAIN)
