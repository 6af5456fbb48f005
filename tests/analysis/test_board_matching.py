"""Domain and group averages compared across rounds use the same items; a change in coverage is named."""

from __future__ import annotations

from conftest import REPO, ok

EXAMPLE = REPO / "examples" / "sel-thameside"


def test_a_domain_does_not_rise_because_items_went_unscored(cli, tmp_path):
    # Two of "Improving the interface"'s four items were unscored at follow-up: averaging whatever was
    # scored showed 2.25 -> 2.5, a rise that `score delta` (2.5 -> 2.5 on the matched items) does not see.
    out = tmp_path / "report.md"
    ok(cli("report", "sel-neighbourhood", f"baseline={EXAMPLE / 'baseline'}", f"followup={EXAMPLE / 'followup'}",
           "-o", out))
    text = out.read_text(encoding="utf-8")
    assert "| Improving the interface | domain | 2 of 4 | 2.5 | 2.5 |" in text
    assert ("Improving the interface: the rounds position different items (4 in baseline, 2 in followup of 4 items); "
            "the averages use the 2 items positioned in every round") in text
