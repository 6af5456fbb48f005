"""Finding a framework item inside a longer header ("How mature is ...? (Facilitating data sharing)").

`ItemIndex.lookup` matches whole cells only. Survey tools put the item's title inside the question text,
so here an item's title, code or alias is searched as a whole phrase of the normalised header; the
longest match wins, and two different items left over is an ambiguity, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from maturitykit.sheets.vocabulary import ItemIndex, norm_title


@dataclass(frozen=True)
class Found:
    item: str | None
    ambiguous: tuple[str, ...] = ()


class PhraseMatcher:
    def __init__(self, index: ItemIndex) -> None:
        self.patterns: list[tuple[re.Pattern[str], str, int]] = []
        for item in index.items:
            phrases = {norm_title(item.id), norm_title(item.title), *(norm_title(a) for a in item.node.aliases)}
            # A bare number or one letter as a code would match "3 - Maturing" or "a": only codes of substance.
            if item.code and len(item.code) > 1 and not item.code.strip().isdigit():
                phrases.add(norm_title(item.code))
            for phrase in phrases - {""}:
                self.patterns.append((re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)"), item.id, len(phrase)))

    def find(self, text: str) -> Found:
        key = norm_title(text)
        spans: list[tuple[int, int, str]] = []
        for pattern, item_id, _length in self.patterns:
            spans.extend((m.start(), m.end(), item_id) for m in pattern.finditer(key))
        # A match inside a longer match is part of that longer phrase ("data" inside "promoting use of data").
        kept = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and (o[1] - o[0]) > (s[1] - s[0])
                                            for o in spans)]
        items = sorted({s[2] for s in kept})
        if not items:
            return Found(None)
        if len(items) > 1:
            return Found(None, tuple(items))
        return Found(items[0])
