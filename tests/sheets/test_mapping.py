"""`--map FILE.yaml` (docs/mapping.md) and `score inspect`: what detection cannot tell, said once."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO
from maturitykit.errors import InputError, SheetError
from maturitykit.lint import load_framework
from maturitykit.rounds.merge import merge_sheets
from maturitykit.sheets.reader import Defaults
from maturitykit.sheets.surveys import SOURCES, SurveyMap
from maturitykit.sheets.surveys.mapping import load_map

SURVEYS = FIXTURES / "surveys"


@pytest.fixture(scope="module")
def sel():
    return load_framework("sel-neighbourhood")


def scores(result) -> set[tuple[str, str, float, str]]:
    return {(r.partner, r.item, r.score, r.rationale) for r in result.rows if r.score is not None}


def expected(name: str) -> set[tuple[str, str, float, str]]:
    with (SURVEYS / f"{Path(name).stem}.expected.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["partner"], r["item"], float(r["score"]), r["rationale"]) for r in csv.DictReader(handle)}


def a_map(sel, tmp_path, text: str) -> SurveyMap:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    return load_map(path, sel, SOURCES)


def test_qualtrics_numeric_codes_with_values_and_partner_codes(sel, tmp_path):
    # Exported as numeric values: the matrix rows renamed (no item title in them), organisations as codes,
    # and 5 for "Don't know".
    text = (SURVEYS / "qualtrics_matrix.csv").read_text(encoding="utf-8")
    for n, title in enumerate(["Facilitating data sharing", "Promoting use of data", "Shared clinical risk",
                               "Parity of voice"], start=1):
        text = text.replace(f"each of these? - {title}", f"each of these? - Area {n}")
    for level, word in enumerate(["Emerging", "Developing", "Maturing", "Thriving"], start=1):
        text = text.replace(f"{level} - {word}", str(level))
    text = text.replace("Lewisham Council,,", "1,,").replace("Guy's and St Thomas',,2", "2,,5")
    export = tmp_path / "qualtrics.csv"
    export.write_text(text, encoding="utf-8")
    mapping = a_map(sel, tmp_path, """\
source: qualtrics
partner: Q1
items:
  facilitating-data-sharing: Q2_1
  promoting-use-of-data: "* - Area 2"
  shared-clinical-risk: column V
  parity-of-voice: Q2_4
values:
  5: missing
partners:
  1: Lewisham Council
  2: Guy's and St Thomas'
""")
    result = merge_sheets(sel, [export], defaults=Defaults(mapping=mapping))
    want = expected("qualtrics_matrix.csv") - {("Guy's and St Thomas'", "facilitating-data-sharing", 2.0, "")}
    assert scores(result) == want  # the "Don't know" is a blank, never a 5 read as a level
    assert result.accounting.rejected == 0
    with pytest.raises(SheetError):  # without the mapping, no question names an item
        merge_sheets(sel, [export])


def test_a_reference_naming_no_column_or_several_is_located(sel, tmp_path):
    mapping = a_map(sel, tmp_path, "items:\n  parity-of-voice: Nothing like this\n"
                                   "rationale:\n  shared-clinical-risk: Why did you choose that level?\n")
    result = merge_sheets(sel, [SURVEYS / "surveymonkey_condensed.csv"], defaults=Defaults(mapping=mapping))
    problems = [p for p in result.problems if p.code == "map-column"]
    assert len(problems) == 2 and all(p.severity == "error" and p.row == 2 for p in problems)
    assert "names 0 columns" in problems[0].message and "names 4 columns (M, O, Q, S)" in problems[1].message


@pytest.mark.parametrize("text, message, line", [
    ("items:\n  parity-of-voic: Q1\n", "'parity-of-voic' is not an item of sel-neighbourhood (did you mean "
     "'parity-of-voice'", 2),
    ("source: qualtrics\nheader_row: 2\n", "unknown key 'header_row' (did you mean 'header_rows'", 2),
    ("source: survey-monkey\n", "unknown source 'survey-monkey'", 1),
    ("values:\n  Not sure: maybe\n", "values.Not sure", 2),
])
def test_a_bad_mapping_file_is_refused_where_it_is_wrong(sel, tmp_path, text, message, line):
    with pytest.raises(InputError, match=None) as caught:
        a_map(sel, tmp_path, text)
    assert message in str(caught.value) and caught.value.location.line == line


@pytest.mark.parametrize("name", ["surveymonkey_expanded.csv", "qualtrics_questions.csv", "snap_variables.xlsx",
                                  "smartsurvey_comments.xlsx", "google_forms_grid.csv"])
def test_inspect_writes_a_map_that_merges_the_same(sel, cli, tmp_path, name):
    written = tmp_path / "map.yaml"
    done = cli("score", "inspect", SURVEYS / name, "--framework", "sel-neighbourhood", "--write-map", written)
    assert done.exit_code == 0, done.output
    assert "source:" in done.output and "parity-of-voice:" in done.output
    mapping = load_map(written, sel, SOURCES)
    assert len(mapping.items) == 4
    assert scores(merge_sheets(sel, [SURVEYS / name], defaults=Defaults(mapping=mapping))) == expected(name)


def test_inspect_names_unread_columns_and_exits_1_without_items(cli, tmp_path):
    export = tmp_path / "google.csv"
    export.write_text("Timestamp,Email Address,How was lunch?\n2026/03/02,a@example.org,Fine\n", encoding="utf-8")
    done = cli("score", "inspect", export, "--framework", "sel-neighbourhood", "--format", "json")
    assert done.exit_code == 1
    found = json.loads(done.output)
    assert found["source"] == "google-forms" and found["items"] == {}
    assert [c["column"] for c in found["unmatched"]] == ["C"]


def test_docs_mapping_holds_the_current_schema():
    schema = json.dumps(SurveyMap.model_json_schema(), indent=2)
    assert schema in (REPO / "docs" / "mapping.md").read_text(encoding="utf-8")


def test_partner_other_names_the_column_typed_in_when_the_partner_is_other(sel, tmp_path):
    # A form whose "other" box is its own question, which detection cannot tie to the organisation question.
    export = tmp_path / "form.csv"
    export.write_text(
        "Timestamp,Your organisation,Not listed? Type its name,"
        "Facilitating data sharing: where is your neighbourhood today?,Tell us why\n"
        "2026/03/02 9:30:00 AM GMT,Lewisham Council,,Maturing,Shared record\n"
        "2026/03/02 9:31:00 AM GMT,Other,Deptford Food Bank,Developing,Referrals by email\n",
        encoding="utf-8")
    mapping = a_map(sel, tmp_path, "source: google-forms\npartner: Your organisation\n"
                                   "partner_other: Not listed? Type its name\n")
    result = merge_sheets(sel, [export], defaults=Defaults(mapping=mapping))
    assert scores(result) == {("Lewisham Council", "facilitating-data-sharing", 3.0, "Shared record"),
                              ("Deptford Food Bank", "facilitating-data-sharing", 2.0, "Referrals by email")}
    assert result.accounting.rejected == 0
