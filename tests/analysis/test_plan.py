"""Tests for `maturity plan` and maturitykit.analysis.plan (build, write, read back).

Fixtures in tests/fixtures/plans/: framework.yaml (scale 1-4 with generic level descriptions;
short-term items vision, trust, workforce; targets vision 3, leadership 4, trust 4,
information 2, estates 3, none on workforce) and position.csv (place Northtown, round 2025):

    item         Alpha Beta Gamma  median  consensus  current (basis)   framework target  gap
    vision (1a)  1     2    1      1       -          1 (median)        3                 2
    leadership   2     2    3      2       -          2 (median)        4                 2
    trust (2)    2     3    3      3       1          1 (consensus)     4                 3
    information  1     2    -      1.5     -          1.5 (median)      2                 0.5
    workforce    2     2    2      2       -          2 (median)        -                 -
    estates      3     4    3      3       -          3 (median)        3                 0

two-places.csv adds place Southvale, where Alpha scored vision 3 (median 2).
"""

from __future__ import annotations

import csv
import io
import shutil

import openpyxl
import pytest
from pydantic import ValidationError

from conftest import FIXTURES, REPO, ok, refused
from maturitykit.analysis.plan import PLAN_COLUMNS, Plan, PlanRow, plan_problems, plan_status_summary
from maturitykit.errors import InputError, RefusedError
from maturitykit.lint import load_framework
from maturitykit.render.plan import plan_bytes
from maturitykit.sheets.plans import read_plan

PLANS = FIXTURES / "plans"
FW = PLANS / "framework.yaml"
POSITION = PLANS / "position.csv"
EXPECTED_COLUMNS = ["item", "code", "title", "group", "domain", "priority", "basis", "current", "current_label",
                    "target", "target_label", "gap", "next_level", "next_level_descriptor", "action", "owner", "due",
                    "measure", "status"]
SEL_FOLLOWUP = REPO / "examples" / "sel-thameside" / "followup"


def _rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _plan_csv(cli, tmp_path, *args, name="plan.csv", framework=FW, position=POSITION):
    out = tmp_path / name
    ok(cli("plan", framework, position, "-o", out, *args))
    return _rows(out)


def _fw():
    return load_framework(FW)


# ---------------------------------------------------------------------------------------- ordering


def test_framework_targets_order_short_term_first_then_gap(cli, tmp_path):
    rows = _plan_csv(cli, tmp_path)
    # short-term: trust (gap 3) before vision (gap 2) although vision comes first in the framework;
    # then the others: leadership (gap 2) after vision (same gap, not short-term), information (0.5).
    assert [r["item"] for r in rows] == ["trust", "vision", "leadership", "information"]


def test_equal_gaps_keep_framework_order(cli, tmp_path):
    rows = _plan_csv(cli, tmp_path, "--target", "4")
    # gaps: vision 3, trust 3, workforce 2 (short-term); information 2.5, leadership 2, estates 1.
    assert [r["item"] for r in rows] == ["vision", "trust", "workforce", "information", "leadership", "estates"]
    assert [r["gap"] for r in rows] == ["3", "3", "2", "2.5", "2", "1"]


# ------------------------------------------------------------------------------------ arithmetic


def test_current_basis_and_gap_arithmetic(cli, tmp_path):
    rows = {r["item"]: r for r in _plan_csv(cli, tmp_path)}
    assert (rows["trust"]["current"], rows["trust"]["basis"], rows["trust"]["current_label"]) == ("1", "consensus",
                                                                                                  "Emerging")
    assert (rows["vision"]["current"], rows["vision"]["basis"]) == ("1", "median")
    assert rows["information"]["current"] == "1.5"
    assert rows["information"]["current_label"] == "between Emerging and Developing"
    assert rows["information"]["next_level"] == "2"
    for row in rows.values():
        assert float(row["gap"]) == pytest.approx(float(row["target"]) - float(row["current"]))
        assert float(row["gap"]) > 0
    assert rows["trust"]["target_label"] == "Thriving"
    assert rows["information"]["gap"] == "0.5"


def test_framework_targets_leave_out_items_at_target_or_without_one(cli, tmp_path):
    out = tmp_path / "plan.csv"
    result = ok(cli("plan", FW, POSITION, "-o", out))
    items = {r["item"] for r in _rows(out)}
    assert "estates" not in items  # current 3 = target 3
    assert "workforce" not in items  # no target
    assert "4 items planned" in result.stdout
    assert "1 at or above target" in result.stdout and "1 without a target" in result.stdout


