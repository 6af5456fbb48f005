"""Partner lists whose names are usable but hostile as file names or on a terminal, and a sheet whose
stray quote must not cost a row: cases the bad-input corpus cannot check (they succeed)."""

from __future__ import annotations

import csv

from conftest import FIXTURES, ok

PARTNERS = FIXTURES / "partners"
FW = "lloyds-system-maturity"


def test_a_dotted_name_gives_a_visible_sheet_inside_the_folder(cli, tmp_path):
    out = tmp_path / "sheets"
    ok(cli("score", "template", FW, "--partners", PARTNERS / "dots-name.txt", "-o", out))
    names = sorted(p.name for p in out.iterdir())
    assert names == ["Acme-Trust.csv", "partner.csv"]  # never "...csv", which a folder merge would skip as hidden
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheets"]  # nothing outside the folder


def test_names_windows_reserves_are_not_file_names(cli, tmp_path):
    out = tmp_path / "sheets"
    ok(cli("score", "template", FW, "--partners", PARTNERS / "windows-reserved-names.txt", "-o", out))
    assert sorted(p.name for p in out.iterdir()) == ["Acme-Trust.csv", "CON-partner.csv", "NUL-partner.csv"]
    with (out / "CON-partner.csv").open(encoding="utf-8", newline="") as handle:
        assert {row["partner"] for row in csv.DictReader(handle)} == {"CON"}  # the sheet keeps the real name


def test_an_escape_sequence_in_a_partner_list_is_removed_with_a_warning(cli, tmp_path):
    out = tmp_path / "sheets"
    result = ok(cli("score", "template", FW, "--partners", PARTNERS / "escape-sequence.txt", "-o", out))
    assert "escape-sequence.txt:2: warning: control character U+001B removed from this partner name" in result.stderr
    assert "\x1b" not in result.stderr
    for sheet in out.iterdir():
        assert b"\x1b" not in sheet.read_bytes()


def test_a_quote_inside_an_unquoted_field_costs_no_row(cli, tmp_path):
    """`Acme "Trust` leaves an odd number of quotes but opens no quoted field: the next row is read."""
    out = tmp_path / "m.csv"
    result = ok(cli("score", "merge", FW, FIXTURES / "sheets" / "quote-inside-a-field.csv", "-o", out))
    assert result.stdout.splitlines()[-1] == "1 file, 2 rows read: 2 merged, 0 rejected"
    assert "unclosed" not in result.stderr
