"""Rules about scales: every scale written in the file (the framework's, named ones, nodes' own)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from maturitykit.lint.rule import LintContext, Rule, register


@register
class ScaleValues(Rule):
    """Scale values repeat or do not increase down the list.

    Levels are listed from least to most mature; statistics and charts rely on that order.

    Fails:

    ```yaml
    scale:
      levels:
        - {value: 2, label: Developing}
        - {value: 1, label: Emerging}
    ```

    Passes:

    ```yaml
    scale:
      levels:
        - {value: 1, label: Emerging}
        - {value: 2, label: Developing}
    ```
    """

    code = "MK004"
    name = "scale-values"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[tuple[tuple[object, ...], str]]:
        for base, scale in ctx.declared_scales():
            levels = scale.levels
            for index in range(1, len(levels)):
                prev, cur = levels[index - 1].value, levels[index].value
                if cur == prev:
                    yield (*base, "levels", index, "value"), f"level value {cur} appears twice"
                elif cur < prev:
                    yield (*base, "levels", index, "value"), f"level value {cur} follows {prev}: values must increase"
        for ref in ctx.scored():
            seen: set[float] = set()
            for index, answer in enumerate(ref.node.answers):  # type: ignore[union-attr]
                if answer.value in seen:
                    yield (*ref.path, "answers", index, "value"), f"answer value {answer.value} appears twice"
                seen.add(answer.value)


@register
class ScaleLabels(Rule):
    """Two levels of the scale share a label (ignoring case), or a label is blank.

    Sheets may give a score as its label ("Maturing"), so labels must be distinct.

    Fails:

    ```yaml
    scale:
      levels:
        - {value: 1, label: Emerging}
        - {value: 2, label: emerging}
    ```

    Passes:

    ```yaml
    scale:
      levels:
        - {value: 1, label: Emerging}
        - {value: 2, label: Developing}
    ```
    """

    code = "MK005"
    name = "scale-labels"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[tuple[tuple[object, ...], str]]:
        for base, scale in ctx.declared_scales():
            yield from _distinct_labels([((*base, "levels", i, "label"), lv.label, lv.value)
                                         for i, lv in enumerate(scale.levels)], "level", "label")
        for ref in ctx.scored():
            answers = ref.node.answers  # type: ignore[union-attr]
            yield from _distinct_labels([((*ref.path, "answers", i, "text"), a.text, a.value)
                                         for i, a in enumerate(answers)], "answer", "text")


def _distinct_labels(labels: list[tuple[tuple[object, ...], str, float]], what: str,
                     field: str) -> Iterator[tuple[tuple[object, ...], str]]:
    seen: dict[str, float] = {}
    for path, label, value in labels:
        key = " ".join(label.split()).casefold()
        if not key:
            yield path, f"{what} {field} is empty"
        elif key in seen:
            yield path, f"{field} {label!r} is also used by {what} {seen[key]}"
        else:
            seen[key] = value


@register
class UnknownScale(Rule):
    """A `scale` names a scale that is not declared under `scales`.

    A scale may be written in place or named; a name must be one of the framework's `scales`
    (the nearest declared scale applies to an item, so a typo would leave its items unscorable).

    Fails:

    ```yaml
    scales: {yes-no: {levels: [{value: 0, label: "No"}, {value: 1, label: "Yes"}]}}
    scale: yesno
    ```

    Passes:

    ```yaml
    scales: {yes-no: {levels: [{value: 0, label: "No"}, {value: 1, label: "Yes"}]}}
    scale: yes-no
    ```
    """

    code = "MK016"
    name = "unknown-scale"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterator[tuple[tuple[object, ...], str]]:
        names = sorted(ctx.framework.scales)
        refs: list[tuple[tuple[object, ...], object]] = [(("scale",), ctx.framework.scale)]
        refs += [((*ref.path, "scale"), ref.node.scale) for ref in ctx.nodes()]
        for path, ref in refs:
            if isinstance(ref, str) and ref not in ctx.framework.scales:
                close = difflib.get_close_matches(ref, names, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f" (declared: {', '.join(names) or 'none'})"
                yield path, f"scale {ref!r} is not declared under scales{hint}"

