"""`maturity report -o X.md` writes the page, its SVG charts and the key as a set: all or none.

Each failure is made where it hurts most, on the last file of the set, after every chart is
written: an error (a full disk), Ctrl-C, and a SIGKILL of a real process. The earlier set must be
byte-identical afterwards, and nothing new beside it but, after a SIGKILL, a staging folder.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, ok, refused
from maturitykit.io import outputs

EXAMPLE = REPO / "examples" / "sel-thameside"
FW = "sel-neighbourhood"
ROUND = f"baseline={EXAMPLE / 'baseline'}"
LATER = f"followup={EXAMPLE / 'followup'}"  # other scores: other charts, under the same names


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _earlier_set(cli, folder: Path) -> dict[str, bytes]:
    ok(cli("report", FW, ROUND, "-o", folder / "r.md", "--title", "The earlier report"))
    files = _snapshot(folder)
    assert "r.md" in files and sum(name.endswith(".svg") for name in files) >= 2
    return files


def _fail_on_last_fsync(monkeypatch, how: BaseException, count: int) -> list[int]:
    calls = [0]
    real = os.fsync

    def fsync(fd: int) -> None:
        calls[0] += 1
        if calls[0] == count:
            raise how
        real(fd)

    monkeypatch.setattr(outputs.os, "fsync", fsync)
    return calls


@pytest.mark.parametrize("how", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()],
                         ids=["full-disk", "ctrl-c"])
def test_a_failure_on_the_last_file_leaves_the_earlier_set(cli, tmp_path, monkeypatch, how):
    before = _earlier_set(cli, tmp_path)
    _fail_on_last_fsync(monkeypatch, how, len(before))  # the page is the last of the set
    result = cli("report", FW, LATER, "-o", tmp_path / "r.md", "--title", "A later report")
    err = refused(result)
    assert "unchanged" in err or "interrupted" in err
    assert _snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)  # no staging folder, no part file


def test_a_failure_with_no_earlier_set_leaves_nothing(cli, tmp_path, monkeypatch):
    calls = _fail_on_last_fsync(monkeypatch, OSError(errno.EIO, "Input/output error"), 4)
    refused(cli("report", FW, ROUND, "-o", tmp_path / "r.md"))
    assert calls[0] == 4  # three charts were written into the staging folder first
    assert list(tmp_path.iterdir()) == []


def test_the_key_is_part_of_the_set(cli, tmp_path, monkeypatch):
    keys = tmp_path / "keys"
    keys.mkdir()
    _fail_on_last_fsync(monkeypatch, OSError(errno.ENOSPC, "No space left on device"), 5)  # 3 charts, page, key
    refused(cli("report", FW, ROUND, "-o", tmp_path / "r.md", "--anonymise", "--key", keys / "key.csv"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys"]
    assert list(keys.iterdir()) == []


def test_a_folder_at_the_page_path_is_refused_before_anything_is_written(cli, tmp_path):
    (tmp_path / "r.md").mkdir()
    assert "is a folder" in refused(cli("report", FW, ROUND, "-o", tmp_path / "r.md"))
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]
    assert list((tmp_path / "r.md").iterdir()) == []


def test_a_folder_at_a_chart_path_is_refused_before_anything_is_written(cli, tmp_path):
    (tmp_path / "r-radar.svg").mkdir()
    refused(cli("report", FW, ROUND, "-o", tmp_path / "r.md"))
    assert [p.name for p in tmp_path.iterdir()] == ["r-radar.svg"]


KILL_ON_LAST = """
import os, signal, sys
from maturitykit.io import outputs
count, calls, real = int(sys.argv[1]), [0], os.fsync
def fsync(fd):
    calls[0] += 1
    if calls[0] == count:
        os.kill(os.getpid(), signal.SIGKILL)
    real(fd)
outputs.os.fsync = fsync
sys.argv = ["maturity", *sys.argv[2:]]
from maturitykit.cli.app import main
main()
"""


def test_a_killed_report_leaves_the_earlier_set(cli, tmp_path):
    """A real process is sent SIGKILL while writing the page, the last file, after every chart."""
    before = _earlier_set(cli, tmp_path)
    run = subprocess.run([sys.executable, "-c", KILL_ON_LAST, str(len(before)), "report", FW, LATER,
                          "-o", str(tmp_path / "r.md"), "--title", "A later report"],
                         capture_output=True, timeout=300, check=False)
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert _snapshot(tmp_path) == before  # the old page with its old charts, byte for byte
    leftovers = [p for p in tmp_path.iterdir() if p.name not in before]
    assert all(p.is_dir() and p.name.startswith(".r-") and p.name.endswith(".part") for p in leftovers)
    ok(cli("report", FW, LATER, "-o", tmp_path / "r.md", "--title", "A later report"))  # the next run succeeds
    after = _snapshot(tmp_path)
    assert "A later report" in after["r.md"].decode("utf-8")
    assert any(after[name] != before[name] for name in before if name.endswith(".svg"))  # the test can fail
