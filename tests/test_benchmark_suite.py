"""The benchmark suite runs end to end at the smallest size (a few seconds; it asserts no timing)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO


def test_suite_runs_end_to_end(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "suite.py"), "--repeat", "1", "--sizes", "2", "--no-xlsx",
         "--frameworks", "sixty", "--json", str(out)],
        capture_output=True, text=True, check=False, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads(out.read_text())["results"]
    names = [r["name"] for r in results]
    assert names[:2] == ["maturity --help", "framework lint (one file)"]
    assert any(n.startswith("report html") for n in names)
    for result in results:
        # Every command really ran (exit 0, or 1 for findings) and was compared with a baseline.
        assert result["timings"]["command"]["exit"] in (0, 1), result["name"]
        assert all(t["ratio"] > 0 for n, t in result["timings"].items() if n != "command")
