"""Command-line options shared by several commands, declared once."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from maturitykit.stats.limits import DEFAULT_RANGE_LIMIT, DEFAULT_RWG_LIMIT

if TYPE_CHECKING:
    from maturitykit.framework.model import Framework
    from maturitykit.stats.limits import Limits

# --- divergence limits
# `merge`, `divergence`, `delta`, `trend` and `report` take the same three limits; a value left out
# takes the default of maturitykit.stats.limits.Limits.for_scale, in levels of the framework's scale.

AdLimit = Annotated[
    float | None,
    typer.Option("--ad-limit", help="AD (in levels) above this flags divergence (default A/6 for A levels)."),
]
RangeLimit = Annotated[
    int | None,
    typer.Option("--range-limit",
                 help=f"A range of this many levels is an agenda hint, not a flag (default {DEFAULT_RANGE_LIMIT})."),
]
RwgLimit = Annotated[
    float | None,
    typer.Option("--rwg-limit", help=f"rwg below this is an agenda hint, 3+ partners only (default {DEFAULT_RWG_LIMIT:.2f})."),
]

ExcelOption = Annotated[
    bool | None,
    typer.Option("--excel", help="CSV with a byte-order mark (UTF-8 with BOM), so Excel shows accented names "
                                 "right when the file is double-clicked (in a workspace: `encoding = \"utf-8-sig\"`)."),
]
# The one selection of a place or round from inputs that hold several (a national merged file): every
# command that analyses one round takes these, and a round of several places without them is refused.
PlaceSelect = Annotated[
    str | None, typer.Option("--place", help="Use only rows of this place (when the inputs hold several)."),
]
RoundSelect = Annotated[
    str | None, typer.Option("--round", help="Use only rows of this round (when the inputs hold several)."),
]


def limits_from(framework: Framework, ad_limit: float | None, range_limit: int | None,
                rwg_limit: float | None) -> Limits:
    """The divergence limits for this framework's scale, with the options given on the command line."""
    from maturitykit.stats.limits import Limits

    return Limits.for_scale(framework.default_scale.values(), ad_limit=ad_limit, range_limit=range_limit,
                            rwg_limit=rwg_limit)


# --- output formats
# One enum for every command and one rule for choosing: an explicit --format wins, else the output
# file's suffix, else the command's default. Each command names the subset it can write.


class Format(str, Enum):
    """Every output format maturitykit writes; each command accepts the subset it lists."""

    human = "human"
    json = "json"
    github = "github"
    csv = "csv"
    xlsx = "xlsx"
    md = "md"
    html = "html"
    parquet = "parquet"


SUFFIX_FORMATS = {".csv": Format.csv, ".xlsx": Format.xlsx, ".json": Format.json, ".md": Format.md,
                  ".markdown": Format.md, ".html": Format.html, ".htm": Format.html, ".txt": Format.human,
                  ".parquet": Format.parquet}
TABLE_FORMATS = (Format.csv, Format.xlsx, Format.json, Format.parquet)  # what write_table can write
BINARY_FORMATS = (Format.xlsx, Format.parquet)  # never to a terminal: they need -o FILE (or a pipe)
STDOUT = "-"  # `-o -`: standard output


def is_stdout(output: Path | None) -> bool:
    """`-o -` names standard output (a file called `-` is `./-`)."""
    return output is not None and str(output) == STDOUT


def refuse_terminal(what: str) -> None:
    """Binary data (or a page with its charts) is never printed on a terminal; a pipe takes it."""
    import sys

    from maturitykit.errors import InputError, Location

    if sys.stdout.isatty():
        raise InputError(f"{what} cannot be shown on a terminal: give -o FILE (or pipe standard output)",
                         Location(STDOUT))


def format_option(allowed: Sequence[Format], default: str) -> Any:
    """The --format option of a command that writes the given formats (the help lists them)."""
    names = ", ".join(f.value for f in allowed)
    return typer.Option(None, "--format", help=f"{names} (default: {default}).")


def choose_format(explicit: Format | None, output: Path | None, allowed: Sequence[Format], *,
                  screen: Format | None = None, file: Format | None = None) -> Format:
    """The format to write: --format if given, else the suffix of the output file, else the default.

    `screen` is the default when writing to standard output, `file` when the output file's name has
    no suffix; an unknown suffix (or, with no `file` default, no suffix) is refused, so a guess never
    decides what an analyst gets.
    """
    from maturitykit.errors import InputError, Location

    names = ", ".join(f.value for f in allowed)
    if is_stdout(output):  # `-o -`: the command's screen format unless --format says otherwise
        chosen_out = explicit or screen or file
        if chosen_out is None:
            raise InputError(f"-o - writes to standard output: give --format ({names})", Location(STDOUT))
        if chosen_out not in allowed:
            raise InputError(f"--format {chosen_out.value} is not one this command writes; use one of {names}")
        if chosen_out in BINARY_FORMATS:
            refuse_terminal(f"--format {chosen_out.value} writes a binary file; it")
        return chosen_out
    if explicit is not None:
        if explicit not in allowed:
            raise InputError(f"--format {explicit.value} is not one this command writes; use one of {names}")
        if output is None and explicit in BINARY_FORMATS:
            raise InputError(f"--format {explicit.value} writes a binary file: give -o FILE")
        return explicit
    if output is None:
        if screen is None:
            raise InputError(f"give -o FILE (this command writes {names})")
        return screen
    chosen = SUFFIX_FORMATS.get(output.suffix.lower())
    if chosen in allowed:
        return chosen
    if not output.suffix and file is not None:
        return file
    known = [s for s, f in SUFFIX_FORMATS.items() if f in allowed]
    suffixes = ", ".join(known[:-1]) + f" or {known[-1]}" if len(known) > 1 else known[0]
    raise InputError(f"cannot tell the format from the file name; end it in {suffixes}, or give --format "
                     f"({names})", Location(str(output)))


DIAGNOSTIC_FORMATS = (Format.human, Format.json, Format.github)
DiagnosticFormatOption = Annotated[
    Format | None,
    typer.Option("--format", help="human, json, or github (GitHub Actions annotations); default human."),
]
