"""Every table written has exactly the columns `maturitykit.columns` describes, in order.

The data dictionary (docs/data-dictionary.md) is generated from that module, so a column added to an
output without a description fails here, and a description without its column fails too.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import REPO
from maturitykit import columns
from maturitykit.columns import DELTA, DIVERGENCE, MERGED, OUTPUTS, PLAN, SUMMARY, TREND

EXAMPLE = REPO / "examples" / "sel-thameside"
TYPES = {columns.TEXT, columns.INTEGER, columns.NUMBER, columns.BOOLEAN, columns.DATE}


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def test_descriptions_are_complete_and_unique():
    assert [o.key for o in OUTPUTS] == ["merged", "summary", "divergence", "delta", "trend", "plan"]
    for output in OUTPUTS:
        names = [c.name for c in (*output.columns, *output.repeated)]
        assert len(names) == len(set(names)), output.key
        for column in (*output.columns, *output.repeated):
            assert column.meaning.strip().endswith((".", ")")), (output.key, column.name)
            assert column.type.removesuffix(" or blank") in TYPES, (output.key, column.name, column.type)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    from typer.testing import CliRunner

    from maturitykit.cli.app import app

    out = tmp_path_factory.mktemp("columns")
    runner = CliRunner()

    def run(*args: object) -> None:
        result = runner.invoke(app, [str(a) for a in args])
        assert result.exit_code in (0, 1), result.output

    base, follow = EXAMPLE / "baseline", EXAMPLE / "followup"
    run("score", "merge", "sel-neighbourhood", base, "-o", out / "merged.csv", "--summary", out / "summary.csv",
        "-q")
    run("score", "divergence", "sel-neighbourhood", out / "merged.csv", "--format", "csv", "-o",
        out / "divergence.csv")
    run("score", "delta", "sel-neighbourhood", base, follow, "--format", "csv", "-o", out / "delta.csv")
    run("score", "trend", "sel-neighbourhood", f"baseline={base}", f"followup={follow}", "--format", "csv", "-o",
        out / "trend.csv")
    run("plan", "sel-neighbourhood", out / "merged.csv", "--all", "-o", out / "plan.csv")
    run("score", "merge", "sel-neighbourhood", base, "-o", out / "merged.json", "-q")
    return {p.stem if p.suffix == ".csv" else p.name: p for p in out.iterdir()}


@pytest.mark.parametrize("output", [MERGED, SUMMARY, DELTA, TREND, PLAN], ids=lambda o: o.key)
def test_written_columns_are_the_described_ones(written, output):
    assert header(written[output.key]) == output.names()


def test_divergence_columns_then_one_per_partner(written):
    names = header(written["divergence"])
    fixed = DIVERGENCE.names()
    assert names[:len(fixed)] == fixed
    partners = names[len(fixed):]
    assert partners and all(n.startswith("score: ") for n in partners)


def test_json_records_use_the_same_columns_and_carry_the_version(written):
    payload = json.loads(written["merged.json"].read_text(encoding="utf-8"))
    assert payload["format_version"] == columns.FORMAT_VERSION
    records = next(v for v in payload.values() if isinstance(v, list) and v and isinstance(v[0], dict))
    assert list(records[0]) == MERGED.names()
