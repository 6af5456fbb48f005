"""Writing outputs safely: atomically, never over an input, and spreadsheet-safe cells."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from maturitykit.errors import Location, OutputError


# Characters that make Excel, LibreOffice or Sheets treat a cell as a formula (CWE-1236).
def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def refuse_same_outputs(*outputs: Path | None) -> None:
    """Two outputs of one command on one path would silently replace each other."""
    seen: list[Path] = []
    for output in outputs:
        if output is None:
            continue
        for earlier in seen:
            if same_file(output, earlier) or output.resolve() == earlier.resolve():
                raise OutputError(f"two outputs would be written to the same file ({earlier}); give each its own path",
                                  Location(str(output)))
        seen.append(output)


def refuse_overwrite(output: Path, inputs: Iterable[Path]) -> None:
    """Refuse an output that is one of the inputs: the same path once resolved, or a hard link to one.

    The output is resolved and looked at once, not once per input (a round is thousands of sheets); an
    input is resolved only when its own stat cannot settle it (resolving is a stat a path component)."""
    target = os.path.realpath(output)  # not strict: a path that does not exist yet resolves too
    absent = False
    try:
        found: os.stat_result | None = os.stat(output)
    except FileNotFoundError:
        found, absent = None, True  # no file there yet: only a path that resolves to it can be it
    except OSError:
        found = None
    for source in inputs:
        try:
            here: os.stat_result | None = os.stat(source)
        except OSError:
            here = None
        if here is not None and found is not None:
            same = os.path.samestat(found, here)  # one file, by whatever path or link
        elif here is not None and absent:
            same = False  # a file that is there is not a path at which nothing is yet
        else:
            try:
                same = os.path.realpath(source) == target
            except OSError:
                same = False
        if same:
            raise OutputError(f"output would overwrite the input {source}; choose another path", Location(str(output)))


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", *, inputs: Iterable[Path] = (), encoding: str | None = "utf-8",
                newline: str | None = "") -> Iterator[IO]:  # type: ignore[type-arg]
    """Write to a temporary file beside `path` and rename it into place only on success.

    An interrupted run therefore leaves any earlier output intact.
    """
    target = Path(path)
    where = Location(str(target))
    check_target(target, inputs)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:  # a read-only folder, a full disk, a name the file system refuses
        raise OutputError(f"cannot write in the folder of this output: {exc.strerror or exc}", where) from None
    try:
        if "b" in mode:
            handle = os.fdopen(fd, mode)
        else:
            handle = os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 files; give outputs what a plain open() would
        refuse_special(target)  # it may have appeared while writing
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        # A full disk (ENOSPC), a quota, an I/O error: the earlier output is intact, say so.
        raise OutputError(f"cannot write this output: {exc.strerror or exc}; any earlier file there is unchanged",
                          where) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def refuse_special(target: Path) -> None:
    """Refuse to replace anything but a regular file: renaming over /dev/null or a FIFO would replace the
    device or pipe itself with a file (and, run as root, break the system)."""
    try:
        mode = os.stat(target).st_mode  # follows a symlink: a link to /dev/null is refused too
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot check this output path: {exc.strerror or exc}", Location(str(target))) from None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):  # a folder has its own message
        return
    kind = "a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    raise OutputError(f"is {kind}, not a regular file; refusing to replace it (give a file name)",
                      Location(str(target)))


def write_text(path: str | Path, text: str, *, inputs: Iterable[Path] = ()) -> None:
    with atomic_open(path, "w", inputs=inputs) as handle:
        handle.write(text)


def write_bytes(path: str | Path, data: bytes, *, inputs: Iterable[Path] = ()) -> None:
    with atomic_open(path, "wb", inputs=inputs, encoding=None, newline=None) as handle:
        handle.write(data)


def write_chunks(path: str | Path, chunks: Iterable[bytes], *, inputs: Iterable[Path] = ()) -> None:
    """Write bytes as they are made, atomically: a failure part-way leaves the earlier file as it was."""
    with atomic_open(path, "wb", inputs=inputs, encoding=None, newline=None) as handle:
        for chunk in chunks:
            handle.write(chunk)


def check_target(target: Path, inputs: Iterable[Path] = ()) -> None:
    """Everything that would refuse this output, checked before anything of a set is written."""
    where = Location(str(target))
    refuse_overwrite(target, inputs)
    if target.is_dir():
        raise OutputError("is a folder; give a file name for this output", where)
    refuse_special(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("the folder for this output does not exist", where)


def write_set(files: dict[Path, bytes], *, inputs: Iterable[Path] = ()) -> None:
    """Write several outputs as a set: all or none.

    Every target is checked first; every file is then written (and synced) into a staging folder
    beside its target (`.NAME.XXXXXXXX.part/`), and only when all are complete is each renamed into
    place. An error, Ctrl-C or a kill while rendering or writing leaves every earlier file as it was.
    """
    inputs = list(inputs)
    for target in files:
        check_target(target, inputs)
    refuse_same_outputs(*files)
    staged: dict[Path, Path] = {}  # a target's folder -> its staging folder
    moves: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            folder = target.parent if str(target.parent) else Path(".")
            key = folder.resolve()
            if key not in staged:
                try:
                    staged[key] = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=folder))
                except OSError as exc:
                    raise OutputError(f"cannot write in the folder of this output: {exc.strerror or exc}",
                                      Location(str(target))) from None
            part = staged[key] / target.name
            moves.append((part, target))
            with part.open("xb") as handle:  # a new file in our own staging folder
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(part, 0o666 & ~_umask())
        for _, target in moves:
            refuse_special(target)  # one may have appeared while rendering
        for part, target in moves:
            os.replace(part, target)
    except OSError as exc:
        raise OutputError(f"cannot write this output: {exc.strerror or exc}; every earlier file is unchanged",
                          Location(str(next(iter(files))))) from None
    finally:
        for folder in staged.values():
            for leftover in folder.iterdir() if folder.is_dir() else ():
                with contextlib.suppress(OSError):
                    leftover.unlink()
            with contextlib.suppress(OSError):
                folder.rmdir()
