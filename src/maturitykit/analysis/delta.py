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
from typing import Literal

from maturitykit.analysis.delta_result import (
    BOOTSTRAP_ASSUMPTIONS,
    BOOTSTRAP_MIN_ITEMS,
    AcrossItems,
    BootstrapInterval,
    ChangeTest,
    Convergence,
    DeltaResult,
    ItemDelta,
    ItemRef,
    PermutationTest,
    RollUp,
    RoundInfo,
    Status,
    Thresholds,
)
from maturitykit.analysis.positions import node_span, rollup_words
from maturitykit.analysis.versions import match_items
from maturitykit.columns import DELTA
from maturitykit.errors import RefusedError
from maturitykit.framework.model import Framework, Scale
from maturitykit.rounds.merge import MergeResult
from maturitykit.rounds.round import Basis, Position, Round, round_from_result
from maturitykit.sheets.vocabulary import norm
from maturitykit.stats.changestats import (
    DECIMALS,
    bootstrap_mean_ci,
    paired_partner_changes,
    sign_test,
    smallest_sign_test_p,
    wilcoxon_signed_rank,
)
from maturitykit.stats.itemchange import change_evidence
from maturitykit.stats.limits import Limits
from maturitykit.stats.permutation import within_partner_permutation_test
from maturitykit.stats.scores import is_missing
from maturitykit.words import count

__all__ = [
    "CSV_COLUMNS",
    "DeltaResult",
    "Round",
    "compute_delta",
    "delta_records",
]

_TOL = 1e-9


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
        rows_used=sum(1 for by_partner in data.partner_scores.values() for k, s in by_partner.items() if k in used and not is_missing(s)),
        rows_rejected=data.result.accounting.rejected,
        places=data.places,
        rounds=data.rounds,
    )


# ------------------------------------------------------------------------------------------ matching


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


def _status(before: Position, after: Position, change: float | None, paired: list[float],
            limits: Limits) -> tuple[Status, str]:
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
    status, reason = change_evidence(paired, change, limits)
    return status, reason  # type: ignore[return-value]


def _mixed(before: Position, after: Position, sc: object) -> tuple[bool, float | None]:
    """Whether one position is a recorded consensus and the other is not, and the median-to-median change then."""
    bases = {before.basis, after.basis}
    if before.position is None or after.position is None or "consensus" not in bases or len(bases) == 1:
        return False, None
    if not before.scores or not after.scores:
        return True, None
    medians = [sc.in_levels(statistics.median(p.scores.values())) for p in (before, after)]  # type: ignore[attr-defined]
    return True, _clean(medians[1] - medians[0])


def _convergence(before: float | None, after: float | None) -> Convergence | None:
    if before is None or after is None:
        return None
    if after < before - _TOL:
        return "converged"
    if after > before + _TOL:
        return "drifted"
    return "steady"


def _rollup(level: Literal["domain", "group", "framework"], id_: str, title: str, group: str,
            rows: list[ItemDelta], framework: Framework | None = None, node: object = None) -> RollUp:
    """A node's items summarised; with a declared `rollup` on `node`, its baseline and follow-up positions
    are that roll-up of the items positioned in both rounds (analysis/positions.py), and the change is
    their difference, in the roll-up's units."""
    both = [r for r in rows if r.change is not None]

    def mean(values: list[float]) -> float | None:
        return _clean(statistics.fmean(values)) if values else None

    counts = {s: sum(1 for r in rows if r.status == s) for s in ("improved", "declined", "unchanged", "uncertain", "missing")}
    counts["too_few_partners"] = sum(1 for r in rows if r.status == "too few partners")
    baseline = mean([r.baseline for r in both])  # type: ignore[misc]
    followup = mean([r.followup for r in both])  # type: ignore[misc]
    change = mean([r.change for r in both])  # type: ignore[misc]
    if framework is not None and getattr(node, "rollup", None) is not None and both:
        baseline = node_span(framework, node, {r.item: r.baseline for r in both}).value
        followup = node_span(framework, node, {r.item: r.followup for r in both}).value
        change = None if baseline is None or followup is None else _clean(followup - baseline)
    return RollUp(
        level=level, id=id_, title=title, group=group, items=len(rows), with_both=len(both),
        mean_baseline=baseline, mean_followup=followup, mean_change=change, **counts,
    )


