"""Rules about `depends_on`: links between items must name real items and must not loop."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from maturitykit.lint.rule import LintContext, NodeRef, Rule, register

Result = tuple[tuple[object, ...], str]


def _dependent(ctx: LintContext) -> list[NodeRef]:
    return [ref for ref in ctx.nodes() if ref.kind != "group" and ref.node.depends_on]  # type: ignore[union-attr]


@register
class UnknownDependency(Rule):
    """`depends_on` names an id that is not in the framework.

    Dependencies order the work (one practice before another); an unknown id is usually a typo,
    and the closest id is suggested.

    Fails:

    ```yaml
    domains:
      - {id: build-pipeline, title: Build pipeline, descriptors: {1: x, 2: y}}
      - {id: signed-builds, title: Signed builds, depends_on: [build-pipe], descriptors: {1: x, 2: y}}
    ```

    Passes:

    ```yaml
    domains:
      - {id: build-pipeline, title: Build pipeline, descriptors: {1: x, 2: y}}
      - {id: signed-builds, title: Signed builds, depends_on: [build-pipeline], descriptors: {1: x, 2: y}}
    ```
    """

    code = "MK017"
    name = "unknown-dependency"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        ids = sorted({ref.node.id for ref in ctx.nodes()})
        for ref in _dependent(ctx):
            for index, target in enumerate(ref.node.depends_on):  # type: ignore[union-attr]
                if target in ids:
                    continue
                close = difflib.get_close_matches(target, ids, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                yield (*ref.path, "depends_on", index), f"{ref.node.id!r} depends on unknown id {target!r}{hint}"


@register
class DependencyCycle(Rule):
    """Items depend on each other in a loop (an item depending on itself included).

    A loop means none of its items could ever be started first.

    Fails:

    ```yaml
    domains:
      - {id: a, title: A, depends_on: [b], descriptors: {1: x, 2: y}}
      - {id: b, title: B, depends_on: [a], descriptors: {1: x, 2: y}}
    ```

    Passes:

    ```yaml
    domains:
      - {id: a, title: A, descriptors: {1: x, 2: y}}
      - {id: b, title: B, depends_on: [a], descriptors: {1: x, 2: y}}
    ```
    """

    code = "MK018"
    name = "dependency-cycle"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        refs = _dependent(ctx)
        edges = {ref.node.id: list(ref.node.depends_on) for ref in refs}  # type: ignore[union-attr]
        paths = {ref.node.id: ref.path for ref in refs}
        reported: set[frozenset[str]] = set()
        for start in edges:  # file order, so the first item of a loop carries the finding
            loop = _loop_through(start, edges)
            if loop is None or frozenset(loop) in reported:
                continue
            reported.add(frozenset(loop))
            yield (*paths[start], "depends_on"), f"dependency loop: {' -> '.join([*loop, loop[0]])}"


def _loop_through(start: str, edges: dict[str, list[str]]) -> list[str] | None:
    """A path start -> ... -> start along the edges, or None; depth-first with an explicit stack."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for target in edges.get(node, []):
            if target == start:
                return path
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None