def test_target_option_applies_to_every_item(cli, tmp_path):
    rows = _plan_csv(cli, tmp_path, "--target", "4")
    assert len(rows) == 6
    assert {r["target"] for r in rows} == {"4"}
    by_label = _plan_csv(cli, tmp_path, "--target", "thriving", name="by-label.csv")
    assert by_label == rows


def test_target_option_at_level_one_plans_nothing(cli, tmp_path):
    out = tmp_path / "plan.csv"
    result = ok(cli("plan", FW, POSITION, "-o", out, "--target", "1"))
    assert _rows(out) == []
    assert "0 items planned" in result.stdout
    assert "6 at or above target" in result.stdout


def test_target_off_scale_is_refused(cli, tmp_path):
    out = tmp_path / "plan.csv"
    err = refused(cli("plan", FW, POSITION, "-o", out, "--target", "7"))
    assert "--target" in err and "off the scale" in err
    assert not out.exists()


def test_target_and_targets_together_are_refused(cli, tmp_path):
    out = tmp_path / "plan.csv"
    err = refused(cli("plan", FW, POSITION, "-o", out, "--target", "3", "--targets", PLANS / "targets.csv"))
    assert "not both" in err
    assert not out.exists()


# ------------------------------------------------------------------------------------ targets file


def test_targets_file_by_id_code_and_title(cli, tmp_path):
    rows = {r["item"]: r for r in _plan_csv(cli, tmp_path, "--targets", PLANS / "targets.csv")}
    assert rows["vision"]["target"] == "4"  # by id
    assert rows["leadership"]["target"] == "3"  # by code 1b, target by label Maturing
    assert rows["trust"]["target"] == "3"  # by title
    assert rows["information"]["target"] == "2"  # not in the file: the framework's target
    assert "estates" not in rows  # blank target in the file: no target
    assert "workforce" not in rows
    assert list(rows) == ["vision", "trust", "leadership", "information"]


def test_targets_file_with_all_leaves_blank_targets_blank(cli, tmp_path):
    rows = {r["item"]: r for r in _plan_csv(cli, tmp_path, "--targets", PLANS / "targets.csv", "--all")}
    assert rows["estates"]["target"] == "" and rows["estates"]["gap"] == ""
    assert rows["estates"]["current"] == "3"


def test_targets_file_bad_item_names_file_and_row(cli, tmp_path):
    out = tmp_path / "plan.csv"
    err = refused(cli("plan", FW, POSITION, "-o", out, "--targets", PLANS / "targets-bad.csv"))
    assert "targets-bad.csv:3:" in err
    assert "nonsense" in err
    assert not out.exists()


def test_targets_file_off_scale_names_file_and_row(cli, tmp_path):
    out = tmp_path / "plan.csv"
    err = refused(cli("plan", FW, POSITION, "-o", out, "--targets", PLANS / "targets-off-scale.csv"))
    assert "targets-off-scale.csv:2:" in err and "off the scale" in err
    assert not out.exists()


def test_targets_file_missing_column_is_refused(cli, tmp_path):
    bad = tmp_path / "targets.csv"
    bad.write_text("item,level\nvision,3\n", encoding="utf-8")
    err = refused(cli("plan", FW, POSITION, "-o", tmp_path / "plan.csv", "--targets", bad))
    assert "targets.csv:1:" in err and "target" in err


def test_targets_file_duplicate_item_is_refused(cli, tmp_path):
    bad = tmp_path / "targets.csv"
    bad.write_text("item,target\nvision,3\n1a,4\n", encoding="utf-8")
    err = refused(cli("plan", FW, POSITION, "-o", tmp_path / "plan.csv", "--targets", bad))
    assert "targets.csv:3:" in err and "twice" in err


# --------------------------------------------------------------------------------------------- --all


def test_all_lists_every_item_with_blank_target(cli, tmp_path):
    rows = _plan_csv(cli, tmp_path, "--all")
    assert [r["item"] for r in rows] == ["trust", "vision", "workforce", "leadership", "information", "estates"]
    by_item = {r["item"]: r for r in rows}
    assert by_item["workforce"]["target"] == "" and by_item["workforce"]["gap"] == ""
    assert by_item["workforce"]["current"] == "2"
    assert by_item["estates"]["gap"] == "0"


