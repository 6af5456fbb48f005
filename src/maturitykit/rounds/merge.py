"""Merging returned sheets into one dataset, with a per-item summary and a full account of rows.

The merge refuses as a whole (nothing written) when the inputs cannot be combined safely:
a sheet of another framework, or one partner in two files. Otherwise a bad row is reported
and left out; `strict` refuses on any problem instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from maturitykit.columns import MERGED, SUMMARY
from maturitykit.diagnostics import Problem
from maturitykit.errors import Location, RefusedError, SheetError
from maturitykit.framework.model import Framework, Scale
from maturitykit.rounds.sources import source_names
from maturitykit.sheets.inputs import InputFiles, scan_inputs
from maturitykit.sheets.parallel import read_sheets
from maturitykit.sheets.reader import Defaults, read_sheet
from maturitykit.sheets.rows import (
    ScoreRow,
    SheetRead,
    blank_joins,
    duplicate_problems,
    partner_files,
    preferred_spelling,
    respondent,
    respondents,
)
from maturitykit.sheets.vocabulary import CONSENSUS_PARTNER, is_consensus, norm
from maturitykit.stats.agreement import divergence, item_stats, outliers
from maturitykit.stats.limits import Limits
from maturitykit.words import count

Keep = Literal["first", "last"]

MERGED_COLUMNS = MERGED.names()
Row = tuple[object, ...]  # a merged row, or a part of one, in the order of MERGED_COLUMNS


@dataclass
class Accounting:
    files: int = 0
    skipped: int = 0  # folder entries not read (each has a skipped-file problem saying why)
    entries: int = 0
    blank: int = 0
    merged: int = 0
    rejected: int = 0
    other_places: int = 0  # rows of places or rounds not asked for (--place, --round): counted, not checked
    reasons: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        reasons = ", ".join(f"{n} {code}" for code, n in sorted(self.reasons.items()))
        rejected = f"{self.rejected} rejected" + (f" ({reasons})" if reasons else "")
        blank = f", {count(self.blank, 'blank row')} skipped" if self.blank else ""
        skipped = f" ({count(self.skipped, 'other file')} in the folders not read: see the problems)" if self.skipped else ""
        others = (f", {count(self.other_places, 'row')} of other places or rounds not read" if self.other_places else "")
        return (f"{count(self.files, 'file')}{skipped}, {count(self.entries, 'row')} read: {self.merged} merged, "
                f"{rejected}{blank}{others}")


@dataclass
class MergeResult:
    framework: Framework
    rows: list[ScoreRow]  # partners' rows (consensus excluded), deduplicated
    consensus: list[ScoreRow]
    problems: list[Problem]
    accounting: Accounting
    inputs: list[Path]
    partners: list[tuple[str, str, str]] = field(default_factory=list)  # (place, round, partner) sorted
    # Rows of places or rounds not asked for (Defaults.only), by (place, round) as written, and their
    # partners: never merged, kept so that messages name every place and anonymising scrubs every name.
    other_places: Counter[tuple[str, str]] = field(default_factory=Counter)
    other_partners: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def _partner_sort(key: tuple[str, str, str]) -> tuple[str, str, str]:
    return norm(key[0]), norm(key[1]), norm(key[2])


def read_all(framework: Framework, inputs: Sequence[str | Path], defaults: Defaults | None = None,
             wide: bool | None = None, on_read: Callable[[Path], None] | None = None,
             source: str | None = None) -> tuple[list[SheetRead], InputFiles]:
    """Read every sheet in the inputs (folders expanded, once): the reads, and the files read with a problem
    for each folder entry not read. `on_read` is told after each file (progress)."""
    scan = scan_inputs(inputs)
    if not scan.files:
        skipped = "; ".join(f"{p.file} {p.message}" for p in scan.skipped[:5])
        raise SheetError("no sheets found in the inputs given" + (f" ({skipped})" if skipped else ""),
                         Location(", ".join(str(i) for i in inputs)))
    return read_sheets(framework, scan.files, defaults, wide, source, on_read), scan


def merge_reads(framework: Framework, reads: list[SheetRead], *, keep: Keep | None = None, strict: bool = False,
                consensus_reads: Sequence[SheetRead] = (), inputs: Sequence[Path] = (),
                skipped: Sequence[Problem] = ()) -> MergeResult:
    problems: list[Problem] = list(skipped)
    accounting = Accounting(files=len(reads) + len(consensus_reads), skipped=len(skipped))
    for read in [*reads, *consensus_reads]:
        problems.extend(read.problems)
        accounting.entries += read.entries
        accounting.blank += read.blank
        accounting.rejected += read.rejected
        accounting.other_places += sum(read.other_places.values())
        for problem in read.problems:
            # Only problems about a row are rejections; sheet-level ones (header-only) are not counted as rows.
            if problem.severity == "error" and problem.row is not None and problem.code not in (
                "framework-version", "other-framework"
            ):
                accounting.reasons[problem.code] += 1
    for read in [*reads, *consensus_reads]:
        if read.entries and not read.rows:
            # A partner's whole return left out is not a merge with a few bad rows: it loses the partner.
            reasons = Counter(p.code for p in read.errors() if p.row is not None)
            shown = ", ".join(f"{n} {code}" for code, n in sorted(reasons.items()))
            first = next((p for p in read.errors() if p.row is not None), None)
            raise RefusedError(
                f"every row of this file was rejected ({shown}), so nothing of it would be merged; first: "
                f"{first.message if first else 'see score validate'}; fix the sheet (run `maturity score validate`) "
                "or leave it out", Location(read.file))
    version_problems = [p for p in problems if p.code in ("framework-version", "other-framework")]
    if version_problems:
        first = version_problems[0]
        raise RefusedError(f"{first.message}; refusing to merge sheets of another framework or version",
                           Location(first.file, first.row))

    # One partner in two files is refused unless told which to keep: silently choosing would lose a sheet.
    # A blank place or round joins the only one named (docs/rounds.md) here too, as in the summary and a round.
    key_of = respondents(row for read in [*reads, *consensus_reads] for row in read.rows)
    owners = partner_files((row for read in reads for row in read.rows), key_of)
    dropped_files: dict[tuple[str, str, str], set[str]] = {}
    for key, files in owners.duplicates().items():
        if keep is None:
            raise RefusedError(
                f"partner {owners.name(key)!r} appears in {len(files)} files ({', '.join(files)}); "
                "use --keep first or --keep last, or fix the partner names",
                Location(files[1]), names=(owners.name(key),),
            )
        chosen = files[0] if keep == "first" else files[-1]
        dropped_files[key] = {f for f in files if f != chosen}
    problems.extend(owners.name_problems())

    rows: list[ScoreRow] = []
    consensus: list[ScoreRow] = []
    agreed: dict[str, bool] = {}  # is_consensus of each name as written: asked once a name, not once a row
    for read in reads:
        for row in read.rows:
            if dropped_files and (row.input_file or row.source_file) in dropped_files.get(key_of(row), ()):
                accounting.rejected += 1
                accounting.reasons["duplicate-partner"] += 1
                problems.append(Problem(severity="warning", code="duplicate-partner",
                                        message=f"partner {row.partner!r} also in another file; --keep {keep} left "
                                                "this row out", file=row.source_file, row=row.source_row))
                continue
            name = row.partner
            said = agreed.get(name)
            if said is None:
                said = agreed[name] = is_consensus(name)
            (consensus if said else rows).append(row)
    for read in consensus_reads:
        for row in read.rows:
            row.partner = CONSENSUS_PARTNER
            consensus.append(row)
    for attr, option in (("place", "--place"), ("round", "--round")):
        given = {getattr(r, attr) for r in rows}
        if "" in given and len(given) > 1:
            blank_files = sorted({r.source_file for r in rows if not getattr(r, attr)})
            named = sorted({norm(v): v.strip() for v in given if v.strip()}.values(), key=norm)
            what = (f"their rows are counted in {named[0]!r}, the only {attr} named; use {option} to say so"
                    if len(named) == 1 else f"their rows are a {attr} of their own, apart from "
                    f"{', '.join(repr(n) for n in named)}; use {option} to say which")
            problems.append(Problem(severity="warning", code=f"no-{attr}",
                                    message=f"some sheets give a {attr} and these do not: {', '.join(blank_files)}; "
                                            f"{what}", file=blank_files[0]))
    rows, dup_problems, dup_rejected = duplicate_problems(rows, key_of)
    consensus, cdup_problems, cdup_rejected = duplicate_problems(consensus, key_of)
    for problem in [*dup_problems, *cdup_problems]:
        accounting.reasons[problem.code] += 1
    problems.extend(dup_problems + cdup_problems)
    accounting.rejected += dup_rejected + cdup_rejected
    accounting.merged = len(rows) + len(consensus)

    if strict and problems:
        first = next((p for p in problems if p.severity == "error"), problems[0])
        raise RefusedError(f"--strict: {count(len(problems), 'problem')}, first: {first.message}",
                           Location(first.file, first.row, None))
    # One spelling per partner in every output. A partner's rows come together: each run of them is keyed once.
    canonical: dict[tuple[str, str, str], str] = {}
    runs: list[tuple[tuple[str, str, str], int]] = []  # (partner key, index of the run's first row)
    previous: ScoreRow | None = None
    for index, row in enumerate(rows):
        if (previous is None or row.partner != previous.partner or row.place != previous.place
                or row.round != previous.round):
            key = respondent(row)
            canonical[key] = preferred_spelling(canonical.get(key), row.partner)
            runs.append((key, index))
        previous = row
    bounds = [start for _, start in runs] + [len(rows)]
    for (key, start), end in zip(runs, bounds[1:], strict=True):
        name = canonical[key]
        for index in range(start, end):
            rows[index].partner = name
    partners = sorted({(r.place, r.round, r.partner) for r in rows}, key=_partner_sort)
    other_places: Counter[tuple[str, str]] = Counter()
    for read in reads:
        other_places.update(read.other_places)
    other_partners = sorted({name for read in reads for name in read.other_partners}, key=norm)
    return MergeResult(framework, rows, consensus, problems, accounting, list(inputs), partners, other_places,
                       other_partners)


def merge_sheets(framework: Framework, inputs: Sequence[str | Path], *, defaults: Defaults | None = None,
                 wide: bool | None = None, keep: Keep | None = None, strict: bool = False,
                 consensus_file: str | Path | None = None,
                 on_read: Callable[[Path], None] | None = None, source: str | None = None) -> MergeResult:
    reads, scan = read_all(framework, inputs, defaults, wide, on_read, source)
    consensus_reads: list[SheetRead] = []
    if consensus_file is not None:
        consensus_defaults = Defaults(partner=CONSENSUS_PARTNER, place=(defaults or Defaults()).place,
                                      round=(defaults or Defaults()).round)
        consensus_reads = [read_sheet(consensus_file, framework, defaults=consensus_defaults)]
    paths = scan.files + ([Path(consensus_file)] if consensus_file else [])
    return merge_reads(framework, reads, keep=keep, strict=strict, consensus_reads=consensus_reads, inputs=paths,
                       skipped=scan.skipped)


# --- tables -------------------------------------------------------------------------------


def merged_records(result: MergeResult, *, base: Path | None = None,
                   round_dates: Mapping[str, str] | None = None) -> list[dict[str, object]]:
    """One row per partner and item in framework order, then partner order; consensus last per item.

    A list; `iter_merged_records` gives the same rows one at a time (a national round's CSV is written
    as they are made).
    """
    return list(iter_merged_records(result, base=base, round_dates=round_dates))


def iter_merged_records(result: MergeResult, *, base: Path | None = None,
                        round_dates: Mapping[str, str] | None = None) -> Iterator[dict[str, object]]:
    """The rows of `merged_records`, one at a time (see `iter_merged_rows`)."""
    for row in iter_merged_rows(result, base=base, round_dates=round_dates):
        yield dict(zip(MERGED_COLUMNS, row, strict=True))


def iter_merged_rows(result: MergeResult, *, base: Path | None = None,
                     round_dates: Mapping[str, str] | None = None) -> Iterator[tuple[object, ...]]:
    """The rows of `merged_records` as tuples in the order of MERGED_COLUMNS (no dict a row, at 10^7 rows).

    `source_file` is written relative to `base` (the working folder) so no absolute local path leaks
    into a shared file; `round_dates` (round label -> ISO date, from a workspace) fills `round_date`.
    """
    for what, rows in iter_merged_blocks(result, base=base, round_dates=round_dates):
        for first, scored in rows:
            yield first + what + scored


def iter_merged_blocks(result: MergeResult, *, base: Path | None = None,
                       round_dates: Mapping[str, str] | None = None) -> Iterator[tuple[Row, list[tuple[Row, Row]]]]:
    """The rows of `iter_merged_rows` an item at a time, in parts: (the item's columns, and for each of its
    rows the partner's columns and the score's), a row being partner + item + score columns. What the merged
    CSV is written from (render.csvtext.RowBlocks): the parts repeated on every row are made text once."""
    fw = result.framework
    by_partner: dict[tuple[str, str, str], dict[str, ScoreRow]] = {}  # a dict a partner, not a key a row
    for r in result.rows:
        by_partner.setdefault((r.place, r.round, r.partner), {})[r.item] = r
    consensus_by_item: dict[str, list[ScoreRow]] = {}
    for row in result.consensus:
        consensus_by_item.setdefault(row.item, []).append(row)
    shown = source_names([r.source_file for r in [*result.rows, *result.consensus]], base)
    dates = {norm(k): v for k, v in (round_dates or {}).items()}
    date_of: dict[str, str] = {}  # round label as written -> its date: looked up once per label, not per row

    def who(partner: tuple[str, str, str]) -> tuple[object, ...]:
        """The partner's first columns (place .. consensus), the same on each of its rows."""
        place, round_label, name = partner
        date = date_of.get(round_label)
        if date is None:
            date = date_of[round_label] = dates.get(norm(round_label), "")
        return place, round_label, date, name, name == CONSENSUS_PARTNER

    partners = [(by_partner.get(partner, {}), who(partner)) for partner in result.partners]
    for item in fw.items():
        scale = fw.scale_for(item)  # once per item: an answer set is a new Scale each time
        item_id = item.id
        what = (fw.id, fw.version, item_id, item.title, item.group_id, item.domain_id)
        labels: dict[object, str | None] = {}  # score -> its label, worked out once an item
        rows = [(first, _scored(scored.get(item_id), scale, labels, shown)) for scored, first in partners]
        rows.extend((who((row.place, row.round, CONSENSUS_PARTNER)), _scored(row, scale, labels, shown))
                    for row in sorted(consensus_by_item.get(item_id, []), key=lambda r: (norm(r.place), norm(r.round))))
        yield what, rows


