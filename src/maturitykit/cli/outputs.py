"""Writing result files: the CLI's half of "render returns bytes, the CLI writes them".

Every write is atomic and never over an input (io/outputs.write_bytes); a set of files (one sheet per
partner) is made and checked in full before the first is written.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from maturitykit.cli.options import is_stdout
from maturitykit.errors import Location, OutputError
from maturitykit.framework.model import Framework
from maturitykit.io.outputs import refuse_overwrite, refuse_special, write_bytes
from maturitykit.render.template import template_bytes
from maturitykit.sheets.partners import safe_filename


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
    import typer

    if not is_stdout(Path(path)):
        typer.echo(message or f"wrote {path}", err=True)


def write_table(path: Path, records: Sequence[dict[str, object]], columns: Sequence[str], fmt: str, *,
                inputs: Iterable[Path] = (), sheet: str = "Data", extra_json: dict[str, object] | None = None) -> None:
    """Write a result table atomically (never over an input): the render layer makes the bytes."""
    from maturitykit.render.tables import table_bytes

    write_output(path, table_bytes(records, columns, fmt, sheet=sheet, extra_json=extra_json), inputs=inputs)


def write_template(path: str | Path, framework: Framework, partner: str = "", round_label: str = "",
                   place: str = "", inputs: Sequence[Path] = ()) -> None:
    write_output(path, template_bytes(path, framework, partner, round_label, place), inputs=inputs)


def write_partner_templates(folder: Path, framework: Framework, names: Sequence[str], suffix: str,
                            round_label: str = "", place: str = "", inputs: Sequence[Path] = (),
                            missing_only: bool = False) -> list[Path]:
    """One sheet per partner in `folder`. Every sheet is made and every path checked before the first is
    written, so a failure (a name no cell can hold, a path over an input) leaves no half-written set.

    A sheet already in the folder may hold a partner's scores, so it is never replaced: the run is
    refused, or with `missing_only` only the sheets not there yet are written."""
    planned: list[tuple[Path, bytes]] = []
    used: set[str] = set()
    for name in names:
        stem = safe_filename(name)
        while stem.casefold() in used:
            stem += "-2"
        used.add(stem.casefold())
        path = folder / f"{stem}{suffix}"
        planned.append((path, template_bytes(path, framework, name, round_label, place)))
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
    return [path for path, _ in planned]
