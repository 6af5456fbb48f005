"""The board and workshop report: every section as data (BoardReport), built from one or more rounds.

Rendering (Markdown, HTML, charts) lives in render/board.py; the headline's words in analysis/headline.py;
this module only computes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from copy import copy
from pathlib import PurePath
from statistics import fmean

from pydantic import Field

from maturitykit.analysis.delta import DeltaResult, compute_delta, round_data
from maturitykit.analysis.divergence import (
    AgendaItem,
    DivergenceReport,
    PartnerScore,
    PartnerTendency,
    build_divergence,
)
from maturitykit.analysis.headline import headline
from maturitykit.analysis.plan import plan_problems, plan_status_summary
from maturitykit.analysis.positions import DomainPosition, chart_axis, domain_position
from maturitykit.analysis.sectors import DEFAULT_MIN_GROUP_SIZE, SectorBreakdown, sector_breakdown
from maturitykit.diagnostics import Result
from maturitykit.errors import InputError, Location
from maturitykit.framework.model import Framework, Item
from maturitykit.rounds.anonymise import PseudonymKey, anonymise, new_key, scrubber_for
from maturitykit.rounds.merge import MergeResult
from maturitykit.rounds.round import Position, Round
from maturitykit.rounds.scrub import PartnerIdentity, Scrubber
from maturitykit.sheets.plans import PlanRow
from maturitykit.sheets.vocabulary import norm
from maturitykit.stats.limits import Limits


class RoundSummary(Result):
    label: str = Field(description="Round label as given (LABEL=PATH).")
    partners: list[str] = Field(description="Partners who took part (pseudonyms with --anonymise).")
    consensus_items: int = Field(description="Items with a recorded consensus position.")
    rows_rejected: int = Field(description="Input rows left out by the reader.")


class HeatMap(Result):
    round: str = Field(description="Round shown (the latest).")
    partners: list[str] = Field(description="Columns.")
    items: list[str] = Field(description="Item ids (rows), framework order.")
    titles: list[str] = Field(description="Item titles, same order.")
    scores: list[list[int | float | None]] = Field(description="scores[item][partner]; null when not scored.")
    unscored: list[str] = Field(default_factory=list, description="Titles of the items no partner scored in this "
                                "round (left out of the chart, named beneath it).")


class PriorityRow(Result):
    item: str = Field(description="Item id.")
    title: str = Field(description="Item title.")
    position: float | None = Field(description="Latest position (consensus, else median).")
    basis: str = Field(description="consensus or median; blank without a position.")
    target: int | float | None = Field(description="Target level, when set.")
    gap: float | None = Field(description="target - position, when both are known.")


# Beyond this many partners the report summarises instead of naming each one: the heat map counts
# partners at each level (render/level_counts.py) and each item quotes only its lowest and highest
# scores' rationales; every partner's text stays in the merged file.
LARGE_PARTNERSHIP = 40
QUOTED_AT_EACH_END = 3


class ItemRationales(Result):
    item: str = Field(description="Item id.")
    title: str = Field(description="Item title.")
    position: float | None = Field(description="Latest position.")
    entries: list[PartnerScore] = Field(description="Partners' scores, rationales and evidence (latest round); "
                                        f"beyond {LARGE_PARTNERSHIP} partners, the {QUOTED_AT_EACH_END} lowest and "
                                        "highest scores that have a rationale.")
    not_quoted: int = Field(default=0, description="Partners' entries left out of `entries` (a large partnership: "
                                                   "they are in the merged file).")


class ItemCount(Result):
    item: str = Field(description="Item id.")
    title: str = Field(description="Item title.")
    n: int = Field(description="Partners who scored it in the latest round.")


class PlaceReport(Result):
    place: str = Field(description="Place name; blank when the data names none.")
    rounds: list[RoundSummary] = Field(description="Rounds in report order.")
    headline: str = Field(description="One generated paragraph: where the place stands.")
    domains: list[DomainPosition] = Field(description="Positions by group and domain, per round.")
    heatmap: HeatMap = Field(description="Every partner's score on every item, latest round.")
    agenda: list[AgendaItem] = Field(description="Divergent items of the latest round, in discussion order.")
    tendencies: list[PartnerTendency] = Field(description="Partners compared with the item medians, latest round.")
    framework_agreement: dict[str, object] = Field(description="Alpha and AC2 of the latest round, with notes.")
    delta: DeltaResult | None = Field(description="What moved between the last two rounds; null with one round.")
    trend: list[dict[str, object]] = Field(description="Each item's position per round (three or more rounds).")
    priorities: list[PriorityRow] = Field(description="Short-term priority items and their gap to target.")
    rationales: list[ItemRationales] = Field(description="What partners wrote, item by item (latest round).")
    n_per_item: list[ItemCount] = Field(description="How many partners scored each item (latest round).")
    summarised: bool = Field(default=False, description=f"More than {LARGE_PARTNERSHIP} partners in the latest round: "
                             "the report gives counts and the extremes' quotes instead of every partner.")
    sectors: SectorBreakdown | None = Field(default=None, description="Item medians by sector, latest round, for "
                                            "sectors of at least min_group_size partners; null without sectors.")


class BenchmarkRow(Result):
    place: str = Field(description="Place.")
    positions: list[float | None] = Field(description="Latest mean position per domain, in `benchmark_domains` order.")


class PlanAction(Result):
    item: str = Field(description="Item id.")
    title: str = Field(description="Item title.")
    action: str = Field(description="The action, as the partnership wrote it.")
    owner: str = Field(description="Who leads it.")
    due: str = Field(description="When it is due.")
    status: str = Field(description="not started, in progress, done, dropped, or blank.")


class PlanSection(Result):
    file: str = Field(description="The filled plan read back.")
    actions: list[PlanAction] = Field(description="Rows with an action, in the plan's order.")
    status_counts: dict[str, int] = Field(description="Actions by status.")
    problems: list[str] = Field(description="Problems found reading the plan (unknown items or statuses).")


class BoardReport(Result):
    """Everything `maturity report` shows; templates render it."""

    title: str = Field(description="Report title.")
    framework: str = Field(description="Framework id.")
    framework_title: str = Field(description="Framework title.")
    framework_version: str = Field(description="Framework version.")
    citation: str = Field(description="The framework's source, as a citation line.")
    scale: list[int | float] = Field(description="Scale values.")
    scale_labels: list[str] = Field(description="Scale labels.")
    round_labels: list[str] = Field(description="Round labels in report order.")
    anonymised: bool = Field(description="Whether partner names were replaced by pseudonyms.")
    limits: dict[str, float | int] = Field(description="Divergence thresholds used, in levels.")
    places: list[PlaceReport] = Field(description="One report per place.")
    benchmark_domains: list[str] = Field(description="Domain titles of the benchmark view.")
    benchmark: list[BenchmarkRow] = Field(description="Places compared by domain (when there are several).")
    plan: PlanSection | None = Field(description="The action plan's status, when a filled plan is given.")
    axis: str = Field(default="levels", description="'levels': charts use the framework's whole levels; 'share': "
                                                    "items are on several scales (or decimal ones) and charts show "
                                                    "each position as a percentage of its own range.")
    item_ranges: dict[str, list[float]] = Field(default_factory=dict, description="Each item's lowest and highest "
                                                                                  "level (with axis 'share').")
    round_dates: list[str] = Field(default_factory=list, description="ISO date of each round (report order), "
                                   "blank when not recorded.")
    generated: str = Field(default="", description="ISO date the report was generated.")
    tool_version: str = Field(default="", description="The maturitykit version that generated it.")
    has_targets: bool = Field(default=False, description="Whether any item has a target level (else the report "
                              "shows no target or gap column).")


def _citation(fw: Framework) -> str:
    if fw.source is None:
        return fw.title
    parts = [fw.source.title]
    if fw.source.publisher:
        parts.append(fw.source.publisher)
    if fw.source.date:
        parts.append(str(fw.source.date))
    if fw.source.url:
        parts.append(fw.source.url)
    return ". ".join(parts)


def _places(results: Sequence[MergeResult], wanted: Sequence[str]) -> list[str]:
    named: dict[str, str] = {}
    for result in results:
        for row in [*result.rows, *result.consensus]:
            if row.place.strip():
                named.setdefault(norm(row.place), row.place.strip())
        named.update({norm(p): p.strip() for p, _ in result.other_places if p.strip() and norm(p) not in named})
    if wanted:
        missing = [p for p in wanted if norm(p) not in named]
        if missing and named:
            raise InputError(f"no rows for {'place' if len(missing) == 1 else 'places'} {', '.join(missing)}; the data names {', '.join(named.values())}")
        return list(wanted)
    return sorted(named.values(), key=norm) or [""]


def _for_place(result: MergeResult, place: str, single: bool) -> MergeResult:
    """Rows of one place; rows that name no place belong to it when it is the only place."""

    wanted = norm(place)
    kept: dict[str, bool] = {}  # a round writes its few places on every row: each spelling is judged once

    def keep(row_place: str) -> bool:
        if row_place not in kept:
            kept[row_place] = norm(row_place) == wanted or (single and not row_place.strip())
        return kept[row_place]

    out = copy(result)
    out.rows = [r for r in result.rows if keep(r.place)]
    out.consensus = [r for r in result.consensus if keep(r.place)]
    out.partners = [p for p in result.partners if keep(p[0])]
    for row in [*out.rows, *out.consensus]:
        row.place = place
    out.partners = sorted({(place, p[1], p[2]) for p in out.partners}, key=lambda p: (norm(p[1]), norm(p[2])))
    return out


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(fmean(present), 6) if present else None


def build_board_report(framework: Framework, rounds: Sequence[tuple[str, MergeResult]], *,
                       sources: Sequence[str] = (), places: Sequence[str] = (), anonymise_names: bool = False,
                       title: str | None = None, limits: Limits | None = None,
                       plan: tuple[str, Sequence[PlanRow]] | None = None, key: PseudonymKey | None = None,
                       identities: Sequence[PartnerIdentity] = (), round_dates: Mapping[str, str] | None = None,
                       generated: str = "", tool_version: str = "", sector_of: Mapping[str, str] | None = None,
                       min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> BoardReport:
    """The board report from rounds already read (label, merged round), oldest first.

    `sources` names the inputs in the methods; `plan` is a filled plan's name and rows, read by
    :func:`maturitykit.sheets.plans.read_plan`. Nothing here reads a file. With `anonymise_names`,
    `key` (salt and letters; a fresh salt when None) names partners and `identities` (a partners
    file) adds aliases and addresses to scrub from every text, the plan's included. `round_dates` (label
    -> ISO date), `generated` (ISO date) and `tool_version` are stated in the headline, never computed here.
    `sector_of` (partner name or alias -> sector, from a partners file) adds each place's breakdown by
    sector in the latest round (analysis/sectors.py: only sectors of `min_group_size` partners or more).
    """
    if not rounds:
        raise InputError("give at least one round as LABEL=PATH")
    axis = chart_axis(framework)
    limits = limits or Limits.for_scale(framework.default_scale.values())
    labels = [label for label, _ in rounds]
    if len(set(labels)) != len(labels):
        raise InputError(f"round labels must differ: {', '.join(labels)}")
    results = [result for _, result in rounds]
    chosen = _places(results, places)
    # On the real names, before pseudonyms replace them: the breakdown itself names no partner.
    sectors = {p: sector_breakdown(_for_place(results[-1], p, len(chosen) == 1), sector_of,
                                   min_group_size=min_group_size) for p in chosen} if sector_of else {}
    scrub: Scrubber | None = None
    if anonymise_names:
        key = (key or new_key()).extend(row.partner for result in results for row in result.rows)
        scrub = scrubber_for(key, identities, results)
        results = [anonymise(result, key.pseudonyms, scrub)[0] for result in results]
        sources = [scrub.path(PurePath(s).name) for s in sources]  # folders may name people; file names, partners
        sectors = {p: _scrub_sectors(b, scrub) for p, b in sectors.items()}  # a sector label is the analyst's text
    given = {norm(k): v for k, v in (round_dates or {}).items()}
    dates = [given.get(norm(label), "") for label in labels]
    stated = {"dates": dates, "generated": generated, "version": tool_version}
    place_reports = [
        _place_report(framework, labels, list(sources),
                      [_for_place(r, p, len(chosen) == 1) for r in results], p, limits, stated
                      ).model_copy(update={"sectors": sectors.get(p)})
        for p in chosen
    ]
    domain_titles = [d.title for d in place_reports[0].domains if d.kind == "domain"]
    benchmark = []
    if len(place_reports) > 1:
        for pr in place_reports:
            benchmark.append(BenchmarkRow(place=pr.place, positions=[
                (d.positions[-1] if axis == "levels" else d.shares[-1]) for d in pr.domains if d.kind == "domain"]))
    place_text = ", ".join(p for p in chosen if p)
    return BoardReport(
        title=title or f"{framework.title}: {place_text or 'maturity assessment'}",
        framework=framework.id, framework_title=framework.title, framework_version=framework.version,
        citation=_citation(framework), scale=framework.default_scale.values(),
        scale_labels=[lv.label for lv in framework.default_scale.levels], round_labels=labels,
        anonymised=anonymise_names,
        limits=limits.to_dict(),
        places=place_reports, benchmark_domains=domain_titles if benchmark else [], benchmark=benchmark,
        plan=_plan_section(*plan, scrub=scrub) if plan is not None else None, axis=axis,
        item_ranges={} if axis == "levels" else {i.id: [min(v := framework.scale_for(i).values()), max(v)]
                                                 for i in framework.items()},
        round_dates=dates, generated=generated, tool_version=tool_version,
        has_targets=any(item.node.target is not None for item in framework.items()),
    )


def _quoted(said: ItemRationales) -> ItemRationales:
    """A large partnership's item: the rationales of its lowest and highest scores, in partner order."""
    written = [e for e in said.entries if e.rationale.strip() and e.score is not None]
    ranked = sorted(range(len(written)), key=lambda i: (written[i].score, i))
    keep = set(ranked[:QUOTED_AT_EACH_END]) | set(ranked[-QUOTED_AT_EACH_END:])
    entries = [e for i, e in enumerate(written) if i in keep]
    return said.model_copy(update={"entries": entries, "not_quoted": len(said.entries) - len(entries)})