def _rollup_notes(framework: Framework) -> list[str]:
    """One note per node with a declared roll-up: how its positions in the roll-up rows are computed."""
    nodes = [("the framework", framework), *((f"group {g.id}", g) for g in framework.groups),
             *((f"domain {d.id}", d) for _, d in framework.domains_with_group())]
    declared = [f"{name}: {rollup_words(node.rollup)}" for name, node in nodes if node.rollup is not None]
    if not declared:
        return []
    return ["roll-ups declared by the framework (the others are the mean of their items): " + "; ".join(declared)
            + ". Their baseline and follow-up are that roll-up over the items positioned in both rounds, and "
            "their change is the difference, in the roll-up's units"]


def _test(result: object) -> ChangeTest:
    return ChangeTest(**{name: getattr(result, name) for name in ChangeTest.model_fields})


def _across(rows: list[ItemDelta], partners_both: int,
            partner_changes: dict[str, dict[str, float]]) -> AcrossItems:
    changes = [r.change for r in rows if r.change is not None]
    interval = bootstrap_mean_ci(changes) if len(changes) >= BOOTSTRAP_MIN_ITEMS else None  # type: ignore[arg-type]
    bootstrap_note = None if len(changes) >= BOOTSTRAP_MIN_ITEMS else (
        f"no interval for the mean change: {len(changes)} item{'s' if len(changes) != 1 else ''} with a position "
        f"in both rounds, fewer than {BOOTSTRAP_MIN_ITEMS}; a percentile bootstrap interval from so few items "
        "covers the true mean change less often than it claims (about 82% for a 95% interval)")
    primary = within_partner_permutation_test(partner_changes)
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
        primary=PermutationTest(**{name: getattr(primary, name) for name in PermutationTest.model_fields}),
        sign_test=_test(sign_test(changes)),  # type: ignore[arg-type]
        wilcoxon=_test(wilcoxon_signed_rank(changes)),  # type: ignore[arg-type]
        bootstrap=None if interval is None else BootstrapInterval(
            estimate=interval.estimate, low=interval.low, high=interval.high, level=interval.level,
            method=interval.method, resamples=interval.resamples, seed=interval.seed,
            assumptions=BOOTSTRAP_ASSUMPTIONS,
        ),
        bootstrap_note=bootstrap_note,
        partners_in_both=partners_both,
        smallest_item_p=smallest,
        why_no_item_p_values=why,
    )


