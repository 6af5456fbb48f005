"""Rules about the scale."""

from __future__ import annotations

from collections.abc import Iterator

from maturitykit.lint.engine import LintContext, Rule, register


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
        levels = ctx.framework.default_scale.levels
        for index in range(1, len(levels)):
            prev, cur = levels[index - 1].value, levels[index].value
            if cur == prev:
                yield ("scale", "levels", index, "value"), f"level value {cur} appears twice"
            elif cur < prev:
                yield ("scale", "levels", index, "value"), f"level value {cur} follows {prev}: values must increase"


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
        seen: dict[str, int] = {}
        for index, level in enumerate(ctx.framework.default_scale.levels):
            key = " ".join(level.label.split()).casefold()
            path = ("scale", "levels", index, "label")
            if not key:
                yield path, "level label is empty"
            elif key in seen:
                yield path, f"label {level.label!r} is also used by level {seen[key]}"
            else:
                seen[key] = level.value
