"""Change between two rounds of scoring: per-item positions, status, convergence and tests across items.

A round is what :func:`maturitykit.rounds.merge.load_round` reads (a merged file, a folder of sheets or
one sheet). Each item's **position** in a round is the recorded consensus when the round has one
for the item, else the median of the partners' scores. The change is follow-up minus baseline.
Per item there are counts of partners who moved, never a p-value (too few partners); across
items there is a sign test, a Wilcoxon signed-rank test and a bootstrap interval for the mean
change (:mod:`maturitykit.stats.changestats`). Every rule is written out in ``docs/rounds.md``.

When the baseline was scored on an older version of the framework, items are matched through
``replaces`` on the new version's items; items new since the baseline and items dropped from it
are listed apart and never compared.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from maturitykit.errors import RefusedError
from maturitykit.framework.model import Framework, Item
from maturitykit.rounds.merge import MergeResult
from maturitykit.rounds.round import Basis, Position, Round, read_round, round_from_result
from maturitykit.sheets.vocabulary import norm
from maturitykit.stats.changestats import (
    DECIMALS,
    bootstrap_mean_ci,
    paired_partner_changes,
    sign_test,
    smallest_sign_test_p,
    wilcoxon_signed_rank,
)
from maturitykit.stats.limits import Limits

__all__ = [
    "CSV_COLUMNS",
    "DeltaResult",
    "Round",
    "compute_delta",
    "delta",
    "delta_records",
    "prepare_round",
]

_TOL = 1e-9

Status = Literal["improved", "declined", "unchanged", "uncertain", "missing"]
Match = Literal["same", "renamed", "merged", "split"]
Convergence = Literal["converged", "drifted", "steady"]

BOOTSTRAP_ASSUMPTIONS = (
    "Items are treated as exchangeable, independent draws and their changes are averaged, which "
    "treats ordinal changes as interval-scaled (a move from 1 to 2 counts as much as one from 4 to 5). "
    "Items within a domain are related, so the interval is too narrow in practice; with few items it "
    "is also somewhat too narrow (coverage a little under nominal)."
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------------------- result models


class RoundInfo(_Model):
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


class ItemRef(_Model):
    """An item listed apart: new since the baseline, or dropped from it."""

    item: str = Field(description="Item id (of the follow-up version for new items, of the baseline version for dropped ones).")
    code: str = Field(description="Item code, or empty.")
    title: str = Field(description="Item title.")
    domain: str = Field(description="Domain id.")
    baseline: float | None = Field(description="Position in the baseline round (dropped items), else None.")
    followup: float | None = Field(description="Position in the follow-up round (new items), else None.")


class ItemDelta(_Model):
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
    status: Status = Field(
        description="improved (change >= 1), declined (<= -1), unchanged, uncertain (agreement lacking in either "
        "round), or missing (no position in a round)."
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


class RollUp(_Model):
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


class ChangeTest(_Model):
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


class BootstrapInterval(_Model):
    """Percentile bootstrap interval for the mean change across items."""

    estimate: float = Field(description="Mean change across items.")
    low: float = Field(description="Lower bound.")
    high: float = Field(description="Upper bound.")
    level: float = Field(description="Confidence level, e.g. 0.95.")
    method: str = Field(description="How the interval is computed.")
    resamples: int = Field(description="Bootstrap resamples drawn.")
    seed: int = Field(description="Seed of numpy.random.default_rng (the interval is reproducible).")
    assumptions: str = Field(description="What the interval assumes, in plain words.")


class AcrossItems(_Model):
    """Whether items moved, taken together. No per-item p-values are given."""

    items: int = Field(description="Items with a position in both rounds (their changes are tested).")
    changes: list[float] = Field(description="The changes tested, in framework order.")
    sign_test: ChangeTest = Field(description="Exact two-sided sign test.")
    wilcoxon: ChangeTest = Field(description="Two-sided Wilcoxon signed-rank test.")
    bootstrap: BootstrapInterval | None = Field(description="Interval for the mean change; None with fewer than 2 items.")
    partners_in_both: int = Field(description="Partners who scored in both rounds.")
    smallest_item_p: float = Field(
        description="Smallest exact two-sided sign-test p any single item could reach with that many partners."
    )
    why_no_item_p_values: str = Field(description="Why per-item p-values are not shown.")


class Thresholds(_Model):
    """Divergence limits used to decide agreement, in levels (``Limits.to_dict()``)."""

    ad_limit: float = Field(description="AD (in levels) above this is divergent.")
    range_limit: int = Field(description="A range of this many levels or more is divergent.")
    rwg_limit: float = Field(description="rwg below this is divergent.")
    outlier_distance: int = Field(description="Partners this many levels or more from the median are outliers.")


class DeltaResult(_Model):
    """Baseline and follow-up rounds compared item by item and across items."""

    framework: str = Field(description="Framework id.")
    framework_title: str = Field(description="Framework title.")
    framework_version: str = Field(description="Version the follow-up was scored on (and the items listed).")
    baseline_framework_version: str = Field(description="Version the baseline was scored on.")
    scale: list[int | float] = Field(description="Level values of the scale.")
    baseline: RoundInfo = Field(description="The baseline round.")
    followup: RoundInfo = Field(description="The follow-up round.")
    same_partners: bool = Field(description="True when both rounds were restricted to partners in both (--same-partners).")
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


def prepare_round(framework: Framework, inputs: Sequence[str | Path], label: str, place: str | None = None) -> Round:
    """Read one round and check it holds one place and one round; ``place`` selects a place."""
    return read_round(framework, list(inputs), place, label=label)


def round_data(framework: Framework, result: MergeResult, shown: list[str], label: str,
               place: str | None = None) -> Round:
    """Check a merged round holds one place and one round, and index it (the report passes anonymised data)."""
    return round_from_result(framework, result, shown, label, place)


def _round_info(data: Round, label: str) -> RoundInfo:
    used = set(data.partners)
    return RoundInfo(
        label=label,
        inputs=data.inputs,
        framework_version=data.framework.version,
        partners=[data.names[k] for k in data.partners],
        partners_read=sorted(data.names.values(), key=norm),
        consensus_items=len(data.consensus),
        rows_used=sum(1 for by_partner in data.partner_scores.values() for k, s in by_partner.items() if k in used and s is not None),
        rows_rejected=data.result.accounting.rejected,
        places=data.places,
        rounds=data.rounds,
    )


# ------------------------------------------------------------------------------------------ matching


@dataclass
class _Link:
    item: Item
    sources: list[str]
    match: Match


def _match_items(new: Framework, old: Framework | None) -> tuple[list[_Link], list[Item], list[Item], list[str]]:
    """Links of the new version's items to baseline items; new items; dropped old items; notes."""
    if old is None:
        return [_Link(item, [item.id], "same") for item in new.items()], [], [], []
    old_items = old.items()
    old_ids = {item.id for item in old_items}
    notes: list[str] = []
    provisional: list[tuple[Item, list[str]]] = []
    for item in new.items():
        sources = [item.id] if item.id in old_ids else []
        for ref in item.node.replaces:
            if ref in old_ids and ref not in sources:
                sources.append(ref)
            elif ref not in old_ids:
                notes.append(f"{item.id!r} replaces {ref!r}, which is not an item of the baseline version "
                             f"{old.version}; ignored")
        provisional.append((item, sources))
    claims: dict[str, list[str]] = {}
    for item, sources in provisional:
        for source in sources:
            claims.setdefault(source, []).append(item.id)
    links: list[_Link] = []
    new_items: list[Item] = []
    for item, sources in provisional:
        if not sources:
            new_items.append(item)
            continue
        if len(sources) > 1:
            match: Match = "merged"
            notes.append(f"{item.id!r} merges baseline items {', '.join(sources)}: its baseline position is the mean of "
                         "their positions")
        elif len(claims[sources[0]]) > 1:
            match = "split"
        elif sources[0] == item.id:
            match = "same"
        else:
            match = "renamed"
        links.append(_Link(item, sources, match))
    for source, claimants in claims.items():
        if len(claimants) > 1:
            notes.append(f"baseline item {source!r} was split into {', '.join(claimants)}: each takes its baseline "
                         "position")
    dropped = [item for item in old_items if item.id not in claims]
    return links, new_items, dropped, notes