_UNSCORED = (None, "", "", "", "", None)


def _scored(row: ScoreRow | None, scale: Scale, labels: dict[object, str | None], shown: Mapping[str, str],
            ) -> tuple[object, ...]:
    """A merged row's last columns (MERGED_COLUMNS from score): the score, its label and its provenance."""
    if row is None:
        return _UNSCORED
    score = row.score
    if score is None:
        label: str | None = "N/A" if row.not_applicable else ""
    elif score in labels:
        label = labels[score]
    else:
        label = labels[score] = scale.label_for(score)
    return score, label, row.rationale, row.evidence, shown.get(row.source_file, row.source_file), row.source_row


SUMMARY_COLUMNS = SUMMARY.names()


def summary_records(result: MergeResult, limits: Limits | None = None) -> list[dict[str, object]]:
    """One row per place, round and item (framework order within each): spread, agreement and the agreed
    (consensus) position. Places and rounds are never pooled: partners of two places scoring one item are
    not one group, and a round's consensus is not another round's."""
    fw = result.framework
    limits = limits or Limits.for_scale(fw.default_scale.values())
    # Each (place, round) as written, in the order first met: a round has a handful, not one a row.
    everyone = list(dict.fromkeys((r.place, r.round) for r in [*result.rows, *result.consensus]))
    place_of = blank_joins({norm(p) for p, _ in everyone})
    round_of = blank_joins({norm(r) for _, r in everyone})

    known: dict[tuple[str, str], tuple[str, str]] = {}  # a round has few spellings of its places and rounds

    def group_of(place: str, round_label: str) -> tuple[str, str]:
        group = known.get((place, round_label))
        if group is None:
            group = known[(place, round_label)] = (place_of(norm(place)), round_of(norm(round_label)))
        return group

    # group -> item -> partner (as in result.partners) -> score. A partner's rows come together, so its group
    # and its key are worked out once a run of rows, not once a row.
    scores: dict[tuple[str, str], dict[str, dict[tuple[str, str, str], int | None]]] = {}
    partner: tuple[str, str, str] | None = None
    by_item: dict[str, dict[tuple[str, str, str], int | None]] = {}
    for row in result.rows:
        if partner is None or row.partner != partner[2] or row.place != partner[0] or row.round != partner[1]:
            partner = (row.place, row.round, row.partner)
            by_item = scores.setdefault(group_of(row.place, row.round), {})
        by_item.setdefault(row.item, {})[partner] = row.score
    agreed: dict[tuple[str, str, str], int | None] = {}
    for row in result.consensus:
        agreed[(*group_of(row.place, row.round), row.item)] = row.score
    groups: dict[tuple[str, str], tuple[str, str]] = {}  # normalised (place, round) -> as written
    for place, round_label in sorted(everyone, key=lambda pr: (not pr[0], not pr[1])):  # named spellings first
        groups.setdefault(group_of(place, round_label), (place, round_label))
    if not groups:
        groups[("", "")] = ("", "")
    out: list[dict[str, object]] = []
    for group_key in sorted(groups):
        place, round_label = groups[group_key]
        partners = [p for p in result.partners if group_of(p[0], p[1]) == group_key]
        for item in fw.items():
            key = (*group_key, item.id)
            scored = scores.get(group_key, {}).get(item.id, {})
            by_partner = {p[2]: scored.get(p) for p in partners}
            scale = fw.scale_for(item)  # each item on its own scale, with limits restated for its levels
            values, item_limits = scale.values(), limits.for_values(scale.values())
            stats = item_stats(list(by_partner.values()), values)
            divergent, reasons = divergence(stats, values, item_limits)
            agreed_value = agreed.get(key)
            out.append({
                "place": place, "round": round_label,
                "item": item.id, "code": item.code or "", "title": item.title, "group": item.group_id,
                "domain": item.domain_id, "priority": item.node.priority or "",
                "n": stats.n, "missing": stats.missing, "median": stats.median, "mean": stats.mean, "sd": stats.sd,
                "min": stats.min, "max": stats.max, "range": stats.range, "iqr": stats.iqr, "ad": stats.ad,
                "rwg": stats.rwg, "consensus": stats.consensus, "divergent": divergent,
                "divergence_reasons": "; ".join(reasons),
                "outliers": "; ".join(outliers(by_partner, stats.median, item_limits.outlier_distance, values)),
                "agreed": agreed_value,
                "agreed_label": scale.label_for(agreed_value) if agreed_value is not None else "",
                "notes": "; ".join(stats.notes),
            })
    return out


def load_round(framework: Framework, inputs: Sequence[str | Path], *, defaults: Defaults | None = None) -> MergeResult:
    """A round's data from a merged file, a folder of sheets, or a set of sheets (all read the same way).

    A merged file is itself a long sheet (partner, item, score, ...), so it needs no special case;
    its consensus rows (partner `consensus`) are kept apart as in any sheet.
    """
    return merge_sheets(framework, inputs, defaults=defaults)
