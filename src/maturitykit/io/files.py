"""Reading an input file: the one place src/ opens a file to read it.

A size from stat() is not trusted (a device says 0 and never ends), and opening a FIFO for reading
waits for a writer forever; so the file is opened without blocking, refused unless it is a regular
file, and read to at most its limit plus one byte.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from maturitykit.errors import InputError, Location

_CHUNK = 1024 * 1024


def read_input(path: str | Path, limit: int, *, file: str | None = None, what: str = "file",
               error: type[InputError] = InputError, folder: str = "is a folder, expected a file",
               kind: str = "") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or `error` naming `file` and the reason.

    `what` names the input in messages ("partner list"), `folder` says what a folder is instead of,
    and `kind` follows the limit (" for YAML input"), so messages read as each caller's always did.
    """
    display = file or str(path)
    where = Location(display)
    name = os.fspath(path)
    bad = None if name.isascii() else next((c for c in name if "\udc80" <= c <= "\udcff"), None)
    if bad is not None:
        # Python keeps a byte that is not UTF-8 as a lone surrogate (surrogateescape); it cannot be written
        # into any UTF-8 output (the source column, a report), so refuse now, before anything is written.
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        raise error(f"the file name has a byte that is not UTF-8 (0x{ord(bad) - 0xDC00:02x}); rename the file",
                    Location(shown))
    try:
        # O_NONBLOCK: open() on a FIFO would otherwise wait for a writer; it does not affect reading
        # a regular file.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise error(f"{what} not found", where) from None
    except IsADirectoryError:
        raise error(f"{what} {folder}", where) from None
    except PermissionError:
        raise error(f"{what}: permission denied", where) from None
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror or exc}", where) from None
    try:
        mode = os.fstat(fd).st_mode  # of what was opened, not of what the name pointed to before
        if stat.S_ISDIR(mode):
            raise error(f"{what} {folder}", where)
        if not stat.S_ISREG(mode):
            kind = "a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
            raise error(f"{what} is {kind}, not a regular file; refused (save it as a file and give that)", where)
        size = os.fstat(fd).st_size
        if size > limit:  # a regular file's size is its size now: refuse without reading it
            raise error(f"{what} is {size:,} bytes, over the {limit:,}-byte limit{kind}; refused", where)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            except OSError as exc:
                if exc.errno == errno.EISDIR:
                    raise error(f"{what} {folder}", where) from None
                raise error(f"cannot read {what}: {exc.strerror or exc}", where) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            # It grew while being read (or is appended to): the limit holds all the same.
            raise error(f"{what} is more than {limit:,} bytes, over the {limit:,}-byte limit{kind}; refused", where)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_head(path: str | Path, count: int) -> bytes | None:
    """The first `count` bytes of a regular file (to tell what it is), or None when it is not one or cannot
    be read: never more than `count` bytes, and never a wait on a FIFO."""
    try:
        fd = os.open(os.fspath(path), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, count)
    except OSError:
        return None
    finally:
        os.close(fd)
