"""The delta's result: what `maturity score delta --format json` prints, field by field.

Each model's field descriptions are the documentation of the JSON and CSV outputs.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from maturitykit.diagnostics import Result
from maturitykit.rounds.round import Basis

Status = Literal["improved", "declined", "unchanged", "uncertain", "missing", "too few partners"]
Match = Literal["same", "renamed", "merged", "split"]
Convergence = Literal["converged", "drifted", "steady"]

BOOTSTRAP_ASSUMPTIONS = (
    "Items are treated as exchangeable, independent draws and their changes are averaged, which "
    "treats ordinal changes as interval-scaled (a move from 1 to 2 counts as much as one from 4 to 5). "
    "Items within a domain are related, so the interval is too narrow in practice; with few items it "
    "is also somewhat too narrow (coverage a little under nominal)."
)

BOOTSTRAP_MIN_ITEMS = 10
"""Below this many items no bootstrap interval is given: its coverage there is about 0.82 for a nominal 0.95."""


# --------------------------------------------------------------------------------------- result models


class RoundInfo(Result):
    """What was read for one round."""

    label: str = Field(description="'baseline' or 'followup' (delta), or the label given (trend).")
    inputs: list[str] = Field(description="Inputs as given: merged files, folders or sheets.")
    framework_version: str = Field(description="Framework version the round was read with.")
    partners: list[str] = Field(description="Partners whose scores are used, sorted (after --same-partners).")
    partners_read: list[str] = Field(description="Every partner found in the inputs, sorted.")
    consensus_items: int = Field(description="Items with a recorded consensus (agreed) score in this round.")
    rows_used: int = Field(description="Partner score rows used (consensus rows not counted).")
    rows_rejected: int = Field(description="Input rows left out by the reader (see `maturity score validate`).")
    places: list[str] = Field(description="Place values found in the rows (blank ones not listed).")
    rounds: list[str] = Field(description="Round labels found in the rows (blank ones not listed).")


class ItemRef(Result):
    """An item listed apart: new since the baseline, or dropped from it."""

    item: str = Field(description="Item id (of the follow-up version for new items, of the baseline version for dropped ones).")
    code: str = Field(description="Item code, or empty.")
    title: str = Field(description="Item title.")
    domain: str = Field(description="Domain id.")
    baseline: float | None = Field(description="Position in the baseline round (dropped items), else None.")
    followup: float | None = Field(description="Position in the follow-up round (new items), else None.")


class ItemDelta(Result):
    """One item compared across the two rounds."""

    item: str = Field(description="Item id in the follow-up framework.")
    code: str = Field(description="Item code, or empty.")
    title: str = Field(description="Item title.")
    group: str = Field(description="Group id, or empty when the framework has no groups.")
    domain: str = Field(description="Domain id.")
    priority: str = Field(description="Priority id, or empty.")
    short_term: bool = Field(description="True when the item's priority is a short-term one (listed first in reports).")
    match: Match = Field(
        description="How the item was found in the baseline: same id, renamed (one `replaces` id), merged (several "
        "baseline items; their positions are averaged) or split (one baseline item claimed by several items)."
    )
    matched_from: list[str] = Field(description="Baseline item ids whose scores give this item's baseline.")
    baseline: float | None = Field(description="Position in the baseline round (None when nobody scored it).")
    followup: float | None = Field(description="Position in the follow-up round (None when nobody scored it).")
    basis_baseline: Basis | None = Field(description="consensus, median, or mean (merged items); None without a position.")
    basis_followup: Basis | None = Field(description="consensus or median; None without a position.")
    basis: str = Field(description="The basis of both positions: one word when they agree, else 'baseline/followup'.")
    change: float | None = Field(description="Follow-up minus baseline position, in levels.")
    mixed_basis: bool = Field(
        description="True when one position is a recorded consensus and the other is not (a median or mean of "
        "partner scores): the change then compares two different things; see median_change.")
    median_change: float | None = Field(
        description="For a mixed-basis change: the change between the medians of the partners' own scores in the "
        "two rounds, in levels (None otherwise, or when a round has no partner scores).")
    status: Status = Field(
        description="improved or declined (a change of a level or more, at least two partners in both rounds, and "
        "their own changes beyond their disagreement), unchanged, too few partners (fewer than two partners scored "
        "both rounds), uncertain (agreement lacking in either round), or missing (no position in a round)."
    )
    status_reason: str = Field(description="Why the status is uncertain or missing; empty otherwise.")
    n_baseline: int = Field(description="Partners who scored the item in the baseline.")
    n_followup: int = Field(description="Partners who scored the item in the follow-up.")
    agreed_baseline: bool = Field(description="Agreement established in the baseline (recorded consensus, or not divergent).")
    agreed_followup: bool = Field(description="Agreement established in the follow-up (recorded consensus, or not divergent).")
    ad_baseline: float | None = Field(description="Average deviation from the mean of partners' scores, baseline.")
    ad_followup: float | None = Field(description="Average deviation from the mean of partners' scores, follow-up.")
    convergence: Convergence | None = Field(
        description="converged when AD fell, drifted when it rose, steady when equal; None without both ADs."
    )
    partners_up: int = Field(description="Partners (scoring both rounds) whose own score rose.")
    partners_same: int = Field(description="Partners (scoring both rounds) whose own score did not change.")
    partners_down: int = Field(description="Partners (scoring both rounds) whose own score fell.")
    partners_median_change: float | None = Field(description="Median of those partners' own changes.")


class RollUp(Result):
    """Items of one domain, one group or the whole framework, summarised."""

    level: Literal["domain", "group", "framework"] = Field(description="What is summarised.")
    id: str = Field(description="Domain or group id; the framework id for the whole framework.")
    title: str = Field(description="Domain, group or framework title.")
    group: str = Field(description="For a domain, its group id; otherwise empty.")
    items: int = Field(description="Items compared (new and dropped items are not counted).")
    with_both: int = Field(description="Items with a position in both rounds; the means are over these.")
    mean_baseline: float | None = Field(description="Mean baseline position over items with both positions.")
    mean_followup: float | None = Field(description="Mean follow-up position over items with both positions.")
    mean_change: float | None = Field(description="Mean change over items with both positions.")
    improved: int = Field(description="Items improved.")
    declined: int = Field(description="Items declined.")
    unchanged: int = Field(description="Items unchanged.")
    uncertain: int = Field(description="Items uncertain.")
    missing: int = Field(description="Items without a position in a round.")
    too_few_partners: int = Field(description="Items with fewer than two partners in both rounds (no status).")


class ChangeTest(Result):
    """A test across items (from maturitykit.stats.changestats)."""

    method: str = Field(description="Name of the test as computed.")
    n: int = Field(description="Non-zero changes tested.")
    n_positive: int = Field(description="Items whose position rose.")
    n_negative: int = Field(description="Items whose position fell.")
    n_zero: int = Field(description="Items with no change (dropped by the test).")
    statistic: float | None = Field(description="Sign test: number of rises. Wilcoxon: W+, the sum of ranks of rises.")
    p_value: float | None = Field(description="Two-sided p-value; None when there is no non-zero change.")
    assumptions: str = Field(description="What the test assumes, in plain words.")
    note: str | None = Field(description="A caution, e.g. too few changes for any p below 0.05.")


class PermutationTest(Result):
    """The primary test across items: round labels swapped within partner (maturitykit.stats.permutation)."""

    method: str = Field(description="Name of the test as computed (exact, or Monte Carlo with its seed).")
    partners: int = Field(description="Partners with a change on at least one item (scored it in both rounds).")
    items: int = Field(description="Items with at least one such partner.")
    statistic: float | None = Field(description="Mean over items of the paired partners' mean change, in levels.")
    p_value: float | None = Field(description="Two-sided p-value; None when no partner scored an item in both rounds.")
    exact: bool = Field(description="True when every relabelling was enumerated.")
    permutations: int = Field(description="Relabellings counted (2^partners when exact).")
    seed: int | None = Field(description="Seed of the random relabellings (Monte Carlo only).")
    assumptions: str = Field(description="What the test assumes, in plain words.")
    note: str | None = Field(description="A caution, e.g. too few partners for any p below 0.05.")


class BootstrapInterval(Result):
    """Percentile bootstrap interval for the mean change across items."""

    estimate: float = Field(description="Mean change across items.")
    low: float = Field(description="Lower bound.")
    high: float = Field(description="Upper bound.")
    level: float = Field(description="Confidence level, e.g. 0.95.")
    method: str = Field(description="How the interval is computed.")
    resamples: int = Field(description="Bootstrap resamples drawn.")
    seed: int = Field(description="Seed of numpy.random.default_rng (the interval is reproducible).")
    assumptions: str = Field(description="What the interval assumes, in plain words.")


class AcrossItems(Result):
    """Whether items moved, taken together. No per-item p-values are given."""

    items: int = Field(description="Items with a position in both rounds (their changes are tested).")
    changes: list[float] = Field(description="The changes tested, in framework order.")
    primary: PermutationTest = Field(
        description="The primary test: within-partner permutation test, which respects that items scored by the "
        "same partners move together.")
    sign_test: ChangeTest = Field(description="Secondary: exact two-sided sign test (treats items as independent).")
    wilcoxon: ChangeTest = Field(
        description="Secondary: two-sided Wilcoxon signed-rank test (treats items as independent).")
    bootstrap: BootstrapInterval | None = Field(
        description="Interval for the mean change; None with fewer than 10 items (see bootstrap_note).")
    bootstrap_note: str | None = Field(description="Why no interval is given, when it is not.")
    partners_in_both: int = Field(description="Partners who scored in both rounds.")
    smallest_item_p: float = Field(
        description="Smallest exact two-sided sign-test p any single item could reach with that many partners."
    )
    why_no_item_p_values: str = Field(description="Why per-item p-values are not shown.")


class Thresholds(Result):
    """Divergence limits used to decide agreement, in levels (``Limits.to_dict()``)."""

    ad_limit: float = Field(description="AD (in levels) above this is divergent.")
    range_limit: int = Field(description="A range of this many levels or more is divergent.")
    rwg_limit: float = Field(description="rwg below this is divergent.")
    outlier_distance: int = Field(description="Partners this many levels or more from the median are outliers.")
    within_levels: int = Field(description="Agreement window: ratings this many levels or fewer from the median.")
    within_share: float = Field(description="Share of ratings that must be within the window for agreement.")
    min_paired: int = Field(description="Partners needed in both rounds before a change is called.")
    change_level: float = Field(description="Smallest change in position (levels) that can be called.")
    change_confidence: float = Field(
        description="One-sided confidence of the Student-t bound on the paired partners' mean change.")


class DeltaResult(Result):
    """Baseline and follow-up rounds compared item by item and across items."""

    framework: str = Field(description="Framework id.")
    framework_title: str = Field(description="Framework title.")
    framework_version: str = Field(description="Version the follow-up was scored on (and the items listed).")
    baseline_framework_version: str = Field(description="Version the baseline was scored on.")
    scale: list[int | float] = Field(description="Level values of the scale.")
    baseline: RoundInfo = Field(description="The baseline round.")
    followup: RoundInfo = Field(description="The follow-up round.")
    same_partners: bool = Field(
        description="True when both rounds were restricted to partners in both (the default; --all-partners turns it off).")
    partners_both: list[str] = Field(description="Partners who scored in both rounds.")
    partners_only_baseline: list[str] = Field(description="Partners found only in the baseline inputs.")
    partners_only_followup: list[str] = Field(description="Partners found only in the follow-up inputs.")
    thresholds: Thresholds = Field(description="Divergence limits used.")
    items: list[ItemDelta] = Field(description="Items compared, in framework order.")
    new_items: list[ItemRef] = Field(description="Items of the follow-up version with no baseline item; not compared.")
    dropped_items: list[ItemRef] = Field(description="Baseline items no follow-up item continues; not compared.")
    domains: list[RollUp] = Field(description="Per domain, in framework order.")
    groups: list[RollUp] = Field(description="Per group, in framework order (empty without groups).")
    overall: RollUp = Field(description="All items compared.")
    across_items: AcrossItems = Field(description="Tests and interval across items.")
    notes: list[str] = Field(description="Things a reader should know: different partners, rejected rows, merges.")


# ------------------------------------------------------------------------------------------- rounds
