"""Score sheets: reading returned sheets (long or wide) into score rows, with every problem located.

A sheet is read into `ScoreRow`s plus `Problem`s. Rows that cannot be used are not dropped
silently: each becomes a rejection with its file, row and column, so that the merge can
account for every input row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from maturitykit.diagnostics import Problem
from maturitykit.errors import Location, SheetError
from maturitykit.framework.model import Framework
from maturitykit.io.cells import HEADER_SEARCH_ROWS, RawTable, column_letter, read_table
from maturitykit.sheets.vocabulary import ItemIndex, is_consensus, norm, parse_score, partner_key

Severity = Literal["error", "warning", "info"]
SHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


@dataclass
class ScoreRow:
    partner: str
    item: str
    score: float | None
    not_applicable: bool
    rationale: str
    evidence: str
    place: str
    round: str
    source_file: str
    source_row: int | None
    source_column: str | None = None

    @property
    def partner_key(self) -> str:
        return partner_key(self.partner)


@dataclass
class SheetRead:
    """What one file gave: usable rows, problems, and the count of entries for accounting."""

    file: str
    layout: Literal["long", "wide"]
    rows: list[ScoreRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    entries: int = 0  # score entries read: rows of a long sheet, item cells of a wide one
    blank: int = 0  # rows with nothing in them
    rejected: int = 0  # entries left out (each has an error Problem)
    meta: dict[str, str] = field(default_factory=dict)

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


# --- column headers ------------------------------------------------------------------------

_HEADERS: dict[str, set[str]] = {
    "partner": {"partner", "partner name", "organisation", "organization", "partner organisation", "respondent", "org"},
    "item": {"item", "item id", "id", "sub-domain", "subdomain", "sub domain", "dimension", "precondition", "core area"},
    "code": {"code", "item code", "no", "no.", "number"},
    "title": {"title", "item title", "name of item"},
    "score": {"score", "rating", "level", "maturity level", "your score"},
    "rationale": {"rationale", "why", "why we scored it this way", "why i/we scored it this way", "reason", "reasons",
                  "comment", "comments", "why i/we scored it this way (use examples wherever you can)"},
    "evidence": {"evidence", "examples", "evidence and examples", "supporting evidence"},
    "place": {"place", "locality", "borough", "system"},
    "round": {"round", "wave", "assessment round", "period"},
    "framework": {"framework", "framework id"},
    "framework_version": {"framework version", "framework_version", "version"},
}
# Columns maturitykit itself writes (templates, merged files): known, so not reported as unused.
_KNOWN_EXTRA = {"group", "domain", "priority", "label", "source_file", "source_row", "descriptors", "target",
                "status", "guidance", "notes"}
_LEVEL_COLUMN = re.compile(r"^level\s+-?\d+\b")
_SIDE_WORDS = r"(rationale|why|reasons?|comments?|evidence|examples)"
_SIDE_PATTERNS = [
    re.compile(rf"^{_SIDE_WORDS}\??\s*(?:[-:–—(\[]|for|on)?\s*(?P<item>.+?)$"),
    re.compile(rf"^(?P<item>.+?)\s*(?:[-:–—(\[]|\s)\s*{_SIDE_WORDS}\b.{{0,20}}$"),
]


def _canon(header: object) -> str | None:
    key = norm(header).rstrip(":")
    for canon, names in _HEADERS.items():
        if key in names:
            return canon
    if re.match(r"^(score|rating)\b(?!_)", key) and not re.search(r"comment|why|reason|evidence", key):
        return "score"
    if key.startswith(("why i", "why we")):
        return "rationale"
    return None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _blank(cells: Sequence[object]) -> bool:
    return all(_text(c) == "" for c in cells)


# --- reading -------------------------------------------------------------------------------


@dataclass
class Defaults:
    partner: str | None = None
    place: str | None = None
    round: str | None = None


class _Reader:
    def __init__(self, table: RawTable, framework: Framework, index: ItemIndex, defaults: Defaults) -> None:
        self.table = table
        self.framework = framework
        self.index = index
        self.defaults = defaults
        self.result = SheetRead(table.file, "long", meta=dict(table.meta))
        self.filename_partner = _partner_from_filename(Path(table.file))

    def problem(self, severity: Severity, code: str, message: str, row: int | None = None,
                col: int | None = None, header: str | None = None) -> None:
        self.result.problems.append(Problem(
            severity=severity, code=code, message=message, file=self.table.file, row=row,
            column=column_letter(col) if col is not None else None, column_name=header,
        ))

    # Header ------------------------------------------------------------------------------
    def find_header(self, wide: bool | None) -> tuple[int, list[str], Literal["long", "wide"]]:
        for position, (_number, cells) in enumerate(self.table.rows[:HEADER_SEARCH_ROWS]):
            headers = [_text(c) for c in cells]
            canon = [_canon(h) for h in headers]
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
        if wide is True:
            raise SheetError("no column is named after an item of the framework, so this is not a wide sheet "
                             f"for {self.framework.id}", Location(self.table.file, 1))
        raise SheetError(
            "no header row found: expected columns item and score (a long sheet) or one column per item "
            f"(a wide survey export), in the first {HEADER_SEARCH_ROWS} rows",
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
            canon = _canon(header)
            if canon is None:
                key = norm(header)
                if header and key not in _KNOWN_EXTRA and not _LEVEL_COLUMN.match(key):
                    self.problem("info", "unused-column", f"column {header!r} is not used", header_row, col, header)
                continue
            if canon in columns:
                first = columns[canon]
                raise SheetError(
                    f"two columns mean {canon!r}: {column_letter(first)} ({headers[first]!r}) and "
                    f"{column_letter(col)} ({header!r}); delete or rename one",
                    Location(self.table.file, header_row, col + 1),
                )
            columns[canon] = col
        has_partner = "partner" in columns or self.defaults.partner or self.result.meta.get("partner")
        if not has_partner:
            # A single-partner sheet named after its partner ("Lewisham_Council.csv") is common.
            self.defaults = Defaults(self.filename_partner, self.defaults.place, self.defaults.round)
            self.problem("info", "partner-from-name", f"no partner column: rows are attributed to "
                         f"{self.filename_partner!r}, from the file name (use --partner to say otherwise)")
        for number, cells in self.table.rows[header_pos + 1:]:
            if self.broken(number, headers):
                continue
            self.long_row(number, cells, columns, headers)

    def cell(self, cells: Sequence[object], columns: dict[str, int], name: str) -> object:
        col = columns.get(name)
        if col is None or col >= len(cells):
            return None
        return cells[col]

    def formula(self, number: int, col: int | None) -> str | None:
        if col is None:
            return None
        return self.table.formula_cells.get((number, col))

    def long_row(self, number: int, cells: Sequence[object], columns: dict[str, int], headers: list[str]) -> None:
        used = [cells[c] for c in columns.values() if c < len(cells)]
        if _blank(used):
            if _blank(cells):
                self.result.blank += 1
            else:
                self.result.entries += 1
                self.result.rejected += 1
                self.problem("error", "no-item", "row has notes but no item or score; left out", number)
            return
        self.result.entries += 1
        item_col = columns.get("item", columns.get("code", columns.get("title")))
        item = None
        reason = "item is blank"
        for name in ("item", "code", "title"):
            raw = _text(self.cell(cells, columns, name))
            if raw:
                item, reason = self.index.lookup(raw)
                item_col = columns[name]
                if item is not None:
                    break
        if item is None:
            self.reject(number, item_col, headers, "unknown-item", reason or "unknown item")
            return
        score_col = columns["score"]
        formula = self.formula(number, score_col)
        raw_score = self.cell(cells, columns, "score")
        if formula is not None:
            if raw_score is None:
                self.reject(number, score_col, headers, "formula",
                            f"score cell holds a formula ({formula}) with no saved value; type the score")
                return
            self.problem("warning", "formula", f"score cell holds a formula ({formula}); its saved value "
                         f"{raw_score!r} is used", number, score_col, headers[score_col])
        parsed = parse_score(raw_score, self.framework, item=item)
        if parsed.error:
            code = "score-off-scale" if "off the scale" in parsed.error else "score-unreadable"
            self.reject(number, score_col, headers, code, parsed.error)
            return
        if parsed.not_applicable and not self.framework.scale_for(item).allow_not_applicable:
            self.problem("warning", "not-applicable", "this framework does not allow 'not applicable'; recorded as "
                         "missing", number, score_col, headers[score_col])
        partner = _text(self.cell(cells, columns, "partner")) or self.defaults.partner or self.result.meta.get("partner", "")
        if not partner:
            self.reject(number, columns.get("partner"), headers, "no-partner", "no partner for this row")
            return
        self.result.rows.append(ScoreRow(
            partner=" ".join(partner.split()),
            item=item.id,
            score=parsed.value,
            not_applicable=parsed.not_applicable,
            rationale=_text(self.cell(cells, columns, "rationale")),
            evidence=_text(self.cell(cells, columns, "evidence")),
            place=_text(self.cell(cells, columns, "place")) or self.defaults.place or self.result.meta.get("place", ""),
            round=_text(self.cell(cells, columns, "round")) or self.defaults.round or self.result.meta.get("round", ""),
            source_file=self.table.file,
            source_row=number,
        ))
        fid = _text(self.cell(cells, columns, "framework"))
        if fid and norm(fid) != norm(self.framework.id):
            self.problem("error", "other-framework", f"row says framework {fid!r}, not {self.framework.id!r}",
                         number, columns["framework"], headers[columns["framework"]])
        version = _text(self.cell(cells, columns, "framework_version"))
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
            canon = _canon(header)
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
                self.problem("info", "unused-column", f"column {header!r} is not used", header_row, col, header)
        if partner_col is None and not self.defaults.partner:
            raise SheetError("a wide sheet needs a partner column (partner, organisation or respondent)",
                             Location(self.table.file, header_row))
        for number, cells in self.table.rows[header_pos + 1:]:
            if self.broken(number, headers):
                continue
            if _blank(cells):
                self.result.blank += 1
                continue
            partner = _text(cells[partner_col]) if partner_col is not None and partner_col < len(cells) else ""
            partner = partner or (self.defaults.partner or "")

            def get(col: int | None, cells: Sequence[object] = cells) -> object:
                return cells[col] if col is not None and col < len(cells) else None

            for item_id, col in score_cols.items():
                self.result.entries += 1
                if not partner:
                    self.reject(number, partner_col, headers, "no-partner", "respondent row has no partner name")
                    continue
                formula = self.formula(number, col)
                raw = get(col)
                if formula is not None and raw is None:
                    self.reject(number, col, headers, "formula", f"cell holds a formula ({formula}) with no saved value")
                    continue
                parsed = parse_score(raw, self.framework, item=self.index.by_id.get(item_id))
                if parsed.error:
                    code = "score-off-scale" if "off the scale" in parsed.error else "score-unreadable"
                    self.reject(number, col, headers, code, parsed.error)
                    continue
                self.result.rows.append(ScoreRow(
                    partner=" ".join(partner.split()), item=item_id, score=parsed.value,
                    not_applicable=parsed.not_applicable,
                    rationale=_text(get(side_cols.get((item_id, "rationale")))),
                    evidence=_text(get(side_cols.get((item_id, "evidence")))),
                    place=_text(get(meta_cols.get("place"))) or self.defaults.place or "",
                    round=_text(get(meta_cols.get("round"))) or self.defaults.round or "",
                    source_file=self.table.file, source_row=number, source_column=column_letter(col),
                ))

    def _side_column(self, header: str) -> tuple[str, str] | None:
        key = norm(header)
        for pattern in _SIDE_PATTERNS:
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
               wide: bool | None = None, index: ItemIndex | None = None, display: str | None = None) -> SheetRead:
    """Read one returned sheet. Raises SheetError when the file cannot be used at all."""
    path = Path(path)
    defaults = defaults or Defaults()
    table = read_table(path, display)
    if not table.rows or all(_blank(cells) for _, cells in table.rows):
        raise SheetError("sheet has no rows", Location(table.file))
    reader = _Reader(table, framework, index or ItemIndex(framework), defaults)
    for row, column, message in table.warnings:
        reader.result.problems.append(Problem(severity="warning", code="format", message=message, file=table.file,
                                              row=row, column=column))
    reader.check_meta()
    header_pos, headers, layout = reader.find_header(wide)
    if layout == "long":
        reader.read_long(header_pos, headers)
    else:
        reader.read_wide(header_pos, headers)
    result = reader.result
    if result.entries == 0:
        result.problems.append(Problem(severity="error", code="header-only",
                                       message="sheet has a header but no rows", file=table.file))
    return result


def _partner_from_filename(path: Path) -> str:
    return " ".join(re.sub(r"[_]+", " ", path.stem).split())


def expand_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders expand to the sheets inside them, sorted by name.

    Spreadsheet lock files (~$x.xlsx) and hidden files are skipped.
    """
    out: list[Path] = []
    for ref in paths:
        path = Path(ref)
        if path.is_dir():
            for child in sorted(path.iterdir(), key=lambda p: p.name):
                # Lock files (~$x.xlsx), hidden files and a README beside the sheets are not sheets.
                skip = child.name.startswith(("~$", ".")) or child.stem.casefold() in ("readme", "read me")
                if child.is_file() and child.suffix.lower() in SHEET_SUFFIXES and not skip:
                    out.append(child)
        else:
            out.append(path)
    return out


