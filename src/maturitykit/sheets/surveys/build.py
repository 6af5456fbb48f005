"""Giving a survey export's columns their maturitykit meaning: items, rationales, the partner, metadata."""

from __future__ import annotations

import dataclasses
import re
from types import ModuleType

from maturitykit.diagnostics import Problem
from maturitykit.errors import Location, SheetError
from maturitykit.framework.model import Framework
from maturitykit.io.cells import RawTable, column_letter
from maturitykit.sheets.headers import SIDE_PATTERNS, cell_text, header_field
from maturitykit.sheets.partners import EmailMap
from maturitykit.sheets.surveys import qualtrics
from maturitykit.sheets.surveys.columns import Column, header_cells
from maturitykit.sheets.surveys.detect import SOURCES, TOOLS, detect
from maturitykit.sheets.surveys.mapping import SurveyMap, refers_to
from maturitykit.sheets.surveys.phrases import Found, PhraseMatcher
from maturitykit.sheets.vocabulary import ItemIndex, norm, parse_score
from maturitykit.words import count

_ORGANISATION = re.compile(r"(?<!\w)organi[sz]ations?(?!\w)")
_OTHER = re.compile(r"(?<!\w)other\b.{0,4}\(?please specify\)?")
_NO_NAME = {"", "anonymous"}
Rows = list[tuple[int, list[object]]]


