"""Which files the inputs name: folders expanded, and every file in a folder either read or listed as skipped.

A folder merge that quietly leaves out a partner's `.xls` or `Return.CSV ` is silently wrong, so
nothing in a folder is passed over without a located message saying why.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from maturitykit.diagnostics import Problem, Severity

SHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
# Spreadsheet formats that hold scores but cannot be read: they are read (and refused with what to
# do) rather than skipped, so that a partner's return is never lost without a word.
UNREADABLE_SHEET_SUFFIXES = (".xls", ".xlsb", ".ods", ".numbers", ".xltx", ".xltm")


@dataclass
class InputFiles:
    files: list[Path] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # one per file or folder in a folder not read


def _why_skipped(child: Path, entry: os.DirEntry[str] | None = None) -> tuple[Severity, str] | None:
    """Why a folder entry is not a sheet (and how much that matters), or None when it is to be read.

    `entry`, the folder's listing of it, says without a call of its own that a plain file is a regular file
    (a link is still followed): a folder of 10,000 returns is not stat'ed file by file."""
    name = child.name
    try:
        regular = entry is not None and entry.is_file()
        mode = stat.S_IFREG if regular else os.stat(child).st_mode  # never opened: a FIFO would block
    except OSError as exc:  # a broken link, a name the file system cannot stat
        return "warning", f"cannot be looked at ({exc.strerror or exc}), so it is not read"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        kind = ("a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file or folder")
        return "warning", f"is {kind}, not a regular file: it was not opened"
    if stat.S_ISDIR(mode):
        return "warning", "is a folder: sub-folders are not read (name it as an input to read it)"
    if name.startswith("~$"):
        return "info", "is a spreadsheet lock file (the sheet is open somewhere)"
    if name.startswith("."):
        return "warning", "is a hidden file (name it as an input to read it)"
    if child.stem.strip().casefold() in ("readme", "read me"):
        return "info", "is a README, not a sheet"
    suffix = child.suffix.strip().casefold()  # "Return.CSV " is a CSV
    if suffix in SHEET_SUFFIXES or suffix in UNREADABLE_SHEET_SUFFIXES:
        return None
    return "warning", f"has the extension {child.suffix or '(none)'!r}, not a sheet (.csv, .tsv, .txt, .xlsx, .xlsm)"


def scan_inputs(paths: Iterable[str | Path]) -> InputFiles:
    """Files as given; folders expand to the sheets inside them, sorted by name, with the rest listed."""
    out = InputFiles()
    for ref in paths:
        path = Path(ref)
        if not path.is_dir():
            out.files.append(path)
            continue
        with os.scandir(path) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            child = path / entry.name
            why = _why_skipped(child, entry)
            if why is None:
                out.files.append(child)
            else:
                out.skipped.append(Problem(severity=why[0], code="skipped-file", file=str(child),
                                           message=f"not read: {why[1]}"))
    return out


def expand_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """The files the inputs name (see `scan_inputs` for what a folder's other entries are)."""
    return scan_inputs(paths).files