def test_all_includes_items_nobody_scored(cli, tmp_path):
    position = tmp_path / "position.csv"
    lines = POSITION.read_text(encoding="utf-8").splitlines()
    position.write_text("\n".join(line for line in lines if ",workforce," not in line) + "\n", encoding="utf-8")
    default = _plan_csv(cli, tmp_path, "--target", "4", position=position)
    assert "workforce" not in {r["item"] for r in default}
    rows = {r["item"]: r for r in _plan_csv(cli, tmp_path, "--target", "4", "--all", name="all.csv",
                                             position=position)}
    assert rows["workforce"]["current"] == "" and rows["workforce"]["basis"] == ""
    assert rows["workforce"]["gap"] == "" and rows["workforce"]["next_level"] == ""


# ----------------------------------------------------------------------------------- next level


def test_next_level_descriptor_is_the_frameworks(cli, tmp_path):
    fw = _fw()
    items = {item.id: item for item in fw.items()}
    rows = _plan_csv(cli, tmp_path, "--all")
    for row in rows:
        level = int(row["next_level"])
        assert level == min(v for v in fw.scale.values() if v > float(row["current"]))
        assert row["next_level_descriptor"] == " / ".join(items[row["item"]].descriptor(fw, level))
    by_item = {r["item"]: r for r in rows}
    assert by_item["vision"]["next_level_descriptor"] == "A shared vision is drafted. / Partners have signed it off."
    assert by_item["estates"]["next_level_descriptor"] == "Generic thriving."  # the scale's generic description


def test_no_next_level_at_the_top_of_the_scale(cli, tmp_path):
    position = tmp_path / "position.csv"
    position.write_text("partner,item,score\nconsensus,vision,4\nAlpha,vision,4\n", encoding="utf-8")
    rows = {r["item"]: r for r in _plan_csv(cli, tmp_path, "--all", position=position)}
    assert rows["vision"]["current"] == "4"
    assert rows["vision"]["next_level"] == "" and rows["vision"]["next_level_descriptor"] == ""


# ---------------------------------------------------------------------------------------- outputs


def test_csv_columns_and_blank_fill_in_columns(cli, tmp_path):
    out = tmp_path / "plan.csv"
    ok(cli("plan", FW, POSITION, "-o", out))
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == EXPECTED_COLUMNS
    assert PLAN_COLUMNS == EXPECTED_COLUMNS
    for row in _rows(out):
        assert all(row[c] == "" for c in ("action", "owner", "due", "measure", "status"))
    assert _rows(out)[0]["group"] == "Relational" and _rows(out)[0]["priority"] == "Shorter-term priority"


def test_xlsx_output(cli, tmp_path):
    out = tmp_path / "plan.xlsx"
    ok(cli("plan", FW, POSITION, "-o", out))
    csv_rows = _plan_csv(cli, tmp_path)
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Plan", "About"]
    sheet = workbook["Plan"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == EXPECTED_COLUMNS
    assert [v[0] for v in values[1:]] == [r["item"] for r in csv_rows]
    trust = dict(zip(EXPECTED_COLUMNS, values[1], strict=True))
    assert trust["current"] == 1 and trust["target"] == 4 and trust["gap"] == 3 and trust["basis"] == "consensus"
    assert trust["next_level_descriptor"] == "Partners share some information."
    assert sheet.freeze_panes == "D2"
    descriptor_col = EXPECTED_COLUMNS.index("next_level_descriptor") + 1
    assert sheet.cell(row=2, column=descriptor_col).alignment.wrap_text
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    assert validations[0].formula1 == '"not started,in progress,done,dropped"'
    assert "S2" in validations[0].sqref and "S5" in validations[0].sqref
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True)}
    assert about["framework"] == "plan-demo" and about["place"] == "Northtown"


def test_md_output_is_a_table_and_escapes_text(cli, tmp_path):
    out = tmp_path / "plan.md"
    ok(cli("plan", FW, POSITION, "-o", out, "--target", "4"))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Action plan: Plan demo framework\n")
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| # | Item | Priority | Current (basis) | Target | Gap |")
    assert len(table) == 1 + 6  # header + one line per row
    assert "| 2 | ★ 2. Trust | Shorter-term priority | 1 Emerging (consensus) | 4 Thriving | 3 |" in text
    # leadership's next level (3) contains a pipe and HTML: escaped, so the table keeps its columns.
    leadership = next(line for line in table if "Leadership" in line)
    assert r"account \| \<b\>peer review\</b\>." in leadership
    assert "<b>" not in text
    assert leadership.count(" | ") == table[0].count(" | ")


