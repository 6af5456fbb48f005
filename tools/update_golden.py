"""Regenerate tests/golden/thameside-report.md from the bundled example.

Run `python tools/update_golden.py` after an intended change to the board report, review the diff,
and commit it. tests/cli/test_report.py compares against the committed file and never rewrites it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "sel-thameside"
ROUNDS = [f"baseline={EXAMPLE / 'baseline'}", f"followup={EXAMPLE / 'followup'}"]
GOLDEN = REPO / "tests" / "golden" / "thameside-report.md"
EPOCH = "1767225600"  # 2026-01-01, as tests/cli/test_report.py sets it: the date the golden report states


def relative(text: str) -> str:
    """Inputs appear as given; the golden copy must not depend on where the repository is."""
    return text.replace(str(REPO) + os.sep, "")


def report_markdown(out_dir: Path) -> str:
    """Run `maturity report` on the example into out_dir; the Markdown with repository paths made relative."""
    from typer.testing import CliRunner

    from maturitykit.cli.app import app

    out = out_dir / GOLDEN.name
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH  # the report states its generation date: keep the copy reproducible
    result = CliRunner().invoke(app, ["report", "sel-neighbourhood", *ROUNDS, "-o", str(out)])
    if result.exit_code != 0:
        raise SystemExit(f"maturity report failed ({result.exit_code}):\n{result.output}")
    return relative(out.read_text(encoding="utf-8"))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        text = report_markdown(Path(tmp))
    old = GOLDEN.read_text(encoding="utf-8") if GOLDEN.exists() else None
    if text == old:
        print(f"{GOLDEN.relative_to(REPO)}: unchanged")
        return 0
    GOLDEN.write_text(text, encoding="utf-8")
    print(f"{GOLDEN.relative_to(REPO)}: rewritten; review `git diff` before committing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
