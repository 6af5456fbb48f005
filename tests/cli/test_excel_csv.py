"""--excel (or `encoding = "utf-8-sig"` in maturity.toml): CSV Excel reads right, that maturitykit reads back."""

from __future__ import annotations

import json

from conftest import REPO, ok

EXAMPLE = REPO / "examples" / "sel-thameside"
BOM = b"\xef\xbb\xbf"


def test_excel_csv_has_a_bom_and_the_same_text(cli, tmp_path):
    args = ["score", "merge", "sel-neighbourhood", EXAMPLE / "baseline", "--place", "Thameside", "-q"]
    ok(cli(*args, "-o", tmp_path / "plain.csv", "--summary", tmp_path / "plain-summary.csv"))
    ok(cli(*args, "-o", tmp_path / "excel.csv", "--summary", tmp_path / "excel-summary.csv", "--excel"))
    for name in ("excel", "excel-summary"):
        data = (tmp_path / f"{name}.csv").read_bytes()
        assert data.startswith(BOM)
        assert data[len(BOM):] == (tmp_path / f"{name.replace('excel', 'plain')}.csv").read_bytes()
    assert not (tmp_path / "plain.csv").read_bytes().startswith(BOM)
    # maturitykit reads its own BOM'd file back exactly as the plain one.
    plain = json.loads(ok(cli("score", "divergence", "sel-neighbourhood", tmp_path / "plain.csv", "--format",
                              "json")).stdout)
    excel = json.loads(ok(cli("score", "divergence", "sel-neighbourhood", tmp_path / "excel.csv", "--format",
                              "json")).stdout)
    assert plain["items"] == excel["items"]


def test_every_csv_writer_takes_excel(cli, tmp_path):
    base, follow = EXAMPLE / "baseline", EXAMPLE / "followup"
    for name, command in {
        "divergence": ("score", "divergence", "sel-neighbourhood", base),
        "delta": ("score", "delta", "sel-neighbourhood", base, follow),
        "trend": ("score", "trend", "sel-neighbourhood", f"b={base}", f"f={follow}"),
        "plan": ("plan", "sel-neighbourhood", base, "--target", "3"),
    }.items():
        ok(cli(*command, "-o", tmp_path / f"{name}.csv", "--excel"))
        assert (tmp_path / f"{name}.csv").read_bytes().startswith(BOM), name


def test_the_workspace_encoding_setting(cli, tmp_path, monkeypatch):
    import shutil

    ws = tmp_path / "ws"
    ok(cli("init", ws, "--framework", "sel-neighbourhood", "--place", "Thameside", "--round", "baseline"))
    for sheet in (EXAMPLE / "baseline").iterdir():
        if sheet.name != "consensus.csv":
            shutil.copy(sheet, ws / "rounds" / "baseline" / "returned" / sheet.name)
    config = ws / "maturity.toml"
    text = config.read_text(encoding="utf-8")
    assert '# encoding = "utf-8-sig"' in text
    config.write_text(text.replace('# encoding = "utf-8-sig"', 'encoding = "utf-8-sig"'), encoding="utf-8")
    monkeypatch.chdir(ws)
    ok(cli("score", "merge", "-q"))
    assert (ws / "rounds" / "baseline" / "merged.csv").read_bytes().startswith(BOM)
    config.write_text(text.replace('# encoding = "utf-8-sig"', 'encoding = "latin-1"'), encoding="utf-8")
    result = cli("status")
    assert result.exit_code == 2 and "encoding" in result.output
