"""Scales per node (nearest applies, named, decimal values), answer sets, and `x-` extension fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, ok
from maturitykit.framework.loader import validate_document
from maturitykit.io.yamlsafe import load_yaml_text
from maturitykit.lint import load_framework
from maturitykit.sheets.vocabulary import parse_score
from maturitykit.stats.limits import Limits

VALID = FIXTURES / "frameworks" / "valid"
NEW_FIXTURES = ["samm-like-graded-answers", "dsomm-like-dependencies", "dma-like-mixed-questions", "weighted-domains",
                "extension-fields"]

NESTED = """\
id: nested-scales
title: Nested scales
version: "1"
scales:
  three: {levels: [{value: 1, label: One}, {value: 2, label: Two}, {value: 3, label: Three}]}
  two: {levels: [{value: 0, label: "No"}, {value: 1, label: "Yes"}]}
scale:
  levels: [{value: 1, label: A}, {value: 2, label: B}, {value: 3, label: C}, {value: 4, label: D}, {value: 5, label: E}]
groups:
  - id: g
    title: G
    scale: three
    domains:
      - id: d
        title: D
        subdomains:
          - {id: on-group-scale, title: On the group's scale}
          - {id: on-own-scale, title: On its own scale, scale: two}
      - id: inline
        title: Inline
        scale: {levels: [{value: 10, label: Ten}, {value: 20, label: Twenty}]}
domains:
  - {id: on-framework-scale, title: On the framework's scale}
"""


def _framework(text: str):
    framework, problems = validate_document(load_yaml_text(text, "nested.yaml"))
    assert not problems, problems
    return framework


def test_the_nearest_declared_scale_applies() -> None:
    fw = _framework(NESTED)
    scales = {item.id: fw.scale_for(item).values() for item in fw.items()}
    assert scales == {"on-group-scale": [1, 2, 3], "on-own-scale": [0, 1], "inline": [10, 20],
                      "on-framework-scale": [1, 2, 3, 4, 5]}
    assert not fw.uniform_scale()


def test_mixed_scales_nearest_in_a_fixture() -> None:
    fw = load_framework(VALID / "dma-like-mixed-questions.yaml")
    labels = {item.id: [lv.label for lv in fw.scale_for(item).levels][-1] for item in fw.items()}
    # item's own (yes-no), framework's (rating), domain's (yes-no), item's own overriding the domain's (rating)
    assert labels == {"board-digital-lead": "Yes", "digital-strategy": "Embedded", "tested-recovery": "Yes",
                      "network-coverage": "Embedded"}


def test_a_score_is_read_against_the_items_own_scale() -> None:
    fw = _framework(NESTED)
    on_three, on_five = fw.item_by_id("on-group-scale"), fw.item_by_id("on-framework-scale")
    refused = parse_score(5, fw, item=on_three)
    assert refused.value is None and "off the scale (1-3)" in (refused.error or "")
    assert parse_score(5, fw, item=on_five).value == 5
    assert parse_score("Yes", fw, item=fw.item_by_id("on-own-scale")).value == 1
    assert parse_score("Twenty", fw, item=fw.item_by_id("inline")).value == 20
    assert parse_score(5, fw).value == 5  # without an item: the framework's scale, as before


def test_decimal_levels_and_answer_sets() -> None:
    fw = load_framework(VALID / "samm-like-graded-answers.yaml")
    assert fw.default_scale.values() == [0, 0.25, 0.5, 1]
    assert [type(v) for v in fw.default_scale.values()] == [int, float, float, int]  # 0 and 1 stay whole
    item = fw.item_by_id("strategy-stream-a-1")
    assert [lv.label for lv in fw.scale_for(item).levels] == ["No", "Yes, for some", "Yes, for at least half",
                                                              "Yes, for most or all"]
    assert parse_score("Yes, for at least half", fw, item=item).value == 0.5  # the answer text reads as its value
    assert parse_score("0.25 - Yes, for some", fw, item=item).value == 0.25  # as the XLSX dropdown offers it
    assert parse_score(0.25, fw, item=item).value == 0.25
    assert parse_score("no", fw, item=item).value == 0
    off = parse_score(0.3, fw, item=item)
    assert off.value is None and "off the scale" in (off.error or "")
    assert "between levels" in (parse_score(2.5, load_framework("sel-neighbourhood")).error or "")


def test_limits_are_restated_for_an_items_number_of_levels() -> None:
    five = Limits.for_scale([1, 2, 3, 4, 5])
    two = five.for_values([0, 1])
    assert (two.levels, two.ad_limit) == (2, pytest.approx(2 / 6))
    assert five.for_values([5, 6, 7, 8, 9]) is five
    explicit = Limits.for_scale([1, 2, 3, 4, 5], ad_limit=1.2, range_limit=3)
    assert (explicit.for_values([0, 1]).ad_limit, explicit.for_values([0, 1]).range_limit) == (1.2, 3)


def test_merge_reads_and_summarises_each_item_on_its_own_scale(cli, tmp_path: Path) -> None:
    framework = VALID / "dma-like-mixed-questions.yaml"
    sheet = tmp_path / "scores.csv"
    sheet.write_text("partner,item,score\n"
                     "North,board-digital-lead,1\nSouth,board-digital-lead,0\n"
                     "North,digital-strategy,5\nSouth,digital-strategy,4\n"
                     "North,tested-recovery,5\n"  # a 5 on a yes/no question: refused, not merged
                     "North,network-coverage,2\nSouth,network-coverage,No\n", encoding="utf-8")
    merged, summary = tmp_path / "merged.json", tmp_path / "summary.json"
    result = cli("score", "merge", str(framework), str(sheet), "--place", "P", "--round", "r1",
                 "-o", merged, "--summary", summary)
    assert result.exit_code == 0, result.output
    assert "score 5 is off the scale (0-1)" in result.output
    assert "score 'No' is not a level value or label (1-5)" in result.output
    rows = {r["item"]: r for r in json.loads(summary.read_text())["rows"]}
    assert rows["tested-recovery"]["n"] == 0
    # Yes against No is the whole width of a two-level scale: divergent by AD (0.5 > 2/6), not by range.
    assert rows["board-digital-lead"]["divergent"] is True
    assert rows["board-digital-lead"]["divergence_reasons"].startswith("AD 0.50 > 0.33")
    assert rows["digital-strategy"]["divergent"] is False  # one level apart on five: AD 0.5 <= 5/6
    labels = {(r["partner"], r["item"]): r["label"] for r in json.loads(merged.read_text())["rows"]}
    assert labels[("South", "board-digital-lead")] == "No"
    assert labels[("North", "digital-strategy")] == "Embedded"


@pytest.mark.parametrize("name", NEW_FIXTURES)
def test_every_new_fixture_gets_a_template(cli, tmp_path: Path, name: str) -> None:
    fw = load_framework(VALID / f"{name}.yaml")
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"{name}{suffix}"
        ok(cli("score", "template", str(VALID / f"{name}.yaml"), "-o", out, "--partner", "North"))
        assert out.stat().st_size > 0
    text = (tmp_path / f"{name}.csv").read_text(encoding="utf-8")
    assert [line.split(",")[3] for line in text.splitlines()[1:]] == [item.id for item in fw.items()]


def test_extension_fields_are_kept_in_json_and_ignored_by_rules(cli) -> None:
    path = VALID / "extension-fields.yaml"
    data = json.loads(ok(cli("framework", "show", str(path), "--format", "json")).stdout)
    assert data["x-owner"] == {"team": "Quality", "contact": "quality@example.invalid"}
    assert data["source"]["x-archive-ref"] == "box 12"
    assert data["scale"]["x-chosen-by"] == "the working group"
    assert [lv["x-colour"] for lv in data["scale"]["levels"]] == ["#cc0000", "#00aa00"]
    assert data["priorities"][0]["x-order"] == 1
    group = data["groups"][0]
    assert group["x-id"] == "Not A Slug"
    sub = group["domains"][0]["subdomains"][0]
    assert sub["x-depends_on"] == ["no-such-item"] and "depends_on" not in sub  # new fields dump only when set
    # The model has no such fields: extensions are data for other tools, never read by a rule.
    fw = load_framework(path)
    assert fw.groups[0].id == "people" and fw.groups[0].extensions == {"x-id": "Not A Slug"}
    assert "x-owner" not in type(fw).model_fields


def test_only_x_prefixed_keys_are_extensions() -> None:
    text = NESTED.replace("id: nested-scales", "id: nested-scales\nxowner: typo")
    _, problems = validate_document(load_yaml_text(text, "nested.yaml"))
    assert [p.message for p in problems] == ["unknown field 'xowner'"]


def test_merge_on_graded_answers(cli, tmp_path: Path) -> None:
    framework = VALID / "samm-like-graded-answers.yaml"
    sheet = tmp_path / "answers.csv"
    sheet.write_text('partner,item,score\n'
                     'North,strategy-stream-a-1,"Yes, for some"\nSouth,strategy-stream-a-1,"0.5 - Yes, for at least half"\n'
                     'North,testing-stream-a-1,1\nSouth,testing-stream-a-1,0.3\n', encoding="utf-8")
    merged, summary = tmp_path / "merged.json", tmp_path / "summary.json"
    result = cli("score", "merge", str(framework), str(sheet), "--place", "P", "--round", "r1",
                 "-o", merged, "--summary", summary)
    assert result.exit_code == 0, result.output
    assert "score 0.3 is off the scale (0-1)" in result.output
    scores = {(r["partner"], r["item"]): (r["score"], r["label"]) for r in json.loads(merged.read_text())["rows"]}
    assert scores[("North", "strategy-stream-a-1")] == (0.25, "Yes, for some")
    assert scores[("South", "strategy-stream-a-1")] == (0.5, "Yes, for at least half")
    rows = {r["item"]: r for r in json.loads(summary.read_text())["rows"]}
    # Adjacent answers are one level apart on four: median in values, range in levels, and the
    # same decision as two adjacent scores on a 1-4 scale: both within a level of the median, AD 0.50 <= 4/6,
    # and no rwg with two raters (issue 14), so not divergent.
    row = rows["strategy-stream-a-1"]
    assert (row["median"], row["range"], row["divergence_reasons"], row["rwg"]) == (0.375, 1, "", None)


def test_an_answers_weight_is_what_it_counts_for_in_a_rollup() -> None:
    from maturitykit.framework.model import rollup_value

    fw = _framework(NESTED.replace(
        "  - {id: on-framework-scale, title: On the framework's scale}",
        "  - id: question\n    title: Question\n    answers:\n      - {text: 'No', value: 0}\n"
        "      - {text: Partly, value: 1, weight: 0.4}\n      - {text: Fully, value: 2}"))
    item = fw.item_by_id("question")
    assert [rollup_value(item, v) for v in (0, 1, 2, None)] == [0.0, 0.4, 2.0, None]


def test_scale_names_are_slugs() -> None:
    _, problems = validate_document(load_yaml_text(NESTED.replace("  two:", "  Yes No:"), "nested.yaml"))
    assert any("Yes No" in p.message and "pattern" in p.message for p in problems), [p.message for p in problems]


def test_positions_in_levels() -> None:
    fw = load_framework(VALID / "samm-like-graded-answers.yaml")
    scale = fw.default_scale
    # 0, 0.25, 0.5, 1 are levels 0-3; between two levels the position is linear in their values.
    assert [scale.in_levels(v) for v in (0, 0.125, 0.25, 0.5, 0.75, 1)] == [0, 0.5, 1, 2, 2.5, 3]
    five = load_framework("leeds-liqh").default_scale
    assert [five.in_levels(v) - five.in_levels(1) for v in (1, 2.5, 5)] == [0, 1.5, 4]  # plain differences
