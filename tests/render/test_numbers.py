"""The one number rule every renderer uses: missing is a dash, p is never 0, plurals are right."""

from __future__ import annotations

import math

from conftest import REPO, ok
from maturitykit.render.numbers import MISSING, number, p_value
from maturitykit.words import count


def test_number():
    assert number(None) == MISSING and number(math.nan) == MISSING
    assert number(2.50) == "2.5" and number(-0.0) == "0" and number(3) == "3"
    assert number(0.25, signed=True) == "+0.25" and number(2.0) == "2"


def test_p_value_is_never_zero():
    assert p_value(0.0) == "p < 0.001" and p_value(0.0004) == "p < 0.001"
    assert p_value(0.375) == "p = 0.375"
    assert p_value(None).startswith("no p-value")


def test_count():
    assert count(1, "item") == "1 item" and count(3, "item") == "3 items" and count(0, "partner") == "0 partners"
    assert count(2, "analysis", "analyses") == "2 analyses"


def test_no_output_says_item_s(cli, tmp_path):
    example = REPO / "examples" / "sel-thameside"
    out = tmp_path / "r.md"
    ok(cli("report", "sel-neighbourhood", f"baseline={example / 'baseline'}", f"followup={example / 'followup'}",
           "-o", out))
    agenda = ok(cli("score", "divergence", "sel-neighbourhood", example / "baseline", "--format", "md")).stdout
    for text in (out.read_text(encoding="utf-8"), agenda):
        assert "(s)" not in text
    assert "a wide range or a low rwg is a hint, not a flag" in agenda
