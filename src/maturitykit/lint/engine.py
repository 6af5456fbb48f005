"""The lint engine: findings, the rule registry and the report.

Rules are small classes registered with `@register`; each has one code (MK001...), a
severity and a docstring that is its documentation (docs/lint-rules.md is generated from
it). The engine runs schema validation first; coded rules run only on a framework that
passed the schema, because they reason about its structure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from maturitykit.diagnostics import SEVERITY_ORDER, Location, Problem, Report, Severity
from maturitykit.errors import InputError
from maturitykit.framework.loader import SCHEMA_CODE, SCHEMA_NAME, LoadedFramework, read_framework
from maturitykit.framework.model import Domain, Framework, Group, SubDomain
from maturitykit.io.bounds import MAX_YAML_BYTES
from maturitykit.io.files import read_input
from maturitykit.io.yamlsafe import PathKey, YamlDocument

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


NodeKind = Literal["group", "domain", "subdomain"]


@dataclass(frozen=True)
class NodeRef:
    kind: NodeKind
    node: Group | Domain | SubDomain
    path: PathKey
    parent: PathKey | None  # path of the parent node; siblings share it

    @property
    def scored(self) -> bool:
        """Whether this node is a leaf that partners score."""
        if isinstance(self.node, SubDomain):
            return True
        return isinstance(self.node, Domain) and not self.node.subdomains


@dataclass
class LintContext:
    """Everything a rule may look at; rules read nothing from disk themselves."""

    loaded: LoadedFramework
    framework: Framework
    document: YamlDocument
    first_line: str = ""  # the file's first non-blank line, as text (for the schema-comment rule)

    def loc(self, path: PathKey) -> Location:
        return self.document.locate(path)

    def nodes(self) -> Iterator[NodeRef]:
        fw = self.framework
        for gi, group in enumerate(fw.groups):
            gpath: PathKey = ("groups", gi)
            yield NodeRef("group", group, gpath, ())
            for di, domain in enumerate(group.domains):
                yield from self._domain(domain, (*gpath, "domains", di), gpath)
        for di, domain in enumerate(fw.domains):
            yield from self._domain(domain, ("domains", di), ())

    def _domain(self, domain: Domain, path: PathKey, parent: PathKey) -> Iterator[NodeRef]:
        yield NodeRef("domain", domain, path, parent)
        for si, sub in enumerate(domain.subdomains):
            yield NodeRef("subdomain", sub, (*path, "subdomains", si), path)

    def scored(self) -> Iterator[NodeRef]:
        return (ref for ref in self.nodes() if ref.scored)


class Rule:
    """Base class of lint rules. Subclasses set code, name, severity and implement check()."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]

    def check(self, ctx: LintContext) -> Iterable[tuple[PathKey, str] | tuple[PathKey, str, Severity]]:
        raise NotImplementedError


RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    if cls.code in RULES:
        raise RuntimeError(f"rule code {cls.code} registered twice")
    RULES[cls.code] = cls
    return cls


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