def duplicate_problems(rows: list[ScoreRow]) -> tuple[list[ScoreRow], list[Problem], int]:
    """Within one partner: the same item twice is dropped when identical, and left out entirely when the
    scores conflict (which one is right cannot be known). Returns kept rows, problems, rows rejected."""
    groups: dict[tuple[str, str, str, str], list[ScoreRow]] = {}
    for row in rows:
        # The same partner may rightly score an item in two places or rounds of one merged file.
        groups.setdefault((norm(row.place), norm(row.round), row.partner_key, row.item), []).append(row)
    kept: list[ScoreRow] = []
    problems: list[Problem] = []
    rejected = 0
    for (_, _, _, item), group in groups.items():
        if len(group) == 1:
            kept.append(group[0])
            continue
        scores = {r.score for r in group if r.score is not None}
        if len(scores) > 1:
            for row in group:
                rejected += 1
                others = ", ".join(f"{r.source_file} row {r.source_row}" for r in group if r is not row)
                problems.append(Problem(
                    severity="error", code="conflicting-duplicate",
                    message=f"{row.partner!r} scored {item!r} more than once with different scores "
                            f"({', '.join(str(s) for s in sorted(scores))}); also at {others}; all left out",
                    file=row.source_file, row=row.source_row, column=row.source_column))
            continue
        # Same score (or missing): keep the row with a score and the most text, report the others.
        best = max(group, key=lambda r: (r.score is not None, len(r.rationale) + len(r.evidence)))
        kept.append(best)
        for row in group:
            if row is best:
                continue
            rejected += 1
            problems.append(Problem(
                severity="warning", code="duplicate-row",
                message=f"{row.partner!r} scored {item!r} twice with the same score; kept row {best.source_row}, "
                        "left this one out",
                file=row.source_file, row=row.source_row, column=row.source_column))
    order = {id(r): i for i, r in enumerate(rows)}
    kept.sort(key=lambda r: order[id(r)])
    return kept, problems, rejected


def split_consensus(rows: list[ScoreRow]) -> tuple[list[ScoreRow], list[ScoreRow]]:
    partners = [r for r in rows if not is_consensus(r.partner)]
    consensus = [r for r in rows if is_consensus(r.partner)]
    return partners, consensus
