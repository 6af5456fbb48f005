"""A round: one place and round's partner scores, recorded consensus and provenance.

:func:`read_round` reads a round (a merged file, a folder of sheets or sheets, via
:func:`maturitykit.rounds.merge.load_round`) and checks it holds one place and one round.
:class:`Round` indexes it: each item's **position** is the recorded consensus when the round
has one, else the median of the partners' scores. ``Round.scores`` is the tidy table (one row
per partner and item, the merged CSV's columns) as a pandas DataFrame.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from maturitykit.diagnostics import did_you_mean
from maturitykit.errors import Location, RefusedError
from maturitykit.framework.model import Framework
from maturitykit.rounds.merge import MERGED_COLUMNS, MergeResult, load_round, merged_records
from maturitykit.sheets.rows import Defaults, Selection, blank_joins
from maturitykit.sheets.vocabulary import norm, partner_key
from maturitykit.stats.agreement import divergence, item_stats
from maturitykit.stats.limits import Limits
from maturitykit.stats.scores import clean_score, is_missing

if TYPE_CHECKING:  # pandas is imported only when the table is asked for
    import pandas as pd

__all__ = ["Basis", "Position", "Round", "one_round", "read_round", "read_round_rows", "round_from_result"]

Basis = Literal["consensus", "median", "mean"]


@dataclass(frozen=True)
class Position:
    """One item's position in one round, with what it rests on (frozen: a round hands out the same one
    to every caller that asks for it)."""

    position: float | None
    basis: Basis | None
    n: int
    ad: float | None
    divergent: bool
    reasons: tuple[str, ...]
    scores: dict[str, float]  # partner key -> score (None excluded)

    @property
    def agreed(self) -> bool:
        # A recorded consensus establishes agreement; otherwise the partners must not diverge.
        return self.basis == "consensus" or not self.divergent


@dataclass
class Round:
    """A round read and checked: partners' scores and consensus per item of its framework, and where they came from.

    Read-only once made: each item's position is worked out once for the partners in use and remembered
    (`restrict` and `restricted` change the partners in use, and so the positions asked for)."""

    framework: Framework
    inputs: list[str]  # inputs as given
    result: MergeResult  # the merged rows (only the place and round selected), problems and accounting
    partner_scores: dict[str, dict[str, int | None]]  # item -> partner key -> score
    consensus: dict[str, int]  # item -> recorded consensus score
    names: dict[str, str]  # partner key -> display name
    places: list[str]
    rounds: list[str]
    partners: list[str] = field(default_factory=list)  # keys in use (after restriction)
    # (item, limits, partners in use) -> its Position: a report asks for each item's position in each
    # round three times (the domains, the delta, the trend), and at national size each is a pass over
    # thousands of partners. Keyed by the partners in use, so a restricted copy sharing it is never wrong.
    _positions: dict[tuple[str, Limits, tuple[str, ...]], Position] = field(
        default_factory=dict, repr=False, compare=False)

    @property
    def scores(self) -> pd.DataFrame:
        """One row per partner and item (consensus rows last per item), with the merged CSV's columns."""
        import pandas as pd

        return pd.DataFrame(merged_records(self.result), columns=MERGED_COLUMNS)

    @property
    def partner_names(self) -> list[str]:
        """Display names of the partners in use, in partner order."""
        return [self.names[k] for k in self.partners]

    def restricted(self, keys: set[str]) -> Round:
        """A copy using only the partners whose keys are given (the original is unchanged)."""
        out = copy(self)
        out.partners = [k for k in self.partners if k in keys]
        return out

    def restrict(self, keys: set[str]) -> None:
        self.partners = [k for k in self.partners if k in keys]

    def position(self, item_id: str, limits: Limits) -> Position:
        key = (item_id, limits, tuple(self.partners))
        known = self._positions.get(key)
        if known is None:
            known = self._positions[key] = self._position(item_id, limits)
        return known

    def _position(self, item_id: str, limits: Limits) -> Position:
        # Each item on its own scale: a 1-3 and a 1-5 item are never compared in raw units.
        values = self.framework.scale_for(self.framework.item_by_id(item_id)).values()
        limits = limits.for_values(values)
        by_partner = self.partner_scores.get(item_id, {})
        scores = [by_partner.get(k) for k in self.partners]
        stats = item_stats(scores, values)
        divergent, reasons = divergence(stats, values, limits)
        present = {k: float(s) for k, s in zip(self.partners, scores, strict=True) if not is_missing(s)}
        agreed = clean_score(self.consensus.get(item_id))
        if agreed is not None:
            return Position(float(agreed), "consensus", stats.n, stats.ad, divergent, reasons, present)
        if stats.median is None:
            return Position(None, None, 0, None, False, (), present)
        return Position(stats.median, "median", stats.n, stats.ad, divergent, reasons, present)


