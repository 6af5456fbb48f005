"""Many sheets on several processes: the same reads, order and refusal as one process."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from pathlib import Path

import pytest

import maturitykit.sheets.parallel as parallel
from conftest import REPO
from maturitykit.errors import SheetError
from maturitykit.lint import load_framework
from maturitykit.rounds.merge import merge_sheets
from maturitykit.sheets.rows import ScoreRow

BASELINE = REPO / "examples" / "sel-thameside" / "baseline"


def _merged(folder, monkeypatch, workers: int):
    monkeypatch.setattr(parallel, "workers_for", lambda files: min(workers, len(files)))
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


def test_a_handful_of_workbooks_is_read_in_this_process(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    book = Path("partner.xlsx")
    assert parallel.workers_for([book] * (parallel.MIN_WORKBOOKS_PER_WORKER - 1)) == 1
    assert parallel.workers_for([book] * (2 * parallel.MIN_WORKBOOKS_PER_WORKER)) == 2


def test_csv_sheets_never_start_a_pool(monkeypatch):
    """Sending a CSV sheet's rows back costs about what reading them saves (docs/performance.md)."""
    monkeypatch.setattr(parallel, "cores", lambda: 8)
    assert parallel.workers_for([Path("partner.csv")] * 100_000) == 1


def test_maturitykit_workers_caps_the_processes(monkeypatch):
    monkeypatch.setenv("MATURITYKIT_WORKERS", "1")
    assert parallel.cores() == 1
    assert parallel.workers_for([Path("partner.xlsx")] * (10 * parallel.MIN_WORKBOOKS_PER_WORKER)) == 1
    monkeypatch.setenv("MATURITYKIT_WORKERS", "many")  # not a number: ignored
    assert parallel.cores() >= 1


def test_a_score_row_comes_back_from_another_process_whole():
    row = ScoreRow("Acme Trust", "vision", 2.5, True, "why", "doc", "North", "2025", "a.csv", 7, "C", "merged.csv")
    back = pickle.loads(pickle.dumps(row))
    assert back == row and dataclasses.astuple(back) == dataclasses.astuple(row)