# ------------------------------------------------------------------------------------------- compute


def _clean(value: float) -> float:
    rounded = round(value, DECIMALS)
    return 0.0 if rounded == 0 else rounded


def _merge_positions(parts: list[Position]) -> Position:
    """A merged item's baseline: mean of the parts' positions; agreed only when every part is."""
    if len(parts) == 1:
        return parts[0]
    present = [p for p in parts if p.position is not None]
    if not present:
        return Position(None, None, 0, None, False, (), {})
    position = _clean(statistics.fmean(p.position for p in present))  # type: ignore[misc]
    ads = [p.ad for p in present if p.ad is not None]
    reasons = tuple(r for p in present if not p.agreed for r in p.reasons)
    partner_scores: dict[str, list[float]] = {}
    for part in present:
        for key, score in part.scores.items():
            partner_scores.setdefault(key, []).append(score)
    scores = {k: statistics.fmean(v) for k, v in partner_scores.items()}
    return Position(position, "mean", len(scores), max(ads) if ads else None, any(not p.agreed for p in present),
                    reasons, scores)


def _basis(before: Basis | None, after: Basis | None) -> str:
    b, a = before or "none", after or "none"
    return b if b == a else f"{b}/{a}"


def _status(before: Position, after: Position, change: float | None) -> tuple[Status, str]:
    if before.position is None or after.position is None:
        rounds = [name for name, p in (("baseline", before), ("follow-up", after)) if p.position is None]
        return "missing", f"no position in the {' and '.join(rounds)} (nobody scored it)"
    lacking = []
    for name, pos in (("baseline", before), ("follow-up", after)):
        if not pos.agreed:
            lacking.append(f"{name}: partners diverge ({'; '.join(pos.reasons)})")
    if lacking:
        return "uncertain", "; ".join(lacking)
    assert change is not None
    if change >= 1 - _TOL:
        return "improved", ""
    if change <= -1 + _TOL:
        return "declined", ""
    return "unchanged", ""


