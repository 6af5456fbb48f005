"""Safe, bounded YAML loading that remembers where every value came from.

PyYAML's safe loader still expands aliases without limit and silently keeps the last of two
duplicate keys. Framework files are hand-written, so both must be errors; and every later
message needs `file:line:col`, which the plain loader throws away. We therefore compose the
node graph (which shares aliased nodes instead of expanding them) and build Python values
ourselves under a node budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from maturitykit.errors import Location, YamlError
from maturitykit.io.bounds import MAX_YAML_BYTES
from maturitykit.io.files import read_input

MAX_BYTES = MAX_YAML_BYTES  # io/bounds.py: the largest bundled framework is ~100 KB
MAX_NODES = 200_000  # values built after alias expansion: stops "billion laughs" early
MAX_DEPTH = 64
MAX_COMPOSED = 50_000  # nodes in the document as written (the largest bundled framework has ~4,000)

PathKey = tuple[object, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
# Dates are kept as the text the author wrote: a framework's "August 2025" and "2025-08-01"
# are both citations, not datetimes.
_TEXT_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"}


@dataclass
class YamlDocument:
    """Plain data plus the position of every mapping key and sequence entry."""

    data: Any
    file: str
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey) -> Location:
        """The position of `path`, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe:
            # Validation reports a quoted key "2" as the integer 2 (and vice versa): try both.
            for candidate in (probe, _respell(probe)):
                pos = self.positions.get(candidate)
                if pos is not None:
                    return Location(self.file, pos[0], pos[1])
            probe = probe[:-1]
        pos = self.positions.get((), (1, 1))
        return Location(self.file, pos[0], pos[1])


def _respell(path: PathKey) -> PathKey:
    # Only the last segment: earlier integers are list indexes and must stay integers.
    *head, last = path
    if isinstance(last, int) and not isinstance(last, bool):
        return (*head, str(last))
    if isinstance(last, str) and last.lstrip("-").isdigit():
        return (*head, int(last))
    return path


