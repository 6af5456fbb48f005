"""The printable matrix: the scale's note under the scale, and items on other scales in tables of their own."""

from __future__ import annotations

from conftest import FIXTURES, ok
from maturitykit.lint import load_framework
from maturitykit.render.matrix import render_matrix

VALID = FIXTURES / "frameworks" / "valid"


def test_the_note_is_printed_under_the_scale() -> None:
    fw = load_framework("sel-neighbourhood")
    note = fw.default_scale.note
    assert note
    md = render_matrix(fw, "md")
    scale_line = next(line for line in md.splitlines() if line.startswith("Scale: "))
    after = md.split(scale_line, 1)[1].lstrip("\n")
    assert after.startswith(note), after[:200]
    html = render_matrix(fw, "html")
    assert "<p>Scale: 1 Emerging · 2 Developing · 3 Maturing · 4 Thriving.</p>\n<p class=\"note\">Columns run" in html


def test_no_note_prints_nothing(cli) -> None:
    fw = load_framework(VALID / "weighted-domains.yaml")
    assert fw.default_scale.note is None
    md = ok(cli("framework", "render", str(VALID / "weighted-domains.yaml"))).stdout
    assert "Scale: 1 Starting · 2 Developing · 3 Established.\n\n###" in md


def test_items_on_another_scale_get_their_own_columns() -> None:
    md = render_matrix(load_framework(VALID / "dma-like-mixed-questions.yaml"), "md")
    assert md.count("### Leadership") == 1  # one heading, two tables
    assert "| Item | 0 No | 1 Yes |" in md
    assert "| Item | 1 Not started | 2 Planned | 3 Partly in place | 4 Mostly in place | 5 Embedded |" in md
    answers = render_matrix(load_framework(VALID / "samm-like-graded-answers.yaml"), "html")
    assert '<th scope="col">0.25 Yes, for some</th>' in answers
