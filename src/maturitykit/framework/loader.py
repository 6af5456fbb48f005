"""Finding and loading frameworks: by path, or by the id of a bundled framework."""

from __future__ import annotations

import typing
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from maturitykit.diagnostics import Problem, Report, did_you_mean
from maturitykit.errors import AmbiguousFrameworkWarning, FrameworkError, Location
from maturitykit.framework.model import UNION_TAGS, Framework
from maturitykit.io.yamlsafe import YamlDocument, load_yaml_file


def bundled_dir() -> Path:
    """Where the bundled frameworks are: inside the installed package, else the source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "bundled"
    if installed.is_dir() and any(installed.glob("*.yaml")):
        return installed
    return package.parent.parent / "frameworks"


def schema_path() -> Path:
    """The framework JSON Schema shipped with the package (the source checkout's when not installed), for
    editors: a framework copied out of the repository can point its `$schema` comment here."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "schema" / "framework.schema.json"
    return installed if installed.is_file() else package.parent.parent / "schema" / "framework.schema.json"


def bundled_paths() -> dict[str, Path]:
    """Bundled framework files keyed by file stem (which is also the framework id)."""
    folder = bundled_dir()
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def _bare_id(ref: str | Path) -> bool:
    # A name with a path separator or a YAML suffix is a file; anything else is an id.
    text = str(ref)
    return isinstance(ref, str) and "/" not in text and "\\" not in text and not text.lower().endswith((".yaml", ".yml"))


def resolve_framework_path(ref: str | Path) -> Path:
    """The file of a bundled framework named by its bare id, else a path that exists.

    A bare id always means the bundled framework, even when a file of that name is in the current
    folder (that would silently replace the framework a command was meant to use); the ambiguity is
    reported as an AmbiguousFrameworkWarning. Write ./NAME to mean the file.
    """
    bundled = bundled_paths()
    if _bare_id(ref) and str(ref) in bundled:
        if Path(ref).exists():
            warnings.warn(AmbiguousFrameworkWarning(
                f"{ref!r} is the bundled framework; a file of that name in this folder was not used "
                f"(write ./{ref} to use the file)"), stacklevel=2)
        return bundled[str(ref)]
    path = Path(ref)
    if path.exists():
        return path
    known = ", ".join(bundled) or "none"
    hint = did_you_mean(str(ref), bundled)
    raise FrameworkError(
        f"no such file, and no bundled framework has this id{hint} (bundled: {known})", Location(str(ref))
    )


SCHEMA_CODE = "MK000"
SCHEMA_NAME = "schema"


def schema_problem(location: Location, message: str) -> Problem:
    """A schema error as the one located Problem type (code MK000, rule schema)."""
    column = location.column if isinstance(location.column, int) else None
    return Problem(file=location.file, row=location.line, column=column, code=SCHEMA_CODE, rule=SCHEMA_NAME,
                   severity="error", message=message)


@dataclass
class LoadedFramework:
    """A framework with what is needed to point back into its file."""

    framework: Framework | None
    document: YamlDocument
    path: Path
    problems: list[Problem]


def _field_names() -> set[str]:
    """Every field name a framework file may use, for "did you mean" hints on unknown fields."""
    names: set[str] = set()
    seen: set[type] = set()
    todo: list[type] = [Framework]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
            for arg in _models_in(info.annotation):
                todo.append(arg)
    return names


def _models_in(annotation: object) -> list[type]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _describe(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    loc = error.get("loc", ())
    if loc and loc[-1] == "[key]" and len(loc) > 1:
        return f"key {loc[-2]!r}: {error.get('msg', 'invalid key')}"
    field = str(loc[-1]) if loc else "document"
    if kind == "extra_forbidden":
        return f"unknown field {field!r}{did_you_mean(field, _field_names())}"
    if kind == "missing":
        return f"missing required field {field!r}"
    return f"{field}: {error.get('msg', 'invalid value')}"


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # Pydantic adds pseudo-segments for dict keys ('[key]') and union branches ('str', 'list[str]').
    out: list[Any] = []
    for part in loc:
        if part == "[key]" or part in UNION_TAGS:
            continue
        if isinstance(part, str) and part.isdigit():
            out.append(int(part))
            continue
        out.append(part)
    return tuple(out)


def validate_document(document: YamlDocument) -> tuple[Framework | None, list[Problem]]:
    if not isinstance(document.data, dict):
        kind = "empty" if document.data is None else type(document.data).__name__
        return None, [
            schema_problem(document.locate(()), f"a framework must be a YAML mapping, found {kind} document")
        ]
    try:
        return Framework.model_validate(document.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = _clean_loc(tuple(error.get("loc", ())))
            location = document.locate(loc)
            problems.append(schema_problem(location, _describe(error)))
        problems.sort(key=lambda p: (p.row or 0, p.column or 0, p.message))
        return None, problems


def read_framework(ref: str | Path) -> LoadedFramework:
    """Parse and schema-validate; schema problems are returned, not raised (lint reports them)."""
    path = resolve_framework_path(ref)
    display = str(ref) if Path(ref).exists() else str(path)
    document = load_yaml_file(path, display=display)
    framework, problems = validate_document(document)
    return LoadedFramework(framework, document, path, problems)



class SchemaStats(BaseModel):
    model_config = ConfigDict(extra="forbid")

    files: int = Field(description="Files checked.")
    errors: int = Field(description="Schema errors.")


class SchemaReport(Report):
    """What `maturity framework validate` prints; `--format json` dumps exactly this."""

    valid: bool = Field(description="True when the file matches the schema.")
    stats: SchemaStats = Field(description="Counts.")


def schema_report(ref: str | Path) -> SchemaReport:
    """Schema check only (no lint rules); unreadable files raise InputError."""
    problems = read_framework(ref).problems
    return SchemaReport(valid=not problems, **Report.split(problems), stats=SchemaStats(files=1, errors=len(problems)))
