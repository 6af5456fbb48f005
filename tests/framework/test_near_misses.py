"""A near miss in a framework id or a YAML field gets the nearest candidates named, never a guess."""

from __future__ import annotations

from conftest import FIXTURES, refused


def test_a_misspelt_framework_id_names_the_nearest(cli, tmp_path):
    err = refused(cli("score", "template", "sel-neighborhood", "-o", tmp_path / "t.csv"))
    assert "did you mean 'sel-neighbourhood'?" in err
    assert not (tmp_path / "t.csv").exists()


def test_a_misspelt_yaml_field_names_the_nearest(cli, tmp_path):
    source = (FIXTURES / "bad" / "yaml-unknown-field.yaml").read_text(encoding="utf-8")
    assert "colour:" in source
    framework = tmp_path / "f.yaml"
    framework.write_text(source.replace("colour:", "titel:"), encoding="utf-8")
    result = cli("framework", "validate", framework)
    assert result.exit_code == 1
    assert "unknown field 'titel' (did you mean 'title'?)" in result.output
