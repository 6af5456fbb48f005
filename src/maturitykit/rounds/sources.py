"""How a merged row names the file it came from: relative, never an absolute local path.

A merged file is shared (with a board's analyst, in a repository), so `source_file` must not show
where the returns sat on someone's disk; and it must still tell two returns apart.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


def source_names(files: Sequence[str], base: Path | None) -> dict[str, str]:
    """Each source file as it appears in an output: relative to `base` when inside it, else relative to
    the folder the returns share (named by its last part), never an absolute path.

    Worked on as text with `os.path` (pathlib objects a file were most of writing a round of 10,000 sheets),
    each folder resolved once and each file at most once."""
    out: dict[str, str] = {}
    folders: dict[str, str] = {}  # each folder resolved once: a round is thousands of sheets in a few folders

    def resolved(name: str) -> str:
        if os.path.islink(name):  # a linked sheet resolves to where it points, not beside its folder
            return os.path.realpath(name)
        folder, leaf = os.path.split(name)
        real = folders.get(folder)
        if real is None:
            real = folders[folder] = os.path.realpath(folder)
        return os.path.join(real, leaf)

    outside: list[tuple[str, str]] = []  # (name as given, resolved)
    try:
        root: str | None = os.path.realpath(base or Path.cwd())  # once, not once per file
    except OSError:  # the working folder is gone: every name is shown from the folder the returns share
        root = None
    for name in sorted(set(files)):
        if not os.path.isabs(name):
            path = Path(name)
            if ".." not in path.parts:
                out[name] = path.as_posix()
                continue
        try:
            full = resolved(name)
        except OSError:  # cannot be resolved: placed as written, so it is still shown relative
            full = os.path.abspath(name)
        inside = _under(full, root) if root is not None else None
        if inside is not None:
            out[name] = inside
        else:
            outside.append((name, full))
    if outside:
        common = os.path.commonpath([os.path.dirname(full) for _, full in outside])
        shown = os.path.basename(common)
        for name, full in outside:
            rest = _under(full, common)
            assert rest is not None  # every file is under the folder they share
            out[name] = f"{shown}/{rest}" if shown else rest
    return out


def _under(full: str, folder: str) -> str | None:
    """`full` relative to `folder` as posix text, or None when it is not inside (both resolved)."""
    if os.name == "nt":  # Windows compares paths without case: pathlib knows how
        from pathlib import PureWindowsPath

        try:
            return PureWindowsPath(full).relative_to(folder).as_posix()
        except ValueError:
            return None
    prefix = folder if folder.endswith("/") else folder + "/"
    return full[len(prefix):] if full.startswith(prefix) else None