def test_md_lists_left_out_items(cli, tmp_path):
    out = tmp_path / "plan.md"
    ok(cli("plan", FW, POSITION, "-o", out))
    text = out.read_text(encoding="utf-8")
    assert "## Left out" in text
    assert "- At or above target: 3c. Estates (3 of 3)" in text
    assert "- Without a target: 3b. Workforce (2)" in text


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "md"])
def test_deterministic_bytes(cli, tmp_path, suffix):
    first, second = tmp_path / f"a.{suffix}", tmp_path / "sub" / f"b.{suffix}"
    second.parent.mkdir()
    ok(cli("plan", FW, POSITION, "-o", first, "--all"))
    ok(cli("plan", FW, POSITION, "-o", second, "--all"))
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size > 200


def test_format_option_and_unknown_suffix(cli, tmp_path):
    err = refused(cli("plan", FW, POSITION, "-o", tmp_path / "plan.txt"))
    assert "plan.txt" in err and ".csv, .xlsx, .json, .md, .markdown or .parquet" in err
    ok(cli("plan", FW, POSITION, "-o", tmp_path / "plan.txt", "--format", "md"))
    assert (tmp_path / "plan.txt").read_text(encoding="utf-8").startswith("# Action plan")


def test_refuses_to_overwrite_an_input(cli, tmp_path):
    position = tmp_path / "position.csv"
    shutil.copy(POSITION, position)
    before = position.read_bytes()
    err = refused(cli("plan", FW, position, "-o", position))
    assert "overwrite the input" in err
    assert position.read_bytes() == before
    targets = tmp_path / "targets.csv"
    shutil.copy(PLANS / "targets.csv", targets)
    err = refused(cli("plan", FW, position, "-o", targets, "--targets", targets))
    assert "overwrite the input" in err
    assert targets.read_bytes() == (PLANS / "targets.csv").read_bytes()


def test_unusable_position_exits_2_without_traceback(cli, tmp_path):
    err = refused(cli("plan", FW, tmp_path / "missing.csv", "-o", tmp_path / "plan.csv"))
    assert "missing.csv" in err and "not found" in err
    empty = tmp_path / "blank.csv"
    empty.write_text("partner,item,score\nAlpha,vision,\n", encoding="utf-8")
    err = refused(cli("plan", FW, empty, "-o", tmp_path / "plan.csv"))
    assert "no usable scores" in err
    assert not (tmp_path / "plan.csv").exists()


def test_place_option(cli, tmp_path):
    err = refused(cli("plan", FW, PLANS / "two-places.csv", "-o", tmp_path / "plan.csv"))
    assert "several places" in err and "--place" in err
    south = {r["item"]: r for r in _plan_csv(cli, tmp_path, "--place", "Southvale", position=PLANS / "two-places.csv")}
    assert south["vision"]["current"] == "2"  # Alpha 3, Beta 2, Gamma 1
    north = {r["item"]: r for r in _plan_csv(cli, tmp_path, "--place", "northtown", name="north.csv",
                                              position=PLANS / "two-places.csv")}
    assert north["vision"]["current"] == "1"


def test_folder_of_sheets_as_position(cli, tmp_path):
    folder = tmp_path / "sheets"
    folder.mkdir()
    lines = POSITION.read_text(encoding="utf-8").splitlines()
    header = lines[0]
    for partner in ("Alpha", "Beta", "Gamma", "consensus"):
        body = [line for line in lines[1:] if f",{partner}," in line]
        (folder / f"{partner.lower()}.csv").write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    assert _plan_csv(cli, tmp_path, position=folder, name="from-folder.csv") == _plan_csv(cli, tmp_path)


# ------------------------------------------------------------------------------------- read back


def _fill_xlsx(path, filled):
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Plan"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        item = row[0].value
        for column, value in filled.get(item, {}).items():
            row[header.index(column)].value = value
    workbook.save(path)


