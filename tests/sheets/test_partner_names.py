"""Partner names: one key for a partner wherever it is compared, and names that only look alike are warned about."""

from __future__ import annotations

import re

from conftest import REPO, refused
from maturitykit.lint import load_framework
from maturitykit.rounds.merge import merge_sheets
from maturitykit.rounds.validate import validate_sheets


def test_the_partner_key_is_built_in_one_function():
    # Every comparison of partners goes through vocabulary.partner_key (via rows.respondent): a second
    # rebuild (norm(row.partner), a partner_key property) could disagree with it.
    src = REPO / "src" / "maturitykit"
    definitions = [p for p in src.rglob("*.py") if re.search(r"def partner_key\b", p.read_text(encoding="utf-8"))]
    assert [p.relative_to(src).as_posix() for p in definitions] == ["sheets/vocabulary.py"]
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"norm\([^)]*partner", text), path
        assert not re.search(r"\b(?:row|r|self)\.partner_key\b", text), path
    respondents = [p for p in src.rglob("*.py") if "def respondent(" in p.read_text(encoding="utf-8")]
    assert [p.relative_to(src).as_posix() for p in respondents] == ["sheets/rows.py"]


def test_invisible_characters_do_not_make_another_partner(tmp_path):
    fw = load_framework("lloyds-system-maturity")
    sheet = tmp_path / "p.csv"
    sheet.write_text("partner,item,score\nAcme\u200b Trust,vision,3\nAcme Trust,finance,2\n"
                     "\ufeffAcme Trust\u00ad,collaboration,4\n", encoding="utf-8")
    result = merge_sheets(fw, [sheet])
    assert {r.partner for r in result.rows} == {"Acme Trust"}  # one partner, printed without the invisible ones
    assert [p.code for p in result.problems if p.severity == "warning"] == ["partner-spelling"]


def test_a_partner_in_two_files_with_a_zero_width_space_is_still_one_partner(cli, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("partner,item,score\nAcme Trust,vision,3\n", encoding="utf-8")
    b.write_text("partner,item,score\nAcme\u200b Trust,vision,1\n", encoding="utf-8")
    err = refused(cli("score", "merge", "lloyds-system-maturity", a, b, "-o", tmp_path / "m.csv"))
    assert "appears in 2 files" in err


def test_look_alike_names_are_warned_about(tmp_path):
    fw = load_framework("lloyds-system-maturity")
    sheet = tmp_path / "p.csv"
    sheet.write_text("partner,item,score\nAcme Trust,vision,3\n\u0410cme Trust,finance,2\n", encoding="utf-8")
    report = validate_sheets(fw, [sheet])
    [warning] = [p for p in report.warnings if p.code == "partner-look-alike"]
    assert "'Acme Trust'" in warning.message and "'\u0410cme Trust'" in warning.message
    assert report.stats.partners == 2  # warned about, never merged by a guess


def test_partner_option_on_a_file_of_several_respondents_is_refused(cli, tmp_path):
    long = tmp_path / "long.csv"
    long.write_text("partner,item,score\nA,vision,3\nB,vision,2\n", encoding="utf-8")
    wide = tmp_path / "wide.csv"
    wide.write_text("Name,Vision,Collaboration\nA,3,2\nB,2,2\n", encoding="utf-8")
    for sheet in (long, wide):
        err = refused(cli("score", "merge", "lloyds-system-maturity", sheet, "--partner", "X",
                          "-o", tmp_path / "m.csv"))
        assert "--partner 'X' is for a sheet of one partner" in err and "2 respondents" in err


def test_one_mixed_script_name_is_warned_about_but_a_wholly_cyrillic_one_is_not(tmp_path):
    fw = load_framework("lloyds-system-maturity")
    sheet = tmp_path / "p.csv"
    sheet.write_text("partner,item,score\nH\u0430rbour CCG,vision,3\n\u0421\u043e\u0432\u0430,vision,2\n",
                     encoding="utf-8")
    warnings = [p for p in validate_sheets(fw, [sheet]).warnings if p.code == "partner-look-alike"]
    assert len(warnings) == 1 and "'H\u0430rbour CCG'" in warnings[0].message
