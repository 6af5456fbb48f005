"""The public API, tested like the CLI: docs/library.md's example runs as written, and its results are the CLI's JSON."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import maturitykit as mk
from conftest import REPO, ok

DOC = REPO / "docs" / "library.md"
EXAMPLE = REPO / "examples" / "sel-thameside"


def _example_code() -> str:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "docs/library.md has no python example"
    return blocks[0]


def test_the_documented_example_runs_as_written(monkeypatch):
    monkeypatch.chdir(REPO)
    namespace: dict[str, object] = {}
    exec(compile(_example_code(), str(DOC), "exec"), namespace)  # our own documentation, run as a reader would
    assert namespace["report"].valid
    assert namespace["data"]["items"]


def test_every_name_in_the_api_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for name in [n for n in mk.__all__ if n not in ("Round", "__version__")]:
        assert f"mk.{name}(" in text, name


def test_round_scores_has_the_merged_csv_columns_and_missing_is_missing(cli, tmp_path):
    from maturitykit.rounds.merge import MERGED_COLUMNS

    fw = mk.load_framework("sel-neighbourhood")
    base = mk.read_round(fw, EXAMPLE / "baseline", place="Thameside", round="baseline")
    assert list(base.scores.columns) == MERGED_COLUMNS
    merged = tmp_path / "merged.csv"
    ok(cli("score", "merge", "sel-neighbourhood", EXAMPLE / "baseline", "--place", "Thameside", "--round",
           "baseline", "-o", merged, "-q"))
    import pandas as pd

    from_csv = pd.read_csv(merged)
    assert len(from_csv) == len(base.scores)
    assert base.scores["score"].isna().sum() == from_csv["score"].isna().sum()
    assert (base.scores["score"].dropna() != 0).all() or 0 in fw.default_scale.values()


def test_library_results_are_the_cli_json(cli):
    fw = mk.load_framework("sel-neighbourhood")
    base = mk.read_round(fw, EXAMPLE / "baseline")
    follow = mk.read_round(fw, EXAMPLE / "followup")
    cli_delta = json.loads(ok(cli("score", "delta", "sel-neighbourhood", EXAMPLE / "baseline",
                                  EXAMPLE / "followup", "--format", "json")).stdout)
    assert mk.delta(base, follow).to_dict() == cli_delta
    cli_agenda = json.loads(ok(cli("score", "divergence", "sel-neighbourhood", EXAMPLE / "baseline",
                                   "--format", "json")).stdout)
    assert mk.divergence(base).to_dict() == cli_agenda


def test_lint_accepts_yaml_text_and_reports_as_the_cli_does():
    report = mk.lint("id: x\ntitle: X\nversion: '1'\nscale: {levels: []}\ndomains: []\n")
    assert not report.valid
    assert report.to_dict()["errors"][0]["code"].startswith("MK")


def test_a_refused_framework_raises_a_located_error(tmp_path):
    from maturitykit.errors import MaturityError

    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: X\n", encoding="utf-8")
    with pytest.raises(MaturityError) as caught:
        mk.load_framework(bad)
    assert caught.value.location is not None and "bad.yaml" in str(caught.value.location.file)


def test_importing_the_cli_app_imports_no_pydantic_or_pandas():
    # --help must stay fast: the heavy libraries load only when a command needs them.
    probe = ("import sys, maturitykit.cli.app\n"
             "print(sorted(m for m in ('pydantic', 'pandas', 'matplotlib', 'openpyxl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_diff_frameworks_takes_ids_or_frameworks():
    by_id = mk.diff_frameworks("lloyds-system-maturity", "lloyds-system-maturity")
    loaded = mk.load_framework("lloyds-system-maturity")
    assert by_id.to_dict() == mk.diff_frameworks(loaded, loaded).to_dict()
    assert by_id.changes == [] and by_id.compared == 9
