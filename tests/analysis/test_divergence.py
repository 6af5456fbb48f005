"""`maturity score divergence`: agenda order, partner comparison, anonymity, JSON equal to the library."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from maturitykit.analysis.divergence import build_divergence
from maturitykit.lint import load_framework
from maturitykit.rounds.merge import load_round

SHEETS = FIXTURES / "sheets"
INPUTS = [SHEETS / n for n in ("clean.csv", "semicolon-bom.csv", "wide.csv", "filled.xlsx", "consensus.csv")]
NAMES = ["Acme Trust", "Borough Council", "Riverside Hospital", "Voluntary Action", "Harbour CCG"]


@pytest.fixture(scope="module")
def report():
    fw = load_framework("lloyds-system-maturity")
    return build_divergence(load_round(fw, INPUTS))


def test_agenda_order_and_content(report):
    divergent = [a for a in report.items if a.divergent]
    assert [a.item for a in divergent] == ["service-delivery"]  # vision (AD 0.4, range only) is no longer flagged
    first = divergent[0]
    # service-delivery: Acme 2, Harbour 5 -> mean 3.5, AD = (1.5 + 1.5) / 2; two raters, so no rwg
    assert first.ad == pytest.approx(1.5) and first.rwg is None and first.range == 3  # rwg needs 3 raters
    assert [s.partner for s in first.low] == ["Acme Trust"] and [s.partner for s in first.high] == ["Harbour CCG"]
    vision = next(a for a in report.items if a.item == "vision")
    assert vision.agreed == 3 and vision.median == 3
    assert [s.rationale for s in vision.low] == ["No shared vision yet"]
    assert report.items[0].rank == 1 and [a.rank for a in report.items] == list(range(1, 10))


def test_short_term_priorities_lead_the_agenda(tmp_path):
    fw = load_framework("sel-neighbourhood")
    short = next(i for i in fw.items() if fw.is_short_term(i))
    longer = next(i for i in fw.items() if not fw.is_short_term(i) and i.node.status.value == "active")
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "partner,item,score\n"
        f"A,{longer.id},1\nB,{longer.id},4\nC,{longer.id},1\n"  # AD 1.33: larger
        f"A,{short.id},1\nB,{short.id},3\nC,{short.id},3\n",  # AD 0.89, split, short-term
        encoding="utf-8",
    )
    agenda = build_divergence(load_round(fw, [sheet]))
    assert [a.item for a in agenda.items[:2]] == [short.id, longer.id]


def test_partner_tendencies(report):
    tendencies = {t.partner: t for t in report.tendencies}
    assert tendencies["Riverside Hospital"].above == 2 and tendencies["Riverside Hospital"].below == 0
    assert tendencies["Voluntary Action"].below == 1
    assert "accountability" in tendencies["Acme Trust"].skipped


def test_json_equals_library(cli, report):
    result = cli("score", "divergence", "lloyds-system-maturity", *INPUTS, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == report.to_dict()


@pytest.mark.parametrize("fmt", ["human", "md", "html", "json", "csv"])
def test_anonymise_leaves_no_name_in_any_format(cli, tmp_path, fmt):
    hostile = tmp_path / "named.csv"
    hostile.write_text("partner,item,score,rationale\nAcme Trust,finance,2,\"acme  trust feels Borough Council "
                       "is ahead\"\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    key = tmp_path / "key.csv"
    inputs = [SHEETS / "semicolon-bom.csv", SHEETS / "wide.csv", hostile]
    result = cli("score", "divergence", "lloyds-system-maturity", *inputs, "--format", fmt, "--anonymise", "-o", out,
                 "--key", key)
    assert result.exit_code == 0, result.output
    data = out.read_bytes().lower()
    for name in NAMES:
        for variant in (name, name.replace(" ", "  ")):
            assert variant.lower().encode() not in data, (fmt, name)
    assert b"partner a" in data
    assert "Acme Trust" in key.read_text(encoding="utf-8")


def test_html_escapes_partner_text(cli, tmp_path):
    out = tmp_path / "d.html"
    sheet = tmp_path / "h.csv"
    sheet.write_text("partner,item,score,rationale\nA,vision,1,<script>alert(1)</script>\n"
                     "B,vision,4,<img src=x onerror=alert(1)>\n", encoding="utf-8")
    assert cli("score", "divergence", "lloyds-system-maturity", sheet, "--format", "html", "-o", out).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_key_needs_anonymise(cli, tmp_path):
    result = cli("score", "divergence", "lloyds-system-maturity", SHEETS / "clean.csv", "--key", tmp_path / "k.csv")
    assert result.exit_code == 2 and "--anonymise" in result.output
