"""Reading the values people type into score sheets: items, scores and partner names."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from maturitykit.diagnostics import did_you_mean
from maturitykit.framework.model import Framework, Item, LevelValue, Scale

# What partners write when they did not score an item. Missing is never zero.
MISSING_WORDS = {
    "", "n/a", "na", "n.a.", "n.a", "-", "–", "—", "don't know", "dont know", "don’t know", "do not know", "unknown",
    "not applicable", "not scored", "none", "skip", "skipped", "?", "nan", "not sure", "unsure",
    "don't know / not applicable", "don't know/not applicable", "not applicable / don't know", "prefer not to say",
}
NOT_APPLICABLE_WORDS = {"n/a", "na", "n.a.", "n.a", "not applicable"}
CONSENSUS_PARTNER = "consensus"
CONSENSUS_NAMES = frozenset({CONSENSUS_PARTNER, "agreed", "agreed position"})
# How many distinct texts each pure lookup below remembers. A merged round is read item by item, so
# every partner's name comes round again once per item: an LRU smaller than the partners of a national
# round (10^5) misses on every call (8,192 made `partner_key` 40% of `score divergence` at 10,000 partners).
REMEMBERED = 1 << 18


def norm(text: object) -> str:
    """Case- and white-space-insensitive key."""
    return _norm(text if type(text) is str else str(text))


@lru_cache(maxsize=REMEMBERED)  # pure; a round repeats the same item, place and round texts on every row
def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def norm_title(text: object) -> str:
    return _norm_title(text if type(text) is str else str(text))


@lru_cache(maxsize=REMEMBERED)
def _norm_title(text: str) -> str:
    # Curly and straight quotes, dashes and trailing full stops vary between copies of a title.
    out = _norm(text)
    for a, b in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("–", "-"), ("—", "-")):
        out = out.replace(a, b)
    return out.strip(" .:")


MEMO_LIMIT = 4096  # distinct texts (or cells) a memo of this module remembers before it starts again


class ItemIndex:
    """Looks an item up by id, code, title or alias; ambiguous keys are remembered, not guessed."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.items = framework.items()
        self.by_id = {item.id: item for item in self.items}
        self._keys: dict[str, set[str]] = {}
        self._scales: dict[str, Scale] = {}
        self._found: dict[str, Item | None] = {}
        # What sheets.clean remembers of each (item text, score cell) it has read, across every file of a round.
        self.clean_reads: dict[tuple[str, type, object], tuple[str, LevelValue | None, bool] | None] = {}
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
            hint = did_you_mean(str(text).strip(), [i.title for i in self.items] + [i.id for i in self.items])
            return None, f"unknown item {str(text).strip()!r} (not an id, code or title in {self.framework.id}){hint}"
        if len(ids) > 1:
            return None, f"item {str(text).strip()!r} is ambiguous: it could be {', '.join(sorted(ids))}; use the id"
        return self.by_id[next(iter(ids))], None

    def found(self, text: str) -> Item | None:
        """`lookup`'s item (None when there is none), remembered per text: every sheet of a round names the
        same items, so a folder of returns looks each text up once (bounded: a hostile file may hold 10^6)."""
        memo = self._found
        if text in memo:
            return memo[text]
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        item = memo[text] = self.lookup(text)[0]
        return item

    def matches(self, text: object) -> bool:
        return self.lookup(text)[0] is not None

    def scale_of(self, item: Item) -> Scale:
        """The item's scale, worked out once per index (an answer set is a new Scale each time otherwise)."""
        scale = self._scales.get(item.id)
        if scale is None:
            scale = self._scales[item.id] = self.framework.scale_for(item)
        return scale


@dataclass(frozen=True)
class ParsedScore:
    value: LevelValue | None
    missing: bool
    not_applicable: bool
    error: str | None = None


