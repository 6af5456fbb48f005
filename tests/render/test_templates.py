"""User templates run in Jinja's sandbox; a broken one is the user's error (exit 2, file and line)."""

from __future__ import annotations

from conftest import REPO, ok, refused

EXAMPLE = REPO / "examples" / "sel-thameside"


def _report(cli, out, *extra):
    return cli("report", "sel-neighbourhood", f"baseline={EXAMPLE / 'baseline'}", f"followup={EXAMPLE / 'followup'}",
               "-o", out, *extra)


def test_a_template_cannot_reach_python_internals(cli, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    message = refused(_report(cli, tmp_path / "r.md", "--templates", folder))
    assert "report.md.j2" in message and "internal error" not in message
    assert not (tmp_path / "r.md").exists()


def test_a_template_syntax_error_names_the_file_and_line(cli, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text("# Title\n\n{% if %}\n", encoding="utf-8")
    message = refused(_report(cli, tmp_path / "r.md", "--templates", folder))
    assert "report.md.j2" in message and ":3" in message and "does not parse" in message


def test_exported_templates_reproduce_the_built_in_report(cli, tmp_path):
    folder = tmp_path / "mine"
    ok(cli("report", "--export-templates", folder))
    assert (folder / "report.md.j2").is_file() and (folder / "report.html.j2").is_file()
    ok(_report(cli, tmp_path / "built-in.md"))
    ok(_report(cli, tmp_path / "exported.md", "--templates", folder))
    built_in = (tmp_path / "built-in.md").read_text(encoding="utf-8")
    exported = (tmp_path / "exported.md").read_text(encoding="utf-8")
    assert exported.replace("exported", "built-in") == built_in


def test_export_never_replaces_a_template_already_there(cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "report.md.j2").write_text("mine\n", encoding="utf-8")
    refused(cli("report", "--export-templates", folder))
    assert (folder / "report.md.j2").read_text(encoding="utf-8") == "mine\n"
