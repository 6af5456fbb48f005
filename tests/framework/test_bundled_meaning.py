"""The five bundled frameworks keep their meaning while the format grows.

Every output a bundled framework feeds (the merged dataset and per-item summary of the bundled
example, each framework's JSON, printable matrix and blank sheet) is hashed and compared with
hashes recorded from the code before the format gained per-node scales, answers, dependencies,
roll-ups and extension fields. An intended change to one of these outputs must update
tests/golden/bundled-hashes.json in the same commit, with the reason in the message.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import REPO

GOLDEN = REPO / "tests" / "golden" / "bundled-hashes.json"
EXAMPLE = Path("examples") / "sel-thameside"
BUNDLED = ["collaborate-preconditions", "leeds-liqh", "lincolnshire-personalised-care", "lloyds-system-maturity",
           "sel-neighbourhood"]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def bundled_outputs(cli, out: Path) -> dict[str, str]:
    """Hash of every output, keyed by a name that says what was run."""
    hashes: dict[str, str] = {}
    for round_label in ("baseline", "followup"):
        folder = EXAMPLE / round_label
        sheets = sorted(str(p) for p in folder.iterdir() if p.name != "consensus.csv")
        for ext in ("csv", "json"):
            merged, summary = out / f"{round_label}-merged.{ext}", out / f"{round_label}-summary.{ext}"
            result = cli("score", "merge", "sel-neighbourhood", *sheets, "--consensus", folder / "consensus.csv",
                         "--place", "Thameside", "--round", round_label, "-o", merged, "--summary", summary, "-q")
            assert result.exit_code == 0, result.output
            hashes[f"merge {round_label} merged.{ext}"] = _digest(merged.read_bytes())
            hashes[f"merge {round_label} summary.{ext}"] = _digest(summary.read_bytes())
    for fw in BUNDLED:
        for args in (("framework", "show", fw, "--format", "json"), ("framework", "render", fw, "--format", "md"),
                     ("framework", "render", fw, "--format", "html")):
            result = cli(*args)
            assert result.exit_code == 0, result.output
            hashes[" ".join(args)] = _digest(result.stdout.encode("utf-8"))
        sheet = out / f"{fw}-template.csv"
        result = cli("score", "template", fw, "-o", sheet, "--partner", "Example partner", "--round", "r1")
        assert result.exit_code == 0, result.output
        hashes[f"score template {fw}"] = _digest(sheet.read_bytes())
    return hashes


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    # Outputs name their inputs as given; relative paths keep the hashes independent of the checkout.
    monkeypatch.chdir(REPO)


def test_bundled_outputs_are_unchanged(cli, tmp_path: Path, in_repo: None) -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = bundled_outputs(cli, tmp_path)
    assert len(actual) == len(expected) == 28
    changed = sorted(name for name in expected if actual.get(name) != expected[name])
    assert not changed, f"bundled outputs changed: {changed}"

