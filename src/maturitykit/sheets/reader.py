"""Score sheets: reading returned sheets (long or wide) into score rows, with every problem located.

A sheet is read into `ScoreRow`s plus `Problem`s. Rows that cannot be used are not dropped silently:
each becomes a rejection with its file, row and column, so that the merge can account for every input row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal

from maturitykit.diagnostics import Problem, did_you_mean
from maturitykit.errors import Location, SheetError
from maturitykit.framework.model import Framework
from maturitykit.io.cells import HEADER_SEARCH_ROWS, RawTable, column_letter, read_table
from maturitykit.sheets.checklist import collapse
from maturitykit.sheets.clean import clean_rows, column_texts
from maturitykit.sheets.fit import matching_bundled, other_framework_hint, unheaded_columns
from maturitykit.sheets.headers import (
    HEADER_WORDS,
    KNOWN_EXTRA,
    LEVEL_COLUMN,
    SIDE_PATTERNS,
    WORKSHOP_PARTNER_COLUMN,
    cell_text,
    header_field,
    is_blank,
)
from maturitykit.sheets.merged import read_if_merged
from maturitykit.sheets.partners import partner_from_filename
from maturitykit.sheets.rows import Defaults, ScoreRow, SheetRead
from maturitykit.sheets.surveys import normalise
from maturitykit.sheets.vocabulary import ItemIndex, is_consensus, norm, parse_score
from maturitykit.words import count

Severity = Literal["error", "warning", "info"]


# --- reading -------------------------------------------------------------------------------


class _Reader:
    def __init__(self, table: RawTable, framework: Framework, index: ItemIndex, defaults: Defaults) -> None:
        self.table = table
        self.framework = framework
        self.index = index
        self.defaults = defaults
        self.result = SheetRead(table.file, "long", meta=dict(table.meta))
        self.filename_partner = partner_from_filename(Path(table.file))
        self.item_texts: list[str] = []  # what the item cells said, to name the framework a file belongs to
        self.shared: dict[str, str] = {}  # one string object for a name, place or round repeated on every row

    def problem(self, severity: Severity, code: str, message: str, row: int | None = None,
                col: int | None = None, header: str | None = None) -> None:
        self.result.problems.append(Problem(
            severity=severity, code=code, message=message, file=self.table.file, row=row,
            column=column_letter(col) if col is not None else None, column_name=header,
        ))

    # Header ------------------------------------------------------------------------------
    def find_header(self, wide: bool | None, hint: bool = True) -> tuple[int, list[str], Literal["long", "wide"]]:
        for position, (_number, cells) in enumerate(self.table.rows[:HEADER_SEARCH_ROWS]):
            headers = [cell_text(c) for c in cells]
            canon = [header_field(h) for h in headers]
            # Bare numbers are data, not headers, even where an item's code is a number.
            item_columns = sum(1 for h, c in zip(headers, canon, strict=True)
                               if c is None and h and not h.strip().lstrip("-").isdigit() and self.index.matches(h))
            has_long = "score" in canon and ("item" in canon or "code" in canon or "title" in canon)
            if wide is True and item_columns:
                return position, headers, "wide"
            if has_long and wide is not True:
                return position, headers, "long"
            if item_columns >= 2 and wide is not False:
                return position, headers, "wide"
        leading = [cell_text(c) for _, cells in self.table.rows[:HEADER_SEARCH_ROWS] for c in cells]
        other = matching_bundled(leading, self.framework) if hint else None
        hint = f"; its columns are items of the bundled framework {other!r}: use that framework" if other else ""
        if wide is True:
            raise SheetError("no column is named after an item of the framework, so this is not a wide sheet "
                             f"for {self.framework.id}{hint}", Location(self.table.file, 1))
        raise SheetError(
            "no header row found: expected columns item and score (a long sheet) or one column per item "
            f"(a wide survey export), in the first {HEADER_SEARCH_ROWS} rows{hint}",
            Location(self.table.file, 1),
        )

    def check_meta(self) -> None:
        meta = self.result.meta
        fid = meta.get("framework")
        version = meta.get("framework_version")
        if fid and norm(fid) != norm(self.framework.id):
            raise SheetError(
                f"sheet was made for framework {fid!r}, not {self.framework.id!r} (About sheet)",
                Location(self.table.file),
            )
        if version and norm(version) != norm(self.framework.version):
            self.problem("error", "framework-version",
                         f"sheet was made for {self.framework.id} version {version}, but the framework is version "
                         f"{self.framework.version}")

    # Long --------------------------------------------------------------------------------
    def read_long(self, header_pos: int, headers: list[str]) -> None:
        header_row = self.table.rows[header_pos][0]
        columns: dict[str, int] = {}
        for col, header in enumerate(headers):
            canon = header_field(header)
            if canon is None:
                key = norm(header)
                if (header and key not in KNOWN_EXTRA and not LEVEL_COLUMN.match(key)
                        and not WORKSHOP_PARTNER_COLUMN.match(key)):
                    self.unused_column(header, header_row, col, [])
                continue
            if canon in columns:
                first = columns[canon]
                raise SheetError(
                    f"two columns mean {canon!r}: {column_letter(first)} ({headers[first]!r}) and "
                    f"{column_letter(col)} ({header!r}); delete or rename one",
                    Location(self.table.file, header_row, col + 1),
                )
            columns[canon] = col
        body = self.table.rows[header_pos + 1:]
        if "partner" in columns:
            names = set(column_texts(body, columns["partner"]))
            self.refuse_collapse(len(names - {""}), f"column {column_letter(columns['partner'])} names")
            if self.defaults.partner and not is_consensus(self.defaults.partner) and names - {""}:
                self.problem("info", "partner-option-unused", f"--partner {self.defaults.partner!r} is used only for "
                             f"rows with a blank partner: column {column_letter(columns['partner'])} names the partner")
        has_partner = "partner" in columns or self.defaults.partner or self.result.meta.get("partner")
        if not has_partner:
            # A single-partner sheet named after its partner ("Lewisham_Council.csv") is common.
            self.defaults = replace(self.defaults, partner=self.filename_partner)
            self.problem("info", "partner-from-name", f"no partner column: rows are attributed to "
                         f"{self.filename_partner!r}, from the file name (use --partner to say otherwise)")
        clean, item_texts = clean_rows(
            body, columns, file=self.table.file, framework=self.framework, index=self.index, defaults=self.defaults,
            meta=self.result.meta, broken=self.table.broken, formulas=self.table.formula_cells, shared=self.shared)
        for (number, cells), row, item_text in zip(body, clean, item_texts, strict=True):
            if row is not None:  # needs no message: read a column at a time (sheets/clean.py)
                self.result.entries += 1
                self.item_texts.append(item_text)
                self.result.rows.append(row)
            elif not self.broken(number, headers):
                self.long_row(number, cells, columns, headers)

    def long_row(self, number: int, cells: Sequence[object], columns: dict[str, int], headers: list[str]) -> None:
        width = len(cells)
        # Each used cell as text, read once (a round is tens of thousands of rows); absent or blank is "".
        text = {name: (v.strip() if type(v) is str else cell_text(v)) for name, c in columns.items()
                if c < width and (v := cells[c]) is not None}
        if not any(text.values()):
            if is_blank(cells):
                self.result.blank += 1
            else:
                self.result.entries += 1
                self.result.rejected += 1
                self.problem("error", "no-item", "row has notes but no item or score; left out", number)
            return
        meta = self.result.meta
        place = text.get("place") or self.defaults.place or meta.get("place", "")
        round_ = text.get("round") or self.defaults.round or meta.get("round", "")
        if self.defaults.only is not None and not self.defaults.only.keeps(place, round_):
            # Another place's or round's row: counted and its partner remembered (to scrub), never checked.
            self.result.other_places[(place, round_)] += 1
            partner = text.get("partner") or self.defaults.partner or ""
            if partner and not is_consensus(partner):
                self.result.other_partners.add(" ".join(partner.split()))
            return
        self.result.entries += 1
        item_col = columns.get("item", columns.get("code", columns.get("title")))
        item = None
        reason = "item is blank"
        for name in ("item", "code", "title"):
            raw = text.get(name)
            if raw:
                self.item_texts.append(raw)
                item, reason = self.index.lookup(raw)
                item_col = columns[name]
                if item is not None:
                    break
        if item is None:
            self.reject(number, item_col, headers, "unknown-item", reason or "unknown item")
            return
        score_col = columns["score"]
        formula = self.table.formula_cells.get((number, score_col))
        raw_score = cells[score_col] if score_col < width else None
        if formula is not None:
            if raw_score is None:
                self.reject(number, score_col, headers, "formula",
                            f"score cell holds a formula ({formula}) with no saved value; type the score")
                return
            self.problem("warning", "formula", f"score cell holds a formula ({formula}); its saved value "
                         f"{raw_score!r} is used", number, score_col, headers[score_col])
        scale = self.index.scale_of(item)
        parsed = parse_score(raw_score, self.framework, item=item, scale=scale)
        if parsed.error:
            code = "score-off-scale" if "off the scale" in parsed.error else "score-unreadable"
            self.reject(number, score_col, headers, code, parsed.error)
            return
        if parsed.not_applicable and not scale.allow_not_applicable:
            self.problem("warning", "not-applicable", "this framework does not allow 'not applicable'; recorded as "
                         "missing", number, score_col, headers[score_col])
        partner = text.get("partner") or self.defaults.partner or meta.get("partner", "")
        if not partner:
            self.reject(number, columns.get("partner"), headers, "no-partner", "no partner for this row")
            return
        one = self.shared.setdefault
        self.result.rows.append(ScoreRow(
            partner=one(partner, " ".join(partner.split())), item=item.id, score=parsed.value,
            not_applicable=parsed.not_applicable, rationale=text.get("rationale", ""),
            evidence=text.get("evidence", ""), place=one(place, place), round=one(round_, round_),
            source_file=self.table.file, source_row=number,
        ))
        fid = text.get("framework")
        if fid and norm(fid) != norm(self.framework.id):
            self.problem("error", "other-framework", f"row says framework {fid!r}, not {self.framework.id!r}",
                         number, columns["framework"], headers[columns["framework"]])
        version = text.get("framework_version")
        if version and norm(version) != norm(self.framework.version):
            self.problem("error", "framework-version", f"row says version {version!r}, framework is "
                         f"{self.framework.version!r}", number, columns["framework_version"],
                         headers[columns["framework_version"]])

    def broken(self, number: int, headers: list[str]) -> bool:
        """A row the reader could not split reliably (an unclosed quote) is left out whole, with its location."""
        if number not in self.table.broken:
            return False
        col, message = self.table.broken[number]
        self.result.entries += 1
        self.reject(number, col, headers, "unclosed-quote", message)
        return True

    def unused_column(self, header: str, row: int, col: int, items: list[str]) -> None:
        """An unused column is an info, unless its header is a near miss of a known one: then a warning, so a
        misspelt "Scroe" or item title is not dropped quietly (and never taken as the header it resembles)."""
        hint = did_you_mean(header, [*items, *HEADER_WORDS])
        self.problem("warning" if hint else "info", "unused-column", f"column {header!r} is not used{hint}", row, col,
                     header)

    def refuse_collapse(self, respondents: int, what: str) -> None:
        """--partner names one partner; given to a file of several it would make them all that partner."""
        given = self.defaults.partner
        if given and not is_consensus(given) and respondents > 1:
            raise SheetError(f"--partner {given!r} is for a sheet of one partner, but {what} {respondents} respondents "
                             "(--partner would make them one partner); leave out --partner for this file",
                             Location(self.table.file))

    def reject(self, number: int, col: int | None, headers: list[str], code: str, message: str) -> None:
        self.result.rejected += 1
        header = headers[col] if col is not None and col < len(headers) else None
        self.problem("error", code, message + "; left out", number, col, header)

    # Wide --------------------------------------------------------------------------------
    def read_wide(self, header_pos: int, headers: list[str]) -> None:
        self.result.layout = "wide"
        header_row = self.table.rows[header_pos][0]
        partner_col = None
        meta_cols: dict[str, int] = {}
        score_cols: dict[str, int] = {}
        side_cols: dict[tuple[str, str], int] = {}
        for col, header in enumerate(headers):
            canon = header_field(header)
            if canon == "partner" and partner_col is None:
                partner_col = col
                continue
            if canon in ("place", "round") and canon not in meta_cols:
                meta_cols[canon] = col
                continue
            item, _ = self.index.lookup(header) if header else (None, None)
            if item is not None:
                if item.id in score_cols:
                    raise SheetError(
                        f"two columns are for item {item.id!r}: {column_letter(score_cols[item.id])} and "
                        f"{column_letter(col)}", Location(self.table.file, header_row, col + 1))
                score_cols[item.id] = col
                continue
            side = self._side_column(header)
            if side is not None:
                side_cols[side] = col
                continue
            if header:
                self.unused_column(header, header_row, col, [item.title for item in self.index.items])
        if partner_col is None and not self.defaults.partner:
            raise SheetError("a wide sheet needs a partner column (partner, organisation or respondent)",
                             Location(self.table.file, header_row))
        data = [cells for _, cells in self.table.rows[header_pos + 1:] if not is_blank(cells)]
        if partner_col is None:
            self.refuse_collapse(len(data), "this wide sheet has no partner column and rows of")
        else:
            names = {cell_text(cells[partner_col]) for cells in data if partner_col < len(cells)}
            self.refuse_collapse(len(names - {""}), f"column {column_letter(partner_col)} names")
        for number, cells in self.table.rows[header_pos + 1:]:
            if self.broken(number, headers):
                continue
            if is_blank(cells):
                self.result.blank += 1
                continue
            partner = cell_text(cells[partner_col]) if partner_col is not None and partner_col < len(cells) else ""
            partner = partner or (self.defaults.partner or "")

            def get(col: int | None, cells: Sequence[object] = cells) -> object:
                return cells[col] if col is not None and col < len(cells) else None

            for item_id, col in score_cols.items():
                self.result.entries += 1
                if not partner:
                    self.reject(number, partner_col, headers, "no-partner", "respondent row has no partner name")
                    continue
                formula = self.table.formula_cells.get((number, col))
                raw = get(col)
                if formula is not None and raw is None:
                    self.reject(number, col, headers, "formula", f"cell holds a formula ({formula}) with no saved value")
                    continue
                known = self.index.by_id.get(item_id)
                parsed = parse_score(raw, self.framework, item=known, scale=self.index.scale_of(known) if known else None)
                if parsed.error:
                    code = "score-off-scale" if "off the scale" in parsed.error else "score-unreadable"
                    self.reject(number, col, headers, code, parsed.error)
                    continue
                self.result.rows.append(ScoreRow(
                    partner=" ".join(partner.split()), item=item_id, score=parsed.value,
                    not_applicable=parsed.not_applicable,
                    rationale=cell_text(get(side_cols.get((item_id, "rationale")))),
                    evidence=cell_text(get(side_cols.get((item_id, "evidence")))),
                    place=cell_text(get(meta_cols.get("place"))) or self.defaults.place or "",
                    round=cell_text(get(meta_cols.get("round"))) or self.defaults.round or "",
                    source_file=self.table.file, source_row=number, source_column=column_letter(col),
                ))

    def _side_column(self, header: str) -> tuple[str, str] | None:
        key = norm(header)
        for pattern in SIDE_PATTERNS:
            match = pattern.match(key)
            if not match:
                continue
            item, _ = self.index.lookup(match.group("item"))
            if item is None and match.group("item").endswith((")", "]")):
                item, _ = self.index.lookup(match.group("item")[:-1])  # "Why (Vision)"
            if item is not None:
                kind = "evidence" if re.search(r"evidence|examples", key) else "rationale"
                return item.id, kind
        return None


def read_sheet(path: str | Path, framework: Framework, *, defaults: Defaults | None = None,
               wide: bool | None = None, index: ItemIndex | None = None, display: str | None = None,
               source: str | None = None) -> SheetRead:
    """Read one returned sheet. Raises SheetError when the file cannot be used at all."""
    path = Path(path)
    defaults = defaults or Defaults()
    merged = read_if_merged(path, framework, index, defaults, display) if wide is not True else None
    if merged is not None:  # maturitykit's own merged output: read as columns, to its own bounds
        return merged
    table = read_table(path, display)
    if not table.rows or all(is_blank(cells) for _, cells in table.rows):
        raise SheetError("sheet has no rows", Location(table.file))
    table, ticks = collapse(table, framework, index := index or ItemIndex(framework))  # a checklist: a row an item
    table, survey_problems = normalise(table, framework, index, source, defaults.emails, defaults.mapping)
    reader = _Reader(table, framework, index, defaults)
    reader.result.problems.extend([*survey_problems, *ticks])
    reader.result.problems.extend(Problem(severity="warning", code="format", message=message, file=table.file,
                                          row=row, column=column) for row, column, message in table.warnings)
    reader.check_meta()
    reader.result.problems.extend(_hidden_score_sheets(table, framework, reader.index))
    header_pos, headers, layout = reader.find_header(True if survey_problems else wide)  # a survey export is wide
    if layout == "long":
        reader.read_long(header_pos, headers)
    else:
        reader.read_wide(header_pos, headers)
    reader.result.problems.extend(unheaded_columns(table, header_pos, headers))
    result = reader.result
    if result.entries == 0 and not result.other_places:
        result.problems.append(Problem(severity="error", code="header-only",
                                       message="sheet has a header but no rows", file=table.file))
    elif result.entries and not result.rows and result.rejected == result.entries:
        items = [p for p in result.problems if p.code == "unknown-item"]
        if len(items) == result.entries:
            # Not a file of bad rows: a file of another framework (or the wrong framework given).
            raise SheetError(f"none of the {count(len(items), 'item')} in this file is an item of {framework.id}"
                             f"{other_framework_hint(reader.item_texts, framework)}", Location(table.file))
    return result


def _hidden_score_sheets(table: RawTable, framework: Framework, index: ItemIndex) -> list[Problem]:
    """A warning for each hidden worksheet laid out as a score sheet: the visible sheet is the one read."""
    problems = []
    for name, rows in table.hidden_sheets.items():
        probe = _Reader(RawTable(table.file, "xlsx", rows), framework, index, Defaults())
        try:
            probe.find_header(None, hint=False)
        except SheetError:
            continue
        problems.append(Problem(
            severity="warning", code="hidden-sheet", file=table.file,
            message=f"hidden sheet {name!r} holds scores and is not read (the visible sheet is); if it holds the "
                    "partner's return, unhide it and delete the other sheet"))
    return problems