def _convergence(before: float | None, after: float | None) -> Convergence | None:
    if before is None or after is None:
        return None
    if after < before - _TOL:
        return "converged"
    if after > before + _TOL:
        return "drifted"
    return "steady"


def _rollup(level: Literal["domain", "group", "framework"], id_: str, title: str, group: str,
            rows: list[ItemDelta]) -> RollUp:
    both = [r for r in rows if r.change is not None]

    def mean(values: list[float]) -> float | None:
        return _clean(statistics.fmean(values)) if values else None

    counts = {s: sum(1 for r in rows if r.status == s) for s in ("improved", "declined", "unchanged", "uncertain", "missing")}
    return RollUp(
        level=level, id=id_, title=title, group=group, items=len(rows), with_both=len(both),
        mean_baseline=mean([r.baseline for r in both]),  # type: ignore[misc]
        mean_followup=mean([r.followup for r in both]),  # type: ignore[misc]
        mean_change=mean([r.change for r in both]),  # type: ignore[misc]
        **counts,
    )


def _test(result: object) -> ChangeTest:
    return ChangeTest(**{name: getattr(result, name) for name in ChangeTest.model_fields})


def _across(rows: list[ItemDelta], partners_both: int) -> AcrossItems:
    changes = [r.change for r in rows if r.change is not None]
    interval = bootstrap_mean_ci(changes)  # type: ignore[arg-type]
    smallest = smallest_sign_test_p(partners_both)
    if partners_both == 0:
        why = ("Per-item p-values are not shown: no partner scored both rounds, so no per-item test is possible. "
               "Across items, the tests below use each item's change in position.")
    else:
        why = (f"Per-item p-values are not shown: with {partners_both} partner{'s' if partners_both != 1 else ''} "
               f"scoring both rounds, even a unanimous move on an item has an exact two-sided sign-test p of "
               f"{smallest:.4g} (2 x 0.5^{partners_both}), so a per-item test "
               f"{'could never reach 0.05' if smallest >= 0.05 else 'can only detect near-unanimous moves'}. "
               "Per item, the counts of partners who moved up, stayed and moved down are given instead.")
    return AcrossItems(
        items=len(changes),
        changes=changes,  # type: ignore[arg-type]
        sign_test=_test(sign_test(changes)),  # type: ignore[arg-type]
        wilcoxon=_test(wilcoxon_signed_rank(changes)),  # type: ignore[arg-type]
        bootstrap=None if interval is None else BootstrapInterval(
            estimate=interval.estimate, low=interval.low, high=interval.high, level=interval.level,
            method=interval.method, resamples=interval.resamples, seed=interval.seed,
            assumptions=BOOTSTRAP_ASSUMPTIONS,
        ),
        partners_in_both=partners_both,
        smallest_item_p=smallest,
        why_no_item_p_values=why,
    )


