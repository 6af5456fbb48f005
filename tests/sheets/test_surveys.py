"""Survey-tool exports (tests/fixtures/surveys, made by tools/make_survey_fixtures.py) merged with no
hand-editing: every score exact, none invented, rationales on their items, metadata never read."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import FIXTURES, _load_tool
from maturitykit.errors import SheetError
from maturitykit.io.cells import read_table
from maturitykit.lint import load_framework
from maturitykit.rounds.merge import merge_sheets
from maturitykit.rounds.validate import validate_sheets
from maturitykit.sheets.surveys import normalise
from maturitykit.sheets.surveys.phrases import PhraseMatcher
from maturitykit.sheets.vocabulary import ItemIndex

SURVEYS = FIXTURES / "surveys"
EXPORTS = sorted(p for p in SURVEYS.iterdir() if p.suffix in (".csv", ".xlsx") and ".expected" not in p.name)
WITH_SIDECAR = [p for p in EXPORTS if (SURVEYS / f"{p.stem}.expected.csv").exists()]
SOURCE_OF = {"microsoft_forms": "microsoft-forms", "google_forms": "google-forms", "surveymonkey": "surveymonkey",
             "qualtrics": "qualtrics", "smartsurvey": "smartsurvey", "snap": "snap"}


@pytest.fixture(scope="module")
def sel():
    return load_framework("sel-neighbourhood")


def expected(path: Path) -> set[tuple[str, str, float, str]]:
    with (SURVEYS / f"{path.stem}.expected.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["partner"], r["item"], float(r["score"]), r["rationale"]) for r in csv.DictReader(handle)}


def tool_of(path: Path) -> str:
    return next(source for prefix, source in SOURCE_OF.items() if path.name.startswith(prefix))


def test_every_tool_has_two_exports_with_expectations():
    tools = [tool_of(p) for p in WITH_SIDECAR]
    assert all(tools.count(tool) >= 2 for tool in SOURCE_OF.values()), tools


@pytest.mark.parametrize("path", WITH_SIDECAR, ids=lambda p: p.name)
def test_export_merges_to_exactly_the_expected_scores(sel, path):
    result = merge_sheets(sel, [path])
    got = {(r.partner, r.item, r.score, r.rationale) for r in result.rows if r.score is not None}
    assert got == expected(path)
    # No invented score and no stray rationale: every other row is a blank, and says nothing.
    assert all(not r.rationale for r in result.rows if r.score is None)
    assert not [p for p in result.problems if p.severity in ("error", "warning")]
    detected = [p.message for p in result.problems if p.code == "survey-source"]
    assert detected == [f"read as a {tool_of(path)} export (detected from its columns; use --source to say otherwise)"]


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_metadata_columns_are_blanked_never_read(sel, path):
    table = read_table(path)
    tool = __import__("maturitykit.sheets.surveys.detect", fromlist=["TOOLS"]).TOOLS[tool_of(path)]
    out, _ = normalise(table, sel, ItemIndex(sel))
    headers = out.rows[0][1]
    metadata = [c.col for c in tool.columns(table.rows) if c.meta]
    assert metadata, "each export has metadata columns"
    partner = headers.index("partner") if "partner" in headers else None
    for col in metadata:
        if col == partner:
            continue  # the respondent's name or email, used as the partner when no organisation is asked
        assert headers[col] == ""
        assert all(cells[col] in (None, "") for _, cells in out.rows[1:])
    # Row numbers are those of the file: the header sits on the export's last header row.
    assert [n for n, _ in out.rows[1:]] == [n for n, _ in table.rows[len(table.rows) - len(out.rows) + 1:]]


def test_rationale_is_attached_to_its_item(sel):
    result = merge_sheets(sel, [SURVEYS / "surveymonkey_expanded.csv"])
    rows = {(r.partner, r.item): r for r in result.rows}
    assert rows[("Lewisham Council", "shared-clinical-risk")].rationale == "Risk huddles weekly"
    assert rows[("Lewisham Council", "facilitating-data-sharing")].rationale == "Shared record live in two boroughs"
    assert rows[("Lewisham Council", "promoting-use-of-data")].rationale == ""
    assert rows[("Lewisham Council", "shared-clinical-risk")].source_column == "X"


def test_expanded_double_tick_is_a_located_error(sel, cli):
    path = SURVEYS / "surveymonkey_expanded_double_tick.csv"
    report = validate_sheets(sel, [path])
    ticks = [p for p in report.problems if p.code == "survey-two-answers"]
    assert len(ticks) == 1 and ticks[0].severity == "error" and (ticks[0].row, ticks[0].column) == (4, "N")
    assert "2 - Developing; 4 - Thriving" in ticks[0].message
    result = merge_sheets(sel, [path])
    scored = {(r.partner, r.item) for r in result.rows if r.score is not None}
    assert ("Guy's and St Thomas'", "facilitating-data-sharing") not in scored  # never a guess
    assert len(scored) == len(expected(SURVEYS / "surveymonkey_expanded.csv")) - 1
    assert cli("score", "validate", "sel-neighbourhood", path).exit_code == 1


def test_source_forces_a_layout(sel, cli, tmp_path):
    # A Google Forms export whose Timestamp column was deleted is not detected; --source reads it.
    original = SURVEYS / "google_forms_questions.csv"
    text = original.read_text(encoding="utf-8").replace("Timestamp", "Submitted", 1)
    copy = tmp_path / "google.csv"
    copy.write_text(text, encoding="utf-8")
    out = tmp_path / "merged.csv"
    assert cli("score", "merge", "sel-neighbourhood", copy, "-o", out, "-q").exit_code == 2
    forced = cli("score", "merge", "sel-neighbourhood", copy, "-o", out, "-q", "--source", "google-forms")
    assert forced.exit_code == 0, forced.output
    with out.open(encoding="utf-8", newline="") as handle:
        got = {(r["partner"], r["item"], float(r["score"]), r["rationale"]) for r in csv.DictReader(handle)
               if r["score"]}
    assert got == expected(original)
    assert cli("score", "validate", "sel-neighbourhood", copy, "--source", "google-forms").exit_code == 0
    # "sheet" turns detection off: the export is then not a score sheet at all.
    shutil.copy(original, tmp_path / "plain.csv")
    assert cli("score", "validate", "sel-neighbourhood", tmp_path / "plain.csv", "--source", "sheet").exit_code == 2


def test_a_question_naming_two_items_is_a_located_problem(sel, tmp_path):
    path = tmp_path / "google.csv"
    path.write_text("Timestamp,Email Address,Facilitating data sharing,Why?,Shared clinical risk or Parity of voice?\n"
                    "2026/03/02,a@example.org,3 - Maturing,Agreed,2\n", encoding="utf-8")
    report = validate_sheets(sel, [path])
    ambiguous = [p for p in report.problems if p.code == "survey-ambiguous-item"]
    assert len(ambiguous) == 1 and (ambiguous[0].row, ambiguous[0].column) == (1, "E")
    result = merge_sheets(sel, [path])
    assert {(r.item, r.score, r.rationale) for r in result.rows if r.score is not None} == {
        ("facilitating-data-sharing", 3, "Agreed")}


def test_phrase_match_is_whole_phrase_and_longest_wins():
    def item(item_id, title):
        return SimpleNamespace(id=item_id, title=title, code=None, node=SimpleNamespace(aliases=[]))

    index = SimpleNamespace(items=[item("data", "Data"), item("data-sharing", "Data sharing"), item("voice", "Voice")])
    matcher = PhraseMatcher(index)
    assert matcher.find("How mature is data sharing?").item == "data-sharing"
    assert matcher.find("Is the data good?").item == "data"
    assert matcher.find("Databases and invoices").item is None  # inside other words: no match
    assert matcher.find("Data sharing and voice").ambiguous == ("data-sharing", "voice")


def test_fixtures_are_reproducible(tmp_path, monkeypatch):
    tool = _load_tool("make_survey_fixtures")
    monkeypatch.setattr(tool, "OUT", tmp_path)
    assert tool.main() == 0
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in SURVEYS.iterdir())
    for name in made:
        assert (tmp_path / name).read_bytes() == (SURVEYS / name).read_bytes(), name


def test_qualtrics_without_the_import_id_row(sel, tmp_path):
    original = SURVEYS / "qualtrics_questions.csv"
    lines = original.read_text(encoding="utf-8").splitlines(keepends=True)
    assert '""ImportId""' in lines[2]
    path = tmp_path / "qualtrics.csv"
    path.write_text("".join(lines[:2] + lines[3:]), encoding="utf-8")
    result = merge_sheets(sel, [path])
    assert {(r.partner, r.item, r.score, r.rationale) for r in result.rows if r.score is not None} == expected(original)
    assert min(r.source_row for r in result.rows if r.score is not None) == 3


def test_a_comment_box_in_a_condensed_question_is_its_rationale(sel, tmp_path):
    path = tmp_path / "monkey.csv"
    path.write_text("Respondent ID,Collector ID,Email Address,Your organisation,Rate Parity of voice,\n"
                    ",,,Response,Response,Other (please specify)\n"
                    "1,2,x@example.org,Lewisham Council,2 - Developing,Partners rarely speak\n"
                    "3,2,y@example.org,Bromley GP Federation,4 - Thriving,\n", encoding="utf-8")
    result = merge_sheets(sel, [path], defaults=None)
    assert {(r.partner, r.item, r.score, r.rationale) for r in result.rows if r.score is not None} == {
        ("Lewisham Council", "parity-of-voice", 2, "Partners rarely speak"),
        ("Bromley GP Federation", "parity-of-voice", 4, "")}


def test_surveymonkey_expanded_as_xlsx(sel, tmp_path):
    # Before survey exports were read, this layout merged with exit 0 and scores made up of option columns.
    from openpyxl import Workbook

    original = SURVEYS / "surveymonkey_expanded.csv"
    book = Workbook()
    with original.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            book.active.append([cell or None for cell in row])
    book.save(tmp_path / "monkey.xlsx")
    result = merge_sheets(sel, [tmp_path / "monkey.xlsx"])
    assert {(r.partner, r.item, r.score, r.rationale) for r in result.rows if r.score is not None} == expected(original)


def test_a_long_sheet_starting_with_a_timestamp_is_not_a_survey(sel, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("Timestamp,Partner,Item,Score\n2026-03-02,Lewisham Council,Parity of voice,3\n"
                    "2026-03-02,Lewisham Council,Shared clinical risk,2\n", encoding="utf-8")
    result = merge_sheets(sel, [path])
    assert {(r.partner, r.item, r.score) for r in result.rows if r.score is not None} == {
        ("Lewisham Council", "parity-of-voice", 3), ("Lewisham Council", "shared-clinical-risk", 2)}
    assert not [p for p in result.problems if p.code == "survey-source"]


def test_a_choice_question_after_a_score_is_not_its_rationale(sel, tmp_path):
    path = tmp_path / "google.csv"
    path.write_text("Timestamp,Email Address,Parity of voice,Shared clinical risk,Overall, how mature are we?\n"
                    "2026/03/02,a@example.org,3 - Maturing,2 - Developing,4 - Thriving\n"
                    "2026/03/02,b@example.org,1 - Emerging,,N/A\n".replace("Overall, how", '"Overall, how')
                    .replace("we?\n", 'we?"\n', 1), encoding="utf-8")
    result = merge_sheets(sel, [path])
    assert {(r.partner, r.item, r.score, r.rationale) for r in result.rows if r.score is not None} == {
        ("a@example.org", "parity-of-voice", 3, ""), ("a@example.org", "shared-clinical-risk", 2, ""),
        ("b@example.org", "parity-of-voice", 1, "")}
    assert [p.column for p in result.problems if p.code == "unused-column"] == ["E"]


def test_free_text_columns_beyond_rationale_and_evidence_are_reported_not_dropped(tmp_path):
    import maturitykit as mk
    from maturitykit.sheets.reader import read_sheet

    sheet = tmp_path / "google.csv"
    sheet.write_text(
        "Timestamp,Email Address,Facilitating data sharing: where is your neighbourhood today?,Tell us why,"
        "What shows it?,Anything else?\n"
        "2026/03/02 9:30:00 AM GMT,asha.patel@example.org,Maturing,Shared record,Audit 2025,More later\n",
        encoding="utf-8")
    read = read_sheet(sheet, mk.load_framework("sel-neighbourhood"))
    (row,) = read.rows
    assert row.rationale == "Shared record"
    # The free-text questions that follow are not silently dropped: each is named with its column.
    assert {"E", "F"} <= {p.column for p in read.problems}


def test_other_with_nothing_typed_is_reported(tmp_path):
    import maturitykit as mk
    from maturitykit.sheets.reader import read_sheet

    sheet = tmp_path / "google.csv"
    sheet.write_text(
        "Timestamp,Email Address,Which organisation do you represent?,"
        "Facilitating data sharing: where is your neighbourhood today?\n"
        "2026/03/02 9:30:00 AM GMT,asha.patel@example.org,Other,Maturing\n",
        encoding="utf-8")
    read = read_sheet(sheet, mk.load_framework("sel-neighbourhood"))
    assert [p.code for p in read.problems if p.code == "survey-other-blank"] == ["survey-other-blank"]
    assert read.rows[0].partner == "asha.patel@example.org"


@pytest.mark.parametrize("name, tool", [("smartsurvey_questions.csv", "smartsurvey"), ("snap_labels.csv", "snap")])
def test_smartsurvey_and_snap_are_forceable(sel, cli, tmp_path, name, tool):
    # The id column renamed (as an analyst tidying the file might): not detected, and --source reads it.
    original = SURVEYS / name
    lines = original.read_text(encoding="utf-8").splitlines(keepends=True)
    copy = tmp_path / name
    copy.write_text(lines[0].replace(lines[0].split(",")[0], "Ref", 1) + "".join(lines[1:]), encoding="utf-8")
    with pytest.raises(SheetError, match="no header row found"):
        merge_sheets(sel, [copy])
    forced = merge_sheets(sel, [copy], source=tool)
    assert {(r.partner, r.item, r.score, r.rationale) for r in forced.rows if r.score is not None} == expected(original)
    out = tmp_path / "merged.csv"
    assert cli("score", "merge", "sel-neighbourhood", copy, "-o", out, "-q", "--source", tool).exit_code == 0


def test_other_please_specify_is_the_partner_and_its_row_is_the_files(sel):
    for name in ("smartsurvey_questions.csv", "smartsurvey_comments.xlsx", "snap_labels.csv", "snap_variables.xlsx"):
        rows = [r for r in merge_sheets(sel, [SURVEYS / name]).rows if r.item == "facilitating-data-sharing"]
        carys = next(r for r in rows if r.partner == "Bromley GP Federation")
        assert carys.score == 4 and carys.rationale == "All practices signed the agreement", name
        two_rows = name.endswith(".xlsx")
        assert carys.source_row == 4 + two_rows, name  # header row(s), then Asha, Ben, Carys
        assert not [r for r in rows if "Other" in r.partner or r.partner == "Carys Lloyd"], name


def test_a_smartsurvey_second_header_row_is_told_from_a_first_respondent():
    from maturitykit.sheets.surveys import smartsurvey

    header = [1, ["UserID", "Started", "Which organisation?", ""]]
    assert smartsurvey.header_rows([header, (2, [None, None, "Response", "Other (please specify)"]),
                                    (3, [5000, "x", "Lewisham Council", None])]) == 2
    assert smartsurvey.header_rows([header, (2, [5000, "02/03/2026", "Lewisham Council", None])]) == 1