def test_round_trip_xlsx(cli, tmp_path):
    out = tmp_path / "plan.xlsx"
    ok(cli("plan", FW, POSITION, "-o", out))
    _fill_xlsx(out, {
        "trust": {"action": "Joint risk workshop", "owner": "Alice", "due": "2026-03-31", "status": "in progress"},
        "vision": {"action": "Board signs off the vision", "owner": "Bob", "status": "done", "measure": "Minutes"},
    })
    rows = read_plan(out, _fw())
    assert [r.item for r in rows] == ["trust", "vision", "leadership", "information"]
    trust, vision = rows[0], rows[1]
    assert (trust.action, trust.owner, trust.due, trust.status) == ("Joint risk workshop", "Alice", "2026-03-31",
                                                                    "in progress")
    assert (vision.action, vision.owner, vision.status, vision.measure) == ("Board signs off the vision", "Bob", "done",
                                                                            "Minutes")
    assert trust.current == 1 and trust.target == 4 and trust.gap == 3 and trust.basis == "consensus"
    assert trust.title == "Trust" and trust.short_term
    assert trust.source_row == 2
    assert plan_problems(rows) == []
    assert plan_status_summary(rows) == {"not started": 0, "in progress": 1, "done": 1, "dropped": 0, "no status": 2}


def test_round_trip_csv(cli, tmp_path):
    out = tmp_path / "plan.csv"
    ok(cli("plan", FW, POSITION, "-o", out))
    records = _rows(out)
    records[2].update(action="Leadership programme", owner="Carol", status="Not Started")
    extra = dict(records[1], action="Second action for vision", owner="Dan", status="dropped")
    records.append(extra)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=EXPECTED_COLUMNS)
        writer.writeheader()
        writer.writerows(records)
    rows = read_plan(out, _fw())
    assert [r.item for r in rows] == ["trust", "vision", "leadership", "information", "vision"]
    assert (rows[2].action, rows[2].owner, rows[2].status) == ("Leadership programme", "Carol", "not started")
    assert (rows[4].action, rows[4].status, rows[4].source_row) == ("Second action for vision", "dropped", 6)
    assert rows[3].current == 1.5 and rows[3].gap == 0.5
    assert plan_status_summary(rows)["dropped"] == 1


def test_read_filled_fixture_matches_columns_and_items_loosely():
    rows = read_plan(PLANS / "filled-plan.csv", _fw())
    # Header on row 3 after a title and a blank line; upper-case STATUS, columns out of order;
    # items by code (2), title (Shared vision) and id; the blank row 7 is skipped.
    assert [r.item for r in rows] == ["trust", "vision", "leadership", "vision", "information", "made-up-item"]
    assert [r.source_row for r in rows] == [4, 5, 6, 8, 9, 10]
    assert [r.status for r in rows] == ["in progress", "done", "Blocked", "not started", "", "dropped"]
    assert rows[0].action == "=cmd"  # hostile text stays text
    assert rows[0].due == "2026-03-31" and rows[0].owner == "Alice"
    assert rows[3].action == "Residents' panel on the vision"


def test_unknown_status_and_item_are_reported_not_dropped():
    rows = read_plan(PLANS / "filled-plan.csv", _fw())
    problems = plan_problems(rows)
    assert [(p.code, p.row, p.column) for p in problems] == [("unknown-status", 6, "A"), ("unknown-item", 10, "B")]
    assert "Blocked" in problems[0].message and problems[0].file.endswith("filled-plan.csv")
    assert problems[1].column_name == "item"
    summary = plan_status_summary(rows)
    assert summary == {"not started": 1, "in progress": 1, "done": 1, "dropped": 1, "no status": 1, "Blocked": 1}
    assert sum(summary.values()) == len(rows)


def test_hostile_action_in_filled_xlsx_stays_text(cli, tmp_path):
    out = tmp_path / "plan.xlsx"
    ok(cli("plan", FW, POSITION, "-o", out))
    _fill_xlsx(out, {"trust": {"action": "=cmd|' /C calc'!A0", "owner": "@SUM(1)", "status": "done"}})
    rows = read_plan(out, _fw())
    assert rows[0].action == "=cmd|' /C calc'!A0"
    assert rows[0].owner == "@SUM(1)"
    assert [p.code for p in plan_problems(rows)] == ["formula"]
    # Written again, the text is neutralised: a string cell in XLSX, an apostrophe in CSV.
    plan = Plan(framework="plan-demo", framework_title="t", framework_version="1", place="", round="", partners=[],
                targets="", include_all=False, rows=rows, left_out=[], notes=[])
    again = tmp_path / "again.xlsx"
    again.write_bytes(plan_bytes(plan, "xlsx"))
    cell = openpyxl.load_workbook(again)["Plan"].cell(row=2, column=EXPECTED_COLUMNS.index("action") + 1)
    assert cell.data_type == "s" and cell.value == "'=cmd|' /C calc'!A0"
    text = plan_bytes(plan, "csv").decode("utf-8")
    assert "'=cmd|" in text and ",'@SUM(1)," in text


