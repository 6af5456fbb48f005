"""Every analysis command reads maturitykit's own merged output, CSV or Parquet, past a returned sheet's bounds.

The bounds on a returned sheet (rows, bytes) are lowered here to what a test can exceed cheaply; the
merged file must still be read by each command, since merged files are bounded by their own limits
(io/bounds.py: MAX_MERGED_ROWS, MAX_MERGED_BYTES). At full size the same holds for 370,000 rows (the
benchmark suite, `--national`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import maturitykit.io.cells as cells
from conftest import ok

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import write_merged

PARTNERS = 40  # x 37 items = 1,480 rows


@pytest.fixture(params=["csv", "parquet"])
def merged(request, tmp_path, monkeypatch):
    if request.param == "parquet":
        pytest.importorskip("pyarrow")
    base = write_merged(tmp_path / f"baseline.{request.param}", "sel-neighbourhood", PARTNERS,
                        parquet=request.param == "parquet")
    follow = write_merged(tmp_path / f"followup.{request.param}", "sel-neighbourhood", PARTNERS,
                          parquet=request.param == "parquet", sources="followup")
    monkeypatch.setattr(cells, "MAX_ROWS", 100)  # a returned sheet of more rows is refused...
    monkeypatch.setattr(cells, "MAX_SHEET_BYTES", 10_000)
    return base, follow


def test_a_returned_sheet_past_the_lowered_bounds_is_refused(cli, merged, tmp_path):
    base, _ = merged
    if base.suffix != ".csv":
        pytest.skip("a Parquet file is never a returned sheet")
    sheet = tmp_path / "returned.csv"
    sheet.write_text(base.read_text(encoding="utf-8").replace("partner,", "partner ,", 1), encoding="utf-8")
    result = cli("score", "validate", "sel-neighbourhood", sheet)
    assert result.exit_code == 2 and "limit" in result.stderr


@pytest.mark.parametrize("command", [
    ["score", "divergence", "sel-neighbourhood", "{base}", "--format", "json"],
    ["score", "delta", "sel-neighbourhood", "{base}", "{follow}", "--format", "json"],
    ["score", "trend", "sel-neighbourhood", "baseline={base}", "followup={follow}", "--format", "json"],
    ["plan", "sel-neighbourhood", "{follow}", "--target", "4", "-o", "{out}/plan.json"],
    ["score", "workshop", "sel-neighbourhood", "{base}", "-o", "{out}/workshop.xlsx"],
    ["report", "sel-neighbourhood", "baseline={base}", "followup={follow}", "-o", "{out}/report.html"],
], ids=lambda c: " ".join(c[:2]))
def test_every_analysis_command_reads_the_merged_file(cli, merged, tmp_path, command):
    base, follow = merged
    args = [a.format(base=base, follow=follow, out=tmp_path) for a in command]
    result = ok(cli(*args))
    if "--format" in args:
        assert str(PARTNERS) in result.stdout or "Partner 00039" in result.stdout
