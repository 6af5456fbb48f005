"""The located-problem formatters: one Problem type, printed the same way by every check command."""

from __future__ import annotations

import json

from conftest import FIXTURES
from maturitykit.diagnostics import Problem
from maturitykit.render.diagnostics import format_report, github_line, human_line

INVALID = FIXTURES / "frameworks" / "invalid"
PROBLEM_KEYS = {"file", "row", "column", "column_name", "code", "rule", "severity", "message"}


def _sheet_problem(**extra) -> Problem:
    fields = {"file": "returns/north.csv", "row": 7, "column": "C", "column_name": "score", "code": "score-off-scale",
              "severity": "error", "message": "score 6 is off the scale (1-5)"}
    return Problem(**{**fields, **extra})


def test_human_line_names_file_row_and_column_letter():
    line = human_line(_sheet_problem())
    assert line == "returns/north.csv, row 7, column C (score): error [score-off-scale] score 6 is off the scale (1-5)"


def test_github_line_turns_a_column_letter_into_a_number_and_escapes():
    line = github_line(_sheet_problem(column="AA", message="50% done\nsecond line", file="a,b:c.csv"))
    assert line.startswith("::error file=a%2Cb%3Ac.csv,line=7,col=27,title=score-off-scale::")
    assert "50%25 done%0Asecond line" in line


def test_github_levels():
    assert github_line(_sheet_problem(severity="warning")).startswith("::warning ")
    assert github_line(_sheet_problem(severity="info")).startswith("::notice ")


def test_every_check_command_prints_problems_with_one_json_shape(cli, tmp_path):
    # framework lint, framework validate and score validate: the same keys for every problem.
    sheet = tmp_path / "north.csv"
    sheet.write_text("partner,item,score\nNorth,shared-records,9\n", encoding="utf-8")
    runs = [
        cli("framework", "lint", INVALID / "mk000-missing-field.yaml", "--format", "json"),
        cli("framework", "validate", INVALID / "mk000-missing-field.yaml", "--format", "json"),
        cli("score", "validate", FIXTURES / "frameworks" / "valid" / "levels-consecutive-1-5.yaml", sheet,
            "--format", "json"),
    ]
    for result in runs:
        assert result.exit_code == 1, result.output
        data = json.loads(result.stdout)
        assert {"valid", "errors", "warnings", "stats"} <= set(data)
        assert data["valid"] is False and data["errors"]
        for problem in data["errors"] + data["warnings"]:
            assert set(problem) == PROBLEM_KEYS
    sheet_error = json.loads(runs[2].stdout)["errors"][0]
    assert sheet_error["row"] == 2 and sheet_error["column"] == "C"
    yaml_error = json.loads(runs[0].stdout)["errors"][0]
    assert isinstance(yaml_error["row"], int) and (yaml_error["column"] is None or isinstance(yaml_error["column"], int))


def test_github_format_from_the_cli(cli):
    result = cli("framework", "lint", INVALID / "mk000-missing-field.yaml", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=")


def test_json_format_is_exactly_the_report_dict():
    from maturitykit.lint.engine import lint_paths

    report = lint_paths([INVALID / "mk000-missing-field.yaml"])
    assert json.loads(format_report(report, "json")) == report.to_dict()
    assert format_report(report, "github") == "".join(github_line(p) + "\n" for p in report.problems)