# A cell is a score only when the whole of it is one of these forms; "2-3", "3 (or maybe 4)" and
# "4 - but really 1" are refused, never read as their first number.
_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_PREFIX = re.compile(r"^(?:level|stage|score)\s*(?=[-+]?\d)", re.IGNORECASE)  # "Level 3 - Maturing", "Stage 3: Maturing"
_VALUE_THEN_LABEL = re.compile(r"^(?P<value>[-+]?\d+(?:\.\d+)?)\s*(?:[-–—:=.)]\s*|\(\s*(?=.*\)$)|\s+)(?P<label>.*?)\)?$")
_LABEL_THEN_VALUE = re.compile(r"^(?P<label>.+?)\s*\(\s*(?P<value>[-+]?\d+(?:\.\d+)?)\s*\)$")  # "Maturing (3)"


def parse_score(raw: object, framework: Framework, item: Item | None = None, *,
                scale: Scale | None = None) -> ParsedScore:
    """A level value from "3", 3, 3.0, "Maturing", "3 - Maturing", "Level 3 - Maturing", "Maturing (3)";
    missing words are missing. Anything else is an error, so no cell is half-read.

    With ``item``, the cell is read against that item's own scale (or answer set, whose texts
    are its labels), so a 5 on a 1-3 item is off the scale; without, against the framework's.
    Decimal levels ("0.25 - Yes, for some") are levels like any other. ``scale``, when given, is the
    item's scale already worked out (``ItemIndex.scale_of``).

    A round repeats a handful of texts ("3", "Maturing") on every row, so the reading of a short text or
    a whole number is remembered per scale: the same answer, not worked out again.
    """
    if scale is None:
        scale = framework.default_scale if item is None else framework.scale_for(item)
    kind = type(raw)
    if (kind is str and len(raw) <= 64) or kind is int:  # type: ignore[arg-type]
        memo = _scale_entry(scale)[4]
        key = (kind, raw)
        parsed = memo.get(key)
        if parsed is None:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            parsed = memo[key] = _parse_score(raw, scale)
        return parsed
    return _parse_score(raw, scale)


def _parse_score(raw: object, scale: Scale) -> ParsedScore:
    values, shown, labels = _scale_table(scale)
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
        return _number(raw, _short(str(raw)), values, shown)
    text = str(raw).strip()
    # Option lists copied from a survey often end in ";" (the separator of a multi-choice export).
    clean = " ".join(text.rstrip("; \t").split())
    key = norm_title(clean)
    if key in MISSING_WORDS:
        return ParsedScore(None, True, key in NOT_APPLICABLE_WORDS)
    if _NUMBER.match(key):
        return _number(key, _short(text), values, shown)
    if key in labels:
        return ParsedScore(labels[key], False, False)
    unprefixed = _PREFIX.sub("", clean)
    if _NUMBER.match(unprefixed):
        return _number(unprefixed, _short(text), values, shown)
    matches = [m for m in (_VALUE_THEN_LABEL.match(unprefixed), _LABEL_THEN_VALUE.match(clean)) if m]
    # "Level 1 (1)" on a scale whose labels are "Level 1": the form that gives the level its own label wins.
    readings = [(m, _value_and_label(m, scale, values, shown)) for m in matches]
    for _match, (parsed, own) in readings:
        if parsed.error is None and own:
            return parsed
    if readings:
        match, (parsed, _own) = readings[0]
        label = norm_title(match.group("label"))
        if parsed.error:
            return ParsedScore(None, False, False, f"score {_short(text)!r}: {parsed.error}")
        if label in labels and not _NUMBER.match(label):  # "2-3" is two levels, not a value and a label
            return ParsedScore(None, False, False, f"score {_short(text)!r} is contradictory: {match.group('value')} is "
                               f"{scale.label_for(parsed.value or 0)!r}, not {match.group('label')!r}")
        return ParsedScore(None, False, False, f"score {_short(text)!r} is not one level: only the whole cell is read, "
                           f"and {match.group('label')!r} is not the label of {parsed.value} "
                           f"({scale.label_for(parsed.value or 0)!r}); type one level ({shown})")
    hint = did_you_mean(text, [level.label for level in scale.levels])
    return ParsedScore(None, False, False, f"score {_short(text)!r} is not a level value or label ({shown}){hint}")


