"""Reading many sheets on every core: the same reads, in the same order, with the same refusal, as one
process gives.

A folder of returns is read by a pool of processes when there are enough workbooks to pay for starting
them (`MIN_WORKBOOKS_PER_WORKER` per process; CSV sheets are read faster than they could be sent back). Files are
handed out in contiguous chunks and the reads come back in file order, so every output and message is
identical to a serial read; the first file that cannot be used stops the read, as it does serially.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from maturitykit.errors import Location, MaturityError
from maturitykit.framework.model import Framework
from maturitykit.sheets.reader import read_sheet
from maturitykit.sheets.rows import Defaults, SheetRead
from maturitykit.sheets.vocabulary import ItemIndex

# Measured with benchmarks/suite.py and whole merges (docs/performance.md): a CSV sheet is now read in
# about 7 us a row, and sending its rows back from another process costs some 3 us a row more in this
# one; with the pool's start-up, 10,000 one-partner CSV sheets merged 1.24x *slower* on two cores than
# in one process. A workbook costs openpyxl milliseconds a file, so there the pool pays: 1,000 XLSX
# sheets merged in 0.54x-0.67x the time, 100 in 0.76x. So only workbooks start a pool, from this many a process.
MIN_WORKBOOKS_PER_WORKER = 50
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CHUNKS_PER_WORKER = 4  # smaller chunks even out slow files (an XLSX among CSVs) between the processes

_Refusal = tuple[type[MaturityError], str, Location | None, tuple[str, ...]]
_Job = tuple[Framework, list[Path], Defaults | None, bool | None, str | None]


def cores() -> int:
    """The cores this process may run on (a container's limit, not the machine's count), or fewer when
    MATURITYKIT_WORKERS says so (1: read in this process only, e.g. on a machine shared with others)."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    wanted = os.environ.get("MATURITYKIT_WORKERS", "").strip()
    return max(1, min(usable, int(wanted))) if wanted.isdigit() else usable


def workers_for(files: Sequence[Path]) -> int:
    """The processes that pay for reading these files: one, unless there are enough workbooks."""
    workbooks = sum(1 for path in files if path.suffix.lower() in WORKBOOK_SUFFIXES)
    return max(1, min(cores(), workbooks // MIN_WORKBOOKS_PER_WORKER))


def _read_chunk(job: _Job) -> tuple[list[SheetRead], _Refusal | None]:
    framework, paths, defaults, wide, source = job
    index = ItemIndex(framework)
    reads: list[SheetRead] = []
    for path in paths:
        try:
            reads.append(read_sheet(path, framework, defaults=defaults, wide=wide, index=index, source=source))
        except MaturityError as exc:  # sent back as data: an exception's own pickling loses its location
            return reads, (type(exc), exc.message, exc.location, exc.names)
    return reads, None


def read_sheets(framework: Framework, files: Sequence[Path], defaults: Defaults | None = None,
                wide: bool | None = None, source: str | None = None,
                on_read: Callable[[Path], None] | None = None) -> list[SheetRead]:
    """Every file read (in order), on as many processes as pay; raises the first file's refusal."""
    workers = workers_for(files)
    if workers == 1:
        index = ItemIndex(framework)
        reads = []
        for path in files:
            reads.append(read_sheet(path, framework, defaults=defaults, wide=wide, index=index, source=source))
            if on_read is not None:
                on_read(path)
        return reads
    size = max(1, -(-len(files) // (workers * CHUNKS_PER_WORKER)))
    chunks = [list(files[i:i + size]) for i in range(0, len(files), size)]
    reads = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk, (done, refusal) in zip(chunks, pool.map(_read_chunk, [(framework, c, defaults, wide, source)
                                                                          for c in chunks]), strict=True):
            for path, read in zip(chunk, done, strict=False):
                reads.append(read)
                if on_read is not None:
                    on_read(path)
            if refusal is not None:
                kind, message, location, names = refusal
                raise kind(message, location, names=names)
    return reads
