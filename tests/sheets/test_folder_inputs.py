"""A folder merge reads every file in the folder or says why not: nothing is passed over in silence."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, ok, refused

SHEETS = FIXTURES / "sheets"
BAD = FIXTURES / "bad"


def _folder(tmp_path, names):
    folder = tmp_path / "returns"
    folder.mkdir()
    shutil.copy(SHEETS / "clean.csv", folder / "clean.csv")
    for name, content in names.items():
        (folder / name).write_bytes(content)
    return folder


@pytest.mark.parametrize(("name", "source"), [("council.xls", BAD / "xls-old-workbook.xls"),
                                               ("council.XLS", BAD / "xls-old-workbook.xls"),
                                               ("trust.ods", SHEETS / "filled.xlsx"),
                                               ("trust.xlsb", SHEETS / "filled.xlsx")])
def test_a_spreadsheet_that_cannot_be_read_is_refused_with_what_to_do(cli, tmp_path, name, source):
    folder = _folder(tmp_path, {name: source.read_bytes()})
    err = refused(cli("score", "merge", "lloyds-system-maturity", folder, "-o", tmp_path / "m.csv"))
    assert name in err and "save it as .xlsx" in err
    assert not (tmp_path / "m.csv").exists()


def test_upper_case_and_space_padded_extensions_are_read(cli, tmp_path):
    other = b"partner,item,score\nHarbour CCG,vision,2\n"
    padded = b"partner,item,score\nRiver Trust,vision,4\n"
    folder = _folder(tmp_path, {"HARBOUR.CSV": other, "river.csv ": padded})
    out = tmp_path / "m.csv"
    result = ok(cli("score", "merge", "lloyds-system-maturity", folder, "-o", out))
    assert result.stdout.strip().splitlines()[-1].startswith("3 files,")
    assert {"Harbour CCG", "River Trust"} <= set(out.read_text(encoding="utf-8").replace(",", "\n").splitlines())


def test_hidden_files_sub_folders_and_others_are_listed_as_skipped(cli, tmp_path):
    folder = _folder(tmp_path, {".late-return.csv": b"partner,item,score\nLate,vision,1\n",
                                "notes.docx": b"not a sheet", "~$clean.csv": b"lock"})
    (folder / "more returns").mkdir()
    result = ok(cli("score", "merge", "lloyds-system-maturity", folder, "-o", tmp_path / "m.csv"))
    assert "1 file (4 other files in the folders not read" in result.stdout
    for name, why in ((".late-return.csv", "hidden file"), ("more returns", "is a folder"),
                      ("notes.docx", "'.docx'"), ("~$clean.csv", "lock file")):
        assert any(name in line and "not read" in line and why in line for line in result.stderr.splitlines()), name


def test_validate_lists_skipped_entries_too(cli, tmp_path):
    folder = _folder(tmp_path, {".hidden.csv": b"partner,item,score\nLate,vision,1\n"})
    result = cli("score", "validate", "lloyds-system-maturity", folder)
    assert result.exit_code == 0, result.output  # a warning, not an error
    assert "[skipped-file]" in result.stdout and ".hidden.csv" in result.stdout
    strict = cli("score", "validate", "--strict", "lloyds-system-maturity", folder)
    assert strict.exit_code == 1
