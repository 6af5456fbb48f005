"""The board report's headline: one paragraph in plain words, computed from a place's figures.

It says what a board must not miss: coverage (items scored of items), domains nobody assessed, what
declined (by name), when the rounds were held, and when and by which maturitykit the paper was made.
No statistic's name appears here: the Methods section of the report is the place for those.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean
from typing import Protocol

from maturitykit.analysis.delta_result import DeltaResult
from maturitykit.framework.model import Framework
from maturitykit.words import count


class _Domain(Protocol):
    title: str
    kind: str
    positions: list[float | None]
    items: int
    coverage: list[int]


def names(titles: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def _short(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def level_words(fw: Framework, value: float | None) -> str:
    if value is None:
        return "no position"
    levels = fw.default_scale.levels
    lower = max((lv for lv in levels if lv.value <= value), key=lambda lv: lv.value, default=levels[0])
    upper = min((lv for lv in levels if lv.value >= value), key=lambda lv: lv.value, default=levels[-1])
    if lower.value == upper.value:
        return f"{value:.1f} ({lower.label})"
    return f"{value:.1f} (between {lower.label} and {upper.label})"


def _unassessed(domains: Sequence[_Domain], labels: Sequence[str]) -> list[str]:
    never = [d for d in domains if d.kind == "domain" and d.coverage and not any(d.coverage)]
    lapsed = [d for d in domains if d.kind == "domain" and d.coverage and any(d.coverage) and not d.coverage[-1]]
    parts = []
    if never:
        noun, it = ("domain", "it") if len(never) == 1 else ("domains", "them")
        scope = "in any round" if len(labels) > 1 else "in this round"
        parts.append(f"Not assessed: the {noun} {names([d.title for d in never])}, with no item scored {scope}; "
                     f"the charts mark {it} as not assessed.")
    if lapsed:
        what = "domain" if len(lapsed) == 1 else "domains"
        parts.append(f"Not assessed in round {labels[-1]!r}: the {what} {names([d.title for d in lapsed])}, "
                     "assessed in an earlier round.")
    return parts


def _changes(delta: DeltaResult, domains: Sequence[_Domain], labels: Sequence[str]) -> list[str]:
    o = delta.overall
    parts = [f"Since round {labels[-2]!r}: {count(o.improved, 'item')} improved, {o.declined} declined, "
             f"{o.unchanged} stayed the same, {o.uncertain} could not be called because partners disagreed and "
             f"{o.too_few_partners} had too few partners scoring them in both rounds."]
    declined = [r for r in delta.items if r.status == "declined"]
    if declined:
        parts.append(f"Declined: {names([f'{r.title} ({_short(r.baseline)} to {_short(r.followup)})' for r in declined])}.")  # type: ignore[arg-type]
    lower = [r for r in delta.items if r.status != "declined" and r.change is not None and r.change < 0]
    if lower:
        parts.append(f"Lower, though not called a decline: {names([f'{r.title} ({_short(r.baseline)} to {_short(r.followup)})' for r in lower])}.")  # type: ignore[arg-type]
    fell = [d for d in domains if d.kind == "domain" and len(d.positions) >= 2 and d.positions[-1] is not None
            and d.positions[-2] is not None and d.positions[-1] < d.positions[-2]]  # type: ignore[operator]
    if fell:
        parts.append(f"By domain, lower than in round {labels[-2]!r}: {names([f'{d.title} ({_short(d.positions[-2])} to {_short(d.positions[-1])})' for d in fell])}.")  # type: ignore[arg-type]
    return parts


def _dates(labels: Sequence[str], dates: Sequence[str], generated: str, version: str) -> str:
    dates = [*dates, *[""] * len(labels)][: len(labels)]
    if not any(dates):
        held = "Round dates are not recorded."
    else:
        held = "Rounds held: " + "; ".join(f"{label} {date or '(date not recorded)'}"
                                           for label, date in zip(labels, dates, strict=True)) + "."
    made = "Report generated" + (f" on {generated}" if generated else "") + (f" by maturitykit {version}" if version else "")
    return f"{held} {made}."


def headline(fw: Framework, place: str, labels: Sequence[str], partners: int, domains: Sequence[_Domain],
             divergent: int, short_term_divergent: int, delta: DeltaResult | None,
             latest: Sequence[float | None], *, dates: Sequence[str] = (), generated: str = "",
             version: str = "") -> str:
    """The headline paragraph of one place: `latest` is every item's latest position (None when unscored)."""
    who = place or "The partnership"
    scored = [p for p in latest if p is not None]
    overall = round(fmean(scored), 6) if scored else None
    parts = [f"{who} was assessed on {len(scored)} of {count(len(latest), 'item')} of the {fw.title} in round "
             f"{labels[-1]!r} by {count(partners, 'partner')}; the average position is "
             f"{level_words(fw, overall)}."]
    parts += _unassessed(domains, labels)
    ranked = [d for d in domains if d.kind == "domain" and d.positions[-1] is not None]
    if len(ranked) >= 2:
        best = max(ranked, key=lambda d: (d.positions[-1], d.title))
        worst = min(ranked, key=lambda d: (d.positions[-1], d.title))
        parts.append(f"The strongest domain is {best.title} ({best.positions[-1]:.1f}) and the least developed "
                     f"is {worst.title} ({worst.positions[-1]:.1f}).")
    if divergent:
        short = ""
        if short_term_divergent:
            short = (", a short-term priority" if divergent == 1 else
                     f", {short_term_divergent} of them {'a short-term priority' if short_term_divergent == 1 else 'short-term priorities'}")
        parts.append(f"Partners see {count(divergent, 'item')} differently{short}.")
    else:
        parts.append("Partners broadly agree on every item.")
    if delta is not None:
        parts += _changes(delta, domains, labels)
    parts.append(_dates(labels, dates, generated, version))
    return " ".join(parts)
