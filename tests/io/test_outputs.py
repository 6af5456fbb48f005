"""An output is never one of the inputs, by any path: `io.outputs.refuse_overwrite`.

Inputs are looked at with one stat each and resolved only when that cannot settle it, so each way
a path can lead to an input is tried here: itself, through a symbolic link (either side), through
`..`, as a hard link, and a link to a file that is not there yet.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from maturitykit.errors import OutputError
from maturitykit.io.outputs import refuse_overwrite


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "returns").mkdir()
    for name in ("a.csv", "b.csv"):
        (tmp_path / "returns" / name).write_text("partner,item,score\n", encoding="utf-8")
    return tmp_path


def _inputs(folder: Path) -> list[Path]:
    return [folder / "returns" / "a.csv", folder / "returns" / "b.csv"]


def test_a_new_file_beside_the_inputs_is_allowed(folder):
    refuse_overwrite(folder / "merged.csv", _inputs(folder))
    refuse_overwrite(folder / "returns" / "merged.csv", _inputs(folder))


def test_an_existing_other_file_is_allowed(folder):
    (folder / "merged.csv").write_text("old\n", encoding="utf-8")
    refuse_overwrite(folder / "merged.csv", _inputs(folder))


@pytest.mark.parametrize("way", ["itself", "dot-dot", "link-to-input", "input-is-a-link", "hard-link",
                                 "relative"])
def test_every_path_to_an_input_is_refused(folder, way, monkeypatch):
    inputs = _inputs(folder)
    victim = inputs[1]
    output = victim
    if way == "dot-dot":
        output = folder / "returns" / ".." / "returns" / "b.csv"
    elif way == "link-to-input":
        output = folder / "out.csv"
        output.symlink_to(victim)
    elif way == "input-is-a-link":
        linked = folder / "linked.csv"
        linked.symlink_to(victim)
        inputs = [inputs[0], linked]
    elif way == "hard-link":
        output = folder / "hard.csv"
        os.link(victim, output)
    elif way == "relative":
        monkeypatch.chdir(folder)
        output = Path("returns/b.csv")
    with pytest.raises(OutputError, match="overwrite the input"):
        refuse_overwrite(output, inputs)


def test_a_link_to_an_input_not_yet_there_is_refused(folder):
    """Neither exists: only resolving both paths shows that they are one."""
    missing = folder / "returns" / "later.csv"
    output = folder / "out.csv"
    output.symlink_to(missing)
    with pytest.raises(OutputError, match="overwrite the input"):
        refuse_overwrite(output, [missing])
