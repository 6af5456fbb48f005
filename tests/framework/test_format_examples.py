"""Every worked example in docs/framework-format.md is a framework that lints clean under --strict."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO
from maturitykit.lint.engine import lint_paths

DOC = (REPO / "docs" / "framework-format.md").read_text(encoding="utf-8")
# The worked examples of the newer constructs: complete documents that start with an id.
EXAMPLES = [block for block in re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S) if block.startswith("id: ")]


def test_there_is_an_example_of_each_construct() -> None:
    joined = "\n".join(EXAMPLES)
    for construct in ("x-owner", "scales:", "value: 0.5", "answers:", "depends_on:", "rollup: weighted-mean",
                      "rollup: staircase", "weight:", "rollup: sum", "                subdomains:",
                      "checklist: best-fit"):
        assert construct in joined, construct


@pytest.mark.parametrize("text", EXAMPLES, ids=[re.match(r"id: (\S+)", e).group(1) for e in EXAMPLES])
def test_example_lints_clean(text: str, tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text("# yaml-language-server: $schema=framework.schema.json\n" + text, encoding="utf-8")
    report = lint_paths([str(path)], strict=True)
    assert report.valid and not report.findings, [f"{f.row}: {f.code} {f.message}" for f in report.findings]
