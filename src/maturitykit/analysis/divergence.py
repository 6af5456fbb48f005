"""The divergence report: the workshop agenda of items where partners see things differently."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, model_serializer

from maturitykit.analysis.sectors import SectorBreakdown
from maturitykit.columns import DIVERGENCE
from maturitykit.diagnostics import Result
from maturitykit.errors import Location, RefusedError
from maturitykit.framework.model import Framework, LevelValue, Scale
from maturitykit.rounds.merge import MergeResult
from maturitykit.stats.agreement import divergence, item_stats, outliers
from maturitykit.stats.limits import Limits
from maturitykit.stats.reliability import framework_agreement, rwg_j_lindell
from maturitykit.stats.scores import is_missing
from maturitykit.words import count

if TYPE_CHECKING:
    from maturitykit.sheets.rows import ScoreRow


@dataclass(slots=True)  # one per partner and item: a model was 512 bytes and 12 us each, this is 96 bytes and 1 us
class PartnerScore:
    """One partner's score of one item (a dataclass, so held many thousand times over at national scale; the
    reports that hold it serialise and document it as a model)."""

    partner: Annotated[str, Field(description="Partner (a pseudonym with --anonymise).")]
    score: Annotated[int | float | None, Field(description="The partner's level, or null when not scored.")]
    rationale: Annotated[str, Field(description="Why the partner scored it this way.")]
    evidence: Annotated[str, Field(description="Evidence the partner gave.")]


class AgendaItem(Result):
    rank: int = Field(description="Position on the agenda (1 = discuss first).")
    item: str = Field(description="Item id.")
    code: str = Field(description="Item code as printed in the source, if any.")
    title: str = Field(description="Item title.")
    group: str = Field(description="Group id, blank when the framework has no groups.")
    domain: str = Field(description="Domain id.")
    priority: str = Field(description="Priority id, blank when none.")
    short_term: bool = Field(description="Whether the item is a short-term priority (these lead the agenda).")
    n: int = Field(description="Partners who scored the item.")
    median: float | None = Field(description="Median of partners' scores.")
    mean: float | None = Field(description="Mean of partners' scores.")
    min: int | float | None = Field(description="Lowest score.")
    max: int | float | None = Field(description="Highest score.")
    range: int | None = Field(description="max - min, in levels.")
    sd: float | None = Field(description="Sample standard deviation (n - 1).")
    iqr: float | None = Field(description="Interquartile range (linear quantiles, Hyndman-Fan type 7).")
    ad: float | None = Field(description="Average deviation AD_M about the mean, in levels.")
    rwg: float | None = Field(description="James, Demaree & Wolf rwg, uniform null; null when n < 2.")
    consensus: float | None = Field(description="Tastle & Wierman ordinal consensus (0..1).")
    agreed: int | float | None = Field(description="The position the partnership recorded (consensus sheet), if any.")
    divergent: bool = Field(description="Whether any divergence rule fired.")
    reasons: list[str] = Field(description="Which rules fired, e.g. 'AD 1.20 > 0.83'.")
    outliers: list[str] = Field(description="Partners the outlier distance (2 levels) or more from the median.")
    scores: list[PartnerScore] = Field(description="Every partner's score, in partner order.")
    low: list[PartnerScore] = Field(description="Partners at the lowest score, with their rationales.")
    high: list[PartnerScore] = Field(description="Partners at the highest score, with their rationales.")
    notes: list[str] = Field(description="When a figure is not meaningful, why.")
    scale: list[int | float] | None = Field(
        default=None, description="The item's own level values, when it is not on the report's scale (else absent).")
    scale_labels: list[str] | None = Field(default=None, description="Labels of the item's own levels, if any.")

    @model_serializer(mode="wrap")
    def _own_scale_only_when_set(self, handler: object) -> dict[str, object]:
        # Items on the report's scale dump as before; only items on another scale carry theirs.
        out: dict[str, object] = handler(self)  # type: ignore[operator]
        for name in ("scale", "scale_labels"):
            if out.get(name) is None:
                out.pop(name, None)
        return out


class PartnerTendency(Result):
    partner: str = Field(description="Partner (a pseudonym with --anonymise).")
    above: int = Field(description="Items where the partner scored above the median.")
    same: int = Field(description="Items where the partner scored at the median.")
    below: int = Field(description="Items where the partner scored below the median.")
    mean_difference: float | None = Field(description="Mean of (partner score - item median) over scored items.")
    skipped: list[str] = Field(description="Item ids the partner did not score.")


class DomainAgreement(Result):
    domain: str = Field(description="Domain (or group) id.")
    kind: str = Field(description="'domain' or 'group'.")
    items: int = Field(description="Items in it.")
    rwg_j: float | None = Field(description="Lindell, Brandt & Whitney r*wg(J) over its items.")


class DivergenceReport(Result):
    """What `maturity score divergence` prints; `--format json` dumps exactly this."""

    framework: str = Field(description="Framework id.")
    framework_version: str = Field(description="Framework version.")
    scale: list[int | float] = Field(description="Scale values.")
    scale_labels: list[str] = Field(description="Scale labels, in the same order.")
    partners: list[str] = Field(description="Partners, in report order.")
    limits: dict[str, float | int] = Field(description="The thresholds used for the divergence flags, in levels.")
    items: list[AgendaItem] = Field(description="Items in discussion order.")
    divergent_count: int = Field(description="How many items are divergent.")
    tendencies: list[PartnerTendency] = Field(description="Per partner: above, at or below the median; skipped items.")
    domains: list[DomainAgreement] = Field(description="r*wg(J) per domain and group.")
    framework_agreement: dict[str, object] = Field(
        description="Krippendorff's alpha (ordinal, interval) and Gwet's AC2 across all items, with notes.")
    anonymised: bool = Field(description="Whether partner names were replaced by pseudonyms.")
    sectors: SectorBreakdown | None = Field(
        default=None, description="Medians by sector, when a partners file gives sectors (docs/statistics.md).")


def _clean(value: object) -> object:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _own_scale(scale: Scale, report_values: list[LevelValue]) -> dict[str, object]:
    if scale.values() == report_values:
        return {}
    return {"scale": scale.values(), "scale_labels": [lv.label for lv in scale.levels]}


def _on_one_scale(fw: Framework, matrix: list[list[LevelValue | None]],
                  columns: list[int]) -> tuple[list[list[LevelValue | None]], list[LevelValue]] | None:
    """These columns' scores and their one shared scale, or None when they are on different scales.

    Decimal levels (0, 0.25, 0.5, 1) are passed as level ranks: the multi-item coefficients take
    whole-number categories, and ordinal figures do not depend on the spacing of the values.
    """
    items = fw.items()
    scales = {tuple(fw.scale_for(items[c]).values()) for c in columns}
    if len(scales) != 1:
        return None
    values = list(scales.pop())
    sub = [[row[c] for c in columns] for row in matrix]
    if all(float(v).is_integer() for v in values):
        return sub, values
    rank = {v: i for i, v in enumerate(values)}
    return [[None if s is None else rank[s] for s in row] for row in sub], list(range(len(values)))


def build_divergence(result: MergeResult, limits: Limits | None = None, anonymised: bool = False) -> DivergenceReport:
    fw = result.framework
    values = fw.default_scale.values()
    limits = limits or Limits.for_scale(values)
    partners = [p[2] for p in result.partners]
    twice = sorted(name for name, n in Counter(partners).items() if n > 1)
    if twice:
        # Keyed by name below: two places' "Acme" would be one column holding the scores of either.
        raise RefusedError(f"partner {twice[0]!r} is in more than one place or round of these rows; an agenda is "
                           "of one place and round: select one (--place, --round; read_round(..., place=...))",
                           Location(", ".join(str(i) for i in result.inputs)), names=tuple(twice))
    rows: dict[str, dict[str, ScoreRow]] = {}  # item -> partner -> row (the last of a partner's, as ever)
    for r in result.rows:
        rows.setdefault(r.item, {})[r.partner] = r
    agreed = {r.item: r.score for r in result.consensus if not is_missing(r.score)}
    agenda: list[AgendaItem] = []
    items = fw.items()  # walked once: a national round has thousands of partners
    matrix: list[list[LevelValue | None]] = [[None] * len(items) for _ in partners]
    # Each partner's tendency, by its place in `partners` (names are unique here): lists, not a dict a partner.
    above, same, below = [0] * len(partners), [0] * len(partners), [0] * len(partners)
    diffs: list[list[float]] = [[] for _ in partners]
    skipped: list[list[str]] = [[] for _ in partners]
    for column, item in enumerate(items):
        scores = []
        scored = rows.get(item.id, {})
        for index, partner in enumerate(partners):  # once a partner and item: 370,000 times at national size
            row = scored.get(partner)
            if row is None:
                score = None
                scores.append(PartnerScore(partner, None, "", ""))
            else:
                score = row.score
                if score is not None and type(score) is not int and is_missing(score):  # clean_score, inline
                    score = None
                scores.append(PartnerScore(partner, score, row.rationale, row.evidence))
            matrix[index][column] = score
        # Each item on its own scale, with the limits restated for its number of levels.
        item_values = fw.scale_for(item).values()
        item_limits = limits.for_values(item_values)
        stats = item_stats([s.score for s in scores], item_values)
        divergent, reasons = divergence(stats, item_values, item_limits)
        present = [s for s in scores if s.score is not None]
        low = [s for s in present if s.score == stats.min] if present else []
        high = [s for s in present if s.score == stats.max] if present and stats.max != stats.min else []
        median, compared = stats.median, stats.median is not None and stats.n >= 2
        for index, s in enumerate(scores):
            if s.score is None:
                skipped[index].append(item.id)
            elif compared:
                diff = s.score - median  # type: ignore[operator]
                diffs[index].append(diff)
                if diff > 0:
                    above[index] += 1
                elif diff < 0:
                    below[index] += 1
                else:
                    same[index] += 1
        agenda.append(AgendaItem(
            rank=0, item=item.id, code=item.code or "", title=item.title, group=item.group_id, domain=item.domain_id,
            priority=item.node.priority or "", short_term=fw.is_short_term(item), n=stats.n,
            median=stats.median, mean=stats.mean, min=stats.min, max=stats.max, range=stats.range, sd=stats.sd,
            iqr=stats.iqr, ad=stats.ad, rwg=stats.rwg, consensus=stats.consensus, agreed=agreed.get(item.id),
            divergent=divergent, reasons=list(reasons),
            outliers=list(outliers({s.partner: s.score for s in scores}, stats.median, item_limits.outlier_distance,
                                   item_values)),
            scores=scores, low=low, high=high, notes=list(stats.notes),
            **_own_scale(fw.scale_for(item), values),
        ))
    order = {item.id: item.order for item in fw.items()}
    # Divergent short-term priorities first, then other divergent items, then the rest; within each, by AD.
    agenda.sort(key=lambda a: (not a.divergent, not a.short_term, -(a.ad or 0.0), order[a.item]))
    for rank, entry in enumerate(agenda, start=1):
        entry.rank = rank
    domains: list[DomainAgreement] = []
    for kind, key_of in (("group", lambda it: it.group_id), ("domain", lambda it: it.domain_id)):
        seen: dict[str, list[int]] = {}
        for column, item in enumerate(fw.items()):
            if key_of(item):
                seen.setdefault(key_of(item), []).append(column)
        for name, columns in seen.items():
            shared = _on_one_scale(fw, matrix, columns)  # rwg(J) is defined only over items on one scale
            domains.append(DomainAgreement(domain=name, kind=kind, items=len(columns),
                                           rwg_j=rwg_j_lindell(*shared) if partners and shared else None))
    items = fw.items()
    default = fw.default_scale.values()
    on_default = [c for c, item in enumerate(items) if fw.scale_for(item).values() == default]
    shared = _on_one_scale(fw, matrix, on_default)
    overall = framework_agreement(*shared) if partners and shared else {
        "partners": sum(1 for row in matrix if any(v is not None for v in row)), "items": len(items),
        "raters": 0, "pairable_items": 0, "alpha_ordinal": None, "alpha_interval": None, "ac2_quadratic": None,
        "notes": ["no partner scores: nothing to compare" if not partners else "no item is on the framework's scale"],
        "caution": None, "meaningful": False}
    if shared and len(on_default) < len(items):
        # Whole-framework coefficients compare items in one unit: items on other scales are left out, and said so.
        overall = {**overall, "meaningful": False, "notes": [
            *overall["notes"], f"{count(len(items) - len(on_default), 'item')} on other scales are left out of these figures"]}
    tendency_models = [PartnerTendency(
        partner=partner, above=above[index], same=same[index], below=below[index],
        mean_difference=round(sum(diffs[index]) / len(diffs[index]), 6) if diffs[index] else None,
        skipped=skipped[index]) for index, partner in enumerate(partners)]
    return DivergenceReport(
        framework=fw.id, framework_version=fw.version, scale=values,
        scale_labels=[lv.label for lv in fw.default_scale.levels], partners=partners,
        limits=limits.to_dict(),
        items=agenda, divergent_count=sum(a.divergent for a in agenda), tendencies=tendency_models,
        domains=domains, framework_agreement=_clean(dict(overall)), anonymised=anonymised,  # type: ignore[arg-type]
    )


DIVERGENCE_CSV_COLUMNS = DIVERGENCE.names()


def divergence_records(report: DivergenceReport, partners: Sequence[str] | None = None) -> list[dict[str, object]]:
    out = []
    for a in report.items:
        record: dict[str, object] = {c: getattr(a, c) for c in DIVERGENCE_CSV_COLUMNS
                                     if c not in ("reasons", "outliers", "notes")}
        record["reasons"] = "; ".join(a.reasons)
        record["outliers"] = "; ".join(a.outliers)
        record["notes"] = "; ".join(a.notes)
        for s in a.scores:
            record[f"score: {s.partner}"] = s.score
        out.append(record)
    return out
