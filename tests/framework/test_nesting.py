"""Nesting to any depth: a sub-domain may hold sub-domains; every walker follows them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import FIXTURES, ok
from maturitykit import load_framework
from maturitykit.analysis.positions import node_span
from maturitykit.lint.engine import lint_source

NESTED = FIXTURES / "frameworks" / "valid" / "nested-four-levels.yaml"
TEXT = NESTED.read_text(encoding="utf-8")
LEAVES = ["profiles-exist", "profiles-reviewed", "models-drawn", "models-current-on-change",
          "models-current-on-incident", "incident-response"]


def test_items_are_the_leaves_at_every_depth() -> None:
    fw = load_framework(NESTED)
    items = fw.items()
    assert [i.id for i in items] == LEAVES
    deepest = fw.item_by_id("models-current-on-change")
    assert deepest.domain.id == "threat-assessment"
    assert [p.id for p in deepest.parents] == ["threat-modelling", "models-kept-current"]
    assert deepest.node.extensions == {} and fw.item_by_id("profiles-exist").node.extensions == {"x-owner": "Design lead"}


def test_the_nearest_scale_may_be_on_an_intermediate_sub_domain(tmp_path: Path) -> None:
    text = TEXT.replace("            title: Threat modelling\n",
                        "            title: Threat modelling\n            scale: {levels: [{value: 0, label: A},"
                        " {value: 1, label: B}]}\n")
    path = tmp_path / "nested.yaml"
    path.write_text(text, encoding="utf-8")
    fw = load_framework(path)
    assert fw.scale_for(fw.item_by_id("models-current-on-incident")).values() == [0, 1]
    assert fw.scale_for(fw.item_by_id("profiles-exist")).values() == [0, 1, 2]


@pytest.mark.parametrize(("old", "new", "code"), [
    ("depends_on: [profiles-exist]", "depends_on: [profiles-exits]", "MK017"),  # unknown id, three levels down
    ("id: models-current-on-incident", "id: models-drawn", "MK001"),  # an id repeated at another depth
    ("            title: Threat modelling\n", "            title: Threat modelling\n            target: 1\n", "MK014"),
    ("                    title: Is the model updated after an incident?\n",
     "                    title: Is the model updated after an incident?\n                    rollup: sum\n", "MK019"),
])
def test_lint_rules_follow_the_nesting(old: str, new: str, code: str) -> None:
    assert old in TEXT
    report = lint_source(TEXT.replace(old, new))
    assert code in {p.code for p in report.problems}, [p.model_dump() for p in report.problems]


def test_nested_rollups() -> None:
    fw = load_framework(NESTED)
    practice = fw.groups[0].domains[0]
    positions = {"profiles-exist": 2, "profiles-reviewed": 1, "models-drawn": 2, "models-current-on-change": 0,
                 "models-current-on-incident": 2}
    risk = node_span(fw, practice.subdomains[0], positions)
    assert (risk.value, risk.low, risk.high) == (3, 0, 4)  # a sum of two 0-2 questions
    modelling = node_span(fw, practice.subdomains[1], positions)
    assert modelling.value == round(4 / 3, 6)  # default: the mean of the three questions below it
    # min of the two streams, as shares of their own ranges: 3/4 and (4/3)/2
    assert node_span(fw, practice, positions).value == round(2 / 3, 6)


def test_template_matrix_and_report_follow_the_nesting(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    ok(cli("score", "template", str(NESTED), "-o", sheet, "--partner", "North"))
    rows = list(csv.DictReader(sheet.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["item"] for r in rows] == LEAVES
    md = ok(cli("framework", "render", str(NESTED), "--format", "md")).stdout
    assert "Threat assessment › Threat modelling › Are threat models kept up to date?" in md
    scores = tmp_path / "scores.csv"
    scores.write_text("partner,item,score\n" + "".join(f"{p},{i},{n % 3}\n" for n, i in enumerate(LEAVES)
                                                      for p in ("North", "South")), encoding="utf-8")
    out = tmp_path / "report.md"
    ok(cli("report", str(NESTED), f"r1={scores}", "-o", out))
    assert "Threat assessment (domain): lowest of its parts" in out.read_text(encoding="utf-8")