class _Build:
    def __init__(self, table: RawTable, tool: ModuleType, index: ItemIndex, framework: Framework,
                 emails: EmailMap | None = None, mapping: SurveyMap | None = None) -> None:
        self.framework, self.emails, self.mapping = framework, emails, mapping
        self.table, self.tool, self.index, self.matcher = table, tool, index, PhraseMatcher(index)
        skip = tool.header_rows(table.rows) if hasattr(tool, "header_rows") else tool.HEADER_ROWS
        if tool is qualtrics and not qualtrics.import_row(header_cells(table.rows, 2)):
            skip = 2  # an export without the ImportId row
        if mapping is not None and mapping.header_rows is not None:
            skip = mapping.header_rows
        self.skip = min(skip, len(table.rows))
        self.header_number = table.rows[min(skip, len(table.rows)) - 1][0]
        self.data: Rows = [(n, list(cells)) for n, cells in table.rows[skip:]]
        self.columns = tool.columns(table.rows)
        width = max([len(self.columns), *(len(c) for _, c in self.data)])
        self.headers = [c.text for c in self.columns] + [""] * (width - len(self.columns))
        for _, cells in self.data:
            cells.extend([None] * (width - len(cells)))
        self.problems: list[Problem] = []

    def problem(self, severity: str, code: str, message: str, col: int, row: int | None = None) -> None:
        self.problems.append(Problem(severity=severity, code=code, message=message, file=self.table.file,
                                     row=row or self.header_number, column=column_letter(col),
                                     column_name=self.columns[col].text if col < len(self.columns) else None))

    def blank(self, col: int) -> None:
        self.headers[col] = ""
        for _, cells in self.data:
            cells[col] = None

    def own_header(self, text: str) -> bool:
        """A header the sheet reader already understands ("Place", "Vision - evidence"): kept as it is."""
        field = header_field(text)
        if field is not None and field != "partner":
            return True
        for pattern in SIDE_PATTERNS:
            match = pattern.match(norm(text))
            named = match.group("item") if match else ""
            if match and any(self.index.lookup(t)[0] is not None for t in (named, named.rstrip(")]"))):
                return True
        return False

    def fold(self, group: list[Column]) -> tuple[int, list[int]]:
        """Expanded options into the question's first column: the one ticked option, or a located error."""
        options = [c for c in group if c.option and not _OTHER.search(norm(c.option))]
        extra = [c.col for c in group if c not in options]
        if not options:
            return group[0].col, [c.col for c in group[1:]]
        target = options[0].col
        for number, cells in self.data:
            ticked = [cell_text(cells[c.col]) for c in options if cell_text(cells[c.col])]
            for c in options:
                cells[c.col] = None
            if len(ticked) > 1:
                self.problem("error", "survey-two-answers", f"{len(ticked)} answers ticked for one question "
                             f"({'; '.join(ticked)}): which is meant cannot be told", target, number)
                cells[target] = f"{' | '.join(ticked)} (several answers ticked)"
            else:
                cells[target] = ticked[0] if ticked else None
        for c in options[1:]:
            self.headers[c.col] = ""
        return target, [c for c in extra if c != target]

    def questions(self) -> list[tuple[int, str, list[int]]]:
        """(answer column, question text, its other columns) per question, metadata blanked."""
        groups: dict[int, list[Column]] = {}
        for column in self.columns:
            groups.setdefault(column.group, []).append(column)
        out = []
        for group in groups.values():
            if group[0].meta:
                continue
            subitems = [c for c in group if c.option and self.matcher.find(c.option).item]
            if len(group) > 1 and subitems:  # a matrix question: one row per item
                out.extend((c.col, c.option or c.text, []) for c in group)
            elif len(group) > 1:
                target, rest = self.fold(group)
                out.append((target, group[0].text, rest))
            else:
                out.append((group[0].col, group[0].text, []))
        return out

    def run(self) -> tuple[RawTable, list[Problem]]:
        scored: dict[str, int] = {}
        self.sides: dict[str, list[int]] = {}
        previous: str | None = None
        self.forced = self.mapped_columns()
        partner_col = next((c for c, (kind, _) in self.forced.items() if kind == "partner"), None)
        mapped_other = next((c for c, (kind, _) in self.forced.items() if kind == "partner-other"), None)
        other_col = mapped_other
        for col, text, rest in self.questions():
            kind, named = self.forced.get(col, (None, ""))
            if kind == "partner-other":
                previous = None
                continue
            if kind == "partner":
                if mapped_other is None:
                    other_col = next((c for c in rest if _OTHER.search(norm(self.columns[c].option or ""))), None)
                previous = None
                continue
            if kind == "rationale":
                self.side(col, named)
                previous = None
                continue
            if partner_col is not None and other_col is None and previous is None and _OTHER.search(norm(text)):
                other_col = col  # Qualtrics: "Which organisation ...? - Other (please specify) - Text"
                continue
            if kind is None and self.mapping and self.mapping.partner and _ORGANISATION.search(norm(text)):
                previous = None  # the mapping names the partner column: this one is not it
                self.headers[col] = text
                continue
            if kind is None and self.own_header(text):
                previous = None
                continue
            found = Found(named) if kind == "item" else self.matcher.find(text)
            if kind is None and self.mapping and found.item in self.mapping.items:
                found = Found(None)  # the mapping gives this item another column
            if (_ORGANISATION.search(norm(text)) or header_field(text) == "partner") and partner_col is None and not found.item:
                partner_col = col
                other_col = next((c for c in rest if _OTHER.search(norm(self.columns[c].option or ""))), None)
                previous = None
                continue
            if found.ambiguous:
                self.problem("error", "survey-ambiguous-item", f"question {text!r} names more than one item "
                             f"({', '.join(found.ambiguous)}); it is not read: name one item per question", col)
            if found.item and found.item not in scored:
                scored[found.item] = col
                self.headers[col] = found.item
                for c in rest:
                    self.side(c, found.item)
                previous = found.item
                continue
            if previous and (found.item in (None, previous)) and not found.ambiguous and not self.choices(col):
                self.side(col, previous)
            elif found.item:
                self.problem("error", "survey-duplicate-item", f"a second question for item {found.item!r} (the "
                             f"first is column {column_letter(scored[found.item])}); it is not read", col)
                self.headers[col] = text
            previous = None
        self.apply_values(scored)
        self.partner(partner_col, other_col)
        for column in self.columns:
            if column.meta:
                self.blank(column.col)
        rows: Rows = [(self.header_number, list(self.headers)), *self.data]
        return dataclasses.replace(self.table, rows=rows), self.problems

    def side(self, col: int, item: str) -> None:
        """A free-text column belongs to `item`: its rationale, else (a second one) its evidence; a third is
        reported and left out, because two texts in one field would lose one of them without a word."""
        if self.forced.get(col, (None, ""))[0] == "partner-other":
            return  # the mapping says it names the partner
        taken = self.sides.setdefault(item, [])
        if self.mapping and item in self.mapping.rationale and self.forced.get(col, (None, ""))[0] != "rationale":
            self.headers[col] = self.columns[col].text  # the mapping gives the rationale another column
            return
        if len(taken) >= 2:
            self.problem("warning", "survey-extra-text", f"a third free-text column for item {item!r} (after columns "
                         f"{', '.join(column_letter(c) for c in taken)}); it is not read", col)
            self.headers[col] = ""
            return
        self.headers[col] = f"{'rationale' if not taken else 'evidence'} for {item}"
        taken.append(col)

    def choices(self, col: int) -> bool:
        """Every answer in the column is a level ("3 - Maturing"): a choice question, so not a rationale."""
        answers = [cells[col] for _, cells in self.data if cell_text(cells[col])]
        return bool(answers) and all(not parse_score(a, self.framework).error for a in answers)

    def partner(self, org: int | None, other: int | None) -> None:
        by_meta = {c.meta: c.col for c in self.columns if c.meta}
        names = [[by_meta[m] for m in names if m in by_meta] for names in self.tool.NAMES]
        names = [cols for cols in names if cols]
        addresses = [c.col for c in self.columns if c.meta and "email" in c.meta]
        target = org if org is not None else (names[0][0] if names else None)
        if target is None:
            return
        for number, cells in self.data:
            typed = cell_text(cells[other]) if other is not None else ""
            chosen = cell_text(cells[org]) if org is not None else ""
            is_other = bool(_OTHER.search(norm(chosen)) or norm(chosen) == "other")
            if is_other and not typed and org is not None:
                self.problem("warning", "survey-other-blank", "the organisation is 'Other' with nothing typed; "
                             "the partner is taken from the respondent's " + ("email (the partners file)" if self.emails
                             else "name or email") + " instead", org, number)
            value = typed or ("" if is_other else chosen)
            if not value and self.emails is not None:  # the partners file, never the name or the address
                value = self.mapped(cells, addresses, number, org if org is not None else target)
            for cols in names if self.emails is None else []:
                if value:
                    break
                value = " ".join(cell_text(cells[c]) for c in cols if norm(cell_text(cells[c])) not in _NO_NAME)
            cells[target] = (self.mapping.partner_name(value) if self.mapping and value else value) or None
        if other is not None:
            self.blank(other)
        self.headers[target] = "partner"
        self.columns[target] = dataclasses.replace(self.columns[target], meta=None)

    def header_texts(self, col: int) -> list[str]:
        column = self.columns[col] if col < len(self.columns) else None
        texts = [cell_text(cells[col]) for _, cells in self.table.rows[:self.skip] if col < len(cells)]
        if column is None:
            return texts
        # A question's text names its first column only (expanded options and matrix rows share it).
        return [*texts, column.text if column.group == col else "", column.option or ""]

    def mapped_columns(self) -> dict[int, tuple[str, str]]:
        """Column -> ("item" | "rationale" | "partner", item id) as the mapping file names them; a reference
        naming no column, or several, is a located error (the mapping's line is in the message)."""
        if self.mapping is None:
            return {}
        m = self.mapping
        wanted = [*(("item", i, r) for i, r in m.items.items()), *(("rationale", i, r) for i, r in m.rationale.items()),
                  *((("partner", "", m.partner),) if m.partner else ()),
                  *((("partner-other", "", m.partner_other),) if m.partner_other else ())]
        out: dict[int, tuple[str, str]] = {}
        for kind, item, reference in wanted:
            cols = [c for c in range(len(self.headers))
                    if refers_to(reference, self.header_texts(c), column_letter(c))]
            what = f"{kind} {item}".strip()
            if len(cols) != 1:
                found = ", ".join(column_letter(c) for c in cols) or "none"
                self.problems.append(Problem(
                    severity="error", code="map-column", file=self.table.file, row=self.header_number,
                    message=f"the mapping's {what} column {reference!r} names {count(len(cols), 'column')} ({found}): "
                            "it is not read; name exactly one"))
                continue
            out[cols[0]] = (kind, item)
        return out

    def apply_values(self, scored: dict[str, int]) -> None:
        """The mapping's `values` (answer text or code -> level, or `missing`) on every score cell."""
        if self.mapping is None or not self.mapping.values:
            return
        for col in scored.values():
            for _, cells in self.data:
                text = cell_text(cells[col])
                mapped, value = self.mapping.level(text) if text else (False, None)
                if mapped:
                    cells[col] = value

    def mapped(self, cells: list[object], addresses: list[int], number: int, where: int) -> str:
        """The partner the partners file gives the respondent's email (exact, else its domain), or '' and a
        located error: an unknown address is never turned into a partner of its own."""
        assert self.emails is not None
        found = next(((c, cell_text(cells[c])) for c in addresses if cell_text(cells[c])), None)
        if found is None:
            self.problem("error", "survey-unmapped-email", "no organisation and no email address to look up in the "
                         "partners file: the row has no partner", where, number)
            return ""
        partner = self.emails.partner(found[1])
        if partner is None:
            self.problem("error", "survey-unmapped-email", f"the email {found[1]!r} is in the partners file "
                         "neither as an email nor by its domain: add it (email or email_domain column)",
                         found[0], number)
        return partner or ""


