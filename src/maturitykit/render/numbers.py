"""The one rule for showing a number: every renderer (terminal, Markdown, HTML, charts' labels) uses it.

Missing (None or NaN) shows as an en dash, never as 0; decimals are cut to `digits` places and
trailing zeros dropped, so 2.50 reads 2.5 and -0.00 reads 0; a p-value below 0.001 reads "p < 0.001",
never "p = 0".
"""

from __future__ import annotations

import math

MISSING = "–"


def number(value: object, digits: int = 2, signed: bool = False) -> str:
    """A score, position or statistic as text: '2.5', '+0.25', '–' for missing."""
    if value is None or isinstance(value, bool):
        return MISSING if value is None else str(value)
    if isinstance(value, int):
        return f"{value:+d}" if signed and value else str(value)
    if not isinstance(value, float):
        return str(value)
    if math.isnan(value):
        return MISSING
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("+0", "-0", "") else text


def p_value(value: float | None) -> str:
    """'p = 0.375', 'p < 0.001', or a plain statement when there is nothing to test."""
    if value is None:
        return "no p-value (no non-zero change)"
    return f"p = {value:.3g}" if value >= 0.001 else "p < 0.001"


