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
    the folder the returns share (named by its last part), never an absolute path."""
    out: dict[str, str] = {}
    unique = sorted(set(files))
    folders: dict[Path, Path] = {}  # each folder resolved once: a round is thousands of sheets in a few folders

    def resolved(path: Path) -> Path:
        if path.is_symlink():  # a linked sheet resolves to where it points, not beside its folder
            return path.resolve()
        parent = folders.get(path.parent)
        if parent is None:
            parent = folders[path.parent] = path.parent.resolve()
        return parent / path.name

    outside: list[str] = []
    try:
        root: Path | None = (base or Path.cwd()).resolve()  # once, not once per file
    except OSError:  # the working folder is gone: every name is shown from the folder the returns share
        root = None
    for name in unique:
        path = Path(name)
        if not path.is_absolute() and ".." not in path.parts:
            out[name] = path.as_posix()
            continue
        try:
            if root is None:
                raise ValueError(name)
            out[name] = resolved(path).relative_to(root).as_posix()
        except (ValueError, OSError):
            outside.append(name)
    if outside:
        resolved_paths = [resolved(Path(name)) for name in outside]
        common = Path(os.path.commonpath([p.parent for p in resolved_paths]))
        for name, path in zip(outside, resolved_paths, strict=True):
            out[name] = (Path(common.name) / path.relative_to(common)).as_posix()
    return out
