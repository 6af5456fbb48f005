"""One Format enum and one rule for every command: --format wins, else the file's suffix, else the default."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from conftest import REPO, ok, refused
from maturitykit.cli.options import Format, choose_format
from maturitykit.errors import InputError

EXAMPLE = REPO / "examples" / "sel-thameside"
AGENDA = (Format.human, Format.md, Format.html, Format.json, Format.csv)


def test_explicit_format_wins_over_the_suffix():
    assert choose_format(Format.json, Path("agenda.html"), AGENDA, screen=Format.human) == Format.json


def test_suffix_decides_when_no_format_is_given():
    assert choose_format(None, Path("agenda.HTML"), AGENDA, file=Format.human) == Format.html
    assert choose_format(None, Path("agenda.markdown"), AGENDA, file=Format.human) == Format.md
    assert choose_format(None, Path("agenda.csv"), AGENDA, file=Format.human) == Format.csv


def test_screen_and_file_defaults():
    assert choose_format(None, None, AGENDA, screen=Format.human) == Format.human
    assert choose_format(None, Path("agenda"), AGENDA, file=Format.csv) == Format.csv
    with pytest.raises(InputError, match="cannot tell the format"):
        choose_format(None, Path("agenda.dat"), AGENDA, file=Format.csv)


def test_a_name_that_says_nothing_is_refused_without_a_file_default():
    with pytest.raises(InputError, match=r"end it in \.csv"):
        choose_format(None, Path("plan.txt"), (Format.csv, Format.xlsx, Format.md))


def test_a_known_suffix_the_command_cannot_write_is_refused_not_guessed():
    # report.xlsx must not quietly become Markdown or HTML named .xlsx
    with pytest.raises(InputError, match="cannot tell the format"):
        choose_format(None, Path("report.xlsx"), (Format.html, Format.md))


def test_an_explicit_format_the_command_cannot_write_is_refused():
    with pytest.raises(InputError, match="--format xlsx is not one this command writes"):
        choose_format(Format.xlsx, None, AGENDA, screen=Format.human)


def test_divergence_to_agenda_html_writes_html(cli, tmp_path):
    out = tmp_path / "agenda.html"
    ok(cli("score", "divergence", "sel-neighbourhood", EXAMPLE / "baseline", "-o", out))
    text = out.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html")
    assert "</html>" in text


def test_divergence_to_json_file_is_the_report_dict(cli, tmp_path):
    out = tmp_path / "agenda.json"
    ok(cli("score", "divergence", "sel-neighbourhood", EXAMPLE / "baseline", "-o", out))
    assert "items" in json.loads(out.read_text(encoding="utf-8"))


def test_framework_render_to_html_file_writes_html(cli, tmp_path):
    out = tmp_path / "m.html"
    ok(cli("framework", "render", "lloyds-system-maturity", "-o", out))
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    md = tmp_path / "m.md"
    ok(cli("framework", "render", "lloyds-system-maturity", "-o", md))
    assert md.read_text(encoding="utf-8").startswith("#")


def test_merge_suffix_decides_xlsx(cli, tmp_path):
    out = tmp_path / "merged.xlsx"
    ok(cli("score", "merge", "sel-neighbourhood", EXAMPLE / "baseline", "-o", out, "--place", "Thameside",
           "--round", "baseline"))
    assert out.read_bytes()[:2] == b"PK"


def test_plan_with_a_name_that_says_nothing_is_refused(cli, tmp_path):
    message = refused(cli("plan", "sel-neighbourhood", EXAMPLE / "baseline", "-o", tmp_path / "plan.txt"))
    assert "plan.txt" in message and ".csv" in message
    assert not (tmp_path / "plan.txt").exists()


def test_report_format_follows_the_same_rule(cli, tmp_path):
    message = refused(cli("report", "sel-neighbourhood", f"baseline={EXAMPLE / 'baseline'}",
                          "-o", tmp_path / "report.pdf"))
    assert ".html" in message


def test_there_is_one_format_enum():
    # Seven format enums once disagreed about suffixes; the architecture keeps one.
    found = []
    for path in (REPO / "src" / "maturitykit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Format"):
                found.append(f"{path.relative_to(REPO)}:{node.name}")
    assert found == ["src/maturitykit/cli/options.py:Format"]