def compute_delta(framework: Framework, baseline: Round, followup: Round, *, limits: Limits | None = None,
                  same_partners: bool = False) -> DeltaResult:
    """Compare two prepared rounds. ``baseline.framework`` may be an older version of ``framework``."""
    limits = limits or Limits.for_scale(framework.default_scale.values())
    old = baseline.framework if baseline.framework is not framework else None
    if old is not None and old.id != framework.id:
        raise RefusedError(f"the baseline framework is {old.id!r}, not {framework.id!r}; a delta compares rounds of "
                           "one framework")
    if old is not None and old.default_scale.values() != framework.default_scale.values():
        raise RefusedError(f"the baseline version {old.version} has scale {old.default_scale.values()}, version "
                           f"{framework.version} has {framework.default_scale.values()}; positions on different scales "
                           "cannot be compared")
    notes: list[str] = []
    base_keys, follow_keys = set(baseline.partners), set(followup.partners)
    both = base_keys & follow_keys
    only_base = sorted((baseline.names[k] for k in base_keys - both), key=norm)
    only_follow = sorted((followup.names[k] for k in follow_keys - both), key=norm)
    if same_partners:
        baseline.restrict(both)
        followup.restrict(both)
        if not both:
            raise RefusedError("--same-partners: no partner scored in both rounds, so nothing is left to compare")
        if only_base or only_follow:
            notes.append(f"--same-partners: only the {len(both)} partner(s) in both rounds are used; left out: "
                         f"{', '.join([*only_base, *only_follow])}")
    elif only_base or only_follow:
        parts = []
        if only_base:
            parts.append(f"only in the baseline: {', '.join(only_base)}")
        if only_follow:
            parts.append(f"only in the follow-up: {', '.join(only_follow)}")
        notes.append("the partners differ between rounds (" + "; ".join(parts) + "); positions may move because "
                     "the partners changed. Use --same-partners to compare only partners in both rounds")
    for label, data in (("baseline", baseline), ("follow-up", followup)):
        if data.result.accounting.rejected:
            notes.append(f"the {label} had {data.result.accounting.rejected} row(s) left out by the reader; run "
                         "`maturity score validate` on its sheets")
    if old is not None and framework.previous_version and framework.previous_version != old.version:
        notes.append(f"version {framework.version} says it follows {framework.previous_version}, but the baseline "
                     f"framework is version {old.version}")

    links, new_items, dropped, match_notes = _match_items(framework, old)
    notes.extend(match_notes)
    rows: list[ItemDelta] = []
    for link in links:
        item = link.item
        before = _merge_positions([baseline.position(s, limits) for s in link.sources])
        after = followup.position(item.id, limits)
        change = None
        if before.position is not None and after.position is not None:
            change = _clean((sc := framework.scale_for(item)).in_levels(after.position) - sc.in_levels(before.position))
        status, reason = _status(before, after, change)
        paired_base = {k: v for k, v in before.scores.items() if k in both}
        paired_follow = {k: v for k, v in after.scores.items() if k in both}
        up, same, down, median = paired_partner_changes(paired_base, paired_follow)
        rows.append(ItemDelta(
            item=item.id, code=item.code or "", title=item.title, group=item.group_id, domain=item.domain_id,
            priority=item.node.priority or "", short_term=framework.is_short_term(item),
            match=link.match, matched_from=link.sources,
            baseline=before.position, followup=after.position,
            basis_baseline=before.basis, basis_followup=after.basis, basis=_basis(before.basis, after.basis),
            change=change, status=status, status_reason=reason,
            n_baseline=before.n, n_followup=after.n,
            agreed_baseline=before.position is not None and before.agreed,
            agreed_followup=after.position is not None and after.agreed,
            ad_baseline=before.ad, ad_followup=after.ad, convergence=_convergence(before.ad, after.ad),
            partners_up=up, partners_same=same, partners_down=down, partners_median_change=median,
        ))

    new_refs = [ItemRef(item=i.id, code=i.code or "", title=i.title, domain=i.domain_id, baseline=None,
                        followup=followup.position(i.id, limits).position) for i in new_items]
    dropped_refs = [ItemRef(item=i.id, code=i.code or "", title=i.title, domain=i.domain_id,
                            baseline=baseline.position(i.id, limits).position, followup=None) for i in dropped]

    domains: list[RollUp] = []
    groups: list[RollUp] = []
    for group, domain in framework.domains_with_group():
        members = [r for r in rows if r.domain == domain.id and r.group == (group.id if group else "")]
        if members:
            domains.append(_rollup("domain", domain.id, domain.title, group.id if group else "", members))
    for group in framework.groups:
        members = [r for r in rows if r.group == group.id]
        if members:
            groups.append(_rollup("group", group.id, group.title, "", members))

    return DeltaResult(
        framework=framework.id, framework_title=framework.title, framework_version=framework.version,
        baseline_framework_version=baseline.framework.version, scale=framework.default_scale.values(),
        baseline=_round_info(baseline, "baseline"), followup=_round_info(followup, "followup"),
        same_partners=same_partners,
        partners_both=sorted((baseline.names[k] for k in both), key=norm),
        partners_only_baseline=only_base, partners_only_followup=only_follow,
        thresholds=Thresholds(**limits.to_dict()),
        items=rows, new_items=new_refs, dropped_items=dropped_refs, domains=domains, groups=groups,
        overall=_rollup("framework", framework.id, framework.title, "", rows),
        across_items=_across(rows, len(both)),
        notes=notes,
    )


