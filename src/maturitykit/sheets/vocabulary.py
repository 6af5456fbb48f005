"""Reading the values people type into score sheets: items, scores and partner names."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from maturitykit.framework.model import Framework, Item, LevelValue

# What partners write when they did not score an item. Missing is never zero.
MISSING_WORDS = {
    "", "n/a", "na", "n.a.", "-", "–", "—", "don't know", "dont know", "don’t know", "do not know", "unknown",
    "not applicable", "not scored", "none", "skip", "skipped", "?", "nan",
}
NOT_APPLICABLE_WORDS = {"n/a", "na", "n.a.", "not applicable"}
CONSENSUS_PARTNER = "consensus"


def norm(text: object) -> str:
    """Case- and white-space-insensitive key."""
    return " ".join(str(text).replace("\u00a0", " ").split()).casefold()


def norm_title(text: object) -> str:
    # Curly and straight quotes, dashes and trailing full stops vary between copies of a title.
    out = norm(text)
    for a, b in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("–", "-"), ("—", "-")):
        out = out.replace(a, b)
    return out.strip(" .:")


class ItemIndex:
    """Looks an item up by id, code, title or alias; ambiguous keys are remembered, not guessed."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.items = framework.items()
        self.by_id = {item.id: item for item in self.items}
        self._keys: dict[str, set[str]] = {}
        for item in self.items:
            keys = {norm(item.id), norm_title(item.title), *(norm_title(a) for a in item.node.aliases)}
            if item.code:
                keys.add(norm(item.code))
                # Titles printed with their code ("1. Vision", "A Trusted partners") are common in sheets.
                keys.add(norm_title(f"{item.code}. {item.title}"))
                keys.add(norm_title(f"{item.code} {item.title}"))
            for key in keys:
                if key:
                    self._keys.setdefault(key, set()).add(item.id)

    def lookup(self, text: object) -> tuple[Item | None, str | None]:
        """(item, None) when found; (None, reason) otherwise."""
        key = norm_title(text)
        if not key:
            return None, "item is blank"
        ids = self._keys.get(key) or self._keys.get(norm(text))
        if not ids:
            return None, f"unknown item {str(text).strip()!r} (not an id, code or title in {self.framework.id})"
        if len(ids) > 1:
            return None, f"item {str(text).strip()!r} is ambiguous: it could be {', '.join(sorted(ids))}; use the id"
        return self.by_id[next(iter(ids))], None

    def matches(self, text: object) -> bool:
        return self.lookup(text)[0] is not None


@dataclass(frozen=True)
class ParsedScore:
    value: LevelValue | None
    missing: bool
    not_applicable: bool
    error: str | None = None


# Decimal values too: "0.25 - Yes, for some" is a level of a decimal scale.
_VALUE_LABEL = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:[-–—:=.)]|\()\s*(.*?)\)?\s*$")
_NUMBER = re.compile(r"^\s*[-+]?\d+(?:\.\d+)?\s*$")


def parse_score(raw: object, framework: Framework, item: Item | None = None) -> ParsedScore:
    """A level value from "3", 3, 3.0, "Maturing", "3 - Maturing"; missing words are missing.

    With ``item``, the cell is read against that item's own scale (or answer set, whose texts
    are its labels), so a 5 on a 1-3 item is off the scale; without, against the framework's.
    """
    scale = framework.default_scale if item is None else framework.scale_for(item)
    values = scale.values()
    shown = f"{values[0]}-{values[-1]}"
    if raw is None:
        return ParsedScore(None, True, False)
    if isinstance(raw, (dt.date, dt.time)):
        # Excel turns a typed "3-3" or "3/4" into a date; the level is lost, so say what happened.
        return ParsedScore(None, False, False, f"score cell holds a date ({raw.isoformat()}), not a level ({shown}); "
                           "Excel may have turned what was typed into a date: type the level again")
    if isinstance(raw, bool):
        return ParsedScore(None, False, False, f"score {raw!r} is not a level ({shown})")
    if isinstance(raw, (int, float)):
        if raw != raw:  # NaN from a spreadsheet library means an empty cell
            return ParsedScore(None, True, False)
        return _number(float(raw), str(raw), values, shown)
    text = str(raw).strip()
    key = norm(text)
    if key in MISSING_WORDS:
        return ParsedScore(None, True, key in NOT_APPLICABLE_WORDS)
    if _NUMBER.match(text):
        return _number(float(text), text, values, shown)
    labels = {norm(level.label): level.value for level in scale.levels}
    if key in labels:
        return ParsedScore(labels[key], False, False)
    match = _VALUE_LABEL.match(text)
    if match:
        number, label = match.group(1), norm(match.group(2))
        parsed = _number(float(number), number, values, shown)
        if parsed.error or not label:
            return parsed
        if label in labels and labels[label] != parsed.value:
            return ParsedScore(
                None, False, False,
                f"score {text!r} is contradictory: {number} is {scale.label_for(parsed.value or 0)!r}, not {match.group(2)!r}",
            )
        return parsed
    return ParsedScore(None, False, False, f"score {text!r} is not a level value or label ({shown})")


def _number(number: float, text: str, values: list[LevelValue], shown: str) -> ParsedScore:
    for value in values:  # decimal levels (0, 0.25, 0.5, 1) are levels like any other
        if number == value:
            return ParsedScore(value, False, False)
    if number != int(number) and all(float(v).is_integer() for v in values):
        return ParsedScore(None, False, False, f"score {text} is between levels; use a whole level ({shown})")
    return ParsedScore(None, False, False, f"score {text} is off the scale ({shown})")


def partner_key(name: str) -> str:
    return norm(name)


def is_consensus(name: str) -> bool:
    return partner_key(name) in {CONSENSUS_PARTNER, "agreed", "agreed position"}