def _scrub_sectors(breakdown: SectorBreakdown, scrub: Scrubber) -> SectorBreakdown:
    """The breakdown with every label and sentence scrubbed (a sector named after a partner is possible)."""
    names = {s: scrub(s) for s in [*breakdown.sectors, *breakdown.partners_per_sector]}
    items = [i.model_copy(update={"statement": scrub(i.statement), "cells": [
        c.model_copy(update={"sector": names.get(c.sector, scrub(c.sector))}) for c in i.cells]})
        for i in breakdown.items]
    return breakdown.model_copy(update={
        "sectors": [names[s] for s in breakdown.sectors], "items": items,
        "partners_per_sector": {names[s]: n for s, n in breakdown.partners_per_sector.items()},
        "left_out": [scrub(s) for s in breakdown.left_out], "notes": [scrub(n) for n in breakdown.notes]})


def _plan_section(name: str, rows: Sequence[PlanRow], scrub: Scrubber | None = None) -> PlanSection:
    actions = [PlanAction(item=r.item, title=r.title or r.item, action=r.action, owner=r.owner, due=r.due,
                          status=r.status) for r in rows if r.action.strip()]
    problems = [f"{p.where()}: {p.message}" for p in plan_problems(rows)]
    if scrub is not None:  # the plan is the partnership's own free text: scrub every field that is shown
        shown = scrub.path(PurePath(name).name)
        problems = [scrub(f"{p.model_copy(update={'file': shown}).where()}: {p.message}") for p in plan_problems(rows)]
        actions = [a.model_copy(update={k: scrub(getattr(a, k)) for k in ("item", "title", "action", "owner", "due",
                                                                          "status")}) for a in actions]
        name = shown
    counts = plan_status_summary([r for r in rows if r.action.strip()]).items()
    return PlanSection(file=name, actions=actions, status_counts={(scrub(k) if scrub else k): v for k, v in counts if v},
                       problems=problems)


