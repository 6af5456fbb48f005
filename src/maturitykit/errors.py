"""Named exceptions and exit codes.

Every error a user can cause is a `MaturityError` carrying where it happened, so the CLI can
print one line (`file:line:col: message`) and exit with a code scripts can rely on.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # lint problems, failed validation: the input was read but is not right
    UNUSABLE = 2  # the input could not be used at all (unreadable, malformed, refused)
    INTERNAL = 3  # a bug in maturitykit; reported without a traceback


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None  # a YAML line, or a spreadsheet row
    column: int | str | None = None  # a number, or a spreadsheet column letter

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class MaturityError(Exception):
    """Base class: a problem the user can act on."""

    exit_code = ExitCode.UNUSABLE

    def __init__(self, message: str, location: Location | None = None, *, names: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.names = names  # partner names in the message, so that --anonymise can scrub them from it

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class InputError(MaturityError):
    """An input file cannot be used (unreadable, malformed, too large, unsafe)."""


class YamlError(InputError):
    """A YAML document is malformed, unsafe or too large."""


class FrameworkError(InputError):
    """A framework cannot be found or fails its schema."""


class SheetError(InputError):
    """A score sheet cannot be read."""


class RefusedError(MaturityError):
    """The inputs were read but the operation is refused as a whole (nothing is written)."""


class OutputError(MaturityError):
    """An output cannot be written (for example, it would overwrite an input)."""


class AmbiguousFrameworkWarning(UserWarning):
    """A bare bundled id was given while a file of that name sits in the current folder (the id won)."""