def test_read_plan_refuses_a_file_that_is_not_a_plan():
    with pytest.raises(InputError) as excinfo:
        read_plan(POSITION, _fw())
    assert "not a plan" in excinfo.value.message
    assert str(excinfo.value.location).endswith("position.csv:1")


def test_read_plan_refuses_a_plan_of_another_framework(cli, tmp_path):
    out = tmp_path / "plan.xlsx"
    ok(cli("plan", "sel-neighbourhood", SEL_FOLLOWUP, "-o", out, "--target", "3"))
    with pytest.raises(RefusedError) as excinfo:
        read_plan(out, _fw())
    assert "sel-neighbourhood" in excinfo.value.message


def test_status_summary_counts():
    rows = [PlanRow(item="a", status=s) for s in ["done", "done", "", "in progress", "later"]]
    assert plan_status_summary(rows) == {"not started": 0, "in progress": 1, "done": 2, "dropped": 0, "no status": 1,
                                         "later": 1}


def test_models_forbid_unknown_fields_and_describe_every_field():
    with pytest.raises(ValidationError):
        PlanRow(item="a", colour="red")
    for model in (Plan, PlanRow):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name}"


# -------------------------------------------------------------------------------- bundled example


def test_sel_thameside_followup(cli, tmp_path):
    fw = load_framework("sel-neighbourhood")
    items = {item.id: item for item in fw.items()}
    out = tmp_path / "plan.csv"
    result = ok(cli("plan", "sel-neighbourhood", SEL_FOLLOWUP, "-o", out, "--target", "3"))
    rows = _rows(out)
    assert "22 items planned" in result.stdout
    # short-term priorities first: once a longer-term row appears, no short-term row follows
    short = [fw.is_short_term(items[r["item"]]) for r in rows]
    assert short == sorted(short, reverse=True) and short[0] and not short[-1]
    by_item = {r["item"]: r for r in rows}
    # consensus.csv records shared-clinical-risk at 2 (partners 3 2 2 2 3 2 -> median 2, but the consensus counts)
    risk = by_item["shared-clinical-risk"]
    assert (risk["current"], risk["basis"], risk["gap"], risk["next_level"]) == ("2", "consensus", "1", "3")
    assert risk["next_level_descriptor"] == " / ".join(items["shared-clinical-risk"].descriptor(fw, 3))
    assert risk["next_level_descriptor"]
    # operating-integrated-functions has consensus 3: at target, left out
    assert "operating-integrated-functions" not in by_item
    for row in rows:
        assert float(row["gap"]) > 0
        assert row["next_level_descriptor"] == " / ".join(items[row["item"]].descriptor(fw, int(row["next_level"])))


def test_sel_without_targets_plans_nothing_and_says_why(cli, tmp_path):
    out = tmp_path / "plan.csv"
    result = ok(cli("plan", "sel-neighbourhood", SEL_FOLLOWUP, "-o", out))
    assert _rows(out) == []
    assert "0 items planned" in result.stdout
    assert "--target" in result.stderr and "no item has a target" in result.stderr


def test_read_plan_saved_by_excel_as_semicolon_csv(cli, tmp_path):
    out = tmp_path / "plan.csv"
    ok(cli("plan", FW, POSITION, "-o", out))
    records = _rows(out)
    records[0].update(action="Café de risque", status="DONE")
    lines = [";".join(EXPECTED_COLUMNS)] + [";".join(r[c] for c in EXPECTED_COLUMNS) for r in records]
    out.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    rows = read_plan(out, _fw())
    assert (rows[0].item, rows[0].action, rows[0].status) == ("trust", "Café de risque", "done")
    assert len(rows) == 4 and plan_problems(rows) == []