def delta(framework: Framework, baseline: Sequence[str | Path], followup: Sequence[str | Path], *,
          baseline_framework: Framework | None = None, same_partners: bool = False, limits: Limits | None = None,
          place: str | None = None) -> DeltaResult:
    """Read both rounds and compare them (the library entry point behind `maturity score delta`)."""
    old = baseline_framework or framework
    try:
        base = prepare_round(old, baseline, "baseline", place)
    except RefusedError as exc:
        if "version" in exc.message and baseline_framework is None:
            raise RefusedError(exc.message + " (if the baseline was scored on an earlier version of the framework, "
                               "give that version with --baseline-framework)", exc.location) from None
        raise
    follow = prepare_round(framework, followup, "follow-up", place)
    return compute_delta(framework, base, follow, limits=limits, same_partners=same_partners)


# --------------------------------------------------------------------------------------------- output

CSV_COLUMNS = ["item", "code", "title", "group", "domain", "priority", "baseline", "followup", "basis", "change",
               "status", "ad_baseline", "ad_followup", "convergence", "partners_up", "partners_same", "partners_down",
               "partners_median_change", "n_baseline", "n_followup", "match", "matched_from", "status_reason"]


def delta_records(result: DeltaResult) -> list[dict[str, object]]:
    """One record per compared item, in framework order, for CSV."""
    out = []
    for row in result.items:
        record = row.model_dump()
        record["matched_from"] = "; ".join(row.matched_from)
        out.append({c: record.get(c) for c in CSV_COLUMNS})
    return out