# Per scale, built once: its values, their range as shown in messages, and its labels by key. Keyed by id, holding
# the scale itself so that the id cannot be reused while the entry lives; bounded, as frameworks are few.
# The last element remembers parse_score's answers for short texts and whole numbers on that scale.
_ScaleEntry = tuple[Scale, list[LevelValue], str, dict[str, LevelValue], dict[tuple[type, object], "ParsedScore"]]
_SCALE_TABLES: dict[int, _ScaleEntry] = {}


def _scale_entry(scale: Scale) -> _ScaleEntry:
    entry = _SCALE_TABLES.get(id(scale))
    if entry is None or entry[0] is not scale:
        values = scale.values()
        labels = {norm_title(level.label): level.value for level in scale.levels}
        if len(_SCALE_TABLES) >= 256:
            _SCALE_TABLES.clear()
        entry = _SCALE_TABLES[id(scale)] = (scale, values, f"{values[0]}-{values[-1]}", labels, {})
    return entry


def _scale_table(scale: Scale) -> tuple[list[LevelValue], str, dict[str, LevelValue]]:
    entry = _scale_entry(scale)
    return entry[1], entry[2], entry[3]


def _value_and_label(match: re.Match[str], scale: Scale, values: list[LevelValue], shown: str) -> tuple[ParsedScore, bool]:
    """The value of a "value and label" form, and whether the label is that value's own (or absent)."""
    parsed = _number(match.group("value"), match.group("value"), values, shown)
    if parsed.error:
        return parsed, False
    label = norm_title(match.group("label"))
    return parsed, not label or label == norm_title(scale.label_for(parsed.value or 0) or "")


def _short(text: str) -> str:
    # A 400-digit cell is shown by its size, not printed whole.
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text)} characters)"


def _number(raw: str | int | float, text: str, values: list[LevelValue], shown: str) -> ParsedScore:
    # Decimal, not float: "1E999" and 400-digit integers must be refused, not overflow.
    try:
        number = Decimal(str(raw)) if not isinstance(raw, int) else Decimal(raw)
    except InvalidOperation:
        return ParsedScore(None, False, False, f"score {text} is not a number ({shown})")
    if not number.is_finite():
        return ParsedScore(None, False, False, f"score {text} is not a level ({shown})")
    if number.adjusted() <= 6:
        for value in values:
            if number == Decimal(str(value)):
                return ParsedScore(value, False, False)
    whole_scale = all(float(v).is_integer() for v in values)
    if number != number.to_integral_value() and whole_scale and number.adjusted() <= 6:
        return ParsedScore(None, False, False, f"score {text} is between levels; use a whole level ({shown})")
    return ParsedScore(None, False, False, f"score {text} is off the scale ({shown})")


@lru_cache(maxsize=REMEMBERED)  # called for every row in every comparison
def partner_key(name: str) -> str:
    """The one key of a partner's name: case, spacing, compatibility forms (NFKC) and invisible characters
    (zero-width spaces, soft hyphens, byte-order marks: Unicode category Cf) do not make another partner."""
    text = unicodedata.normalize("NFKC", str(name))
    return norm("".join(c for c in text if unicodedata.category(c) != "Cf"))


@lru_cache(maxsize=REMEMBERED)
def invisible_count(name: str) -> int:
    """How many invisible (format, category Cf) characters a name holds: zero-width spaces and the like."""
    return sum(1 for c in str(name) if unicodedata.category(c) == "Cf")


def look_alike(name: str) -> str:
    """The partner key with letters of other scripts that look like Latin ones (Cyrillic 'а') replaced, so
    that two names which print the same can be found. Used to warn, never to merge partners."""
    from confusable_homoglyphs import confusables  # loads Unicode tables: only when partners are compared

    key = partner_key(name)
    if key.isascii():
        return key
    found = confusables.is_confusable(key, greedy=True, preferred_aliases=["latin"]) or []
    swaps: dict[str, str] = {}
    for entry in found:
        latin = [g["c"] for g in entry["homoglyphs"] if g["n"].startswith("LATIN") and len(g["c"]) == 1]
        if latin:
            swaps[entry["character"]] = latin[0].casefold()
    return "".join(swaps.get(c, c) for c in key)


def is_consensus(name: str) -> bool:
    return partner_key(name) in CONSENSUS_NAMES
