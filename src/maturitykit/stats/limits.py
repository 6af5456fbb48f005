"""The divergence limits: one object, built once from the framework's scale, stated and applied in levels.

Every threshold that decides whether partners diverge on an item lives here with its default, so
the limit a report prints is the limit that was applied. Limits are in **levels** (steps of the
scale), never raw scale units: the agreement figures they are compared with (AD, range) and the
outlier distance are computed on level ranks (a score's position in the scale's ordered values),
so a scale with gaps (0, 2, 4, 6, 8) gives exactly the decisions of its consecutive twin (1-5).
rwg is a ratio of variances and needs no unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "DEFAULT_OUTLIER_DISTANCE",
    "DEFAULT_RANGE_LIMIT",
    "DEFAULT_RWG_LIMIT",
    "Limits",
    "default_ad_limit",
]

DEFAULT_RANGE_LIMIT = 2
"""A range of this many levels or more is divergent."""
DEFAULT_RWG_LIMIT = 0.70
"""rwg below this is divergent: the conventional cut-off for adequate agreement (LeBreton & Senter 2008)."""
DEFAULT_OUTLIER_DISTANCE = 2
"""A partner this many levels or more from the item's median is an outlier."""


def default_ad_limit(levels: int) -> float:
    """Burke & Dunlap's (2002) practical AD limit ``A/6`` for a scale of ``A`` levels, in levels.

    0.83 on five levels, 1.00 on six, 0.67 on four, whatever the values of the levels are.
    """
    if levels < 2:
        raise ValueError("a scale needs at least two levels")
    return levels / 6


@dataclass(frozen=True)
class Limits:
    """Thresholds for flagging an item as divergent, all in levels (steps of the scale).

    Build it with :meth:`for_scale`, which fills in the defaults for the scale in use; direct
    construction is for callers that state every limit themselves. Divergent when AD > ``ad_limit``,
    or range >= ``range_limit``, or rwg < ``rwg_limit``; a partner ``outlier_distance`` levels or more
    from the median is an outlier.
    """

    ad_limit: float
    """AD_M above this (in levels) is divergent; default ``A/6`` (Burke & Dunlap 2002)."""
    range_limit: int = DEFAULT_RANGE_LIMIT
    """A range of this many levels or more is divergent."""
    rwg_limit: float = DEFAULT_RWG_LIMIT
    """rwg below this is divergent."""
    outlier_distance: int = DEFAULT_OUTLIER_DISTANCE
    """Partners this many levels or more from the median are outliers."""
    levels: int | None = None
    """How many levels the scale has (``A``), when built by :meth:`for_scale`; checked on use."""

    @classmethod
    def for_scale(
        cls,
        values: Sequence[float],
        *,
        ad_limit: float | None = None,
        range_limit: int | None = None,
        rwg_limit: float | None = None,
        outlier_distance: int | None = None,
    ) -> Limits:
        """The limits for a scale with these level values; ``None`` takes the default."""
        levels = len(set(values))
        if levels != len(values):
            raise ValueError(f"scale values must be distinct, got {list(values)!r}")
        return cls(
            ad_limit=default_ad_limit(levels) if ad_limit is None else float(ad_limit),
            range_limit=DEFAULT_RANGE_LIMIT if range_limit is None else range_limit,
            rwg_limit=DEFAULT_RWG_LIMIT if rwg_limit is None else float(rwg_limit),
            outlier_distance=DEFAULT_OUTLIER_DISTANCE if outlier_distance is None else outlier_distance,
            levels=levels,
        )

    def for_values(self, values: Sequence[float]) -> Limits:
        """These limits for an item on another scale: the same choices, restated for its number of levels.

        A framework may score items on scales of different lengths (a yes/no item beside 1-5 items).
        Limits are in levels, so range, rwg and outlier limits carry over; the A/6 AD default is
        recomputed for the item's ``A`` unless it was set explicitly. Limits built directly (no
        ``levels``) are returned as they are.
        """
        levels = len(set(values))
        if self.levels is None or self.levels == levels:
            return self
        ad_given = abs(self.ad_limit - default_ad_limit(self.levels)) > 1e-12
        return Limits(ad_limit=self.ad_limit if ad_given else default_ad_limit(levels), range_limit=self.range_limit,
                      rwg_limit=self.rwg_limit, outlier_distance=self.outlier_distance, levels=levels)

    def check_scale(self, values: Sequence[float]) -> None:
        """Refuse limits built for a scale with another number of levels (a different A/6)."""
        if self.levels is not None and self.levels != len(values):
            raise ValueError(f"these limits are for a scale of {self.levels} levels, not {len(values)}")

    def to_dict(self) -> dict[str, float | int]:
        """What reports print as their limits (divergence ``limits``, delta ``thresholds``, board ``limits``)."""
        return {
            "ad_limit": round(self.ad_limit, 6),
            "range_limit": self.range_limit,
            "rwg_limit": self.rwg_limit,
            "outlier_distance": self.outlier_distance,
        }
