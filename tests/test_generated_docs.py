"""Generated artefacts must match their sources: schema, CLI reference, lint-rule docs."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, docsgen, ok
from maturitykit.framework.model import json_schema


def test_committed_schema_is_current():
    committed = json.loads((REPO / "schema" / "framework.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "schema is stale: run `maturity framework schema -o schema/framework.schema.json`"


def test_generated_docs_are_current():
    for path, text in docsgen.targets(REPO).items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run `python tools/docsgen.py`"


def test_every_command_is_documented():
    cli_md = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    names = [name for name, _ in docsgen.commands()]
    assert len(names) > 5
    for name in names:
        assert f"`{name}`" in cli_md, f"{name} is missing from docs/cli.md"


def test_every_field_has_a_description():
    schema = json_schema()
    for model, definition in schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{model}.{field} has no description"
    for field, spec in schema["properties"].items():
        assert spec.get("description"), f"Framework.{field} has no description"


def test_models_forbid_unknown_fields():
    schema = json_schema()
    for model, definition in schema["$defs"].items():
        if definition.get("type") == "object":
            assert definition.get("additionalProperties") is False, model
    assert schema.get("additionalProperties") is False


def test_readme_tours_every_top_level_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, cmd in docsgen.commands():
        if getattr(cmd, "commands", None) or name == "maturity":
            continue
        assert name in readme, f"README.md's tour does not mention {name}"


def test_format_example_lints_clean(tmp_path):
    from maturitykit.lint.engine import lint_paths

    path = tmp_path / "example.yaml"
    path.write_text(docsgen.FORMAT_EXAMPLE, encoding="utf-8")
    report = lint_paths([path], strict=True)
    assert report.valid and report.stats.errors == 0 and report.stats.warnings == 0


def test_help_shows_no_python_types():
    # A flag takes no value: "--strict <bool>" reads as if it needed one; "<list[Path]>" is Python, not words.
    from typer.testing import CliRunner

    from maturitykit.cli.app import app

    runner = CliRunner()
    for name, _ in docsgen.commands():
        result = runner.invoke(app, [*name.split()[1:], "--help"], terminal_width=120)
        assert result.exit_code == 0, name
        assert "<bool>" not in result.stdout and "list[" not in result.stdout, name


def test_completion_is_offered():
    from typer.testing import CliRunner

    from maturitykit.cli.app import app

    assert "--install-completion" in CliRunner().invoke(app, ["--help"]).stdout


def test_framework_format_gives_types_in_words():
    text = (REPO / "docs" / "framework-format.md").read_text(encoding="utf-8")
    types = [line.split("|")[2] for line in text.splitlines() if line.startswith("| `")]
    assert len(types) > 30
    for words in types:
        assert not any(mark in words for mark in ("[", "Annotated", "<class", "Optional", "str", "NoneType")), words


def test_schema_ships_in_the_package_and_its_path_is_printed(cli):
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    path = Path(ok(cli("framework", "schema", "--path")).stdout.strip())
    assert path.is_file() and json.loads(path.read_text(encoding="utf-8")) == json_schema()
    assert json_schema()["$id"].startswith("urn:maturitykit:framework-schema:")
    # The wheel maps schema/ to maturitykit/schema with its JSON as package data.
    setup = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert setup["package-dir"]["maturitykit.schema"] == "schema" and "maturitykit.schema" in setup["packages"]
    assert setup["package-data"]["maturitykit.schema"] == ["*.json"]
