"""Re-running `score template --partners` into a folder of returned sheets never overwrites a score."""

from __future__ import annotations

from conftest import ok, refused


def _names(tmp_path):
    names = tmp_path / "partners.txt"
    names.write_text("North Trust\nSouth Council\n", encoding="utf-8")
    return names


def test_a_second_run_into_filled_sheets_is_refused_and_writes_nothing(cli, tmp_path):
    folder = tmp_path / "sheets"
    ok(cli("score", "template", "lloyds-system-maturity", "--partners", _names(tmp_path), "-o", folder))
    filled = folder / "North-Trust.csv"
    if not filled.exists():  # the file name follows safe_filename; find North's sheet whatever its spelling
        filled = next(p for p in folder.iterdir() if p.name.lower().startswith("north"))
    text = filled.read_text(encoding="utf-8").replace(",,,", ",3,scored,", 1)
    filled.write_text(text, encoding="utf-8")
    message = refused(cli("score", "template", "lloyds-system-maturity", "--partners", _names(tmp_path), "-o", folder))
    assert "--missing-only" in message and "nothing was written" in message
    assert filled.read_text(encoding="utf-8") == text


def test_missing_only_writes_just_the_new_partners(cli, tmp_path):
    folder = tmp_path / "sheets"
    ok(cli("score", "template", "lloyds-system-maturity", "--partners", _names(tmp_path), "-o", folder))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    more = tmp_path / "more.txt"
    more.write_text("North Trust\nSouth Council\nEast Practices\n", encoding="utf-8")
    result = ok(cli("score", "template", "lloyds-system-maturity", "--partners", more, "-o", folder, "--missing-only"))
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert len(after) == 3 and all(after[name] == data for name, data in before.items())
    assert "2 already there" in result.stderr
