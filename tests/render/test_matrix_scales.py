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


def test_a_domain_scale_note_is_printed_above_its_table(cli) -> None:
    path = VALID / "scale-notes-per-domain.yaml"
    md = ok(cli("framework", "render", str(path), "--format", "md")).stdout
    # The framework's note once, under the scale line; the domain's own note above the table it sets.
    assert "Scale: 1 Starting · 2 Developing · 3 Established.\n\nReadiness levels were chosen" in md
    assert md.count("Readiness levels were chosen") == 1
    agreements = md.split("### Agreements", 1)[1].split("###", 1)[0]
    assert "Scale: 0 No · 1 Yes. Answer yes only when the agreement is signed by every partner.\n\n| Item | 0 No | 1 Yes |" \
        in agreements
    visibility = md.split("### Visibility", 1)[1]
    assert "Scale:" not in visibility  # a scale without a note prints no note line
    html = ok(cli("framework", "render", str(path), "--format", "html")).stdout
    assert ('<p class="note">Scale: 0 No · 1 Yes. Answer yes only when the agreement is signed by every partner.</p>\n'
            '<div class="table-wrap" role="region" aria-label="Agreements: descriptors by level" tabindex="0"><table>') in html
    assert html.count("Readiness levels were chosen") == 1


def test_every_bundled_scale_note_is_rendered() -> None:
    from maturitykit.framework.loader import bundled_paths

    for framework_id in bundled_paths():
        fw = load_framework(framework_id)
        note = fw.default_scale.note
        assert note, framework_id
        assert note in render_matrix(fw, "md").replace("\\", ""), framework_id
        assert note.replace('"', "&#34;").replace("'", "&#39;") in render_matrix(fw, "html"), framework_id
