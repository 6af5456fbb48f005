"""`maturity --help` and `maturity framework lint` must not import the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

HEAVY = ["pandas", "numpy", "matplotlib", "scipy", "openpyxl", "jinja2", "rich"]  # rich: typer's rich help costs ~100 ms

PROBE = """
import sys, json
from maturitykit.cli.app import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps([m for m in {heavy!r} if m in sys.modules]), file=sys.stderr)
"""


def _imported(*args: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    return json.loads(proc.stderr.strip().splitlines()[-1])


def test_help_stays_light():
    assert _imported("--help") == []
    assert _imported("--version") == []
    assert _imported("score", "merge", "--help") == []


def test_lint_stays_light():
    assert _imported("framework", "lint", str(REPO / "frameworks" / "lloyds-system-maturity.yaml")) == []


def test_probe_detects_heavy_imports(tmp_path):
    # The probe itself must be able to fail: a command that does load openpyxl is seen by the same probe.
    out = tmp_path / "sheet.xlsx"
    assert "openpyxl" in _imported("score", "template", "sel-neighbourhood", "-o", str(out))
    assert out.is_file()  # the command really ran (and wrote the workbook)


COLLECTOR = """
import gc, sys
before = gc.get_threshold()
import maturitykit as mk
mk.load_framework("sel-neighbourhood")
library = gc.get_threshold()
from maturitykit.cli import app
app.app = lambda: None  # main() without running a command
app.main()
print(before == library, gc.get_threshold() == app.COLLECTOR_THRESHOLDS != before)
"""


def test_the_command_spaces_out_the_collector_and_the_library_does_not():
    """The command raises the cyclic collector's thresholds (docs/performance.md); a program importing the
    library keeps its own."""
    proc = subprocess.run([sys.executable, "-c", COLLECTOR], capture_output=True, text=True, cwd=REPO, check=True)
    assert proc.stdout.split() == ["True", "True"]
