"""Writing result files: the CLI's half of "render returns bytes, the CLI writes them".

Every write is atomic and never over an input (io/outputs.write_bytes); a set of files (one sheet per
partner) is made and checked in full before the first is written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from maturitykit.cli.options import is_stdout
from maturitykit.errors import Location, OutputError
from maturitykit.framework.model import Framework
from maturitykit.io.outputs import refuse_overwrite, refuse_special, write_bytes
from maturitykit.sheets.partners import safe_filename

if TYPE_CHECKING:  # render is imported only when a table is written
    from maturitykit.render.csvtext import Record

T = TypeVar("T")


def watching_cuts(make: Callable[[], T]) -> tuple[T, list[object]]:
    """Make an output's bytes, noting every XLSX cell cut to the cell limit on the way."""
    from maturitykit.render.tables import collect_cuts

    with collect_cuts() as cuts:
        made = make()
    return made, list(cuts)


def say_cuts(path: str | Path, cuts: Sequence[object], shown: str | None = None) -> None:
    """Report each cut cell as a located warning on stderr: file, row, column (and its header)."""
    import typer

    from maturitykit.cli.common import terminal_safe
    from maturitykit.diagnostics import Problem
    from maturitykit.render.tables import CellCut

    for cut in cuts:
        assert isinstance(cut, CellCut)
        problem = Problem(file=shown or str(path), row=cut.row, column=cut.column, column_name=cut.header or None,
                          code="xlsx-cell-cut", severity="warning", message=cut.message())
        typer.echo(terminal_safe(f"{problem.spot()}: warning [{problem.code}] {problem.message}"), err=True)


def write_made(path: str | Path, make: Callable[[], bytes], *, inputs: Iterable[Path] = (),
               shown: str | None = None) -> None:
    """Make an output's bytes and write them (to a file, or `-o -`), then report any cell cut for XLSX."""
    data, cuts = watching_cuts(make)
    write_output(path, data, inputs=inputs)
    say_cuts("(standard output)" if is_stdout(Path(path)) else path, cuts, shown)


def write_output(path: str | Path, data: bytes | str, *, inputs: Iterable[Path] = ()) -> None:
    """Write one output: to standard output for `-o -` (the format was checked by choose_format), else
    atomically to the file, never over an input."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if is_stdout(Path(path)):
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return
    write_bytes(path, raw, inputs=inputs)


def wrote(path: str | Path, message: str = "") -> None:
    """Say on stderr what was written; nothing for standard output, which holds the data itself."""
    from maturitykit.cli.verbosity import say

    if not is_stdout(Path(path)):
        say(message or f"wrote {path}")


def write_table(path: Path, records: Iterable[Record], columns: Sequence[str], fmt: str, *,
                inputs: Iterable[Path] = (), sheet: str = "Data", extra_json: dict[str, object] | None = None,
                shown: str | None = None, bom: bool = False) -> None:
    """Write a result table atomically (never over an input): the render layer makes the bytes; each XLSX
    cell cut to the cell limit is reported (`shown`: the file's name as the user may see it)."""
    from maturitykit.render.csvtext import csv_chunks
    from maturitykit.render.tables import table_bytes

    if fmt == "csv" and not is_stdout(Path(path)):  # streamed: a CSV has no cell limit to report
        from maturitykit.io.outputs import write_chunks

        write_chunks(path, csv_chunks(records, columns, bom=bom), inputs=inputs)
        return
    write_made(path, lambda: table_bytes(records, columns, fmt, sheet=sheet, extra_json=extra_json, bom=bom),
               inputs=inputs, shown=shown)


def write_template(path: str | Path, framework: Framework, partner: str = "", round_label: str = "",
                   place: str = "", inputs: Sequence[Path] = (), checklist: bool = False) -> None:
    from maturitykit.render.template import template_bytes  # the sheet writer: only when sheets are made

    write_made(path, lambda: template_bytes(path, framework, partner, round_label, place, checklist), inputs=inputs)


def write_partner_templates(folder: Path, framework: Framework, names: Sequence[str], suffix: str,
                            round_label: str = "", place: str = "", inputs: Sequence[Path] = (),
                            missing_only: bool = False, checklist: bool = False) -> list[Path]:
    """One sheet per partner in `folder`. Every sheet is made and every path checked before the first is
    written, so a failure (a name no cell can hold, a path over an input) leaves no half-written set.

    A sheet already in the folder may hold a partner's scores, so it is never replaced: the run is
    refused, or with `missing_only` only the sheets not there yet are written."""
    from maturitykit.render.template import template_bytes

    planned: list[tuple[Path, bytes]] = []
    cut: dict[Path, list[object]] = {}
    used: set[str] = set()
    for name in names:
        stem = safe_filename(name)
        while stem.casefold() in used:
            stem += "-2"
        used.add(stem.casefold())
        path = folder / f"{stem}{suffix}"
        data, cut[path] = watching_cuts(lambda: template_bytes(path, framework, name, round_label, place,  # noqa: B023
                                                                    checklist))
        planned.append((path, data))
    for path, _ in planned:
        refuse_overwrite(path, inputs)
        if path.is_dir():
            raise OutputError("is a folder; give a file name for this output", Location(str(path)))
        refuse_special(path)
    present = [path for path, _ in planned if path.exists()]
    if present and not missing_only:
        raise OutputError(f"{len(present)} of the {len(planned)} sheets are already here ({present[0].name} first) "
                          "and may hold partners' scores; nothing was written. Give another folder, or "
                          "--missing-only to write only the sheets not there yet", Location(str(folder)))
    planned = [(path, data) for path, data in planned if path not in present]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot make the folder for the sheets: {exc.strerror or exc}", Location(str(folder))) from None
    for path, data in planned:
        write_bytes(path, data, inputs=inputs)
        say_cuts(path, cut[path])
    return [path for path, _ in planned]
