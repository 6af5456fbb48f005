"""A merged round read back (io/merged.py gives its columns): every cell checked, once per distinct value.

What a row means, and every problem raised about it, is what `reader.read_sheet` would say of the same
file read as a long sheet (tests/sheets/test_merged.py reads files both ways), but the work is done per
distinct item, score and name rather than per cell, so a national round of 10^7 scores can be read.
Each score keeps the provenance the merged file records (`source_file`, `source_row`: the return it
was typed in); a problem found in the merged file itself points at its own row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from maturitykit.diagnostics import Problem
from maturitykit.errors import Location, SheetError
from maturitykit.framework.model import Framework
from maturitykit.io.merged import COLUMNS, MergedTable, NotMerged, merged_kind, read_merged
from maturitykit.sheets.fit import other_framework_hint
from maturitykit.sheets.headers import header_field
from maturitykit.sheets.rows import Defaults, ScoreRow, SheetRead
from maturitykit.sheets.vocabulary import ItemIndex, is_consensus, norm, parse_score
from maturitykit.spreadsheet import column_letter
from maturitykit.words import count

if TYPE_CHECKING:
    import numpy as np

__all__ = ["read_if_merged", "read_merged_sheet"]

_CANON = {header_field(h): i for i, h in reversed(list(enumerate(COLUMNS))) if header_field(h)}
_USED = sorted(_CANON.values())  # the columns a long sheet reads (the rest are known extras)


def _codes(frame: object, column: str) -> tuple[np.ndarray, list[object]]:
    series = frame[column]  # type: ignore[index]
    if str(series.dtype) == "category":
        return series.cat.codes.to_numpy(), list(series.cat.categories)
    import pandas as pd

    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    return codes, [None if v is pd.NA or v != v else v for v in uniques]


def read_if_merged(path: Path, framework: Framework, index: ItemIndex | None, defaults: Defaults,
                   display: str | None = None) -> SheetRead | None:
    """The file read as maturitykit's own merged output, or None when it is not one (read it as any sheet)."""
    kind = merged_kind(path)
    if kind is None:
        return None
    try:
        merged = read_merged(path, display or str(path), kind)
    except NotMerged:
        return None  # only starts like one: read as any sheet, cell by cell
    return read_merged_sheet(merged, framework, index or ItemIndex(framework), defaults)


