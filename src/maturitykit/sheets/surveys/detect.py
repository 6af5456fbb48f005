"""Which survey tool exported a table, from its first row; None for a sheet of maturitykit's own layout."""

from __future__ import annotations

from types import ModuleType

from maturitykit.io.cells import RawTable
from maturitykit.sheets.surveys import gforms, msforms, qualtrics, smartsurvey, snap, surveymonkey
from maturitykit.sheets.surveys.columns import header_cells

TOOLS: dict[str, ModuleType] = {tool.NAME: tool for tool in (msforms, gforms, surveymonkey, qualtrics, smartsurvey, snap)}
SOURCES = (*TOOLS, "sheet")  # "sheet": read as maturitykit's own layout, no detection


def detect(table: RawTable) -> ModuleType | None:
    first = header_cells(table.rows, 0)
    # Most specific first: Qualtrics, SurveyMonkey and SmartSurvey name their metadata unmistakably.
    for tool in (qualtrics, surveymonkey, smartsurvey, msforms, gforms, snap):
        if tool.looks_like(first):
            return tool
    return None