def normalise(table: RawTable, framework: Framework, index: ItemIndex, source: str | None = None,
              emails: EmailMap | None = None, mapping: SurveyMap | None = None) -> tuple[RawTable, list[Problem]]:
    """The table as the wide reader takes it, and what was found on the way; an untouched table when it is
    not a survey export (or `source` is "sheet")."""
    if source is not None and source not in SOURCES:
        raise SheetError(f"unknown --source {source!r}: one of {', '.join(SOURCES)}", Location(table.file))
    source = source or (mapping.source if mapping else None)
    if source == "sheet" or not table.rows:
        return table, []
    tool = TOOLS[source] if source else detect(table)
    if tool is None and mapping is not None:
        raise SheetError("the mapping file names no source and this file is not an export maturitykit "
                         f"recognises: add `source:` ({', '.join(TOOLS)})", Location(table.file))
    fields = {header_field(h) for h in header_cells(table.rows, 0)}
    if tool is None or (source is None and "score" in fields and fields & {"item", "code", "title"}):
        return table, []  # not an export, or a long score sheet that happens to start with a Timestamp
    out, problems = _Build(table, tool, index, framework, emails, mapping).run()
    how = "--source" if source else "detected from its columns; use --source to say otherwise"
    problems.insert(0, Problem(severity="info", code="survey-source", file=table.file,
                               message=f"read as a {tool.NAME} export ({how})"))
    return out, problems
