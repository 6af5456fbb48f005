"""Unit tests of maturitykit.io.yamlsafe: positions, refusals and limits of the safe loader."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from maturitykit.errors import Location, YamlError
from maturitykit.io.yamlsafe import MAX_BYTES, MAX_DEPTH, MAX_NODES, load_yaml_file, load_yaml_text

FRAMEWORK = """\
id: demo
scale:
  levels:
    - {value: 1, label: Low}
    - value: 2
      label: High
domains:
  - id: vision
    tags: [leadership, system]
    descriptors:
      1: one
      2:
        - two
        - more
"""


def _billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ["lol1: &lol1 [" + ", ".join(['"lol"'] * width) + "]"]
    for k in range(2, levels + 1):
        lines.append(f"lol{k}: &lol{k} [" + ", ".join([f"*lol{k - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _error(text: str, **kwargs: object) -> YamlError:
    with pytest.raises(YamlError) as info:
        load_yaml_text(text, "f.yaml", **kwargs)  # type: ignore[arg-type]
    return info.value


# ------------------------------------------------------------------------------- positions
def test_data_is_plain_python() -> None:
    doc = load_yaml_text(FRAMEWORK, "f.yaml")
    assert doc.file == "f.yaml"
    assert doc.data == {
        "id": "demo",
        "scale": {"levels": [{"value": 1, "label": "Low"}, {"value": 2, "label": "High"}]},
        "domains": [
            {
                "id": "vision",
                "tags": ["leadership", "system"],
                "descriptors": {1: "one", 2: ["two", "more"]},
            }
        ],
    }


@pytest.mark.parametrize(
    ("path", "position"),
    [
        ((), (1, 1)),
        (("id",), (1, 1)),
        (("scale",), (2, 1)),
        (("scale", "levels"), (3, 3)),
        (("scale", "levels", 0), (4, 7)),  # a flow mapping entry: its '{'
        (("scale", "levels", 0, "label"), (4, 18)),
        (("scale", "levels", 1), (5, 7)),  # a block mapping entry: its first key
        (("scale", "levels", 1, "value"), (5, 7)),
        (("scale", "levels", 1, "label"), (6, 7)),
        (("domains", 0), (8, 5)),
        (("domains", 0, "id"), (8, 5)),
        (("domains", 0, "tags", 0), (9, 12)),
        (("domains", 0, "tags", 1), (9, 24)),
        (("domains", 0, "descriptors"), (10, 5)),
        (("domains", 0, "descriptors", 1), (11, 7)),  # integer keys stay integers
        (("domains", 0, "descriptors", 2), (12, 7)),
        (("domains", 0, "descriptors", 2, 0), (13, 11)),
        (("domains", 0, "descriptors", 2, 1), (14, 11)),
    ],
)
def test_positions_of_keys_and_list_entries(path: tuple[object, ...], position: tuple[int, int]) -> None:
    doc = load_yaml_text(FRAMEWORK, "f.yaml")
    assert doc.positions[path] == position
    assert doc.locate(path) == Location("f.yaml", *position)


def test_every_key_and_entry_has_a_position() -> None:
    doc = load_yaml_text(FRAMEWORK, "f.yaml")

    def walk(value: object, path: tuple[object, ...]) -> list[tuple[object, ...]]:
        found = [path]
        if isinstance(value, dict):
            for key, child in value.items():
                found += walk(child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                found += walk(child, (*path, index))
        return found

    assert set(walk(doc.data, ())) == set(doc.positions)


def test_locate_falls_back_to_nearest_ancestor() -> None:
    doc = load_yaml_text(FRAMEWORK, "f.yaml")
    assert doc.locate(("domains", 0, "title")) == Location("f.yaml", 8, 5)
    assert doc.locate(("domains", 0, "descriptors", 7, "x")) == Location("f.yaml", 10, 5)
    assert doc.locate(("nowhere", 3)) == Location("f.yaml", 1, 1)


def test_positions_count_comment_lines() -> None:
    doc = load_yaml_text("# header\n\n# more\nid: x\nlist:\n  - a\n", "f.yaml")
    assert doc.positions[("id",)] == (4, 1)
    assert doc.positions[("list", 0)] == (6, 5)
    assert doc.positions[()] == (4, 1)


def test_aliases_are_expanded_with_the_anchor_position() -> None:
    doc = load_yaml_text("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}
    assert doc.positions[("b",)] == (2, 1)
    assert doc.positions[("b", 1)] == (1, 11)


# ---------------------------------------------------------------------------- refusals
def test_duplicate_key_names_both_lines() -> None:
    error = _error("id: a\ntitle: First\nversion: '1'\ntitle: Second\n")
    assert error.location == Location("f.yaml", 4, 1)
    assert "duplicate key 'title'" in error.message
    assert "first at line 2, column 1" in error.message


def test_nested_duplicate_key_names_both_lines() -> None:
    error = _error("domains:\n  - id: a\n    descriptors:\n      1: x\n      2: y\n      1: z\n")
    assert error.location == Location("f.yaml", 6, 7)
    assert "duplicate key 1 (first at line 4, column 7)" in error.message


def test_same_key_in_different_mappings_is_fine() -> None:
    doc = load_yaml_text("- {id: a, title: A}\n- {id: b, title: A}\n")
    assert doc.data == [{"id": "a", "title": "A"}, {"id": "b", "title": "A"}]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("id: x\nscale:\n\tlevels: []\n", 3),
        ("a:\n  - b\n\t- c\n", 3),
        ("a:\n  b: 1\n  c:\n\t\td: 2\n", 4),
    ],
)
def test_tab_indentation_message_mentions_tabs(text: str, line: int) -> None:
    error = _error(text)
    assert "tabs" in error.message
    assert "use spaces" in error.message
    assert error.location is not None and error.location.line == line


def test_tab_inside_a_value_is_text() -> None:
    assert load_yaml_text('a: "x\\ty"\nb: "p\tq"\n').data == {"a": "x\ty", "b": "p\tq"}


@pytest.mark.parametrize(
    "text",
    [
        'a: !!python/object/apply:os.system ["echo unsafe"]\n',
        "a: !!python/object/apply:os.system echo\n",
        "a: !!python/name:os.system ''\n",
        "a: !!python/object:collections.OrderedDict {}\n",
        "a: !!python/tuple [1, 2]\n",
        "a: !!set {x, y}\n",
        "a: !!omap [{x: 1}]\n",
        "a: !Ref other\n",
        "!!python/object/apply:os.system [echo]\n",
    ],
)
def test_unsafe_and_unknown_tags_are_refused(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(os, "system", lambda *a, **k: calls.append(a) or 0)
    error = _error(text)
    assert "tag" in error.message
    assert error.location is not None and error.location.line == 1
    assert calls == []


def test_plain_explicit_tags_are_accepted() -> None:
    assert load_yaml_text("a: !!str 1\nb: !!int '2'\nc: !!float 3\n").data == {"a": "1", "b": 2, "c": 3.0}


def test_merge_keys_are_refused() -> None:
    error = _error("base: &b {label: Low}\nlevel:\n  <<: *b\n  value: 1\n")
    assert "merge keys" in error.message
    assert error.location == Location("f.yaml", 3, 3)


def test_non_scalar_keys_are_refused() -> None:
    error = _error("? [a, b]\n: c\n")
    assert "mapping keys must be plain scalars" in error.message


def test_billion_laughs_is_refused_by_the_default_budget() -> None:
    error = _error(_billion_laughs())
    assert f"more than {MAX_NODES:,} values" in error.message
    assert "alias bomb" in error.message


def test_node_budget_is_exact() -> None:
    # 1 root list + 3 lists of 3 entries, the inner one shared by alias: 1 + 3 * (1 + 3) = 13 values.
    text = "- &a [x, y, z]\n- *a\n- *a\n"
    assert load_yaml_text(text, max_nodes=13).data == [["x", "y", "z"]] * 3
    error = _error(text, max_nodes=12)
    assert "more than 12 values" in error.message


def test_small_budget_stops_a_small_bomb() -> None:
    error = _error(_billion_laughs(levels=4, width=9), max_nodes=1_000)
    assert "more than 1,000 values" in error.message


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "a: &x {b: *x}\n", "a: &x [1, [2, *x]]\n"])
def test_recursive_alias_is_refused(text: str) -> None:
    error = _error(text)
    assert f"nesting deeper than {MAX_DEPTH} levels" in error.message
    assert error.location is not None and error.location.line == 1


def test_nesting_at_the_depth_limit_is_accepted() -> None:
    # The root is at depth 0, so MAX_DEPTH + 1 nested lists put the innermost at depth MAX_DEPTH.
    def nested(n: int) -> str:
        return "[" * n + "]" * n

    load_yaml_text(nested(MAX_DEPTH + 1))
    with pytest.raises(YamlError) as info:
        load_yaml_text(nested(MAX_DEPTH + 2))
    assert "nesting deeper than" in info.value.message


def test_very_deep_nesting_is_a_yaml_error() -> None:
    with pytest.raises(YamlError):
        load_yaml_text("a: " + "[" * 2000 + "]" * 2000)


def test_multiple_documents_are_refused() -> None:
    error = _error("id: a\n---\nid: b\n")
    assert "expected a single document" in error.message
    assert error.location == Location("f.yaml", 2, 1)


def test_syntax_error_has_a_position() -> None:
    error = _error("a: [1, 2\nb: 3\n")
    assert error.message.startswith("YAML syntax error:")
    assert error.location == Location("f.yaml", 2, 2)


def test_undefined_alias_is_refused() -> None:
    error = _error("a: *nothing\n")
    assert "undefined alias" in error.message


def test_unclosed_quote_reports_where_it_opened() -> None:
    error = _error('id: a\ntitle: "Shared vision\nversion: 1\n')
    assert "line 2" in error.message or (error.location is not None and error.location.line == 2)


def test_nul_bytes_are_refused() -> None:
    error = _error("id: a\ntitle: x\x00y\n")
    assert "NUL" in error.message
    assert error.location == Location("f.yaml", 2, 9)  # where the NUL is


# ------------------------------------------------------------------------------ scalars
def test_timestamps_are_kept_as_text() -> None:
    doc = load_yaml_text(
        "date: 2025-08-01\nwhen: 2025-08-01 10:20:30\niso: 2025-08-01T10:20:30Z\nmonth: 2025-08\n"
    )
    assert doc.data == {
        "date": "2025-08-01",
        "when": "2025-08-01 10:20:30",
        "iso": "2025-08-01T10:20:30Z",
        "month": "2025-08",
    }
    assert all(isinstance(value, str) for value in doc.data.values())


def test_other_scalars_keep_their_yaml_types() -> None:
    doc = load_yaml_text("i: 3\nf: 1.5\nt: true\nn: ~\ns: '3'\nv: \"2025.1\"\n")
    assert doc.data == {"i": 3, "f": 1.5, "t": True, "n": None, "s": "3", "v": "2025.1"}
    assert type(doc.data["i"]) is int and type(doc.data["t"]) is bool


def test_empty_and_comment_only_text_is_none() -> None:
    for text in ["", "\n\n", "# only a comment\n"]:
        doc = load_yaml_text(text, "f.yaml")
        assert doc.data is None
        assert doc.locate(("id",)) == Location("f.yaml", 1, 1)


# ------------------------------------------------------------------------------- files
def test_load_file_uses_display_name(tmp_path: Path) -> None:
    path = tmp_path / "fw.yaml"
    path.write_text("id: a\nversion: '1'\n", encoding="utf-8")
    doc = load_yaml_file(path, display="shown.yaml")
    assert doc.data == {"id": "a", "version": "1"}
    assert doc.locate(("version",)) == Location("shown.yaml", 2, 1)
    assert load_yaml_file(path).file == str(path)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "fw.yaml"
    text = "id: a\n# padding\n"
    path.write_text(text, encoding="utf-8")
    assert load_yaml_file(path, max_bytes=len(text)).data == {"id": "a"}
    with pytest.raises(YamlError) as info:
        load_yaml_file(path, max_bytes=len(text) - 1)
    assert f"file is {len(text):,} bytes, over the {len(text) - 1:,}-byte limit" in info.value.message
    assert info.value.location == Location(str(path))


def test_default_size_limit_is_two_mebibytes(tmp_path: Path) -> None:
    assert MAX_BYTES == 2 * 1024 * 1024
    path = tmp_path / "big.yaml"
    path.write_bytes(b"id: a\n" + b"#" * (MAX_BYTES - 7) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    assert load_yaml_file(path).data == {"id": "a"}
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(YamlError) as info:
        load_yaml_file(path)
    assert "over the 2,097,152-byte limit" in info.value.message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: a\ntitle: Caf\xc3\xa9 culture\n")
    doc = load_yaml_file(path)
    assert doc.data == {"id": "a", "title": "Café culture"}
    assert doc.positions[("id",)] == (1, 1)
    assert doc.positions[("title",)] == (2, 1)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.yaml"
    text = "id: a\ntitle: Care homes\n"
    # Only "utf-16" writes a BOM; write one explicitly for the others.
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    path.write_bytes(bom + text.encode(encoding))
    with pytest.raises(YamlError) as info:
        load_yaml_file(path)
    assert "UTF-16" in info.value.message
    assert info.value.location == Location(str(path), 1, 1)


def test_utf16_without_bom_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.yaml"
    path.write_bytes("id: a\n".encode("utf-16-le"))
    with pytest.raises(YamlError) as info:
        load_yaml_file(path)
    assert "NUL" in info.value.message


def test_nul_byte_in_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"id: a\ntitle: b\x00\n")
    with pytest.raises(YamlError) as info:
        load_yaml_file(path)
    assert "NUL bytes" in info.value.message


def test_invalid_utf8_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"id: a\ntitle: Pr\xe9-diabetes\n")
    with pytest.raises(YamlError) as info:
        load_yaml_file(path)
    assert "not valid UTF-8 (byte 0xe9)" in info.value.message
    assert info.value.location == Location(str(path), 2, 10)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(YamlError) as info:
        load_yaml_file(tmp_path / "absent.yaml")
    assert info.value.message == "file not found"
    with pytest.raises(YamlError) as info:
        load_yaml_file(tmp_path)
    assert "is a directory" in info.value.message


@pytest.mark.parametrize("path", sorted((Path(__file__).parents[2] / "frameworks").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_libyaml_and_the_python_loader_read_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # libyaml composes where present; the pure-Python composer must give the very same values and positions.
    from maturitykit.io import yamlsafe

    if yamlsafe._FAST_LOADER is None:
        pytest.skip("PyYAML was built without libyaml here")
    fast = load_yaml_file(path)
    monkeypatch.setattr(yamlsafe, "_FAST_LOADER", None)
    slow = load_yaml_file(path)
    assert fast.data == slow.data and fast.positions == slow.positions


_ALL_YAML = sorted((Path(__file__).parents[1] / "fixtures").rglob("*.yaml"))


def test_every_fixture_reads_the_same_with_or_without_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every framework and bad-input fixture: the same values and positions, or the same refusal, both ways.
    from maturitykit.io import yamlsafe

    def outcome(path: Path) -> object:
        try:
            doc = load_yaml_file(path)
        except YamlError as exc:
            return f"{exc.location}: {exc}"
        return doc.data, doc.positions

    assert len(_ALL_YAML) > 50
    fast = {path: outcome(path) for path in _ALL_YAML}
    monkeypatch.setattr(yamlsafe, "_FAST_LOADER", None)
    differ = [path.name for path in _ALL_YAML if outcome(path) != fast[path]]
    assert differ == []


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "title\t: x\n", "a: [1, 2\n", "a:\n\tb: 1\n", "a: *nowhere\n", "x: \x07\n",
                                  "&a [*a]\n", "a: 'open\n"])
def test_refusals_read_the_same_with_or_without_libyaml(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from maturitykit.io import yamlsafe

    def refusal() -> str:
        with pytest.raises(YamlError) as caught:
            load_yaml_text(text, "f.yaml")
        return f"{caught.value.location}: {caught.value}"

    fast = refusal()
    monkeypatch.setattr(yamlsafe, "_FAST_LOADER", None)
    assert refusal() == fast


def test_a_document_over_the_composed_bound_is_refused_where_the_bound_is_crossed() -> None:
    from maturitykit.io.yamlsafe import MAX_COMPOSED

    with pytest.raises(YamlError, match="more than 50,000 YAML values") as caught:
        load_yaml_text("[" + ", ".join(["1"] * (MAX_COMPOSED + 5)) + "]\n", "f.yaml")
    assert caught.value.location is not None and caught.value.location.line == 1
