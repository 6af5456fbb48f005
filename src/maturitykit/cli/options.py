"""Command-line options shared by several commands, declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from maturitykit.stats.limits import DEFAULT_RANGE_LIMIT, DEFAULT_RWG_LIMIT

if TYPE_CHECKING:
    from maturitykit.framework.model import Framework
    from maturitykit.stats.limits import Limits

# --- divergence limits
# `merge`, `divergence`, `delta`, `trend` and `report` take the same three limits; a value left out
# takes the default of maturitykit.stats.limits.Limits.for_scale, in levels of the framework's scale.

AdLimit = Annotated[
    float | None,
    typer.Option("--ad-limit", help="AD (in levels) above this flags divergence (default A/6 for A levels)."),
]
RangeLimit = Annotated[
    int | None,
    typer.Option("--range-limit",
                 help=f"A range of this many levels flags divergence (default {DEFAULT_RANGE_LIMIT})."),
]
RwgLimit = Annotated[
    float | None,
    typer.Option("--rwg-limit", help=f"rwg below this flags divergence (default {DEFAULT_RWG_LIMIT:.2f})."),
]


def limits_from(framework: Framework, ad_limit: float | None, range_limit: int | None,
                rwg_limit: float | None) -> Limits:
    """The divergence limits for this framework's scale, with the options given on the command line."""
    from maturitykit.stats.limits import Limits

    return Limits.for_scale(framework.default_scale.values(), ad_limit=ad_limit, range_limit=range_limit,
                            rwg_limit=rwg_limit)
