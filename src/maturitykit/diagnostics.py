"""What every command reports: results as data, with one way to turn them into a dict or JSON.

`Result` is the base of every result model (lint, validation, divergence, delta, trend, plan,
board): `to_dict()` is exactly what `--format json` prints, so the CLI's JSON is the library's
dict.

`Problem` is the one located problem every check reports (lint findings, schema errors, sheet
problems), and `Report` the base of every check's report (lint, framework validate, score
validate). `Location` (where an exception happened) lives in the pydantic-free `errors` module,
so that `maturity --help` stays light; it is re-exported here.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from maturitykit.columns import FORMAT_VERSION
from maturitykit.errors import Location

__all__ = ["SEVERITY_ORDER", "Location", "Problem", "Report", "Result", "Severity", "column_number", "did_you_mean"]

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class Result(BaseModel):
    """Base of result models: unknown fields forbidden, `to_dict()` and `to_json()` the same everywhere."""

    # Each result model's validator is built when the model is first used, not when its module is imported:
    # a command imports the reports of every command it shares a module with (lint: 0.89x its start-up).
    model_config = ConfigDict(extra="forbid", defer_build=True)

    def to_dict(self) -> dict[str, Any]:
        # format_version first: a downstream script checks it before reading anything else.
        return {"format_version": FORMAT_VERSION, **self.model_dump(mode="json")}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def did_you_mean(text: str, candidates: Iterable[str], limit: int = 3) -> str:
    """' (did you mean X or Y?)' naming the nearest candidates, or ''. A hint in a message only: a near
    miss is never taken as the value meant, because a wrong guess would be silently wrong."""
    pool = sorted({c for c in candidates if c})
    folded: dict[str, str] = {}
    for candidate in pool:
        folded.setdefault(candidate.casefold(), candidate)
    near = difflib.get_close_matches(str(text).strip().casefold(), list(folded), n=limit, cutoff=0.75)
    return f" (did you mean {' or '.join(repr(folded[n]) for n in near)}?)" if near else ""


def column_number(column: int | str | None) -> int | None:
    """A 1-based column number: numbers as they are, spreadsheet letters converted (A=1, AA=27)."""
    if column is None:
        return None
    if isinstance(column, int):
        return column
    text = column.strip().upper()
    if text.isdigit():
        return int(text)
    if not text or not text.isalpha():
        return None
    number = 0
    for char in text:
        number = number * 26 + (ord(char) - 64)
    return number


class Problem(Result):
    """One thing wrong with an input, located as the user sees it: a YAML line and column number,
    or a spreadsheet row and column letter."""

    file: str = Field(description="Input file.")
    row: int | None = Field(default=None, description="1-based line of a YAML file, or row as a spreadsheet shows it.")
    column: int | str | None = Field(
        default=None, description="As the user sees it: a number in a YAML file, a column letter in a sheet."
    )
    column_name: str | None = Field(default=None, description="Header of that column (sheets).")
    code: str = Field(description="Machine-readable kind: MK001... for lint rules (MK000 schema), unknown-item... for sheets.")
    rule: str | None = Field(default=None, description="Rule name, e.g. duplicate-id (lint).")
    severity: Severity = Field(description="error, warning or info.")
    message: str = Field(description="What is wrong and what to do.")

    @property
    def location(self) -> Location:
        return Location(self.file, self.row, self.column)

    def where(self) -> str:
        """`file:row:col` (the column as the user sees it)."""
        return str(self.location)

    def spot(self) -> str:
        """Where, in the words of the file's own tool: `file:line:col`, or `file, row 3, column B (score)`."""
        if not isinstance(self.column, str) and not self.column_name:
            return self.where()
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}" + (f" ({self.column_name})" if self.column_name else ""))
        return ", ".join(parts)

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.file, self.row or 0, column_number(self.column) or 0, SEVERITY_ORDER[self.severity], self.code)


class Report(Result):
    """Base of check reports: valid, problems split by severity, and counts."""

    valid: bool = Field(description="True when the input passed the check.")
    errors: list[Problem] = Field(default_factory=list, description="Problems of severity error.")
    warnings: list[Problem] = Field(default_factory=list, description="Problems of severity warning.")
    infos: list[Problem] = Field(default_factory=list, description="Problems of severity info.")
    stats: BaseModel = Field(description="Counts.")

    @property
    def problems(self) -> list[Problem]:
        """Every problem, ordered by file, row, column and severity."""
        return sorted([*self.errors, *self.warnings, *self.infos], key=Problem.sort_key)

    @staticmethod
    def split(problems: list[Problem]) -> dict[str, list[Problem]]:
        """Problems sorted and split into the errors, warnings and infos fields."""
        ordered = sorted(problems, key=Problem.sort_key)
        return {
            "errors": [p for p in ordered if p.severity == "error"],
            "warnings": [p for p in ordered if p.severity == "warning"],
            "infos": [p for p in ordered if p.severity == "info"],
        }

    def to_dict(self) -> dict[str, Any]:
        return {"format_version": FORMAT_VERSION, **self.model_dump(mode="json", serialize_as_any=True)}
