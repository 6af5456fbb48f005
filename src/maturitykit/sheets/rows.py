"""What a sheet gives: score rows, the account of one file, and the checks across rows.

A partner is known by one key (`respondent`, built on `vocabulary.partner_key`), and the two
duplicate checks (the same item twice for one partner; one partner in two files) live here
once, so that `score merge` and `score validate` can never judge them differently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from maturitykit.diagnostics import Problem
from maturitykit.sheets.vocabulary import (
    REMEMBERED,
    invisible_count,
    is_consensus,
    look_alike,
    norm,
    partner_key,
)

if TYPE_CHECKING:  # only annotations: the survey modules import this one
    from maturitykit.sheets.partners import EmailMap
    from maturitykit.sheets.surveys import SurveyMap

RespondentKey = tuple[str, str, str]  # (place, round, partner), each normalised


@dataclass(frozen=True)
class Selection:
    """The places and rounds asked for (--place, --round): other rows are counted, never checked.

    A row that names no place (or round) is always kept, since it may belong to the one asked for
    (docs/rounds.md); whether it does is decided after the merge, on every place the inputs name."""

    places: frozenset[str] | None = None  # normalised; None = every place
    rounds: frozenset[str] | None = None

    @classmethod
    def of(cls, places: Sequence[str] | str | None = None, rounds: Sequence[str] | str | None = None) -> Selection | None:
        def normed(given: Sequence[str] | str | None) -> frozenset[str] | None:
            if given is None or given == "" or (not isinstance(given, str) and not given):
                return None
            return frozenset(norm(g) for g in ([given] if isinstance(given, str) else given))

        chosen = cls(normed(places), normed(rounds))
        return chosen if chosen.places is not None or chosen.rounds is not None else None

    def keeps(self, place: str, round: str) -> bool:
        return ((self.places is None or not place.strip() or norm(place) in self.places)
                and (self.rounds is None or not round.strip() or norm(round) in self.rounds))


@dataclass
class Defaults:
    """What a sheet that does not say gets: --partner, --place and --round, --partners and --map."""

    partner: str | None = None
    place: str | None = None
    round: str | None = None
    emails: EmailMap | None = None  # survey respondents' emails -> partners (score merge --partners)
    mapping: SurveyMap | None = None  # what a survey export means (score merge --map)
    only: Selection | None = None  # rows of other places or rounds are counted, not checked (--place on a round)


@dataclass(slots=True)  # one a score, so no per-row __dict__ (352 bytes a row become 128)
class ScoreRow:
    partner: str
    item: str
    score: float | None
    not_applicable: bool
    rationale: str
    evidence: str
    place: str
    round: str
    source_file: str
    source_row: int | None
    source_column: str | None = None
    # The file given to the command when it is not source_file: a merged file, whose rows keep the returns
    # they came from. One partner in two *inputs* is the duplicate the merge refuses, not two returns that
    # an earlier merge already put together.
    input_file: str | None = None

    def __reduce__(self) -> tuple[type[ScoreRow], tuple[object, ...]]:
        # Sent back from a reading process as its fields: a slots dataclass's own pickling builds a dict
        # of them a row through dataclasses.fields(), 2.5x the time for 370,000 rows.
        return ScoreRow, (self.partner, self.item, self.score, self.not_applicable, self.rationale, self.evidence,
                          self.place, self.round, self.source_file, self.source_row, self.source_column,
                          self.input_file)


@dataclass
class SheetRead:
    """What one file gave: usable rows, problems, and the count of entries for accounting."""

    file: str
    layout: Literal["long", "wide"]
    rows: list[ScoreRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    entries: int = 0  # score entries read: rows of a long sheet, item cells of a wide one
    blank: int = 0  # rows with nothing in them
    rejected: int = 0  # entries left out (each has an error Problem)
    # Rows of another place or round than the one asked for (Defaults.only): not checked, never entries;
    # counted by (place, round) as written, with their partners' names, so that messages can still name
    # every place and --anonymise can still scrub every name the inputs hold.
    other_places: Counter[tuple[str, str]] = field(default_factory=Counter)
    other_partners: set[str] = field(default_factory=set)
    meta: dict[str, str] = field(default_factory=dict)

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def respondent(row: ScoreRow) -> RespondentKey:
    """The one key of a partner: the same partner may rightly score in two places or rounds of one file."""
    return _respondent(row.place, row.round, row.partner)


def blank_joins(named: set[str]) -> Callable[[str], str]:
    """As in a round (docs/rounds.md): a blank place or round is not one of its own when exactly one is named."""
    others = named - {""}
    only = next(iter(others)) if len(others) == 1 else None
    return lambda key: only if (not key and only is not None) else key


def respondents(rows: Iterable[ScoreRow]) -> Callable[[ScoreRow], RespondentKey]:
    """The key of each row's partner among these rows, a blank place or round joined to the only one they
    name (`blank_joins`): a partner in a sheet that names the place and in one that does not is one partner
    in two files, as the summary and a round count it, never two partners of whom one is lost."""
    labels = {(row.place, row.round) for row in rows}
    places = {_label_key(place) for place, _ in labels}
    rounds = {_label_key(label) for _, label in labels}
    if not any("" in named and len(named) == 2 for named in (places, rounds)):
        return respondent  # no blank to join to a single named one: the keys as they are
    place_of, round_of = blank_joins(places), blank_joins(rounds)

    def key(row: ScoreRow) -> RespondentKey:
        place, label, partner = respondent(row)
        return place_of(place), round_of(label), partner

    return key


@lru_cache(maxsize=REMEMBERED)  # every row of a partner asks again: pure, so remembered
def _respondent(place: str, round_label: str, partner: str) -> RespondentKey:
    return _label_key(place), _label_key(round_label), partner_key(partner)


@lru_cache(maxsize=1024)
def _label_key(text: str) -> str:
    return norm(text)


def duplicate_problems(rows: list[ScoreRow], key_of: Callable[[ScoreRow], RespondentKey] = respondent,
                       ) -> tuple[list[ScoreRow], list[Problem], int]:
    """Within one partner (`key_of`: `respondents` of a round): the same item twice is dropped when identical,
    and left out entirely when the scores conflict (which one is right cannot be known). Returns kept rows,
    problems, rows rejected.

    Rows are indexed by partner, then item (a national round is 10^7 rows: no key, list or copy per row
    unless it has a duplicate); groups are reported in the order of their first row."""
    first: dict[RespondentKey, dict[str, int]] = {}
    groups: dict[tuple[RespondentKey, str], list[int]] = {}
    names: tuple[str, str, str] | None = None
    key: RespondentKey = ("", "", "")
    items: dict[str, int] = {}
    for index, row in enumerate(rows):
        if (row.place, row.round, row.partner) != names:  # a partner's rows come together: keyed once a run
            names = (row.place, row.round, row.partner)
            key = key_of(row)
            found = first.get(key)
            if found is None:
                found = first[key] = {}
            items = found
        at = items.setdefault(row.item, index)
        if at != index:
            groups.setdefault((key, row.item), [at]).append(index)
    problems: list[Problem] = []
    dropped: set[int] = set()
    for (_, item), indexes in sorted(groups.items(), key=lambda entry: entry[1][0]):
        group = [rows[i] for i in indexes]
        scores = {r.score for r in group if r.score is not None}
        if len(scores) > 1:
            dropped.update(indexes)
            for row in group:
                others = ", ".join(f"{r.source_file} row {r.source_row}" for r in group if r is not row)
                problems.append(Problem(
                    severity="error", code="conflicting-duplicate",
                    message=f"{row.partner!r} scored {item!r} more than once with different scores "
                            f"({', '.join(str(s) for s in sorted(scores))}); also at {others}; all left out",
                    file=row.source_file, row=row.source_row, column=row.source_column))
            continue
        # Same score (or missing): keep the row with a score and the most text, report the others.
        best = max(group, key=lambda r: (r.score is not None, len(r.rationale) + len(r.evidence)))
        for index, row in zip(indexes, group, strict=True):
            if row is best:
                continue
            dropped.add(index)
            problems.append(Problem(
                severity="warning", code="duplicate-row",
                message=f"{row.partner!r} scored {item!r} twice with the same score; kept row {best.source_row}, "
                        "left this one out",
                file=row.source_file, row=row.source_row, column=row.source_column))
    kept = [row for index, row in enumerate(rows) if index not in dropped] if dropped else list(rows)
    return kept, problems, len(dropped)


@dataclass
class PartnerFiles:
    """Which files each partner (not consensus) came from, and how its name was spelt."""

    files: dict[RespondentKey, list[str]] = field(default_factory=dict)  # in reading order
    spellings: dict[RespondentKey, set[str]] = field(default_factory=dict)

    def duplicates(self) -> dict[RespondentKey, list[str]]:
        """Partners found in more than one file: the merge refuses these unless told which to keep."""
        return {key: files for key, files in self.files.items() if len(files) > 1}

    def name(self, key: RespondentKey) -> str:
        return sorted(self.spellings[key])[0]

    def name_problems(self) -> list[Problem]:
        """Names spelt two ways (one partner), and names that look alike but are not (two partners)."""
        problems = [
            Problem(severity="warning", code="partner-spelling",
                    message=f"partner names {', '.join(repr(s) for s in sorted(spellings))} differ only in case or "
                            "spacing (or invisible characters); treated as one partner", file=self.files[key][0])
            for key, spellings in self.spellings.items() if len(spellings) > 1
        ]
        by_look: dict[tuple[str, str, str], list[RespondentKey]] = {}
        for key in self.files:
            by_look.setdefault((key[0], key[1], look_alike(key[2])), []).append(key)
        for look, keys in by_look.items():
            foreign = [k for k in keys if k[2] != look[2]]
            mixed = [k for k in foreign if any(c.isascii() and c.isalpha() for c in k[2])]  # "Аcme", not "Сова"
            if len(keys) > 1 or mixed:
                shown = " and ".join(repr(self.name(k)) for k in keys)
                if len(keys) > 1:
                    what = (f"partner names {shown} look alike but are spelt with different letters (such as a "
                            "Cyrillic 'а' for a Latin 'a'); they are kept as two partners: retype the name")
                else:
                    what = (f"partner name {shown} mixes Latin letters with look-alike letters of another script "
                            "(such as a Cyrillic 'а'); it will not match this partner elsewhere: retype the name")
                problems.append(Problem(severity="warning", code="partner-look-alike",
                                        file=self.files[(foreign or keys)[0]][0], message=what))
        return problems


def preferred_spelling(current: str | None, candidate: str) -> str:
    """Of two spellings of one partner, the one to print: the first seen, unless it has invisible characters."""
    if current is None:
        return candidate
    return candidate if invisible_count(current) > invisible_count(candidate) else current


def partner_files(rows: Iterable[ScoreRow], key_of: Callable[[ScoreRow], RespondentKey] = respondent,
                  ) -> PartnerFiles:
    """The one duplicate-partner check, used by both the merge and `score validate` (`key_of`: see
    `respondents`)."""
    out = PartnerFiles()
    last: tuple[str, str, str, str] | None = None
    for row in rows:
        given = row.input_file or row.source_file
        seen = (row.place, row.round, row.partner, given)
        if seen == last:  # the rows of one return say the same again: nothing new to record
            continue
        last = seen
        if is_consensus(row.partner):
            continue
        key = key_of(row)
        files = out.files.setdefault(key, [])
        if given not in files:
            files.append(given)
        out.spellings.setdefault(key, set()).add(row.partner)
    return out
