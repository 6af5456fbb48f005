"""Many sheets on several processes: the same reads, order and refusal as one process."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

import maturitykit.sheets.parallel as parallel
from conftest import REPO
from maturitykit.errors import SheetError
from maturitykit.lint import load_framework
from maturitykit.rounds.merge import merge_sheets

BASELINE = REPO / "examples" / "sel-thameside" / "baseline"


def _merged(folder, monkeypatch, workers: int):
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
    monkeypatch.setattr(parallel, "cores", lambda: workers)
    seen = []
    result = merge_sheets(load_framework("sel-neighbourhood"), [folder], on_read=seen.append)
    return ([dataclasses.astuple(r) for r in [*result.rows, *result.consensus]],
            [p.model_dump() for p in result.problems], result.accounting.line(), seen)


def test_two_processes_give_what_one_gives(monkeypatch, tmp_path):
    folder = tmp_path / "returns"
    shutil.copytree(BASELINE, folder)
    for n in range(6):  # more files than chunks, so the order of the chunks is tested too
        shutil.copy(BASELINE / "primary-care-collaborative.csv", folder / f"copy-{n}.csv")
        text = (folder / f"copy-{n}.csv").read_text(encoding="utf-8")
        (folder / f"copy-{n}.csv").write_text(text.replace("Thameside Primary Care Collaborative",
                                                           f"Copy Partner {n}"), encoding="utf-8")
    serial = _merged(folder, monkeypatch, workers=1)
    assert _merged(folder, monkeypatch, workers=2) == serial
    assert serial[3] == sorted(serial[3])  # told in file order


def test_the_first_unusable_file_is_the_refusal_either_way(monkeypatch, tmp_path):
    folder = tmp_path / "returns"
    shutil.copytree(BASELINE, folder)
    (folder / "b-empty.csv").write_text("", encoding="utf-8")
    (folder / "z-empty.csv").write_text("", encoding="utf-8")
    messages = []
    for workers in (1, 2):
        with pytest.raises(SheetError) as info:
            _merged(folder, monkeypatch, workers)
        messages.append((str(info.value), info.value.location))
    assert messages[0] == messages[1] and "b-empty.csv" in messages[0][0]


def test_a_handful_of_files_is_read_in_this_process():
    assert parallel.workers_for(parallel.MIN_FILES_PER_WORKER - 1) == 1


def test_maturitykit_workers_caps_the_processes(monkeypatch):
    monkeypatch.setenv("MATURITYKIT_WORKERS", "1")
    assert parallel.cores() == 1 and parallel.workers_for(10 * parallel.MIN_FILES_PER_WORKER) == 1
    monkeypatch.setenv("MATURITYKIT_WORKERS", "many")  # not a number: ignored
    assert parallel.cores() >= 1
