"""`maturity framework diff`: every kind of change found, and the comparability statement true to delta."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, ok
from maturitykit.analysis.framework_diff import diff_frameworks
from maturitykit.lint import load_framework

V1 = FIXTURES / "rounds" / "framework-v1.yaml"
V2 = FIXTURES / "rounds" / "framework-v2.yaml"


def _changes(diff):
    return {(c.change, c.item, tuple(c.old)) for c in diff.changes}


def test_renamed_merged_added_removed_through_replaces():
    diff = diff_frameworks(load_framework(V1), load_framework(V2))
    changes = _changes(diff)
    assert ("renamed", "shared-vision", ("vision",)) in changes
    assert ("merged", "information", ("data-sharing", "records")) in changes
    assert ("added", "population-health", ()) in changes
    assert ("removed", "", ("estates",)) in changes
    assert ("retitled", "shared-vision", ("vision",)) in changes
    assert diff.compared == 5 and diff.not_compared == 2
    assert diff.comparable[0] == "a delta across these versions compares 5 items"


def test_the_same_version_has_no_changes(cli):
    diff = diff_frameworks(load_framework("lloyds-system-maturity"), load_framework("lloyds-system-maturity"))
    assert diff.changes == [] and diff.compared == 9
    assert cli("framework", "diff", "lloyds-system-maturity", "lloyds-system-maturity").exit_code == 0


@pytest.fixture
def edited(tmp_path):
    """Version 2 of V1 with one item rescaled, one relabelled, one moved and one re-described."""
    text = V1.read_text(encoding="utf-8").replace('version: "1"', 'version: "1.1"')
    text = text.replace("{id: workforce, code: 3c, title: Workforce}",
                        "{id: workforce, code: 3c, title: Workforce, scale: yes-no}")
    text = text.replace("groups:\n", "scales:\n  yes-no:\n    levels:\n      - {value: 0, label: 'No'}\n"
                                     "      - {value: 1, label: 'Yes'}\n  relabelled:\n    levels:\n"
                                     "      - {value: 1, label: Starting}\n      - {value: 2, label: Developing}\n"
                                     "      - {value: 3, label: Maturing}\n      - {value: 4, label: Thriving}\n"
                                     "groups:\n", 1)
    text = text.replace("{id: records, code: 3b, title: Records}",
                        "{id: records, code: 3b, title: Records, scale: relabelled, descriptors: {1: Paper only}}")
    text = text.replace("          - {id: leadership, code: 1b, title: Leadership}\n", "")
    text = text.replace("          - {id: estates, code: 3d, title: Estates}",
                        "          - {id: estates, code: 3d, title: Estates}\n"
                        "          - {id: leadership, code: 3e, title: Leadership}")
    path = tmp_path / "v1.1.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_rescaled_relabelled_moved_and_redescribed(edited):
    diff = diff_frameworks(load_framework(V1), load_framework(edited))
    changes = _changes(diff)
    assert ("rescaled", "workforce", ("workforce",)) in changes
    assert ("relabelled", "records", ("records",)) in changes
    assert ("redescribed", "records", ("records",)) in changes
    assert ("moved", "leadership", ("leadership",)) in changes
    # A rescaled item is neither compared nor listed as removed.
    assert not any(c.change == "removed" for c in diff.changes)
    assert diff.compared == 6 and diff.not_compared == 1  # the rescaled one
    assert any("1 item changed levels (rescaled)" in line for line in diff.comparable)
    assert any("1 item moved" in line for line in diff.comparable)


def test_delta_never_compares_a_rescaled_item(cli, edited, tmp_path):
    base = tmp_path / "base.csv"
    base.write_text("partner,item,score\nA,workforce,4\nB,workforce,4\nA,trust,2\nB,trust,2\n", encoding="utf-8")
    follow = tmp_path / "follow.csv"
    follow.write_text("partner,item,score\nA,workforce,1\nB,workforce,1\nA,trust,3\nB,trust,3\n", encoding="utf-8")
    result = json.loads(ok(cli("score", "delta", edited, base, follow, "--baseline-framework", V1,
                               "--format", "json")).stdout)
    assert "workforce" not in {row["item"] for row in result["items"]}
    assert "workforce" in {row["item"] for row in result["new_items"]}
    assert any("rescaled, so not compared" in note for note in result["notes"])


def test_cli_json_is_the_library_dict(cli):
    out = cli("framework", "diff", V1, V2, "--format", "json")
    assert out.exit_code == 1, out.output  # 1: the versions differ
    assert json.loads(out.stdout) == diff_frameworks(load_framework(V1), load_framework(V2)).to_dict()
