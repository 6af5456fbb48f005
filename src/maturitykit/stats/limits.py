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
from dataclasses import dataclass, replace

__all__ = [
    "DEFAULT_CHANGE_CONFIDENCE",
    "DEFAULT_CHANGE_LEVEL",
    "DEFAULT_CHANGE_SD_FLOOR",
    "DEFAULT_MIN_PAIRED",
    "DEFAULT_OUTLIER_DISTANCE",
    "DEFAULT_WITHIN_LEVELS",
    "DEFAULT_WITHIN_SHARE",
    "MIN_RWG_RATERS",
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
DEFAULT_WITHIN_LEVELS = 1
"""The agreement window: a rating at most this many levels from the item's median is "within"."""
DEFAULT_WITHIN_SHARE = 0.70
"""Partners agree when at least this share of ratings is within the window (Delphi percent agreement, Diamond et al. 2014)."""
MIN_RWG_RATERS = 3
"""rwg is neither shown nor used with fewer raters than this (a variance of two scores says little)."""
DEFAULT_MIN_PAIRED = 2
"""An item is improved or declined only when at least this many partners scored it in both rounds."""
DEFAULT_CHANGE_LEVEL = 1
"""The smallest change in position, in levels, that can be called improved or declined."""
DEFAULT_CHANGE_SD_FLOOR = 0.71
"""The spread of partners' own changes is never taken as smaller than this (levels): sqrt(0.5^2 + 0.5^2), the sd of
the difference of two scores each rounded to a level (taken as half a level of noise per score)."""
DEFAULT_CHANGE_CONFIDENCE = 0.90
"""One-sided confidence of the Student-t bound on the paired partners' mean change (maturitykit.stats.itemchange);
chosen with tools/simulate_status.py: false improved/declined under 5% at 2-12 partners, a true one-level change
found for at least 80% of items from 6 partners (docs/statistics.md)."""


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
    construction is for callers that state every limit themselves. Divergent when fewer than
    ``within_share`` of the ratings are within ``within_levels`` of the median, or AD > ``ad_limit``.
    A range of ``range_limit`` or more, rwg below ``rwg_limit`` (with ``MIN_RWG_RATERS`` or more) and
    partners ``outlier_distance`` levels or more from the median are agenda hints: they never flag.
    Between rounds, an item is improved or declined only with ``min_paired`` partners in both rounds,
    a change of ``change_level`` or more and a paired change beyond the partners' disagreement
    (``maturitykit.stats.itemchange``).
    """

    ad_limit: float
    """AD_M above this (in levels) is divergent; default ``A/6`` (Burke & Dunlap 2002)."""
    range_limit: int = DEFAULT_RANGE_LIMIT
    """A range of this many levels or more is an agenda hint (it does not flag)."""
    rwg_limit: float = DEFAULT_RWG_LIMIT
    """rwg below this is an agenda hint (it does not flag); only with MIN_RWG_RATERS or more."""
    outlier_distance: int = DEFAULT_OUTLIER_DISTANCE
    """Partners this many levels or more from the median are outliers."""
    within_levels: int = DEFAULT_WITHIN_LEVELS
    """A rating at most this many levels from the median is within the agreement window."""
    within_share: float = DEFAULT_WITHIN_SHARE
    """Partners agree when at least this share of ratings is within the window; fewer is divergent."""
    min_paired: int = DEFAULT_MIN_PAIRED
    """Partners needed in both rounds before an item can be called improved or declined."""
    change_level: float = DEFAULT_CHANGE_LEVEL
    """Smallest change in position (levels) that can be improved or declined."""
    change_sd_floor: float = DEFAULT_CHANGE_SD_FLOOR
    """Floor on the spread of partners' own changes (levels)."""
    change_confidence: float = DEFAULT_CHANGE_CONFIDENCE
    """One-sided confidence of the bound on the paired mean change (0.90 or 0.95)."""
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
        return replace(self, ad_limit=self.ad_limit if ad_given else default_ad_limit(levels), levels=levels)

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
            "within_levels": self.within_levels,
            "within_share": self.within_share,
            "min_paired": self.min_paired,
            "change_level": self.change_level,
            "change_confidence": self.change_confidence,
        }
