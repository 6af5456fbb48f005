"""Formatters for located problems: human, json and github (GitHub Actions annotations).

Every check command (framework lint, framework validate, score validate) prints its report
through these, so a finding reads the same everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: formatting a report needs no pydantic import of its own
    from maturitykit.diagnostics import Problem, Report

FORMATS = ("human", "json", "github")


def human_line(problem: Problem) -> str:
    """`file:line:col: error MK001 [duplicate-id] message`, or with a sheet's row and column letter."""
    code = f"{problem.code} [{problem.rule}]" if problem.rule else f"[{problem.code}]"
    return f"{problem.spot()}: {problem.severity} {code} {problem.message}"


def format_human(problems: Iterable[Problem], summary: str | None = None) -> str:
    lines = [human_line(p) for p in problems]
    if summary:
        lines.append(summary)
    return "\n".join(lines) + ("\n" if lines else "")


def format_json(report: Report) -> str:
    """Exactly `report.to_dict()`, as indented JSON."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem) -> str:
    """`::error file=F,line=L,col=C,title=CODE::message`; sheet column letters become numbers."""
    from maturitykit.diagnostics import column_number

    props = [f"file={_escape_property(problem.file)}"]
    if problem.row is not None:
        props.append(f"line={problem.row}")
        col = column_number(problem.column)
        if col is not None:
            props.append(f"col={col}")
    title = problem.code + (f" {problem.rule}" if problem.rule else "")
    props.append(f"title={_escape_property(title)}")
    message = problem.message
    if problem.column_name:
        message += f" (column {problem.column} {problem.column_name})"
    return f"::{_GITHUB_LEVEL[problem.severity]} {','.join(props)}::{_escape_data(message)}"


def format_github(problems: Iterable[Problem]) -> str:
    lines = [github_line(p) for p in problems]
    return "\n".join(lines) + ("\n" if lines else "")


def format_report(report: Report, fmt: str, summary: str | None = None) -> str:
    """A report in the chosen format (one of FORMATS); `summary` is the last line of the human format."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown diagnostic format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "json":
        return format_json(report)
    if fmt == "github":
        return format_github(report.problems)
    return format_human(report.problems, summary)
