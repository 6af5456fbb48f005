"""A bare id always means the bundled framework; a file of that name in the current folder never silently wins."""

from __future__ import annotations

import json

from conftest import ok

DECOY = "id: decoy\ntitle: A decoy that would change every result\nversion: '1'\n"


def test_a_bare_id_means_the_bundled_framework_and_the_ambiguity_is_reported(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sel-neighbourhood").write_text(DECOY, encoding="utf-8")
    result = ok(cli("framework", "show", "sel-neighbourhood", "--format", "json"))
    assert json.loads(result.stdout)["id"] == "sel-neighbourhood"
    assert "a file of that name in this folder was not used" in result.stderr


def test_a_path_means_the_file(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sel-neighbourhood").write_text(DECOY, encoding="utf-8")
    result = cli("framework", "validate", "./sel-neighbourhood")
    assert result.exit_code == 1  # the decoy was read: it lacks a scale and domains
    assert "warning" not in result.stderr


def test_no_warning_without_a_clash(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = ok(cli("framework", "show", "sel-neighbourhood", "--format", "json"))
    assert result.stderr == ""
