"""The lint engine: runs every registered rule (lint/rule.py, lint/rules/) and builds the report.

Rules are small classes registered with `@register`; each has one code (MK001...), a
severity and a docstring that is its documentation (docs/lint-rules.md is generated from
it). The engine runs schema validation first; coded rules run only on a framework that
passed the schema, because they reason about its structure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from maturitykit.diagnostics import SEVERITY_ORDER, Problem, Report, Severity
from maturitykit.errors import InputError
from maturitykit.framework.loader import SCHEMA_CODE, SCHEMA_NAME, LoadedFramework, read_framework
from maturitykit.io.bounds import MAX_YAML_BYTES
from maturitykit.io.files import read_input
from maturitykit.lint.rule import RULES, LintContext, Rule, register

__all__ = ["SCHEMA_CODE", "SCHEMA_NAME", "SEVERITY_ORDER", "Finding", "LintContext", "LintReport", "LintStats",
           "Problem", "Rule", "Severity", "all_rules", "lint_loaded", "lint_paths", "register"]

Finding = Problem  # a lint finding is a Problem with a rule code (MK001...) and rule name


class LintStats(BaseModel):
    model_config = ConfigDict(extra="forbid")

    files: int = Field(description="Files linted.")
    errors: int = Field(description="Findings of severity error.")
    warnings: int = Field(description="Findings of severity warning.")
    infos: int = Field(description="Findings of severity info.")


class LintReport(Report):
    """What `maturity framework lint` prints; `--format json` dumps exactly this."""

    valid: bool = Field(description="True when there are no errors (and, with strict, no warnings).")
    strict: bool = Field(description="Whether warnings count as failures.")
    stats: LintStats = Field(description="Counts by severity.")

    @property
    def findings(self) -> list[Problem]:
        """Every finding, ordered by file, line and column."""
        return self.problems


def all_rules() -> list[type[Rule]]:
    from maturitykit.lint import rules  # noqa: F401  (importing registers every rule)

    return [RULES[code] for code in sorted(RULES)]


def _first_line(path: Path) -> str:
    try:
        lines = read_input(path, MAX_YAML_BYTES).decode("utf-8-sig").lstrip().splitlines()
    except (InputError, UnicodeDecodeError):
        return ""
    return lines[0] if lines else ""


def lint_loaded(loaded: LoadedFramework) -> LintReport:
    return _report([*_findings(loaded)], files=1, strict=False)


def _findings(loaded: LoadedFramework) -> Iterator[Problem]:
    yield from loaded.problems  # schema errors: already Problems (MK000)
    if loaded.framework is None:
        return
    ctx = LintContext(loaded, loaded.framework, loaded.document, _first_line(loaded.path))
    for rule_cls in all_rules():
        rule = rule_cls()
        for result in rule.check(ctx):
            path, message = result[0], result[1]
            severity: Severity = result[2] if len(result) == 3 else rule.severity  # type: ignore[misc]
            location = ctx.loc(path)
            yield Problem(
                code=rule.code,
                rule=rule.name,
                severity=severity,
                message=message,
                file=location.file,
                row=location.line,
                column=location.column,
            )


def _report(findings: list[Problem], files: int, strict: bool) -> LintReport:
    split = Report.split(findings)
    errors, warnings, infos = (len(split[k]) for k in ("errors", "warnings", "infos"))
    valid = errors == 0 and not (strict and warnings)
    return LintReport(
        valid=valid,
        strict=strict,
        **split,
        stats=LintStats(files=files, errors=errors, warnings=warnings, infos=infos),
    )


def lint_paths(refs: Iterable[str | Path], strict: bool = False) -> LintReport:
    """Lint framework files (or bundled ids). Unreadable files raise InputError."""
    findings: list[Problem] = []
    count = 0
    for ref in refs:
        count += 1
        findings.extend(_findings(read_framework(ref)))
    return _report(findings, files=count, strict=strict)


def lint_source(path_or_text: str | Path, strict: bool = False) -> LintReport:
    """Lint a framework file, a bundled id, or YAML text (anything with a line break is text)."""
    import tempfile

    from maturitykit.framework.loader import bundled_paths

    text = str(path_or_text)
    if isinstance(path_or_text, Path) or "\n" not in text and (Path(text).exists() or text in bundled_paths()):
        return lint_paths([path_or_text], strict=strict)
    # Findings name the file; YAML given as text is linted as a file named framework.yaml.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "framework.yaml"
        path.write_text(text, encoding="utf-8")
        return lint_paths([path], strict=strict)
