"""The rows of a long sheet that need no message, read a column at a time.

A returned sheet is mostly rows that are fine: a known item, a score on its scale, a partner. Reading
those one cell at a time (`reader._Reader.long_row`) cost about 15 us a row, most of it the same item
text looked up and the same "3" parsed again on every row. Here each used column is taken out once,
each distinct item text is looked up once and each distinct score parsed once per item, and a row
that passes every check becomes its `ScoreRow` directly.

A row is *clean* only when `long_row` would give it with no problem at all (no rejection, warning
or info). Every other row, the blank, the broken, the unknown item, the off-scale score, another
place's, is left (`None`) for `long_row`, which alone words messages: so a sheet read this way gives
exactly the rows, problems and counts of reading it row by row (held by tests/sheets/test_clean.py,
which reads every fixture both ways).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from maturitykit.framework.model import Framework, LevelValue
from maturitykit.sheets.headers import cell_text
from maturitykit.sheets.rows import Defaults, ScoreRow
from maturitykit.sheets.vocabulary import MEMO_LIMIT, ItemIndex, norm, parse_score

Body = Sequence[tuple[int, Sequence[object]]]  # a sheet's rows after its header: (row number, cells)
ITEM_COLUMNS = ("item", "code", "title")  # the columns an item is named by, in the order they are tried
_TEXT_COLUMNS = frozenset({*ITEM_COLUMNS, "partner", "place", "round", "rationale", "evidence", "framework",
                           "framework_version"})  # read as text (the score cell is read as it is)


def column_texts(body: Body, col: int | None) -> list[str]:
    """Each row's cell in column `col` as `long_row` reads it: stripped text, "" when absent or empty."""
    if col is None:
        return [""] * len(body)
    return [("" if (v := cells[col]) is None else v.strip() if type(v) is str else cell_text(v))
            if col < len(cells) else "" for _, cells in body]


def clean_rows(body: Body, columns: Mapping[str, int], *, file: str, framework: Framework, index: ItemIndex,
               defaults: Defaults, meta: Mapping[str, str], broken: Mapping[int, object],
               formulas: Mapping[tuple[int, int], str], shared: dict[str, str],
               ) -> tuple[list[ScoreRow | None], list[str]]:
    """For each row of `body`, its `ScoreRow` when the row is clean, else None (read it with `long_row`);
    and the item text each clean row was found by (what `long_row` keeps in `item_texts`).

    `shared` is the reader's one-string-per-name table, used in the order `long_row` uses it."""
    texts = {name: column_texts(body, col) for name, col in columns.items() if name in _TEXT_COLUMNS}
    blank = [""] * len(body)
    named = [texts[name] for name in ITEM_COLUMNS if name in texts]
    # The first non-blank of item, code and title: long_row tries the others only when it is unknown.
    if len(named) > 1:
        item_texts = [next((t for t in row if t), "") for row in zip(*named, strict=True)]
    else:
        item_texts = named[0] if named else blank
    score_col = columns["score"]
    checks = [_agrees(texts[name], norm(expected)) for name, expected in (
        ("framework", framework.id), ("framework_version", framework.version)) if name in texts]
    ok = [all(row) for row in zip(*checks, strict=True)] if checks else None
    only = defaults.only
    known = index.clean_reads
    kept: dict[tuple[str, str], bool] = {}
    one = shared.setdefault
    partners: dict[str, str] = {}  # what `one` gives a name is fixed by its first call: asked once a name
    rows: list[ScoreRow | None] = []
    append = rows.append
    given_partner = defaults.partner or meta.get("partner", "")
    given_place = defaults.place or meta.get("place", "")
    given_round = defaults.round or meta.get("round", "")
    for i, ((number, cells), item_text, partner, place, round_, rationale, evidence) in enumerate(zip(
            body, item_texts, texts.get("partner", blank), texts.get("place", blank), texts.get("round", blank),
            texts.get("rationale", blank), texts.get("evidence", blank), strict=True)):
        partner = partner or given_partner
        place = place or given_place
        round_ = round_ or given_round
        if not item_text or not partner or number in broken or (ok is not None and not ok[i]) or (
                formulas and (number, score_col) in formulas):
            append(None)
            continue
        if only is not None:
            keeps = kept.get((place, round_))
            if keeps is None:
                keeps = kept[(place, round_)] = only.keeps(place, round_)
            if not keeps:
                append(None)
                continue
        raw = cells[score_col] if score_col < len(cells) else None
        key = (item_text, type(raw), raw)
        try:
            seen = key in known
        except TypeError:  # a cell value that cannot be a key (no reader gives one): read it row by row
            append(None)
            continue
        if seen:
            read = known[key]
        else:
            if len(known) >= MEMO_LIMIT:  # bounded like the index's other memos
                known.clear()
            read = known[key] = _clean_read(item_text, raw, framework, index)
        if read is None:
            append(None)
            continue
        name = partners.get(partner)
        if name is None:
            name = partners[partner] = one(partner, " ".join(partner.split()))
        append(ScoreRow(name, read[0], read[1], read[2], rationale, evidence, one(place, place), one(round_, round_),
                        file, number))
    return rows, item_texts


def _clean_read(item_text: str, raw: object, framework: Framework, index: ItemIndex,
                ) -> tuple[str, LevelValue | None, bool] | None:
    """(item id, value, not applicable) when the item is known and the score cell reads with no message on
    the item's scale; else None (long_row says why)."""
    item = index.found(item_text)
    if item is None:
        return None
    scale = index.scale_of(item)
    parsed = parse_score(raw, framework, item=item, scale=scale)
    if parsed.error or (parsed.not_applicable and not scale.allow_not_applicable):
        return None
    return item.id, parsed.value, parsed.not_applicable


def _agrees(texts: list[str], expected: str) -> list[bool]:
    """Per row: the framework (or version) cell is blank or says what is expected."""
    said: dict[str, bool] = {}
    return [said[t] if t in said else said.setdefault(t, not t or norm(t) == expected) for t in texts]
