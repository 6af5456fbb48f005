"""maturity.toml: the workspace's framework, place(s), rounds, targets and report options.

The file is parsed with tomllib (tomli on Python 3.10) into a pydantic model. Every problem is an
InputError located at the file and, where it can be found, the line; an unknown key names the
nearest known ones, because a misspelt key silently ignored would change what a command does.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from maturitykit.diagnostics import did_you_mean
from maturitykit.errors import InputError, Location
from maturitykit.words import count

CONFIG_NAME = "maturity.toml"
PARTNERS_NAME = "partners.csv"
ROUNDS_DIR = "rounds"
RETURNED_DIR = "returned"
MAX_CONFIG_BYTES = 1_000_000  # a config is a few hundred bytes; anything near this is not one
LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # a round label is also a folder name


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RoundConfig(_Strict):
    label: str = Field(description="Round label, also the folder rounds/<label>/.")
    date: dt.date | None = Field(default=None, description="When the round's workshop is (or was) held.")
    title: str = Field(default="", description="A longer name for the round, e.g. 'Baseline, autumn 2025'.")

    @field_validator("label")
    @classmethod
    def _label_is_a_folder_name(cls, value: str) -> str:
        if not LABEL.match(value):
            raise ValueError("a round label is letters, digits, '.', '_' or '-' (it names a folder)")
        return value


class ReportConfig(_Strict):
    title: str | None = Field(default=None, description="Report title (default: framework and place).")
    output: str = Field(default="report.html", description="Where `maturity report` writes, in the workspace.")


class WorkspaceConfig(_Strict):
    framework: str = Field(description="Framework file (relative to the workspace) or bundled id.")
    place: str | None = Field(default=None, description="The place assessed.")
    places: list[str] = Field(default_factory=list, description="Several places (a benchmark), instead of place.")
    rounds: list[RoundConfig] = Field(default_factory=list, description="Rounds, oldest first.")
    current: str | None = Field(default=None, description="The round commands work on (default: the latest "
                                                          "round with returned sheets).")
    target: int | float | str | None = Field(default=None, description="One target level for every item "
                                                                       "(value or label), for `maturity plan`.")
    targets: str | None = Field(default=None, description="A targets file (item, target) for `maturity plan`, "
                                                          "in the workspace.")
    anonymise: bool = Field(default=False, description="Replace partner names with pseudonyms by default.")
    encoding: Literal["utf-8", "utf-8-sig"] = Field(
        default="utf-8", description="CSV outputs' encoding: utf-8-sig writes a byte-order mark, so Excel shows "
                                     "accented names right on a double-click (as --excel).")
    report: ReportConfig = Field(default_factory=ReportConfig, description="Options of `maturity report`.")

    @model_validator(mode="after")
    def _consistent(self) -> WorkspaceConfig:
        if self.target is not None and self.targets is not None:
            raise ValueError("target and targets are both given: give one")
        if self.place and self.places:
            raise ValueError("place and places are both given: give one")
        labels = [r.label.casefold() for r in self.rounds]
        twice = sorted({label for label in labels if labels.count(label) > 1})
        if twice:
            raise ValueError(f"{'round labels' if len(twice) > 1 else 'a round label'} given twice: {', '.join(twice)}")
        if self.current is not None and self.current.casefold() not in labels:
            raise ValueError(f"current round {self.current!r} is not one of the rounds"
                             f"{did_you_mean(self.current, [r.label for r in self.rounds])}")
        return self

    def all_places(self) -> list[str]:
        return [self.place] if self.place else list(self.places)

    def round(self, label: str) -> RoundConfig:
        for entry in self.rounds:
            if entry.label.casefold() == label.casefold():
                return entry
        raise InputError(f"no round {label!r} in {CONFIG_NAME}{did_you_mean(label, [r.label for r in self.rounds])}")


def _toml_loads(text: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib.loads(text)


def _fields(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model whose keys an error at `loc` is about (for "did you mean")."""
    model: type[BaseModel] = WorkspaceConfig
    for part in loc[:-1]:
        if part == "rounds":
            model = RoundConfig
        elif part == "report":
            model = ReportConfig
    return model


def find_line(text: str, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the key at `loc` (e.g. ('rounds', 1, 'date')), or None when it cannot be found."""
    lines = text.splitlines()
    start, stop = 0, len(lines)
    table: int | None = None  # the line of the table the key belongs in, when found
    parts = list(loc)
    if parts and parts[0] in ("rounds", "report") and len(parts) > 1:
        header = re.compile(r"^\s*\[\[\s*rounds\s*\]\]" if parts[0] == "rounds" else r"^\s*\[\s*report\s*\]")
        starts = [n for n, line in enumerate(lines) if header.match(line)]
        index = parts[1] if parts[0] == "rounds" and isinstance(parts[1], int) else 0
        if index < len(starts):
            start = table = starts[index]
            later = [n for n, line in enumerate(lines) if n > start and re.match(r"^\s*\[", line)]
            stop = later[0] if later else len(lines)
            parts = parts[2:] if parts[0] == "rounds" else parts[1:]
            if not parts:
                return start + 1
    else:
        # Top-level keys sit before the first table.
        tables = [n for n, line in enumerate(lines) if re.match(r"^\s*\[", line)]
        stop = tables[0] if tables else len(lines)
    key = next((p for p in parts if isinstance(p, str)), None)
    if key is not None:
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number in range(start, stop):
            if pattern.match(lines[number]):
                return number + 1
    # A missing key is not on any line: point at its table.
    return table + 1 if table is not None else None


def parse_config(text: str, file: str) -> WorkspaceConfig:
    """The config in `text`; raises InputError located at `file` and the line of the first problem."""
    try:
        data = _toml_loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError: "... (at line 3, column 7)"
        found = re.search(r"at line (\d+), column (\d+)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        where = Location(file, int(found.group(1)), int(found.group(2))) if found else Location(file)
        raise InputError(f"not valid TOML: {message}", where) from None
    try:
        return WorkspaceConfig.model_validate(data)
    except ValidationError as exc:
        # An unknown key first: a misspelt key is also reported missing, and the spelling is the thing to fix.
        error = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")[0]
        loc = tuple(error["loc"])
        name = ".".join(str(p) for p in loc) or "(file)"
        if error["type"] == "extra_forbidden":
            message = f"unknown key {name!r}{did_you_mean(str(loc[-1]), _fields(_model_at(loc)))}"
        elif error["type"] == "missing":
            message = f"missing key {name!r}"
        else:
            said = error["msg"].removeprefix("Value error, ")
            message = f"{name}: {said}" if loc else said
        more = len(exc.errors()) - 1
        if more:
            message += f" (and {count(more, 'more problem')})"
        if not loc:  # a check across keys: point at the key it names
            named = re.match(r"(current|place|target)\b", message)
            loc = (named.group(1),) if named else ()
        raise InputError(message, Location(file, find_line(text, loc) if loc else None)) from None


def load_config(root: Path) -> WorkspaceConfig:
    path = root / CONFIG_NAME
    from maturitykit.io.files import read_input

    raw = read_input(path, MAX_CONFIG_BYTES, what="workspace config")  # bounded, a regular file only
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", Location(str(path))) from None
    return parse_config(text, str(path))


def find_workspace(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding maturity.toml, or None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None