def compute_delta(framework: Framework, baseline: Round, followup: Round, *, limits: Limits | None = None,
                  same_partners: bool | None = None, labels: tuple[str, str] = ("baseline", "followup")) -> DeltaResult:
    """Compare two prepared rounds. ``baseline.framework`` may be an older version of ``framework``;
    ``labels`` name the rounds in the result (the columns stay ``baseline`` and ``followup``).

    ``same_partners``: True uses only partners who scored in both rounds (refused when there are none);
    False uses every partner; None (the default) is True when any partner scored both rounds, else False
    with a note."""
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
    if same_partners is None:
        same_partners = bool(both)
        if not both:
            notes.append("no partner scored in both rounds, so every partner is used (positions may move because "
                         "the partners changed)")
    if same_partners:
        baseline.restrict(both)
        followup.restrict(both)
        if not both:
            raise RefusedError("--same-partners: no partner scored in both rounds, so nothing is left to compare")
        if only_base or only_follow:
            notes.append(f"only the {len(both)} partner{'s' if len(both) != 1 else ''} in both rounds "
                         f"{'are' if len(both) != 1 else 'is'} used (--all-partners uses everyone); left out: "
                         f"{', '.join([*only_base, *only_follow])}")
    elif only_base or only_follow:
        parts = []
        if only_base:
            parts.append(f"only in the baseline: {', '.join(only_base)}")
        if only_follow:
            parts.append(f"only in the follow-up: {', '.join(only_follow)}")
        notes.append("the partners differ between rounds (" + "; ".join(parts) + "); positions may move because "
                     "the partners changed (--all-partners). Without it only partners in both rounds are compared")
    for label, data in (("baseline", baseline), ("follow-up", followup)):
        if data.result.accounting.rejected:
            notes.append(f"the {label} had {count(data.result.accounting.rejected, 'row')} left out by the reader; run "
                         "`maturity score validate` on its sheets")
    if old is not None and framework.previous_version and framework.previous_version != old.version:
        notes.append(f"version {framework.version} says it follows {framework.previous_version}, but the baseline "
                     f"framework is version {old.version}")

    links, new_items, dropped, match_notes = match_items(framework, old)
    notes.extend(match_notes)
    notes.extend(_rollup_notes(framework))
    rows: list[ItemDelta] = []
    partner_changes: dict[str, dict[str, float]] = {}
    for link in links:
        item = link.item
        before = _merge_positions([baseline.position(s, limits) for s in link.sources])
        after = followup.position(item.id, limits)
        change = None
        if before.position is not None and after.position is not None:
            change = _clean((sc := framework.scale_for(item)).in_levels(after.position) - sc.in_levels(before.position))
        paired_base = {k: v for k, v in before.scores.items() if k in both}
        paired_follow = {k: v for k, v in after.scores.items() if k in both}
        sc = framework.scale_for(item)
        steps: dict[float, float] = {}  # a score's place in levels: a scale has a handful, a round 10^4 partners

        def at(value: float, steps: dict[float, float] = steps, sc: Scale = sc) -> float:
            found = steps.get(value)
            if found is None:
                found = steps[value] = sc.in_levels(value)
            return found

        moved = {k: at(paired_follow[k]) - at(paired_base[k]) for k in paired_base if k in paired_follow}
        paired = list(moved.values())
        for k, change_of_k in moved.items():
            partner_changes.setdefault(k, {})[item.id] = change_of_k
        status, reason = _status(before, after, change, paired, limits.for_values(sc.values()))
        up, same, down, median = paired_partner_changes(paired_base, paired_follow)
        mixed, median_change = _mixed(before, after, sc)
        rows.append(ItemDelta(
            item=item.id, code=item.code or "", title=item.title, group=item.group_id, domain=item.domain_id,
            priority=item.node.priority or "", short_term=framework.is_short_term(item),
            match=link.match, matched_from=link.sources,
            baseline=before.position, followup=after.position,
            basis_baseline=before.basis, basis_followup=after.basis, basis=_basis(before.basis, after.basis),
            change=change, mixed_basis=mixed, median_change=median_change, status=status, status_reason=reason,
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
            domains.append(_rollup("domain", domain.id, domain.title, group.id if group else "", members,
                                   framework, domain))
    for group in framework.groups:
        members = [r for r in rows if r.group == group.id]
        if members:
            groups.append(_rollup("group", group.id, group.title, "", members, framework, group))

    return DeltaResult(
        framework=framework.id, framework_title=framework.title, framework_version=framework.version,
        baseline_framework_version=baseline.framework.version, scale=framework.default_scale.values(),
        baseline=_round_info(baseline, labels[0]), followup=_round_info(followup, labels[1]),
        same_partners=same_partners,
        partners_both=sorted((baseline.names[k] for k in both), key=norm),
        partners_only_baseline=only_base, partners_only_followup=only_follow,
        thresholds=Thresholds(**limits.to_dict()),
        items=rows, new_items=new_refs, dropped_items=dropped_refs, domains=domains, groups=groups,
        overall=_rollup("framework", framework.id, framework.title, "", rows, framework, framework),
        across_items=_across(rows, len(both), partner_changes),
        notes=notes,
    )


# --------------------------------------------------------------------------------------------- output

CSV_COLUMNS = DELTA.names()


def delta_records(result: DeltaResult) -> list[dict[str, object]]:
    """One record per compared item, in framework order, for CSV."""
    out = []
    for row in result.items:
        record = row.model_dump()
        record["matched_from"] = "; ".join(row.matched_from)
        out.append({c: record.get(c) for c in CSV_COLUMNS})
    return out
