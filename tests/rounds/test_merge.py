"""`maturity score merge` and `score validate` on real files, and the template round trip."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from maturitykit.lint import load_framework
from maturitykit.render.template import template_csv
from maturitykit.rounds.merge import MERGED_COLUMNS, merge_sheets, merged_records, summary_records
from maturitykit.spreadsheet import column_letter

SHEETS = FIXTURES / "sheets"
MIXED = ["clean.csv", "semicolon-bom.csv", "wide.csv", "filled.xlsx", "consensus.csv", "hostile.csv"]


def rows_of(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture
def mixed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in MIXED:
        shutil.copy(SHEETS / name, folder / name)
    return folder


def test_merge_accounts_for_every_row(cli, mixed, tmp_path):
    out, summary = tmp_path / "merged.csv", tmp_path / "summary.csv"
    result = cli("score", "merge", "lloyds-system-maturity", mixed, "-o", out, "--summary", summary)
    assert result.exit_code == 0, result.output
    last = result.stdout.strip().splitlines()[-1]
    assert last == "6 files, 32 rows read: 31 merged, 1 rejected (1 no-item), 1 blank row skipped"
    rows = rows_of(out)
    partners = {r["partner"] for r in rows}
    assert partners == {"Acme Trust", "Borough Council", "Harbour CCG", "Hostile Ltd", "Riverside Hospital",
                        "Voluntary Action", "consensus"}
    assert len([r for r in rows if r["partner"] != "consensus"]) == 6 * 9  # every partner x item
    assert list(rows[0]) == ["place", "round", "round_date", "partner", "is_consensus", "framework",
                             "framework_version", "item", "item_title", "group", "domain", "score", "label",
                             "rationale", "evidence", "source_file", "source_row"]
    # framework order, then partner order, consensus last within an item
    assert [r["item"] for r in rows[:7]] == ["vision"] * 7 and rows[6]["partner"] == "consensus"
    na = next(r for r in rows if r["partner"] == "Acme Trust" and r["item"] == "accountability")
    assert na["score"] == "" and na["label"] == "N/A"
    summ = {r["item"]: r for r in rows_of(summary)}
    assert summ["vision"]["n"] == "6" and summ["vision"]["agreed"] == "3"
    assert summ["vision"]["median"] == "3"
    assert summ["accountability"]["missing"] == "4"


def test_merge_is_deterministic_and_order_independent(cli, mixed, tmp_path):
    outs = []
    for index, order in enumerate([MIXED, list(reversed(MIXED))]):
        out, summary = tmp_path / f"m{index}.xlsx", tmp_path / f"s{index}.csv"
        files = [mixed / name for name in order]
        assert cli("score", "merge", "lloyds-system-maturity", *files, "-o", out, "--summary", summary).exit_code == 0
        outs.append((out.read_bytes(), summary.read_bytes()))
        time.sleep(1.1)  # the clock must move between runs for the test to catch save-time stamps
    assert outs[0] == outs[1]


def test_merge_refuses_to_overwrite_an_input(cli, mixed):
    target = mixed / "clean.csv"
    before = target.read_bytes()
    result = cli("score", "merge", "lloyds-system-maturity", mixed, "-o", target)
    assert result.exit_code == 2 and "overwrite" in result.output
    assert target.read_bytes() == before


def test_merge_refuses_other_framework(cli, tmp_path):
    out = tmp_path / "m.csv"
    result = cli("score", "merge", "lloyds-system-maturity", SHEETS / "clean.csv", SHEETS / "other-framework.csv",
                 "-o", out)
    assert result.exit_code == 2 and "sel-neighbourhood" in result.output
    assert not out.exists()


def test_merge_refuses_xlsx_of_other_framework(cli, tmp_path):
    sheet = tmp_path / "sel.xlsx"
    assert cli("score", "template", "sel-neighbourhood", "-o", sheet, "--partner", "P").exit_code == 0
    result = cli("score", "merge", "lloyds-system-maturity", sheet, "-o", tmp_path / "m.csv")
    assert result.exit_code == 2 and "made for framework 'sel-neighbourhood'" in result.output


def test_duplicate_partner_refused_unless_keep(cli, tmp_path):
    other = tmp_path / "acme-again.csv"
    other.write_text("partner,item,score\nACME trust ,vision,1\n", encoding="utf-8")
    out = tmp_path / "m.csv"
    result = cli("score", "merge", "lloyds-system-maturity", SHEETS / "clean.csv", other, "-o", out)
    assert result.exit_code == 2 and "appears in 2 files" in result.output and not out.exists()
    for keep, expected in (("first", "3"), ("last", "1")):
        result = cli("score", "merge", "lloyds-system-maturity", SHEETS / "clean.csv", other, "-o", out, "--keep", keep)
        assert result.exit_code == 0, result.output
        vision = [r for r in rows_of(out) if r["item"] == "vision"]
        assert [r["score"] for r in vision] == [expected]


def test_strict_refuses_on_any_problem(cli, tmp_path):
    out = tmp_path / "m.csv"
    result = cli("score", "merge", "lloyds-system-maturity", SHEETS / "bad-rows.csv", "-o", out, "--strict")
    assert result.exit_code == 2 and not out.exists()


def test_consensus_option_is_kept_apart(cli, tmp_path):
    out, summary = tmp_path / "m.csv", tmp_path / "s.csv"
    cons = tmp_path / "agreed.csv"
    cons.write_text("item,score\nfinance,2\n", encoding="utf-8")
    result = cli("score", "merge", "lloyds-system-maturity", SHEETS / "clean.csv", "--consensus", cons, "-o", out,
                 "--summary", summary)
    assert result.exit_code == 0, result.output
    summ = {r["item"]: r for r in rows_of(summary)}
    assert summ["finance"]["agreed"] == "2" and summ["finance"]["n"] == "1"


def test_formula_cells_are_neutralised(cli, tmp_path):
    out_csv, out_xlsx = tmp_path / "m.csv", tmp_path / "m.xlsx"
    assert cli("score", "merge", "lloyds-system-maturity", SHEETS / "hostile.csv", "-o", out_csv).exit_code == 0
    assert cli("score", "merge", "lloyds-system-maturity", SHEETS / "hostile.csv", "-o", out_xlsx).exit_code == 0
    texts = [v for r in rows_of(out_csv) for v in r.values()]
    for cell in texts:
        assert not cell.startswith(("=", "+", "-", "@")), cell
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in texts and "'@cmd" in texts and "'-2+3" in texts
    sheet = openpyxl.load_workbook(out_xlsx)["Merged"]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@"))
    scores = [c.value for c in sheet[column_letter(MERGED_COLUMNS.index("score"))][1:] if c.value is not None]
    assert all(isinstance(v, int) for v in scores)  # numbers stay numbers


def test_json_output(cli, tmp_path):
    out = tmp_path / "m.json"
    assert cli("score", "merge", "lloyds-system-maturity", SHEETS / "clean.csv", "-o", out).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["framework"] == "lloyds-system-maturity" and len(data["rows"]) == 9
    assert data["rows"][0]["score"] == 3


def test_validate_cli_json_equals_library(cli):
    from maturitykit.rounds.validate import validate_sheets

    result = cli("score", "validate", "lloyds-system-maturity", SHEETS / "bad-rows.csv", "--format", "json")
    assert result.exit_code == 1
    library = validate_sheets(load_framework("lloyds-system-maturity"), [SHEETS / "bad-rows.csv"])
    assert json.loads(result.stdout) == library.to_dict()


def test_validate_exit_codes(cli):
    assert cli("score", "validate", "lloyds-system-maturity", SHEETS / "clean.csv").exit_code == 0
    assert cli("score", "validate", "lloyds-system-maturity", SHEETS / "bad-rows.csv").exit_code == 1
    result = cli("score", "validate", "lloyds-system-maturity", SHEETS / "binary.csv")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_validate_reports_duplicate_partner_spelling(cli):
    result = cli("score", "validate", "lloyds-system-maturity", SHEETS / "clean.csv", SHEETS / "acme-case.csv")
    assert result.exit_code == 1
    assert "duplicate-partner" in result.stdout and "differ only in case or spacing" in result.stdout


ENTERED = {"vision": 3, "collaboration": 1, "finance": None, "service-delivery": 5}


def test_round_trip_csv(cli, tmp_path):
    sheet = tmp_path / "p.csv"
    assert cli("score", "template", "lloyds-system-maturity", "-o", sheet, "--partner", "P1", "--round", "r1").exit_code == 0
    rows = rows_of(sheet)
    for row in rows:
        if row["item"] in ENTERED and ENTERED[row["item"]] is not None:
            row["score"] = str(ENTERED[row["item"]])
            row["rationale"] = f"why {row['item']}, \"quoted\"\nsecond line"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _check_round_trip(cli, sheet, tmp_path)


def test_round_trip_xlsx(cli, tmp_path):
    sheet = tmp_path / "p.xlsx"
    assert cli("score", "template", "lloyds-system-maturity", "-o", sheet, "--partner", "P1", "--round", "r1").exit_code == 0
    book = openpyxl.load_workbook(sheet)
    scores = book["Scores"]
    # Row 1 holds the instructions, row 2 the header (readers look for the header, not a fixed row).
    assert "missing, never as zero" in scores.cell(row=1, column=1).value
    header = [c.value for c in scores[2]]
    labels = {lv.value: lv.label for lv in load_framework("lloyds-system-maturity").scale.levels}
    for row in scores.iter_rows(min_row=3):
        item = row[header.index("item")].value
        if item in ENTERED and ENTERED[item] is not None:
            row[header.index("score")].value = f"{ENTERED[item]} - {labels[ENTERED[item]]}"
            row[header.index("rationale")].value = f"why {item}, \"quoted\"\nsecond line"
    book.save(sheet)
    _check_round_trip(cli, sheet, tmp_path)


def _check_round_trip(cli, sheet, tmp_path):
    out = tmp_path / "merged.csv"
    result = cli("score", "merge", "lloyds-system-maturity", sheet, "-o", out)
    assert result.exit_code == 0, result.output
    got = {r["item"]: r for r in rows_of(out)}
    assert len(got) == 9
    for item, row in got.items():
        expected = ENTERED.get(item)
        assert row["score"] == ("" if expected is None else str(expected))
        assert row["partner"] == "P1" and row["round"] == "r1"
        if expected is not None:
            assert row["rationale"] == f"why {item}, \"quoted\"\nsecond line"


def test_templates_are_deterministic(cli, tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert cli("score", "template", "sel-neighbourhood", "-o", a).exit_code == 0
    time.sleep(1.1)  # workbook libraries stamp the save time to the second: make the clock move
    assert cli("score", "template", "sel-neighbourhood", "-o", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    book = openpyxl.load_workbook(a)
    assert book.sheetnames == ["Scores", "About"]
    assert book["Scores"].data_validations.dataValidation  # the score dropdown
    about = {r[0].value: r[1].value for r in book["About"].iter_rows()}
    assert about["framework"] == "sel-neighbourhood"


def test_template_per_partner(cli, tmp_path):
    names = tmp_path / "partners.txt"
    names.write_text("Acme Trust\nBorough Council\n", encoding="utf-8")
    folder = tmp_path / "sheets"
    assert cli("score", "template", "lloyds-system-maturity", "--partners", names, "-o", folder).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["Acme-Trust.csv", "Borough-Council.csv"]
    assert template_csv(load_framework("lloyds-system-maturity"), "Acme Trust") == (folder / "Acme-Trust.csv").read_bytes()


CELL = st.one_of(st.text(max_size=12), st.sampled_from(["3", "N/A", "", "9", "vision", "Finance", "=1+1", "x"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=6), max_size=12),
       header=st.permutations(["partner", "item", "score", "rationale", "evidence", "place"]))
def test_no_sheet_loses_a_row(tmp_path, rows, header):
    from maturitykit.errors import MaturityError

    framework = load_framework("lloyds-system-maturity")
    sheet = tmp_path / "prop.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    sheet.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        result = merge_sheets(framework, [sheet])
    except MaturityError:
        return  # refused with a located message: acceptable, nothing written
    acc = result.accounting
    assert acc.entries == acc.merged + acc.rejected
    merged_records(result)
    summary_records(result)


def test_partner_list_duplicate_names_its_line(cli, tmp_path):
    names = tmp_path / "partners.txt"
    names.write_text("# partners\nAcme Trust\n\nacme  TRUST\n", encoding="utf-8")
    result = cli("score", "template", "lloyds-system-maturity", "--partners", names, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{names}:4: partner 'acme TRUST' is listed twice (also line 2)" in result.output


def test_a_partner_in_a_sheet_without_the_place_is_the_same_partner(cli, tmp_path):
    """A blank place joins the only one named (docs/rounds.md) for the duplicate-partner check too: one
    partner in a sheet naming Thameside and in one naming no place is refused as in two files, as the
    summary and a round would otherwise count it once and lose one of its scores."""
    (tmp_path / "a.csv").write_text("partner,place,item,score\nAcme,Thameside,shared-clinical-risk,1\n"
                                    "Beta,Thameside,shared-clinical-risk,2\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("partner,item,score\nAcme,shared-clinical-risk,4\n", encoding="utf-8")
    sheets = [tmp_path / "a.csv", tmp_path / "b.csv"]
    refused = cli("score", "merge", "sel-neighbourhood", *sheets, "-o", tmp_path / "m.csv")
    assert refused.exit_code == 2 and "partner 'Acme' appears in 2 files" in refused.stderr
    validated = cli("score", "validate", "sel-neighbourhood", *sheets)
    assert validated.exit_code == 1 and "duplicate-partner" in validated.stdout + validated.stderr
    result = merge_sheets(load_framework("sel-neighbourhood"), sheets, keep="last")
    item = next(r for r in summary_records(result) if r["item"] == "shared-clinical-risk")
    assert (item["n"], item["median"]) == (2, 3.0)  # Beta's 2 and the kept Acme's 4
    # Two named places: a blank place is a place of its own, and Acme is not refused.
    (tmp_path / "c.csv").write_text("partner,place,item,score\nCeta,Riverside,shared-clinical-risk,3\n",
                                    encoding="utf-8")
    two = merge_sheets(load_framework("sel-neighbourhood"), [*sheets, tmp_path / "c.csv"])
    assert sorted(p for *_, p in two.partners) == ["Acme", "Acme", "Beta", "Ceta"]
