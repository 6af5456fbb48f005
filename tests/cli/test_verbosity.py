"""-q/--quiet and -v/--verbose mean the same on every command."""

from __future__ import annotations

from conftest import REPO, docsgen, ok

EXAMPLE = REPO / "examples" / "sel-thameside"


def test_every_command_takes_quiet_and_verbose(cli):
    for name, cmd in docsgen.commands():
        if getattr(cmd, "commands", None):
            continue
        options = {opt for param in cmd.params for opt in getattr(param, "opts", [])}
        assert {"-q", "--quiet", "-v", "--verbose"} <= options, name


def test_quiet_keeps_warnings_and_drops_the_rest(cli, tmp_path):
    args = ["score", "merge", "sel-neighbourhood", EXAMPLE / "baseline", "--place", "Thameside"]
    normal = ok(cli(*args, "-o", tmp_path / "a.csv"))
    assert "wrote " in normal.stderr and "warning [format]" in normal.stderr
    quiet = ok(cli(*args, "-o", tmp_path / "b.csv", "-q"))
    assert "wrote " not in quiet.stderr and "warning [format]" in quiet.stderr
    assert quiet.stdout == normal.stdout  # the accounting line is the command's output, never hidden
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_verbose_lists_every_input(cli, tmp_path):
    result = ok(cli("score", "delta", "sel-neighbourhood", EXAMPLE / "baseline", EXAMPLE / "followup", "-v",
                    "-o", tmp_path / "d.csv"))
    listed = [line.removeprefix("input ") for line in result.stderr.splitlines() if line.startswith("input ")]
    assert sum(1 for line in listed if line.endswith("consensus.csv")) == 2
    assert len(listed) == 1 + len(list((EXAMPLE / "baseline").iterdir())) + len(list((EXAMPLE / "followup").iterdir()))


def test_verbose_does_not_list_inputs_under_anonymise(cli, tmp_path):
    result = ok(cli("score", "divergence", "sel-neighbourhood", EXAMPLE / "baseline", "--anonymise", "-v",
                    "--key", tmp_path / "key.json", "--format", "json"))
    assert "council-adult-social-care" not in result.stderr


def test_quiet_and_verbose_together_are_refused(cli, tmp_path):
    result = cli("framework", "render", "lloyds-system-maturity", "-o", tmp_path / "m.md", "-q", "-v")
    assert result.exit_code == 2 and "not both" in result.output
    assert not (tmp_path / "m.md").exists()
