"""`-o -`: every command with -o writes to standard output where its format allows.

Text (CSV, JSON, Markdown, HTML) goes to standard output and nothing else does (messages go to
stderr); binary (XLSX, Parquet) and the HTML report go to a pipe but are refused on a terminal; a
Markdown report, whose charts are files beside it, and a set of partner sheets are refused.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from conftest import REPO, ok, refused

EXAMPLE = REPO / "examples" / "sel-thameside"
FW = "sel-neighbourhood"
BASE, FOLLOW = EXAMPLE / "baseline", EXAMPLE / "followup"


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(("command", "kind"), [
    (("score", "template", FW), "csv"),
    (("score", "merge", FW, BASE, "-q"), "csv"),
    (("score", "merge", FW, BASE, "-q", "--format", "json"), "json"),
    (("score", "divergence", FW, BASE, "--format", "csv"), "csv"),
    (("score", "divergence", FW, BASE, "--format", "json"), "json"),
    (("score", "divergence", FW, BASE, "--format", "md"), "md"),
    (("score", "delta", FW, BASE, FOLLOW, "--format", "csv"), "csv"),
    (("score", "delta", FW, BASE, FOLLOW, "--format", "json"), "json"),
    (("score", "trend", FW, f"a={BASE}", f"b={FOLLOW}", "--format", "csv"), "csv"),
    (("score", "trend", FW, f"a={BASE}", f"b={FOLLOW}", "--format", "md"), "md"),
    (("framework", "render", FW), "md"),
    (("framework", "schema"), "json"),
    (("plan", FW, BASE, "--all", "--format", "csv"), "csv"),
    (("plan", FW, BASE, "--all"), "md"),
    (("report", FW, f"baseline={BASE}", "--format", "html"), "html"),
])
def test_dash_writes_text_to_standard_output_and_no_file(cli, tmp_path, monkeypatch, command, kind):
    monkeypatch.chdir(tmp_path)
    result = ok(cli(*command, "-o", "-"))
    out = result.stdout
    if kind == "csv":
        rows = _csv(out)
        assert rows and len(rows[0]) > 3
    elif kind == "json":
        assert isinstance(json.loads(out), dict)
    elif kind == "md":
        assert out.lstrip().startswith("#") or "|" in out
    else:
        assert out.startswith("<!DOCTYPE html>")
    last = out.rstrip("\n").rsplit("\n", 1)[-1]
    assert not last.startswith("wrote") and " read: " not in last and "planned;" not in last  # messages: stderr
    assert list(tmp_path.iterdir()) == []  # no file called "-", no chart


def test_merge_accounting_goes_to_stderr_with_dash(cli, tmp_path):
    result = ok(cli("score", "merge", FW, BASE, "-o", "-", "-q"))
    assert " read: " in result.stderr
    ok(cli("score", "merge", FW, BASE, "-o", tmp_path / "m.csv", "-q"))
    assert (tmp_path / "m.csv").read_text(encoding="utf-8") == result.stdout  # the same bytes either way


@pytest.mark.parametrize("command", [
    ("score", "merge", FW, BASE, "-q", "--format", "xlsx"),
    ("score", "divergence", FW, BASE, "--format", "xlsx"),
    ("score", "delta", FW, BASE, FOLLOW, "--format", "xlsx"),
    ("plan", FW, BASE, "--all", "--format", "xlsx"),
    ("score", "workshop", FW, BASE),
])
def test_dash_writes_a_workbook_to_a_pipe(cli, command):
    result = ok(cli(*command, "-o", "-"))
    assert zipfile.is_zipfile(io.BytesIO(result.stdout_bytes))


@pytest.mark.parametrize("command", [
    ("score", "divergence", FW, BASE, "--format", "parquet"),
    ("score", "workshop", FW, BASE),
    ("report", FW, f"baseline={BASE}", "--format", "html"),
])
def test_dash_refuses_binary_and_the_html_report_on_a_terminal(tmp_path, command):
    """Standard output a real terminal (a pseudo-terminal): refused, nothing printed, nothing written."""
    import os
    import pty
    import subprocess
    import sys

    main, child = pty.openpty()
    try:
        run = subprocess.run([sys.executable, "-c", "from maturitykit.cli.app import main; main()",
                              *map(str, command), "-o", "-"], stdout=child, stderr=subprocess.PIPE,
                             cwd=tmp_path, timeout=120, check=False)
        os.close(child)
        child = -1
        printed = b""
        try:
            while chunk := os.read(main, 65536):
                printed += chunk
        except OSError:  # EIO: the terminal's other end is closed
            pass
    finally:
        os.close(main)
        if child != -1:
            os.close(child)
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2, err
    assert err.startswith("maturity: -: ") and "give -o FILE" in err and "terminal" in err
    assert printed == b""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("command", "words"), [
    (("report", FW, f"baseline={BASE}", "--format", "md"), "charts are files beside it"),
    (("report", FW, f"baseline={BASE}"), "give --format"),
    (("score", "template", FW, "--partners", EXAMPLE / "partners.txt"), "give -o FOLDER"),
])
def test_dash_refused_where_the_output_is_several_files(cli, tmp_path, monkeypatch, command, words):
    monkeypatch.chdir(tmp_path)
    result = cli(*command, "-o", "-")
    assert words in refused(result)
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_two_outputs_to_standard_output_are_refused(cli):
    result = cli("score", "merge", FW, BASE, "-o", "-", "--summary", "-")
    assert "same file" in refused(result)
