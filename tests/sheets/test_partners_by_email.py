"""`score merge --partners`: a survey respondent's email, else its domain, names their partner when the
export asks no organisation; an address the file does not give is reported with its row, never guessed."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from maturitykit.errors import InputError
from maturitykit.lint import load_framework
from maturitykit.rounds.merge import merge_sheets
from maturitykit.rounds.partners import read_email_map
from maturitykit.sheets.partners import EmailMap
from maturitykit.sheets.reader import Defaults

PARTNERS = FIXTURES / "partners" / "by_email.csv"
EXPORT = FIXTURES / "surveys" / "google_forms_questions.csv"  # Timestamp, Email Address, no organisation


@pytest.fixture(scope="module")
def sel():
    return load_framework("sel-neighbourhood")


def export_with(tmp_path, **emails):
    text = EXPORT.read_text(encoding="utf-8")
    for old, new in emails.items():
        text = text.replace(f"{old}@example.org", new)
    path = tmp_path / "google.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_email_and_domain_name_the_partner_and_an_unknown_address_is_reported(sel, tmp_path):
    path = export_with(tmp_path, **{"ben.okafor": "Ben.Okafor@GSTT.nhs.uk"})
    result = merge_sheets(sel, [path], defaults=Defaults(emails=read_email_map(PARTNERS)))
    by_partner = {(r.partner, r.item): r.score for r in result.rows if r.score is not None}
    assert by_partner[("Lewisham Council", "facilitating-data-sharing")] == 3  # the exact address, any case
    assert by_partner[("Guy's and St Thomas'", "shared-clinical-risk")] == 3  # by its domain
    # Carys's address (example.org) is in the file neither as an address nor a domain: reported, not guessed.
    unmapped = [p for p in result.problems if p.code == "survey-unmapped-email"]
    assert [(p.severity, p.row, p.column) for p in unmapped] == [("error", 4, "B")]
    assert "carys.lloyd@example.org" in unmapped[0].message
    assert {r.partner for r in result.rows} == {"Lewisham Council", "Guy's and St Thomas'"}
    assert not [r for r in result.rows if r.source_row == 4]
    assert result.accounting.rejected == 4 and [p.row for p in result.problems if p.code == "no-partner"] == [4] * 4


def test_a_sub_domain_is_not_its_parent():
    emails = EmailMap(domains={"gstt.nhs.uk": "Guy's and St Thomas'"})
    assert emails.partner("a@gstt.nhs.uk") == "Guy's and St Thomas'"
    assert emails.partner("a@labs.gstt.nhs.uk") is None
    assert emails.partner("not an address") is None


def test_an_organisation_answer_wins_and_the_file_fills_only_blanks(sel):
    result = merge_sheets(sel, [FIXTURES / "surveys" / "surveymonkey_condensed.csv"],
                          defaults=Defaults(emails=read_email_map(PARTNERS)))
    assert {r.partner for r in result.rows} == {"Lewisham Council", "Guy's and St Thomas'", "Bromley GP Federation"}
    assert not [p for p in result.problems if p.code == "survey-unmapped-email"]


def test_an_address_given_for_two_partners_is_refused_at_its_row(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text("name,email_domain\nLewisham Council,lewisham.gov.uk\nBromley Council,@Lewisham.gov.uk\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="'lewisham.gov.uk' is given for 'Lewisham Council'") as caught:
        read_email_map(path)
    assert caught.value.location.line == 3


def test_cli_merge_takes_partners(cli, tmp_path):
    path = export_with(tmp_path, **{"ben.okafor": "ben@gstt.nhs.uk", "carys.lloyd": "carys@bromleygp.nhs.uk"})
    out = tmp_path / "merged.csv"
    done = cli("score", "merge", "sel-neighbourhood", path, "-o", out, "-q", "--partners", PARTNERS)
    assert done.exit_code == 0, done.output
    text = out.read_text(encoding="utf-8")
    assert "Bromley GP Federation" in text and "example.org" not in text and "gstt" not in text
    assert cli("score", "validate", "sel-neighbourhood", export_with(tmp_path), "--partners", PARTNERS).exit_code == 1
