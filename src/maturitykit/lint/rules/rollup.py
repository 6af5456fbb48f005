"""Rules about roll-ups (how a parent's position comes from its children) and answer sets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from maturitykit.framework.model import Domain, Group, SubDomain
from maturitykit.lint.rule import LintContext, Rule, Severity, register

Result = tuple[tuple[object, ...], str] | tuple[tuple[object, ...], str, Severity]
Child = tuple[tuple[object, ...], Group | Domain | SubDomain]


def _parents(ctx: LintContext) -> Iterator[tuple[tuple[object, ...], str, str | None, list[Child]]]:
    """(path, name, rollup, children) for the framework, every group and every (sub-)domain with sub-domains."""
    fw = ctx.framework
    top: list[Child] = [(("groups", i), g) for i, g in enumerate(fw.groups)]
    top += [(("domains", i), d) for i, d in enumerate(fw.domains)]
    yield (), "the framework", fw.rollup, top
    for ref in ctx.nodes():
        if isinstance(ref.node, Group):
            yield ref.path, repr(ref.node.id), ref.node.rollup, [
                ((*ref.path, "domains", i), d) for i, d in enumerate(ref.node.domains)]
        elif isinstance(ref.node, Domain | SubDomain) and ref.node.subdomains:
            yield ref.path, repr(ref.node.id), ref.node.rollup, [
                ((*ref.path, "subdomains", i), s) for i, s in enumerate(ref.node.subdomains)]


def _leaf_scales(ctx: LintContext, path: tuple[object, ...]) -> set[tuple[float, ...]]:
    """The distinct level values of the scored items under the node at this path (the whole framework for ())."""
    out: set[tuple[float, ...]] = set()
    for ref in ctx.scored():
        scale = ctx.scale_of(ref)
        if scale is not None and ref.path[:len(path)] == path:
            out.add(tuple(scale.values()))
    return out


def _weights(name: str, rollup: str | None, children: Sequence[Child]) -> Iterator[Result]:
    if rollup == "weighted-mean":
        for path, child in children:
            if child.weight is None:
                yield (*path, "id"), f"{name} rolls up by weighted-mean, but {child.id!r} has no weight"
        if children and all(child.weight == 0 for _, child in children):
            yield (*children[0][0], "weight"), f"every child of {name} has weight 0: nothing to average"
        return
    for path, child in children:
        if child.weight is not None:
            yield (*path, "weight"), (f"{child.id!r} has a weight, but {name} rolls up by {rollup or 'mean'}: "
                                      "weights count only with rollup: weighted-mean")


@register
class BadRollup(Rule):
    """A roll-up is declared where it cannot apply, or its weights do not fit it.

    `rollup` says how a parent's position is computed from its children's; a scored leaf has no
    children. `weight` counts only under `rollup: weighted-mean`, where every child needs one.
    A roll-up over items on different scales is a warning: their positions are not in one unit.

    Fails:

    ```yaml
    rollup: weighted-mean
    domains:
      - {id: a, title: A, weight: 2, descriptors: {1: x, 2: y}}
      - {id: b, title: B, descriptors: {1: x, 2: y}}
    ```

    Passes:

    ```yaml
    rollup: weighted-mean
    domains:
      - {id: a, title: A, weight: 2, descriptors: {1: x, 2: y}}
      - {id: b, title: B, weight: 1, descriptors: {1: x, 2: y}}
    ```
    """

    code = "MK019"
    name = "bad-rollup"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        for ref in ctx.scored():
            if isinstance(ref.node, Domain | SubDomain) and ref.node.rollup is not None:
                yield (*ref.path, "rollup"), f"{ref.node.id!r} is a scored item with no sub-domains: nothing to roll up"
        for path, name, rollup, children in _parents(ctx):
            yield from _weights(name, rollup, children)
            scales = _leaf_scales(ctx, path)
            if rollup is not None and len(scales) > 1:
                yield (*path, "rollup") if path else ("rollup",), (
                    f"{name} rolls up items on {len(scales)} different scales ({'; '.join(f'{v[0]}-{v[-1]}' for v in sorted(scales))}): "
                    "their positions are not in one unit"), "warning"


@register
class AnswersAndDescriptors(Rule):
    """An item has both an answer set and level descriptors, or an answer set of one answer.

    `answers` replace levels for question-style items, so descriptors keyed to levels would never
    be shown; and a question with one answer cannot tell partners apart.

    Fails:

    ```yaml
    domains:
      - id: a
        title: Is there a written policy?
        answers: [{text: "No", value: 0}, {text: "Yes", value: 1}]
        descriptors: {1: x}
    ```

    Passes:

    ```yaml
    domains:
      - id: a
        title: Is there a written policy?
        answers: [{text: "No", value: 0}, {text: "Yes", value: 1}]
    ```
    """

    code = "MK020"
    name = "answers-and-descriptors"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[Result]:
        for ref in ctx.scored():
            node = ref.node
            if not node.answers:  # type: ignore[union-attr]
                continue
            if node.descriptors:  # type: ignore[union-attr]
                yield (*ref.path, "descriptors"), f"{node.id!r} has answers, so its descriptors would never be shown"
            if len(node.answers) < 2:  # type: ignore[union-attr]
                yield (*ref.path, "answers"), f"{node.id!r} has a single answer: a question needs at least two"