class _TooLarge(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


class _BoundedLoader(yaml.SafeLoader):
    """Stops composing after MAX_COMPOSED nodes: a huge flat list would otherwise take minutes to refuse."""

    composed = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:  # type: ignore[override]
        self.composed += 1
        if self.composed > MAX_COMPOSED:
            raise _TooLarge(self.peek_event().start_mark)
        return super().compose_node(parent, index)


# libyaml's parser, where present, composes the same nodes with the same marks about ten times faster
# (a framework lint runs on every save). It is used only for a document it composes without error and
# within MAX_COMPOSED nodes; anything else is composed again by the pure-Python loader above, so every
# refusal keeps its wording and position. libyaml bounds nesting itself (1,000 levels).
_FAST_LOADER: type | None = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> Node | None:
    # libyaml takes a tab before a key's colon ("title\t: x") that PyYAML refuses; a byte-order mark inside
    # the text is read differently too. Text with either goes to the Python loader, which says where.
    if _FAST_LOADER is not None and "\t" not in text and "\ufeff" not in text:
        try:
            root = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            root = None
        else:
            if root is None or _within(root, MAX_COMPOSED):
                return root
    return yaml.compose(text, Loader=_BoundedLoader)


def _within(root: Node, limit: int) -> bool:
    """Whether the document as written (an aliased node once) has at most `limit` nodes."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if len(seen) > limit:
            return False
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return True


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, file: str, max_nodes: int) -> None:
        self.file = file
        self.max_nodes = max_nodes
        self.count = 0
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.constructor = yaml.SafeLoader("")

    def fail(self, node: Node, message: str) -> YamlError:
        line, col = _mark(node)
        return YamlError(message, Location(self.file, line, col))

    def build(self, node: Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > self.max_nodes:
            raise self.fail(
                node,
                f"document expands to more than {self.max_nodes:,} values (an alias bomb?); refused",
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting deeper than {MAX_DEPTH} levels (a recursive alias?); refused")
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self.fail(node, f"unsupported tag {node.tag!r}; only plain YAML is accepted")
            out = []
            for index, child in enumerate(node.value):
                self.positions.setdefault((*path, index), _mark(child))
                out.append(self.build(child, (*path, index), depth + 1))
            return out
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover - PyYAML has only three kinds

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag in _TEXT_TAGS:
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(
                node,
                f"unsafe or unknown tag {node.tag!r}; maturitykit reads plain YAML only",
            )
        return self.constructor.construct_object(node, deep=True)

    def _mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[Any, Any]:
        if node.tag != "tag:yaml.org,2002:map":
            raise self.fail(node, f"unsupported tag {node.tag!r}; only plain YAML is accepted")
        out: dict[Any, Any] = {}
        seen: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "merge keys ('<<') are not supported; write the fields out")
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, "mapping keys must be plain scalars")
            key = self._scalar(key_node)
            # 2 and "2" are one descriptor level once validated: treat keys that print alike as the same.
            same = str(key) if isinstance(key, (int, str)) and not isinstance(key, bool) else key
            if same in seen:
                first = seen[same]
                raise self.fail(
                    key_node,
                    f"duplicate key {key!r} (first at line {first[0]}, column {first[1]}); "
                    "YAML would silently keep only the last value",
                )
            seen[same] = _mark(key_node)
            self.positions[(*path, key)] = _mark(key_node)
            out[key] = self.build(value_node, (*path, key), depth + 1)
        return out


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise YamlError("file is UTF-32; save it as UTF-8", Location(file, 1, 1))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError("file is UTF-16; save it as UTF-8", Location(file, 1, 1))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            Location(file, line, col),
        ) from None


def load_yaml_text(
    text: str, file: str = "<string>", *, max_nodes: int = MAX_NODES
) -> YamlDocument:
    """Parse one YAML document from text with positions, refusing unsafe or unbounded input."""
    if "\x00" in text:
        before = text[: text.index("\x00")]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise YamlError("file contains NUL bytes: not a text file", Location(file, line, column))
    try:
        root = _compose(text)
    except yaml.composer.ComposerError as exc:
        raise _marked(exc, file) from None
    except yaml.MarkedYAMLError as exc:
        raise _marked(exc, file) from None
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow: say where, on one line
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise YamlError(f"control character U+{char:04X} is not allowed in YAML; remove it",
                        Location(file, line, column)) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML error: {' '.join(str(exc).split())}", Location(file)) from None
    except _TooLarge as exc:
        raise YamlError(f"more than {MAX_COMPOSED:,} YAML values; refused as too large for a framework",
                        Location(file, exc.mark.line + 1, exc.mark.column + 1)) from None
    except RecursionError:
        # PyYAML composes recursively, so absurd nesting exhausts the stack before our own check.
        raise YamlError(f"nesting deeper than {MAX_DEPTH} levels; refused", Location(file, 1, 1)) from None
    if root is None:
        return YamlDocument(None, file, {(): (1, 1)})
    builder = _Builder(file, max_nodes)
    builder.positions[()] = _mark(root)
    data = builder.build(root, (), 0)
    return YamlDocument(data, file, builder.positions)


def load_yaml_file(
    path: str | Path, *, max_bytes: int = MAX_BYTES, max_nodes: int = MAX_NODES, display: str | None = None
) -> YamlDocument:
    file = display or str(path)
    raw = read_input(path, max_bytes, file=file, error=YamlError, folder="is a directory, expected a YAML file",
                     kind=" for YAML input")
    return load_yaml_text(_decode(raw, file), file, max_nodes=max_nodes)


def _marked(exc: yaml.MarkedYAMLError, file: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "malformed YAML"
    if exc.context and exc.problem:
        problem = f"{exc.problem} ({exc.context})"
        if exc.context_mark is not None and exc.problem_mark is not None and (
            exc.context_mark.line != exc.problem_mark.line
        ):
            problem += f"; it started at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
    if "\t" in problem or "'\\t'" in problem:
        problem += "; YAML does not allow tabs for indentation, use spaces"
    if mark is None:
        return YamlError(f"YAML syntax error: {problem}", Location(file))
    return YamlError(f"YAML syntax error: {problem}", Location(file, mark.line + 1, mark.column + 1))
