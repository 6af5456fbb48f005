"""Column headers of returned sheets: which header means partner, item, score, rationale, ...

The words are those found in real returns and survey exports; a header not listed here is
reported as unused, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from maturitykit.sheets.vocabulary import norm

HEADERS: dict[str, set[str]] = {
    "partner": {"partner", "partner name", "organisation", "organization", "partner organisation", "respondent", "org"},
    "item": {"item", "item id", "id", "sub-domain", "subdomain", "sub domain", "dimension", "precondition", "core area"},
    "code": {"code", "item code", "no", "no.", "number"},
    "title": {"title", "item title", "name of item"},
    "score": {"score", "rating", "level", "maturity level", "your score", "agreed level"},
    "rationale": {"rationale", "why", "agreed because", "why we scored it this way", "why i/we scored it this way", "reason", "reasons",
                  "comment", "comments", "why i/we scored it this way (use examples wherever you can)"},
    "evidence": {"evidence", "examples", "evidence and examples", "supporting evidence"},
    "place": {"place", "locality", "borough", "system"},
    "round": {"round", "wave", "assessment round", "period"},
    "framework": {"framework", "framework id"},
    "framework_version": {"framework version", "framework_version", "version"},
}
# Columns maturitykit itself writes (templates, merged files): known, so not reported as unused.
KNOWN_EXTRA = {"group", "domain", "priority", "label", "source_file", "source_row", "descriptors", "target",
                "round_date", "is_consensus", "item_title",  # the merged file's (columns.MERGED)
                "status", "guidance", "notes",
                # the workshop sheet's (render.workshop), so a filled one reads back without unused-column notes
                "agenda", "divergent", "why divergent", "median", "at the lowest", "at the highest"}
# The headers a near miss is compared with, for "did you mean" hints.
HEADER_WORDS = sorted({"partner", "item", "code", "title", "score", "rationale", "evidence", "place", "round",
                       "framework", "framework version", "organisation", "respondent"})
LEVEL_COLUMN = re.compile(r"^level\s+-?\d+\b")
# A partner's score on the workshop sheet: shown to the room, not read back (the agreed level is).
WORKSHOP_PARTNER_COLUMN = re.compile(r"^scored by\s")
_SIDE_WORDS = r"(rationale|why|reasons?|comments?|evidence|examples)"
SIDE_PATTERNS = [
    re.compile(rf"^{_SIDE_WORDS}\??\s*(?:[-:–—(\[]|for|on)?\s*(?P<item>.+?)$"),
    re.compile(rf"^(?P<item>.+?)\s*(?:[-:–—(\[]|\s)\s*{_SIDE_WORDS}\b.{{0,20}}$"),
]


def header_field(header: object) -> str | None:
    """The field a header means (partner, item, score, ...), or None."""
    key = norm(header).rstrip(":")
    for field, names in HEADERS.items():
        if key in names:
            return field
    if re.match(r"^(score|rating)\b(?!_)", key) and not re.search(r"comment|why|reason|evidence", key):
        return "score"
    if key.startswith(("why i", "why we")):
        return "rationale"
    return None


def cell_text(value: object) -> str:
    """A cell as text: whole floats without '.0', None as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_blank(cells: Sequence[object]) -> bool:
    return all(cell_text(c) == "" for c in cells)