def _domain_position(key: str, name: str, kind: str, members: list[int], items: Sequence[Item],
                     positions: list[list[Position]], labels: list[str], fw: Framework | None = None,
                     ) -> DomainPosition:
    """A domain's, group's or the framework's position per round, by its declared roll-up (positions.py)."""
    return domain_position(key, name, kind, members, items, positions, labels, fw)


def _place_report(fw: Framework, labels: list[str], shown: list[str], results: list[MergeResult], place: str,
                  limits: Limits, stated: dict[str, object]) -> PlaceReport:
    where = f" for place {place!r}" if place else ""
    data: list[Round] = []
    for label, result in zip(labels, results, strict=True):
        if not result.rows and not result.consensus:
            raise InputError(f"round {label!r} has no rows{where}", Location(", ".join(shown)))
        data.append(round_data(fw, result, shown, f"round {label!r}", None))
    items = fw.items()
    positions = [[d.position(item.id, limits) for item in items] for d in data]
    latest = positions[-1]

    domains: list[DomainPosition] = []
    for kind in ("group", "domain"):
        seen: dict[str, tuple[str, list[int]]] = {}
        for index, item in enumerate(items):
            key, name = ((item.group_id, item.group.title if item.group else "") if kind == "group"
                         else (item.domain_id, item.domain.title))
            if key:
                seen.setdefault(key, (name, []))[1].append(index)
        for key, (name, members) in seen.items():
            domains.append(_domain_position(key, name, kind, members, items, positions, labels, fw))
    if fw.rollup is not None:
        domains.append(_domain_position(fw.id, fw.title, "framework", list(range(len(items))), items, positions,
                                        labels, fw))

    agenda_report: DivergenceReport = build_divergence(results[-1], limits)
    scores_by = {(r.partner, r.item): r.score for r in results[-1].rows}
    partners = [p[2] for p in results[-1].partners]
    heatmap = HeatMap(round=labels[-1], partners=partners, items=[i.id for i in items],
                      titles=[i.title for i in items],
                      scores=[[scores_by.get((p, i.id)) for p in partners] for i in items])
    heatmap.unscored = [t for t, row in zip(heatmap.titles, heatmap.scores, strict=True) if all(v is None for v in row)]

    delta = None
    if len(data) >= 2:
        delta = compute_delta(fw, data[-2], data[-1], limits=limits)
    trend = []
    if len(data) >= 3:
        for index, item in enumerate(items):
            trend.append({"item": item.id, "title": item.title,
                          "positions": [row[index].position for row in positions]})

    priorities = []
    for index, item in enumerate(items):
        if not fw.is_short_term(item):
            continue
        pos = latest[index]
        target = item.node.target
        gap = None if pos.position is None or target is None else round(target - pos.position, 6)
        priorities.append(PriorityRow(item=item.id, title=item.title, position=pos.position, basis=pos.basis or "",
                                      target=target, gap=gap))

    by_item = {a.item: a for a in agenda_report.items}
    rationales = [ItemRationales(item=item.id, title=item.title, position=latest[index].position,
                                 entries=[s for s in by_item[item.id].scores if s.score is not None or s.rationale])
                  for index, item in enumerate(items)]
    summarised = len(partners) > LARGE_PARTNERSHIP
    rationales = [_quoted(r) if summarised else r for r in rationales if r.entries]

    rounds = [RoundSummary(label=label, partners=[d.names[k] for k in d.partners],
                           consensus_items=len(d.consensus), rows_rejected=d.result.accounting.rejected)
              for label, d in zip(labels, data, strict=True)]
    return PlaceReport(
        place=place, rounds=rounds,
        headline=headline(fw, place, labels, len(rounds[-1].partners), domains,
                          sum(a.divergent for a in agenda_report.items),
                          sum(a.divergent and a.short_term for a in agenda_report.items), delta,
                          [p.position for p in latest], **stated),  # type: ignore[arg-type]
        domains=domains, heatmap=heatmap, agenda=[a for a in agenda_report.items if a.divergent],
        tendencies=agenda_report.tendencies, framework_agreement=agenda_report.framework_agreement,
        delta=delta, trend=trend, priorities=priorities, rationales=rationales,
        summarised=summarised, n_per_item=[ItemCount(item=a.item, title=a.title, n=a.n) for a in
                    sorted(agenda_report.items, key=lambda a: [i.id for i in items].index(a.item))],
    )
