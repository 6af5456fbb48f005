"""Rules about identifiers, codes and titles."""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturitykit.framework.model import SLUG_PATTERN
from maturitykit.lint.rule import LintContext, Rule, register

_SLUG = re.compile(SLUG_PATTERN)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@register
class DuplicateId(Rule):
    """Two nodes (groups, domains or sub-domains) share an id.

    Ids are how score sheets, merged files and later rounds refer to items, so each must be
    unique across the whole framework, not only among siblings.

    Fails:

    ```yaml
    domains:
      - {id: vision, title: Vision, descriptors: {1: x, 2: y}}
      - {id: vision, title: Shared vision, descriptors: {1: x, 2: y}}
    ```

    Passes:

    ```yaml
    domains:
      - {id: vision, title: Vision, descriptors: {1: x, 2: y}}
      - {id: shared-vision, title: Shared vision, descriptors: {1: x, 2: y}}
    ```
    """

    code = "MK001"
    name = "duplicate-id"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[tuple[tuple[object, ...], str]]:
        first: dict[str, tuple[object, ...]] = {}
        if ctx.framework.id in (ref.node.id for ref in ctx.nodes()):
            yield ("id",), f"framework id {ctx.framework.id!r} is also used by a node"
        for ref in ctx.nodes():
            if ref.node.id in first:
                where = ctx.loc(first[ref.node.id])
                yield (*ref.path, "id"), f"id {ref.node.id!r} is already used at line {where.line}"
            else:
                first[ref.node.id] = (*ref.path, "id")


@register
class IdNotSlug(Rule):
    """An id is not a slug (lowercase letters, digits and single hyphens).

    Ids appear in file names, URLs, CSV columns and command lines; a slug survives all of them.

    Fails:

    ```yaml
    domains:
      - {id: Shared Vision, title: Shared vision}
    ```

    Passes:

    ```yaml
    domains:
      - {id: shared-vision, title: Shared vision}
    ```
    """

    code = "MK002"
    name = "id-not-slug"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[tuple[tuple[object, ...], str]]:
        if not _SLUG.match(ctx.framework.id):
            yield ("id",), f"framework id {ctx.framework.id!r} is not a slug (e.g. 'sel-neighbourhood')"
        for ref in ctx.nodes():
            if not _SLUG.match(ref.node.id):
                yield (*ref.path, "id"), f"id {ref.node.id!r} is not a slug (lowercase, digits, hyphens)"


@register
class DuplicateSibling(Rule):
    """Two siblings share a code or a title (compared ignoring case and spacing).

    Score sheets may name items by code or title, so siblings must be told apart by both.

    Fails:

    ```yaml
    domains:
      - {id: a, code: "1", title: Vision}
      - {id: b, code: "1", title: vision}
    ```

    Passes:

    ```yaml
    domains:
      - {id: a, code: "1", title: Vision}
      - {id: b, code: "2", title: Collaboration}
    ```
    """

    code = "MK003"
    name = "duplicate-sibling"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[tuple[tuple[object, ...], str]]:
        codes: dict[tuple[object, ...] | None, dict[str, tuple[object, ...]]] = {}
        titles: dict[tuple[object, ...] | None, dict[str, tuple[object, ...]]] = {}
        for ref in ctx.nodes():
            node = ref.node
            if node.code is not None and node.code.strip():
                seen = codes.setdefault((ref.kind, ref.parent), {})  # type: ignore[arg-type]
                key = _norm(node.code)
                if key in seen:
                    line = ctx.loc(seen[key]).line
                    yield (*ref.path, "code"), f"code {node.code!r} is also used by a sibling at line {line}"
                else:
                    seen[key] = (*ref.path, "code")
            seen_t = titles.setdefault((ref.kind, ref.parent), {})  # type: ignore[arg-type]
            key = _norm(node.title)
            if key and key in seen_t:
                line = ctx.loc(seen_t[key]).line
                yield (*ref.path, "title"), f"title {node.title!r} is also used by a sibling at line {line}"
            elif key:
                seen_t[key] = (*ref.path, "title")
