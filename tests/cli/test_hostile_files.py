"""Inputs and outputs that are not ordinary files, and writes that fail, through the command line.

Cases the bad-input corpus cannot hold: a FIFO, a device, a file name that is not UTF-8, a full disk
or a read-only folder (monkeypatched: tests run as root, for whom a read-only folder is writable).
Each must give exit 2 with one located line, write nothing and never hang.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES
from maturitykit.cli.app import app
from maturitykit.io import outputs
from xlsx_parts import SHEET, header_row, sheet, write_workbook

FW = "lloyds-system-maturity"
SHEET_CSV = FIXTURES / "sheets" / "acme-case.csv"
runner = CliRunner()


def invoke(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def refused(code: int, out: str, err: str, *words: str) -> None:
    assert code == 2, err
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("maturity: "), err
    for word in words:
        assert word in lines[0], lines[0]


# ------------------------------------------------------------------------------------- inputs
@pytest.mark.parametrize("role", ["framework", "sheet", "partners"])
def test_a_fifo_as_an_input_is_refused_without_hanging(tmp_path: Path, role: str) -> None:
    fifo = tmp_path / ("in.yaml" if role == "framework" else "in.csv")
    os.mkfifo(fifo)
    args = {"framework": ["framework", "lint", fifo], "sheet": ["score", "validate", FW, fifo],
            "partners": ["score", "template", FW, "--partners", fifo, "-o", tmp_path / "sheets"]}[role]
    # A subprocess with a timeout: if the FIFO were opened for reading, the test would wait forever.
    run = subprocess.run([sys.executable, "-c", "from maturitykit.cli.app import main; main()", *map(str, args)],
                         capture_output=True,
                         text=True, timeout=60, stdin=subprocess.DEVNULL)
    refused(run.returncode, run.stdout, run.stderr, str(fifo), "is a pipe (FIFO), not a regular file")
    assert not (tmp_path / "sheets").exists()


def test_a_fifo_socket_or_device_in_a_folder_is_listed_as_skipped(tmp_path: Path) -> None:
    """Inside a folder of returns they are skipped with the reason and counted, never opened: a merge
    in a subprocess with a timeout (a FIFO opened for reading would wait for ever)."""
    import socket

    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "acme.csv").write_bytes(SHEET_CSV.read_bytes())
    os.mkfifo(folder / "trust.csv")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "council.csv"))
    (folder / "zero.csv").symlink_to("/dev/zero")
    (folder / "gone.csv").symlink_to(folder / "nothing-here.csv")
    out = tmp_path / "merged.csv"
    try:
        run = subprocess.run([sys.executable, "-c", "from maturitykit.cli.app import main; main()", "score",
                              "merge", FW, str(folder), "-o", str(out)], capture_output=True, text=True,
                             timeout=60, stdin=subprocess.DEVNULL)
    finally:
        server.close()
    assert run.returncode == 0, run.stderr
    assert "(4 other files in the folders not read" in run.stdout
    for name, why in (("trust.csv", "is a pipe (FIFO), not a regular file: it was not opened"),
                      ("council.csv", "is a socket, not a regular file"), ("zero.csv", "is a device, not a regular"),
                      ("gone.csv", "cannot be looked at")):
        assert any(name in line and "not read" in line and why in line for line in run.stderr.splitlines()), name
    assert out.is_file()


def test_validate_lists_a_fifo_in_a_folder_as_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "acme.csv").write_bytes(SHEET_CSV.read_bytes())
    os.mkfifo(folder / "late.xlsx")
    run = subprocess.run([sys.executable, "-c", "from maturitykit.cli.app import main; main()", "score",
                          "validate", FW, str(folder)], capture_output=True, text=True, timeout=60,
                         stdin=subprocess.DEVNULL)
    assert run.returncode in (0, 1), run.stderr
    assert any("late.xlsx" in line and "[skipped-file]" in line and "pipe (FIFO)" in line
               for line in run.stdout.splitlines()), run.stdout


@pytest.mark.parametrize("role", ["framework", "sheet", "partners"])
def test_dev_zero_as_an_input_is_refused_at_once(tmp_path: Path, role: str) -> None:
    args = {"framework": ["framework", "lint", "/dev/zero"], "sheet": ["score", "validate", FW, "/dev/zero"],
            "partners": ["score", "template", FW, "--partners", "/dev/zero", "-o", tmp_path / "sheets"]}[role]
    refused(*invoke(*args), "/dev/zero", "is a device, not a regular file")


def test_a_file_name_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    name = Path(os.fsdecode(os.fsencode(tmp_path) + b"/return-\xff.csv"))
    name.write_bytes(SHEET_CSV.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    refused(*invoke("score", "merge", FW, name, "-o", out / "merged.csv"), "return-\ufffd.csv",
            "not UTF-8 (0xff); rename the file")
    assert list(out.iterdir()) == []


def test_a_zip_bomb_is_refused_in_seconds(tmp_path: Path) -> None:
    chunk = b" " * (1024 * 1024)
    path = write_workbook(tmp_path / "bomb.xlsx", {SHEET: sheet([header_row(), *(chunk for _ in range(300))])}, 1)
    refused(*invoke("score", "merge", FW, path, "-o", tmp_path / "merged.csv"), str(path), "(a zip bomb?)")
    assert not (tmp_path / "merged.csv").exists()


# ------------------------------------------------------------------------------------ outputs
def test_an_existing_fifo_as_the_output_is_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "merged.csv"
    os.mkfifo(fifo)
    refused(*invoke("score", "merge", FW, SHEET_CSV, "-o", fifo), str(fifo), "is a pipe (FIFO), not a regular file")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["merged.csv"]  # no temporary file left


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_as_the_output_is_not_replaced(tmp_path: Path) -> None:
    # A null device of our own in tmp_path (as /dev/null is): if the refusal broke, only it is replaced.
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    refused(*invoke("score", "merge", FW, SHEET_CSV, "-o", device), "is a device, not a regular file")
    assert stat.S_ISCHR(device.stat().st_mode)


class _FullDisk:
    """A file handle whose writes fail as on a full disk."""

    def __init__(self, handle: object) -> None:
        self._handle = handle

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> object:
        return getattr(self._handle, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()  # type: ignore[attr-defined]


def test_a_full_disk_is_exit_2_and_keeps_the_earlier_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "merged.csv"
    target.write_text("earlier\n", encoding="utf-8")
    real = os.fdopen
    monkeypatch.setattr(outputs.os, "fdopen", lambda *a, **k: _FullDisk(real(*a, **k)))
    refused(*invoke("score", "merge", FW, SHEET_CSV, "-o", target), str(target), "No space left on device")
    assert target.read_text(encoding="utf-8") == "earlier\n"
    assert [p.name for p in tmp_path.iterdir()] == ["merged.csv"]


def test_a_read_only_folder_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*a: object, **k: object) -> object:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    refused(*invoke("score", "merge", FW, SHEET_CSV, "-o", tmp_path / "merged.csv"), "merged.csv",
            "cannot write in the folder of this output: Permission denied")


# ------------------------------------------------------------------------ control characters
def test_control_characters_in_a_rationale_do_not_break_an_xlsx_output(tmp_path: Path) -> None:
    import openpyxl

    sheet_csv = tmp_path / "return.csv"
    sheet_csv.write_bytes(b'partner,item,score,rationale\nAcme Trust,vision,3,"one\x0btwo\x0cthree\x01"\n')
    out = tmp_path / "merged.xlsx"
    code, _, err = invoke("score", "merge", FW, sheet_csv, "-o", out)
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    texts = [c for row in book.active.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "one two three" in texts
    assert not any(ch in t for t in texts for ch in "\x0b\x0c\x01")


def test_a_control_character_in_a_partner_list_is_removed_with_a_warning(tmp_path: Path) -> None:
    partners = tmp_path / "partners.txt"
    partners.write_bytes(b"Acme\x01 Trust\nBeta\n")
    code, _, err = invoke("score", "template", FW, "--partners", partners, "-o", tmp_path / "sheets", "--xlsx")
    assert code == 0, err
    assert f"{partners}:1: warning: control character U+0001 removed" in err
    assert sorted(p.name for p in (tmp_path / "sheets").iterdir()) == ["Acme-Trust.xlsx", "Beta.xlsx"]


def test_partner_sheets_are_all_checked_before_any_is_written(tmp_path: Path) -> None:
    partners = tmp_path / "partners.txt"
    partners.write_text("Acme Trust\nBeta\n", encoding="utf-8")
    folder = tmp_path / "sheets"
    folder.mkdir()
    os.mkfifo(folder / "Beta.xlsx")  # the second sheet cannot be written
    refused(*invoke("score", "template", FW, "--partners", partners, "-o", folder, "--xlsx"), "Beta.xlsx")
    assert [p.name for p in folder.iterdir()] == ["Beta.xlsx"]  # the first was not written either
