"""How a merged row names its source file: relative, never an absolute local path (`source_names`).

Folders are resolved once each, not every sheet, so what a linked sheet or a `..` in a path gives is
held here to what resolving each path in full gives.
"""

from __future__ import annotations

from pathlib import Path

from maturitykit.rounds.sources import source_names


def test_a_sheet_inside_the_base_is_named_from_the_base(tmp_path: Path) -> None:
    (tmp_path / "returns").mkdir()
    sheet = tmp_path / "returns" / "a.csv"
    sheet.write_text("x\n", encoding="utf-8")
    dotted = str(tmp_path / "returns" / ".." / "returns" / "a.csv")
    assert source_names([str(sheet), dotted], tmp_path) == {str(sheet): "returns/a.csv", dotted: "returns/a.csv"}


def test_a_relative_name_is_kept_as_given(tmp_path: Path) -> None:
    assert source_names(["returns/a.csv"], tmp_path) == {"returns/a.csv": "returns/a.csv"}


def test_a_linked_sheet_is_named_where_it_points(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "elsewhere").mkdir()
    real = tmp_path / "base" / "real.csv"
    real.write_text("x\n", encoding="utf-8")
    link = tmp_path / "elsewhere" / "link.csv"
    link.symlink_to(real)
    assert source_names([str(link)], tmp_path / "base") == {str(link): "real.csv"}


def test_sheets_outside_the_base_are_named_from_the_folder_they_share(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    for folder in ("north", "south"):
        (tmp_path / "returns" / folder).mkdir(parents=True)
    files = [str(tmp_path / "returns" / "north" / "a.csv"), str(tmp_path / "returns" / "south" / "b.csv")]
    named = source_names(files, tmp_path / "base")
    assert named == {files[0]: "returns/north/a.csv", files[1]: "returns/south/b.csv"}
    assert not any(Path(shown).is_absolute() for shown in named.values())


def test_every_name_is_shown_relative_whatever_the_mix(tmp_path: Path) -> None:
    """Inside the base, outside it, relative, dotted and linked at once: each file is named, none absolute,
    and the same as naming each file alone would name it against the others."""
    (tmp_path / "base" / "in").mkdir(parents=True)
    (tmp_path / "out" / "deep").mkdir(parents=True)
    inside = tmp_path / "base" / "in" / "a.csv"
    outside = tmp_path / "out" / "deep" / "b.csv"
    for sheet in (inside, outside):
        sheet.write_text("x\n", encoding="utf-8")
    link = tmp_path / "base" / "in" / "link.csv"
    link.symlink_to(outside)
    files = [str(inside), str(outside), str(link), "rel/c.csv", str(tmp_path / "out" / ".." / "out" / "deep" / "b.csv")]
    named = source_names(files, tmp_path / "base")
    assert set(named) == set(files)
    assert not any(Path(shown).is_absolute() or ".." in Path(shown).parts for shown in named.values())
    assert named[str(inside)] == "in/a.csv" and named["rel/c.csv"] == "rel/c.csv"
    assert named[str(outside)] == named[str(link)] == named[files[4]] == "deep/b.csv"