def read_merged_sheet(table: MergedTable, framework: Framework, index: ItemIndex, defaults: Defaults,
                      keep: Callable[[str, str], bool] | None = None) -> SheetRead:
    """The rows and problems of a merged file, as `read_sheet` gives them for any sheet.

    ``keep(place, round)`` (the cells as written) selects rows before they are checked: the others are
    only counted, in ``SheetRead.other_places``."""
    import numpy as np

    frame, file = table.frame, table.file
    result = SheetRead(file, "long")
    numbers = np.arange(len(frame)) + table.first_row
    codes = {c: _codes(frame, c) for c in COLUMNS}

    def text(column: str) -> list[str]:
        values = codes[column][1]
        return ["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                for v in values]

    texts = {c: text(c) for c in COLUMNS}

    def blank_in(column: str) -> np.ndarray:
        # A table of the distinct values, indexed by each row's code (a missing value's -1 is the last entry):
        # one pass over the rows, where np.isin sorted all 10^7 of them, twice a column.
        table = np.array([t == "" for t in texts[column]] + [True], dtype=bool)
        return table[codes[column][0]]

    used = [COLUMNS[i] for i in _USED]
    blank = np.ones(len(frame), dtype=bool)
    for column in used:
        blank &= blank_in(column)
    all_blank = blank.copy()
    for column in COLUMNS:
        if column not in used:
            all_blank &= blank_in(column)
    problems: list[tuple[int, int, Problem]] = []

    def problem(severity: str, code: str, message: str, row: int, col: int | None, order: int = 0) -> None:
        problems.append((row, order, Problem(severity=severity, code=code, message=message, file=file, row=row,
                                             column=column_letter(col) if col is not None else None,
                                             column_name=COLUMNS[col] if col is not None else None)))

    partners = {t for t in texts["partner"] if t}
    partner_col = _CANON["partner"]
    if defaults.partner and not is_consensus(defaults.partner):
        if len(partners) > 1:
            raise SheetError(f"--partner {defaults.partner!r} is for a sheet of one partner, but column "
                             f"{column_letter(partner_col)} names {len(partners)} respondents (--partner would make "
                             "them one partner); leave out --partner for this file", Location(file))
        if partners:
            result.problems.append(Problem(severity="info", code="partner-option-unused", file=file,
                                           message=f"--partner {defaults.partner!r} is used only for rows with a "
                                                   f"blank partner: column {column_letter(partner_col)} names the "
                                                   "partner"))
    selected = ~blank
    for number in numbers[blank & ~all_blank]:
        result.entries += 1
        result.rejected += 1
        problem("error", "no-item", "row has notes but no item or score; left out", int(number), None)
    result.blank = int(all_blank.sum())
    place_codes, round_codes = codes["place"][0], codes["round"][0]
    if keep is None and defaults.only is not None:
        keep = defaults.only.keeps
    if keep is not None:
        place_text = [t or defaults.place or "" for t in texts["place"]]
        round_text = [t or defaults.round or "" for t in texts["round"]]
        pairs = np.unique(np.stack([place_codes, round_codes]), axis=1) if len(frame) else np.empty((2, 0), int)
        dropped = [(p, r) for p, r in pairs.T if not keep(place_text[p], round_text[r])]
        if dropped:
            out = np.zeros(len(frame), dtype=bool)
            for p, r in dropped:
                these = (place_codes == p) & (round_codes == r) & selected
                if these.any():
                    result.other_places[(place_text[p], round_text[r])] += int(these.sum())
                out |= these
            partner_texts = texts["partner"]
            result.other_partners.update(partner_texts[c] for c in np.unique(codes["partner"][0][out])
                                         if partner_texts[c] and not is_consensus(partner_texts[c]))
            selected &= ~out
    result.entries += int(selected.sum())
    # From here on only the rows kept are worked on, as arrays of their own: a national file read for one
    # place is a few hundredth of its rows, and a list or array the length of the file is 80 MB at 10^7.
    kept = np.flatnonzero(selected)
    numbers = numbers[kept]
    codes = {c: (values[kept], categories) for c, (values, categories) in codes.items()}
    place_codes, round_codes = codes["place"][0], codes["round"][0]
    size = len(kept)
    selected = np.ones(size, dtype=bool)

    # Items: once per distinct (item, title) pair, as read_long tries item, then code, then title.
    item_codes, title_codes = codes["item"][0], codes["item_title"][0]
    pair = item_codes.astype(np.int64) * (len(texts["item_title"]) + 1) + title_codes
    uniq, inverse = np.unique(pair[selected], return_inverse=True)
    found: list[object] = []
    item_texts: list[str] = []
    for key in uniq:
        raw_item, raw_title = texts["item"][key // (len(texts["item_title"]) + 1)], \
            texts["item_title"][key % (len(texts["item_title"]) + 1)]
        item, col, reason = None, _CANON["item"], "item is blank"
        for name, raw in (("item", raw_item), ("title", raw_title)):
            if raw and name in _CANON:  # item_title is a known extra, not the title column
                item_texts.append(raw)
                item, reason = index.lookup(raw)
                col = _CANON[name]
                if item is not None:
                    break
        found.append(item if item is not None else (col, reason or "unknown item"))
    rows_at = np.flatnonzero(selected)
    item_of: list[object] = [None] * size
    good = np.zeros(size, dtype=bool)
    for position, u in zip(rows_at.tolist(), inverse.tolist(), strict=True):
        hit = found[u]
        if isinstance(hit, tuple):
            result.rejected += 1
            problem("error", "unknown-item", hit[1] + "; left out", int(numbers[position]), hit[0])
        else:
            item_of[position] = hit
            good[position] = True

    # Scores: once per distinct (item, cell).
    score_codes, score_values = codes["score"]
    score_col = _CANON["score"]
    parsed_cache: dict[tuple[str, int], object] = {}
    na_col = score_col
    scores: list[object] = [None] * size
    not_applicable = np.zeros(size, dtype=bool)
    for position in np.flatnonzero(good).tolist():
        item = item_of[position]
        key = (item.id, int(score_codes[position]))  # type: ignore[attr-defined]
        parsed = parsed_cache.get(key)
        if parsed is None:
            value = score_values[key[1]]
            parsed = parsed_cache[key] = parse_score(value, framework, item=item)  # type: ignore[arg-type]
        number = int(numbers[position])
        if parsed.error:  # type: ignore[attr-defined]
            code = "score-off-scale" if "off the scale" in parsed.error else "score-unreadable"  # type: ignore[attr-defined]
            result.rejected += 1
            problem("error", code, parsed.error + "; left out", number, score_col)  # type: ignore[attr-defined]
            good[position] = False
            continue
        if parsed.not_applicable and not framework.scale_for(item).allow_not_applicable:  # type: ignore[attr-defined,arg-type]
            problem("warning", "not-applicable", "this framework does not allow 'not applicable'; recorded as "
                    "missing", number, na_col)
        scores[position] = parsed.value  # type: ignore[attr-defined]
        not_applicable[position] = parsed.not_applicable  # type: ignore[attr-defined]

    partner_names = [" ".join((t or defaults.partner or "").split()) for t in texts["partner"]]
    place_names = [t or defaults.place or "" for t in texts["place"]]
    round_names = [t or defaults.round or "" for t in texts["round"]]
    fw_bad = [bool(t) and norm(t) != norm(framework.id) for t in texts["framework"]]
    version_bad = [bool(t) and norm(t) != norm(framework.version) for t in texts["framework_version"]]
    source_rows = [_row_number(v) for v in codes["source_row"][1]]
    col = {c: codes[c][0] for c in ("partner", "rationale", "evidence", "source_file", "source_row",
                                    "framework", "framework_version")}
    rows = result.rows
    for position in np.flatnonzero(good).tolist():
        number = int(numbers[position])
        partner = partner_names[col["partner"][position]]
        if not partner:
            result.rejected += 1
            problem("error", "no-partner", "no partner for this row; left out", number, partner_col)
            continue
        source = texts["source_file"][col["source_file"][position]]
        rows.append(ScoreRow(
            partner=partner, item=item_of[position].id,  # type: ignore[attr-defined]
            score=scores[position], not_applicable=bool(not_applicable[position]),  # type: ignore[arg-type]
            rationale=texts["rationale"][col["rationale"][position]],
            evidence=texts["evidence"][col["evidence"][position]],
            place=place_names[place_codes[position]], round=round_names[round_codes[position]],
            source_file=source or file,
            source_row=source_rows[col["source_row"][position]] if source else number,
            input_file=file,
        ))
        if fw_bad[col["framework"][position]]:
            fid = texts["framework"][col["framework"][position]]
            problem("error", "other-framework", f"row says framework {fid!r}, not {framework.id!r}", number,
                    _CANON["framework"], 1)
        if version_bad[col["framework_version"][position]]:
            version = texts["framework_version"][col["framework_version"][position]]
            problem("error", "framework-version", f"row says version {version!r}, framework is "
                    f"{framework.version!r}", number, _CANON["framework_version"], 2)
    problems.sort(key=lambda p: (p[0], p[1]))
    result.problems.extend(p for _, _, p in problems)
    if result.entries == 0 and not result.other_places:
        result.problems.append(Problem(severity="error", code="header-only", message="sheet has a header but no rows",
                                       file=file))
    elif result.entries and not result.rows and result.rejected == result.entries:
        unknown = [p for p in result.problems if p.code == "unknown-item"]
        if len(unknown) == result.entries:
            raise SheetError(f"none of the {count(len(unknown), 'item')} in this file is an item of {framework.id}"
                             f"{other_framework_hint(item_texts, framework)}", Location(file))
    return result


def _row_number(value: object) -> int | None:
    try:
        number = int(float(str(value)))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None
