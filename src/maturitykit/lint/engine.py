"""The lint engine: findings, the rule registry and the report.

Rules are small classes registered with `@register`; each has one code (MK001...), a
severity and a docstring that is its documentation (docs/lint-rules.md is generated from
it). The engine runs schema validation first; coded rules run only on a framework that
passed the schema, because they reason about its structure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from maturitykit.errors import Location
from maturitykit.framework.loader import LoadedFramework, read_framework
from maturitykit.framework.model import Domain, Framework, Group, SubDomain
from maturitykit.io.yamlsafe import PathKey, YamlDocument

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(description="Rule code, e.g. MK001; MK000 for schema errors.")
    rule: str = Field(description="Rule name, e.g. duplicate-id.")
    severity: Severity = Field(description="error, warning or info.")
    message: str = Field(description="What is wrong, in words a framework author can act on.")
    file: str = Field(description="File the finding is in.")
    line: int | None = Field(default=None, description="1-based line.")
    column: int | None = Field(default=None, description="1-based column.")

    def where(self) -> str:
        return str(Location(self.file, self.line, self.column))


class LintStats(BaseModel):
    model_config = ConfigDict(extra="forbid")

    files: int = Field(description="Files linted.")
    errors: int = Field(description="Findings of severity error.")
    warnings: int = Field(description="Findings of severity warning.")
    infos: int = Field(description="Findings of severity info.")


class LintReport(BaseModel):
    """What `maturity framework lint` prints; `--format json` dumps exactly this."""

    model_config = ConfigDict(extra="forbid")

    valid: bool = Field(description="True when there are no errors (and, with strict, no warnings).")
    strict: bool = Field(description="Whether warnings count as failures.")
    findings: list[Finding] = Field(description="Every finding, ordered by file, line and column.")
    stats: LintStats = Field(description="Counts by severity.")

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


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
    loaded: LoadedFramework
    framework: Framework
    document: YamlDocument

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


SCHEMA_CODE = "MK000"
SCHEMA_NAME = "schema"


def _sort_key(f: Finding) -> tuple[str, int, int, int, str]:
    return (f.file, f.line or 0, f.column or 0, SEVERITY_ORDER[f.severity], f.code)


def lint_loaded(loaded: LoadedFramework) -> LintReport:
    return _report([*_findings(loaded)], files=1, strict=False)


def _findings(loaded: LoadedFramework) -> Iterator[Finding]:
    for problem in loaded.problems:
        yield Finding(
            code=SCHEMA_CODE,
            rule=SCHEMA_NAME,
            severity="error",
            message=problem.message,
            file=problem.location.file,
            line=problem.location.line,
            column=problem.location.column,
        )
    if loaded.framework is None:
        return
    ctx = LintContext(loaded, loaded.framework, loaded.document)
    for rule_cls in all_rules():
        rule = rule_cls()
        for result in rule.check(ctx):
            path, message = result[0], result[1]
            severity: Severity = result[2] if len(result) == 3 else rule.severity  # type: ignore[misc]
            location = ctx.loc(path)
            yield Finding(
                code=rule.code,
                rule=rule.name,
                severity=severity,
                message=message,
                file=location.file,
                line=location.line,
                column=location.column,
            )


def _report(findings: list[Finding], files: int, strict: bool) -> LintReport:
    findings = sorted(findings, key=_sort_key)
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    infos = sum(f.severity == "info" for f in findings)
    valid = errors == 0 and not (strict and warnings)
    return LintReport(
        valid=valid,
        strict=strict,
        findings=findings,
        stats=LintStats(files=files, errors=errors, warnings=warnings, infos=infos),
    )


def lint_paths(refs: Iterable[str | Path], strict: bool = False) -> LintReport:
    """Lint framework files (or bundled ids). Unreadable files raise InputError."""
    findings: list[Finding] = []
    count = 0
    for ref in refs:
        count += 1
        findings.extend(_findings(read_framework(ref)))
    return _report(findings, files=count, strict=strict)