def _distinct(values: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in dict.fromkeys(values):  # each spelling once, first met first: a round repeats a few on every row
        if value.strip():
            seen.setdefault(norm(value), value.strip())
    return sorted(seen.values(), key=norm)


def _select(result: MergeResult, place: str | None, round_label: str | None) -> MergeResult:
    if place is None and round_label is None:
        return result
    # Places and rounds read but not checked (Defaults.only) still count: a blank row joins the only one named.
    everyone = [(r.place, r.round) for r in [*result.rows, *result.consensus]] + list(result.other_places)
    # As in merge (docs/rounds.md): a row that gives no place or round belongs to the only one named,
    # or to the one asked for when the inputs name none; never dropped for being blank.
    place_of = blank_joins({norm(p) for p, _ in everyone} | ({norm(place)} if place else set()))
    round_of = blank_joins({norm(r) for _, r in everyone} | ({norm(round_label)} if round_label else set()))

    def keep(row_place: str, row_round: str) -> bool:
        return ((place is None or place_of(norm(row_place)) == norm(place))
                and (round_label is None or round_of(norm(row_round)) == norm(round_label)))

    out = copy(result)
    out.rows = [r for r in result.rows if keep(r.place, r.round)]
    out.consensus = [r for r in result.consensus if keep(r.place, r.round)]
    out.partners = [p for p in result.partners if keep(p[0], p[1])]
    return out


def one_round(result: MergeResult, shown: Sequence[str], label: str = "round", place: str | None = None,
              round_label: str | None = None, *, scored: bool = True) -> tuple[MergeResult, list[str], list[str]]:
    """The merged rows of one place and round (after selecting ``place``/``round_label``), with the place and
    round they name; refused when they hold several, or none asked for, or (``scored``) no usable score.

    ``scored=False`` accepts a round in which nobody scored (an agenda can say so; a comparison cannot)."""
    result = _select(result, place, round_label)
    rows = list(result.rows)
    consensus_rows = list(result.consensus)
    places = _distinct([r.place for r in [*rows, *consensus_rows]])
    if len(places) > 1:
        raise RefusedError(f"the {label} holds rows for several places ({', '.join(places)}); compare one place at a "
                           "time with --place", Location(", ".join(shown)))
    rounds = _distinct([r.round for r in [*rows, *consensus_rows]])
    if len(rounds) > 1:
        raise RefusedError(f"the {label} holds rows of several rounds ({', '.join(rounds)}); give one round's sheets "
                           "(or a merged file of one round)", Location(", ".join(shown)))
    if place is not None and not rows and not consensus_rows:
        named = _distinct([*(r.place for r in [*result.rows, *result.consensus]),
                           *(p for p, _ in result.other_places)])
        held = f"the inputs name {', '.join(named)}" if named else "the inputs name no place"
        raise RefusedError(f"the {label} has no rows for place {place!r}{did_you_mean(place, named)}; {held}",
                           Location(", ".join(shown)))
    if scored and all(is_missing(r.score) for r in [*rows, *consensus_rows]):
        where = f" for place {place!r}" if place is not None else ""
        where += f" for round {round_label!r}" if round_label is not None else ""
        raise RefusedError(f"the {label} has no usable scores{where}; run `maturity score validate` on it",
                           Location(", ".join(shown)))
    return result, places, rounds


def round_from_result(framework: Framework, result: MergeResult, shown: Sequence[str], label: str = "round",
                      place: str | None = None, round_label: str | None = None) -> Round:
    """Check merged rows hold one place and one round (`one_round`), and index them."""
    shown = [str(s) for s in shown]
    result, places, rounds = one_round(result, shown, label, place, round_label)
    rows, consensus_rows = result.rows, result.consensus
    scores: dict[str, dict[str, int | None]] = {}
    names: dict[str, str] = {}
    keys: dict[str, str] = {}  # a partner's name as written -> its key, worked out once a spelling
    for row in rows:
        name = row.partner
        key = keys.get(name)
        if key is None:
            key = keys[name] = partner_key(name)
            names.setdefault(key, name)
        scores.setdefault(row.item, {})[key] = clean_score(row.score)  # type: ignore[assignment]
    consensus = {row.item: row.score for row in consensus_rows if not is_missing(row.score)}
    partners = sorted(names, key=lambda k: (norm(names[k]), k))
    return Round(framework, shown, result, scores, consensus, names, places, rounds, partners)


def read_round(framework: Framework, paths: str | Path | Sequence[str | Path], place: str | None = None,
               round: str | None = None, *, label: str = "round") -> Round:
    """Read one round (a merged file, a folder of sheets, or sheets) and check it holds one place and one round.

    ``place`` and ``round`` select rows of one place or round when the inputs hold several;
    ``label`` names the round in messages (e.g. "baseline").
    """
    inputs = _inputs(paths)
    return round_from_result(framework, _load(framework, inputs, place, round), [str(i) for i in inputs], label,
                             place, round)


def read_round_rows(framework: Framework, paths: str | Path | Sequence[str | Path], place: str | None = None,
                    round: str | None = None, *, label: str = "round") -> MergeResult:
    """One round's merged rows, read and checked as `read_round` reads them, but not indexed as a Round
    (what an agenda is built from); a round nobody scored is accepted, since an agenda can say so."""
    inputs = _inputs(paths)
    return one_round(_load(framework, inputs, place, round), [str(i) for i in inputs], label, place, round,
                     scored=False)[0]


def _inputs(paths: str | Path | Sequence[str | Path]) -> list[str | Path]:
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


def _load(framework: Framework, inputs: Sequence[str | Path], place: str | None, round: str | None) -> MergeResult:
    # Rows of other places and rounds are counted but not checked: a national file is read for one place.
    return load_round(framework, inputs, defaults=Defaults(only=Selection.of(place, round)))
