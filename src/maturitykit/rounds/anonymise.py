"""Stable pseudonyms for partners, applied to every field that reaches an output.

Pseudonyms follow the sorted partner names (Partner A, B, ...), so the same set of partners
always gets the same letters. A partner's name inside free text (their own or another's
rationale) is replaced too, longest names first so "Thameside Council Adult Social Care" is
not half-replaced by "Thameside Council".
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import replace

from maturitykit.rounds.merge import MergeResult
from maturitykit.sheets.rows import ScoreRow
from maturitykit.sheets.vocabulary import is_consensus, norm, partner_key
from maturitykit.spreadsheet import column_letter  # A, B, ... Z, AA: the same lettering spreadsheets use


def pseudonym_key(partners: list[str]) -> dict[str, str]:
    names = sorted({p for p in partners if not is_consensus(p)}, key=partner_key)
    return {name: f"Partner {column_letter(i)}" for i, name in enumerate(names)}


def _scrubber(key: dict[str, str]):
    if not key:
        return lambda text: text
    names = sorted(key, key=len, reverse=True)
    # Look-arounds, not \b: a name may start or end with punctuation ("Carers' Voice (CIC)").
    pattern = re.compile("|".join(r"(?<!\w)" + r"\s+".join(map(re.escape, n.split())) + r"(?!\w)" for n in names),
                         re.IGNORECASE)
    lookup = {partner_key(n): key[n] for n in names}

    def scrub(text: str) -> str:
        return pattern.sub(lambda m: lookup.get(partner_key(m.group(0)), "a partner"), text) if text else text

    return scrub


def anonymise(result: MergeResult, key: dict[str, str] | None = None) -> tuple[MergeResult, dict[str, str]]:
    """A copy of the merge result with partner names replaced everywhere, and the key used.

    Pass one `key` (from `pseudonym_key` over every round's partners) to keep pseudonyms stable across rounds.
    """
    key = key if key is not None else pseudonym_key([row.partner for row in result.rows])
    scrub = _scrubber(key)

    by_norm = {partner_key(name): alias for name, alias in key.items()}

    def alias(name: str) -> str:
        return by_norm.get(partner_key(name), name)

    def row_copy(row: ScoreRow) -> ScoreRow:
        return replace(row, partner=alias(row.partner),
                       rationale=scrub(row.rationale), evidence=scrub(row.evidence),
                       source_file="(anonymised)", source_row=None, source_column=None)

    out = copy(result)
    out.rows = [row_copy(r) for r in result.rows]
    out.consensus = [row_copy(r) for r in result.consensus]
    out.partners = sorted({(p[0], p[1], alias(p[2])) for p in result.partners},
                          key=lambda p: (norm(p[0]), norm(p[1]), p[2]))
    out.problems = []
    out.inputs = []
    return out, key
