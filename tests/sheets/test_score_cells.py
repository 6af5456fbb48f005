"""Score cells are read whole or refused with their location: never read as their first number."""

from __future__ import annotations

import pytest

from maturitykit.lint import load_framework
from maturitykit.sheets.reader import read_sheet
from maturitykit.sheets.vocabulary import parse_score


@pytest.fixture(scope="module")
def sel():
    return load_framework("sel-neighbourhood")  # Emerging 1, Developing 2, Maturing 3, Thriving 4


@pytest.mark.parametrize("raw", ["2-3", "1-4", "4 - but really 1", "3 (or maybe 4)", "3 4", "3/4", "1E999",
                                 "1e3", "3 - Thriving", "Level 3 - Emerging", "Maturing (4)", "Maturing or Thriving"])
def test_a_cell_that_is_not_one_level_is_refused(sel, raw):
    parsed = parse_score(raw, sel)
    assert parsed.value is None and not parsed.missing and parsed.error, parsed


@pytest.mark.parametrize(
    ("raw", "value", "not_applicable"),
    [("Level 3 - Maturing", 3, False), ("level 3", 3, False), ("Maturing (3)", 3, False),
     ("Stage 3: Maturing", 3, False), ("3 (Maturing)", 3, False), ("3. Maturing", 3, False), ("3 Maturing", 3, False),
     ("Maturing;", 3, False), ("3;", 3, False), ("3 - Maturing;", 3, False), ("3.", 3, False),
     ("Don't know / not applicable", None, False), ("Don’t know / Not applicable", None, False),
     ("Not sure", None, False), ("n.a.", None, True)],
)
def test_common_option_texts_are_read(sel, raw, value, not_applicable):
    parsed = parse_score(raw, sel)
    assert (parsed.value, parsed.not_applicable, parsed.error) == (value, not_applicable, None)
    assert parsed.missing == (value is None)


@pytest.mark.parametrize("raw", [10**400, float("inf"), float("-inf"), "9" * 400, "-" + "9" * 400])
def test_huge_numbers_are_refused_not_a_crash(sel, raw):
    parsed = parse_score(raw, sel)  # OverflowError here was exit 3
    assert parsed.value is None and parsed.error
    assert len(parsed.error) < 200  # a 400-digit cell is not printed whole


def test_refused_cells_are_located(sel, tmp_path):
    sheet = tmp_path / "p.csv"
    sheet.write_text("partner,item,score\nP,prevention,2-3\nP,sustainability-offer,1E999\n"
                     f"P,driving-efficiency,{'9' * 400}\nP,encouraging-mutual-support,Maturing (3)\n", encoding="utf-8")
    read = read_sheet(sheet, sel)
    assert {(p.row, p.column) for p in read.errors()} == {(2, "C"), (3, "C"), (4, "C")}
    assert [(r.item, r.score) for r in read.rows] == [("encouraging-mutual-support", 3)]


def test_a_near_miss_label_gets_a_hint_not_a_guess(sel):
    parsed = parse_score("Maturring", sel)
    assert parsed.value is None and "did you mean 'Maturing'" in (parsed.error or "")


def test_a_near_miss_item_title_gets_a_hint_not_a_guess(tmp_path):
    fw = load_framework("sel-neighbourhood")
    sheet = tmp_path / "p.csv"
    sheet.write_text("partner,item,score\nP,Sharring risk,2\nP,prevention,3\n", encoding="utf-8")
    read = read_sheet(sheet, fw)
    [problem] = [p for p in read.errors() if p.code == "unknown-item"]
    assert "did you mean 'Sharing risk'" in problem.message and (problem.row, problem.column) == (2, "B")
    assert [r.item for r in read.rows] == ["prevention"]  # the near miss is left out, not taken as Sharing risk


def test_every_accepted_form_reads_on_every_bundled_scale():
    # Leeds labels its levels "Level 1".."Level 5": "Level 1 (1)" must still be level 1, not refused.
    from maturitykit.framework.loader import bundled_paths

    for framework_id in bundled_paths():
        fw = load_framework(framework_id)
        for level in fw.scale.levels:
            v, label = level.value, level.label
            for raw in (str(v), label, f"{v} - {label}", f"{v} – {label}", f"{v}: {label}", f"{v} ({label})",
                        f"Level {v} - {label}", f"Stage {v}: {label};", f"{label} ({v})"):
                assert parse_score(raw, fw).value == v, (framework_id, raw)


def test_a_near_miss_column_header_is_a_warning_with_a_hint(tmp_path):
    fw = load_framework("lloyds-system-maturity")
    long = tmp_path / "long.csv"
    long.write_text("partner,item,score,Ratonale\nAcme,vision,3,because\n", encoding="utf-8")
    wide = tmp_path / "wide.csv"
    wide.write_text("Organisation,Vision,Accountability,Colaboration\nAcme,3,1,2\n", encoding="utf-8")
    for sheet, hint in ((long, "did you mean 'rationale'?"), (wide, "did you mean 'Collaboration'?")):
        read = read_sheet(sheet, fw)
        [problem] = [p for p in read.problems if p.code == "unused-column"]
        assert problem.severity == "warning" and hint in problem.message
    assert {r.item for r in read_sheet(wide, fw).rows} == {"vision", "accountability"}  # the near miss is not read as Collaboration
