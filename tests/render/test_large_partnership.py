"""A report of a large partnership summarises instead of naming each partner: scores by level, the
extremes' reasons quoted with a count of the rest, and no list of a thousand names in the Methods."""

from __future__ import annotations

from conftest import ok
from maturitykit.analysis.board import LARGE_PARTNERSHIP, QUOTED_AT_EACH_END

ITEMS = ("facilitating-data-sharing", "shared-clinical-risk", "parity-of-voice")


def _round(tmp_path, partners: int):
    path = tmp_path / f"returns-{partners}.csv"
    lines = ["partner,item,score,rationale"]
    for p in range(partners):
        for n, item in enumerate(ITEMS):
            lines.append(f"Partner {p:03d},{item},{1 + (p + n) % 4},reason of partner {p:03d} on {item}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_large_partnership_is_summarised(cli, tmp_path):
    partners = LARGE_PARTNERSHIP + 20
    sheet = _round(tmp_path, partners)
    for fmt in ("md", "html"):
        ok(cli("report", "sel-neighbourhood", f"r1={sheet}", "-o", tmp_path / f"r.{fmt}"))
        page = (tmp_path / f"r.{fmt}").read_text(encoding="utf-8")
        assert "15 at 1, 15 at 2, 15 at 3, 15 at 4" in page, fmt  # the agenda: counts by level
        assert f"{partners - 2 * QUOTED_AT_EACH_END} other partners scored or wrote on this item" in page, fmt
        assert "(named in the merged file)" in page and "Partner 000, Partner 001" not in page, fmt
        quoted = {f"Partner {p:03d}" for p in range(partners) if f"reason of partner {p:03d}" in page}
        assert len(quoted) < partners / 2, fmt  # not every partner's text


def test_a_small_partnership_is_shown_whole(cli, tmp_path):
    sheet = _round(tmp_path, 8)
    ok(cli("report", "sel-neighbourhood", f"r1={sheet}", "-o", tmp_path / "r.md"))
    page = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "other partners scored or wrote" not in page and "named in the merged file" not in page
    assert all(f"reason of partner {p:03d} on parity-of-voice" in page for p in range(8))


def test_a_large_partnership_agenda_counts_and_quotes_the_extremes(cli, tmp_path):
    """`score divergence` (terminal, md, html) of more than LARGE_PARTNERSHIP partners: counts by level, not a
    dot a partner; QUOTED_AT_EACH_END rationales at each end with a count of the rest; the partners furthest
    from the medians, not every partner; the JSON still holds everyone."""
    partners = LARGE_PARTNERSHIP + 20
    sheet = _round(tmp_path, partners)
    screen = ok(cli("score", "divergence", "sel-neighbourhood", sheet)).stdout
    assert "●" not in screen and "1:15  2:15  3:15  4:15" in screen
    assert f"{15 - QUOTED_AT_EACH_END} more partners at 1" in screen
    assert f"of {partners} partners" in screen and screen.count(": above ") == 2 * QUOTED_AT_EACH_END
    for fmt in ("md", "html"):
        ok(cli("score", "divergence", "sel-neighbourhood", sheet, "-o", tmp_path / f"a.{fmt}"))
        page = (tmp_path / f"a.{fmt}").read_text(encoding="utf-8")
        assert f"{15 - QUOTED_AT_EACH_END} more partners at 1" in page, fmt
        quoted = {f"Partner {p:03d}" for p in range(partners) if f"Partner {p:03d}" in page}
        assert len(quoted) < partners / 2, fmt
    assert "<circle" not in (tmp_path / "a.html").read_text(encoding="utf-8")
    whole = ok(cli("score", "divergence", "sel-neighbourhood", sheet, "--format", "json")).stdout
    assert all(f"reason of partner {p:03d}" in whole for p in range(partners))


def test_a_small_partnership_agenda_is_shown_whole(cli, tmp_path):
    sheet = _round(tmp_path, 8)
    screen = ok(cli("score", "divergence", "sel-neighbourhood", sheet)).stdout
    assert "●" in screen and "more partner" not in screen
    assert all(f"Partner {p:03d}: above" in screen for p in range(8))
