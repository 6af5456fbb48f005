"""Alpha and AC2 from fewer than three partners carry a caution wherever they are printed."""

from __future__ import annotations

from conftest import ok


def _two_partners(tmp_path):
    path = tmp_path / "returns.csv"
    lines = ["partner,item,score"]
    for partner, base in (("Trust A", 2), ("Council B", 3)):
        lines += [f"{partner},facilitating-data-sharing,{base}", f"{partner},shared-clinical-risk,{base + 1}",
                  f"{partner},parity-of-voice,{base}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_format_prints_the_caution(cli, tmp_path):
    sheet = _two_partners(tmp_path)
    expected = "only 2 partners rated items in common"
    assert expected in ok(cli("score", "divergence", "sel-neighbourhood", sheet)).stdout
    for fmt in ("md", "html"):
        out = ok(cli("score", "divergence", "sel-neighbourhood", sheet, "--format", fmt)).stdout
        assert f"Caution: {expected}" in out, fmt
        ok(cli("report", "sel-neighbourhood", f"r1={sheet}", "-o", tmp_path / f"report.{fmt}"))
        page = (tmp_path / f"report.{fmt}").read_text(encoding="utf-8")
        assert f"Caution: {expected}" in page, fmt


def test_no_caution_with_enough_partners(cli):
    from conftest import REPO

    out = ok(cli("score", "divergence", "sel-neighbourhood", REPO / "examples" / "sel-thameside" / "baseline",
                 "--format", "md")).stdout
    assert "Caution:" not in out
