"""Rules about item flags: priority, target, replaces."""

from __future__ import annotations

from collections.abc import Iterator

from maturitykit.lint.rule import LintContext, Rule, Severity, register

Result = tuple[tuple[object, ...], str] | tuple[tuple[object, ...], str, Severity]


@register
class UndeclaredPriority(Rule):
    """An item's priority is not one of the values declared under `priorities`.

    Declaring the values catches typos such as `short_term` for `short-term`, which would
    otherwise quietly drop an item from the priority agenda.

    Fails:

    ```yaml
    priorities: [{id: short-term, label: Short-term}]
    domains:
      - {id: a, title: A, priority: shortterm}
    ```

    Passes:

    ```yaml
    priorities: [{id: short-term, label: Short-term}]
    domains:
      - {id: a, title: A, priority: short-term}
    ```
    """

    code = "MK009"
    name = "undeclared-priority"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        declared = [p.id for p in ctx.framework.priorities]
        seen: set[str] = set()
        for index, value in enumerate(ctx.framework.priorities):
            if value.id in seen:
                yield ("priorities", index, "id"), f"priority {value.id!r} is declared twice"
            seen.add(value.id)
        for ref in ctx.nodes():
            priority = getattr(ref.node, "priority", None)
            if priority is not None and priority not in declared:
                hint = f"declared: {', '.join(declared)}" if declared else "no priorities are declared"
                yield (*ref.path, "priority"), f"priority {priority!r} is not declared ({hint})"


@register
class TargetOffScale(Rule):
    """An item's target level is not a value on the scale.

    Fails:

    ```yaml
    scale: {levels: [{value: 1, label: Low}, {value: 2, label: High}]}
    domains:
      - {id: a, title: A, target: 5}
    ```

    Passes:

    ```yaml
    scale: {levels: [{value: 1, label: Low}, {value: 2, label: High}]}
    domains:
      - {id: a, title: A, target: 2}
    ```
    """

    code = "MK013"
    name = "target-off-scale"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        for ref in ctx.nodes():
            target = getattr(ref.node, "target", None)
            scale = ctx.scale_of(ref) if target is not None else None
            if scale is None:
                continue
            values = scale.values()  # the item's own scale
            if target not in values:
                yield (*ref.path, "target"), f"target {target} is not on the scale {values}"


@register
class BadReplaces(Rule):
    """`replaces` names an id that is still present, or one unknown to the previous version.

    `replaces` links a renamed or merged item to its old id so rounds on different versions
    can be compared. An id still in this version cannot have been replaced (error). When the
    framework lists `previous_ids`, an id missing from that list is a typo (error); when it does
    not, the link cannot be checked (info).

    Fails:

    ```yaml
    previous_ids: [vision, collab]
    domains:
      - {id: vision, title: Vision}
      - {id: collaboration, title: Collaboration, replaces: [colab]}
    ```

    Passes:

    ```yaml
    previous_ids: [vision, collab]
    domains:
      - {id: vision, title: Vision}
      - {id: collaboration, title: Collaboration, replaces: [collab]}
    ```
    """

    code = "MK011"
    name = "bad-replaces"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        present = {ref.node.id for ref in ctx.nodes()}
        previous = set(ctx.framework.previous_ids)
        unchecked = False
        for ref in ctx.nodes():
            for index, old in enumerate(getattr(ref.node, "replaces", []) or []):
                path = (*ref.path, "replaces", index)
                if old in present:
                    yield path, f"{ref.node.id!r} replaces {old!r}, but {old!r} is still in this framework"
                elif previous and old not in previous:
                    yield path, f"{old!r} is not an id of the previous version (previous_ids)"
                elif not previous:
                    unchecked = True
        if unchecked:
            yield ("id",), "items use `replaces` but `previous_ids` is not given, so the old ids cannot be checked", "info"
