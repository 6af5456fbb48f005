"""Whole-file checks: does this file belong to this framework, and is anything in it out of sight?

A file in which no item is one of the framework's items is not a file of bad rows: it was filled
in against another framework (or the wrong framework was given), so it is refused as a whole and
the bundled framework it does match is named. Hidden sheets that hold scores and columns with
data but no header are reported, so nothing is read or dropped out of sight.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from maturitykit.diagnostics import Problem
from maturitykit.framework.loader import bundled_paths, read_framework
from maturitykit.framework.model import Framework
from maturitykit.io.cells import RawTable, column_letter
from maturitykit.sheets.headers import cell_text
from maturitykit.sheets.vocabulary import ItemIndex
from maturitykit.words import count


@lru_cache(maxsize=16)
def _bundled_index(framework_id: str) -> ItemIndex | None:
    path = bundled_paths().get(framework_id)
    if path is None:
        return None
    loaded = read_framework(path)
    return ItemIndex(loaded.framework) if loaded.framework is not None else None


def matching_bundled(texts: Iterable[str], framework: Framework) -> str | None:
    """The id of the bundled framework (other than `framework`) that most of these item texts belong to."""
    keys = [t for t in {cell_text(t) for t in texts} if t and not t.lstrip("-").isdigit()]
    if not keys:
        return None
    best, best_count = None, 0
    for framework_id in bundled_paths():
        if framework_id == framework.id:
            continue
        index = _bundled_index(framework_id)
        if index is None:
            continue
        matched = sum(1 for key in keys if index.matches(key))
        if matched > best_count:
            best, best_count = framework_id, matched
    # At least half the item texts: a stray match ("Vision" is in several frameworks) names none.
    return best if best_count and best_count >= (len(keys) + 1) // 2 else None


def other_framework_hint(texts: Iterable[str], framework: Framework) -> str:
    other = matching_bundled(texts, framework)
    if other is None:
        return "; was it filled in against another framework (or is this the wrong framework)?"
    return f"; its items are those of the bundled framework {other!r}: use that framework"


def unheaded_columns(table: RawTable, header_pos: int, headers: Sequence[str]) -> list[Problem]:
    """A warning for each column with data below the header but no header: it is not read, and must not
    vanish without a word (a rationale typed one column too far right)."""
    header_row = table.rows[header_pos][0]
    found: dict[int, list[int]] = {}
    headed = [bool(h.strip()) for h in headers]  # worked out once, not once per cell
    width = len(headed)
    unheaded = [col for col in range(width) if not headed[col]]
    if not unheaded and all(len(cells) <= width for _, cells in table.rows[header_pos + 1:]):
        return []  # every column has a header and no row runs past them (most sheets): nothing to look at
    for number, cells in table.rows[header_pos + 1:]:
        # Only the cells under a blank header or past the last one can be unheaded data.
        for col in ([c for c in unheaded if c < len(cells)] + list(range(width, len(cells)))):
            if cell_text(cells[col]):
                found.setdefault(col, []).append(number)
    return [
        Problem(severity="warning", code="unheaded-column", file=table.file, row=rows[0], column=column_letter(col),
                message=f"column {column_letter(col)} has no header but holds data in {count(len(rows), 'row')}, first in "
                        f"row {rows[0]}; it is not read: give it a header (row {header_row}) or move the data")
        for col, rows in sorted(found.items())
    ]
