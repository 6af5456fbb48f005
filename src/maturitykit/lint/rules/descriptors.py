"""Rules about level descriptors and text."""

from __future__ import annotations

from collections.abc import Iterator

from maturitykit.framework.model import Domain, Status, SubDomain
from maturitykit.lint.rule import LintContext, Rule, Severity, register

Result = tuple[tuple[object, ...], str] | tuple[tuple[object, ...], str, Severity]


@register
class DescriptorOffScale(Rule):
    """A descriptor is keyed to a level value that is not on the scale.

    Usually a 0-5 scale written against 1-5 descriptors, or a typo in the level.

    Fails:

    ```yaml
    scale: {levels: [{value: 1, label: Low}, {value: 2, label: High}]}
    domains:
      - {id: a, title: A, descriptors: {1: x, 3: y}}
    ```

    Passes:

    ```yaml
    scale: {levels: [{value: 1, label: Low}, {value: 2, label: High}]}
    domains:
      - {id: a, title: A, descriptors: {1: x, 2: y}}
    ```
    """

    code = "MK006"
    name = "descriptor-off-scale"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        for ref in ctx.nodes():
            scale = ctx.scale_of(ref) if ref.kind != "group" else None
            if scale is None:  # a group, or an undeclared scale name (MK016)
                continue
            values = scale.values()  # each item's descriptors against its own scale
            for level in ref.node.descriptors:  # type: ignore[union-attr]
                if level not in values:
                    yield (*ref.path, "descriptors", level), (
                        f"descriptor for level {level}, which is not on the scale {sorted(values)}"
                    )


@register
class MissingDescriptors(Rule):
    """A scored item lacks descriptors for some levels of the scale.

    A warning, because sources are sometimes sparse; it is not reported when the scale gives
    a generic description for every missing level. An item marked `not-yet-developed` gets an
    info finding instead: the source names it but has not described it yet.

    Fails:

    ```yaml
    scale: {levels: [{value: 1, label: Low}, {value: 2, label: High}]}
    domains:
      - {id: a, title: A, descriptors: {1: x}}
    ```

    Passes:

    ```yaml
    scale: {levels: [{value: 1, label: Low}, {value: 2, label: High, description: generic}]}
    domains:
      - {id: a, title: A, descriptors: {1: x}}
    ```
    """

    code = "MK007"
    name = "missing-descriptors"
    severity = "warning"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        for ref in ctx.scored():
            node = ref.node
            scale = ctx.scale_of(ref)
            if scale is None or node.answers:  # type: ignore[union-attr]  # an answer set needs no descriptors
                continue
            generic = {lv.value for lv in scale.levels if lv.description and lv.description.strip()}
            missing = [v for v in scale.values() if v not in node.descriptors and v not in generic]  # type: ignore[union-attr]
            if not missing:
                continue
            if node.status == Status.not_yet_developed:  # type: ignore[union-attr]
                yield (*ref.path, "id"), f"{node.id!r} is not yet developed: no descriptors for {missing}", "info"
            else:
                yield (*ref.path, "id"), f"{node.id!r} has no descriptor for {'level' if len(missing) == 1 else 'levels'} {missing}"


@register
class DuplicateLevelText(Rule):
    """Two levels of one item have the same text (ignoring case and spacing).

    A copy-paste slip: a partner could not tell the two levels apart.

    Fails:

    ```yaml
    domains:
      - {id: a, title: A, descriptors: {1: We plan, 2: We plan}}
    ```

    Passes:

    ```yaml
    domains:
      - {id: a, title: A, descriptors: {1: We plan, 2: We deliver the plan}}
    ```
    """

    code = "MK008"
    name = "duplicate-level-text"
    severity = "warning"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        for ref in ctx.scored():
            seen: dict[str, int] = {}
            for level, statements in ref.node.descriptors.items():  # type: ignore[union-attr]
                key = " ".join(" ".join(statements).split()).casefold()
                if not key:
                    continue
                if key in seen:
                    yield (*ref.path, "descriptors", level), (
                        f"level {level} of {ref.node.id!r} has the same text as level {seen[key]}"
                    )
                else:
                    seen[key] = level


@register
class EmptyText(Rule):
    """A title, description or descriptor statement is empty or only white space.

    Fails:

    ```yaml
    domains:
      - {id: a, title: "  ", descriptors: {1: "", 2: y}}
    ```

    Passes:

    ```yaml
    domains:
      - {id: a, title: Vision, descriptors: {1: x, 2: y}}
    ```
    """

    code = "MK010"
    name = "empty-text"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        if not ctx.framework.title.strip():
            yield ("title",), "framework title is empty"
        for ref in ctx.nodes():
            node = ref.node
            if not node.title.strip():
                yield (*ref.path, "title"), f"{node.id!r} has an empty title"
            if node.description is not None and not node.description.strip():
                yield (*ref.path, "description"), f"{node.id!r} has an empty description"
            if ref.kind == "group":
                continue
            for level, statements in node.descriptors.items():  # type: ignore[union-attr]
                if not statements:
                    yield (*ref.path, "descriptors", level), f"level {level} of {node.id!r} has no statements"
                for index, text in enumerate(statements):
                    if not text.strip():
                        yield (*ref.path, "descriptors", level, index), (
                            f"statement {index + 1} of level {level} of {node.id!r} is empty"
                        )


@register
class DescriptorsOnParent(Rule):
    """A domain has sub-domains and also descriptors or item flags of its own.

    When a domain has sub-domains, they are the scored items; the domain's own descriptors, answers,
    priority, target or replaces would be silently ignored.

    Fails:

    ```yaml
    domains:
      - id: a
        title: A
        descriptors: {1: x, 2: y}
        subdomains: [{id: a1, title: A1, descriptors: {1: x, 2: y}}]
    ```

    Passes:

    ```yaml
    domains:
      - id: a
        title: A
        subdomains: [{id: a1, title: A1, descriptors: {1: x, 2: y}}]
    ```
    """

    code = "MK014"
    name = "flags-on-parent"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        for ref in ctx.nodes():
            node = ref.node
            if not isinstance(node, Domain | SubDomain) or not node.subdomains:
                continue
            for field in ("descriptors", "answers", "priority", "target", "replaces"):
                if getattr(node, field):
                    yield (*ref.path, field), (
                        f"{node.id!r} has sub-domains, so its own {field} would be ignored: move it to the sub-domains"
                    )
