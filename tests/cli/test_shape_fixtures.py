"""The four shape fixtures end to end: lint clean, a template, filled sheets merged, a report with its roll-ups.

The filled sheets are real files under tests/fixtures/returns/<shape>/{baseline,followup}/.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import FIXTURES, ok

VALID = FIXTURES / "frameworks" / "valid"
RETURNS = FIXTURES / "returns"
SHAPES = {
    "samm-like": ("samm-like-graded-answers", ["Strategy and metrics (domain): mean of its parts, from 0 to 1",
                                               "Secure software practice questions (framework): mean of its parts"]),
    "dsomm-like": ("dsomm-like-dependencies", ["Build (domain): sum of its parts, from 0 to 3"]),
    "dma-like": ("dma-like-mixed-questions", ["as a percentage of its own range"]),
    "weighted-domains": ("weighted-domains", ["Joint delivery (domain): highest level every part reaches, from 1 to 3",
                                              "(framework): weighted mean of its parts, from 1 to 3"]),
}

MD_ROWS = {"dsomm-like": "| Build | domain | 3 of 3 | 2 | 3 |",  # activities in place: a count, not a mean (0.67, 1)
           "weighted-domains": "| framework | 4 of 4 | 1.86 | 2.14 |"}  # (2*2 + 1*1 + 0.5*3) / 3.5 at baseline


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_shape_end_to_end(cli, tmp_path: Path, shape: str) -> None:
    name, visible = SHAPES[shape]
    framework = str(VALID / f"{name}.yaml")
    ok(cli("framework", "lint", framework, "--strict"))
    sheet = tmp_path / "blank.csv"
    ok(cli("score", "template", framework, "-o", sheet, "--partner", "North Trust"))
    rows = list(csv.DictReader(sheet.read_text(encoding="utf-8-sig").splitlines()))
    assert rows and all(r["score"] == "" for r in rows)
    merged = {}
    for rnd in ("baseline", "followup"):
        merged[rnd] = tmp_path / f"{rnd}.csv"
        result = ok(cli("score", "merge", framework, str(RETURNS / shape / rnd), "-o", merged[rnd]))
        assert ", 0 rejected" in result.output, result.output
        assert len(list(csv.DictReader(merged[rnd].read_text(encoding="utf-8-sig").splitlines()))) == 3 * len(rows)
    for fmt in ("md", "html"):
        out = tmp_path / f"report.{fmt}"
        ok(cli("report", framework, f"baseline={merged['baseline']}", f"followup={merged['followup']}", "-o", out))
        text = out.read_text(encoding="utf-8")
        for words in visible:
            assert words in text, (fmt, words)
        if fmt == "md" and shape in MD_ROWS:  # the roll-up's own value, not the mean of the items
            assert MD_ROWS[shape] in text
    if shape != "dma-like":
        assert "Roll-ups other than the default" in text
