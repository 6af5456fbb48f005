"""`maturity score inspect`: what detection makes of a survey export (the tool, its header rows, the
partner column, each item's column, the columns left unread), and that as a starting mapping file."""

from __future__ import annotations

from pathlib import Path

import yaml

from maturitykit.diagnostics import Problem, Result
from maturitykit.errors import Location, SheetError
from maturitykit.framework.model import Framework
from maturitykit.io.cells import column_letter, read_table
from maturitykit.sheets.headers import cell_text
from maturitykit.sheets.surveys.build import _Build
from maturitykit.sheets.surveys.detect import TOOLS, detect
from maturitykit.sheets.surveys.mapping import SurveyMap
from maturitykit.sheets.vocabulary import ItemIndex


class Column(Result):
    column: str  # the letter, as in the spreadsheet
    header: str  # the question (or sub-question) text


class Inspection(Result):
    file: str
    source: str
    header_rows: int
    partner: Column | None
    partner_is_respondent: bool  # the respondent's name or email (no organisation question was found)
    items: dict[str, Column]
    rationale: dict[str, Column]
    metadata: list[Column]
    unmatched: list[Column]  # columns holding data that are read as nothing
    problems: list[Problem]

    def to_map(self) -> str:
        """A mapping file saying what was detected, to correct and give back with `--map`."""
        texts = [c.header for c in [*self.items.values(), *self.rationale.values(), *self.metadata, *self.unmatched,
                                    *([self.partner] if self.partner else [])]]

        def ref(c: Column) -> str:  # the header when no other column has it, else the column's letter
            return c.header if c.header and texts.count(c.header) == 1 else f"column {c.column}"

        mapping = SurveyMap(source=self.source, header_rows=self.header_rows,
                            partner=ref(self.partner) if self.partner and not self.partner_is_respondent else None,
                            items={k: ref(v) for k, v in self.items.items()},
                            rationale={k: ref(v) for k, v in self.rationale.items()})
        body = yaml.safe_dump(mapping.model_dump(exclude_none=True, exclude_defaults=True), sort_keys=False,
                              allow_unicode=True, width=1000)
        unread = "".join(f"#   {c.column}: {c.header}\n" for c in self.unmatched)
        return (f"# Mapping for {Path(self.file).name} (written by maturity score inspect --write-map); see "
                "docs/mapping.md.\n" + body + (f"# Columns read as nothing:\n{unread}" if unread else ""))


def inspect_export(path: str | Path, framework: Framework, source: str | None = None,
                   mapping: SurveyMap | None = None) -> Inspection:
    table = read_table(Path(path))
    source = source or (mapping.source if mapping else None)
    tool = TOOLS.get(source or "") or (None if source else detect(table))
    if tool is None:
        raise SheetError("not an export of a survey tool maturitykit recognises (give --source: "
                         f"{', '.join(TOOLS)})", Location(table.file))
    build = _Build(table, tool, ItemIndex(framework), framework, mapping=mapping)
    out, problems = build.run()
    headers = out.rows[0][1]

    def at(col: int) -> Column:
        return Column(column=column_letter(col), header=build.columns[col].text if col < len(build.columns) else "")

    items = {h: at(c) for c, h in enumerate(headers) if h in build.index.by_id}
    rationale = {h.removeprefix("rationale for "): at(c) for c, h in enumerate(headers)
                 if h.startswith("rationale for ")}
    evidence = {c for c, h in enumerate(headers) if h.startswith("evidence for ")}
    partner = next((at(c) for c, h in enumerate(headers) if h == "partner"), None)
    where = next((c for c, h in enumerate(headers) if h == "partner"), None)
    respondent = where is not None and where < len(build.columns) and bool(tool.columns(table.rows)[where].meta)
    metadata = [at(c.col) for c in build.columns if c.meta and headers[c.col] != "partner"]
    read = {*(c for c, h in enumerate(headers) if h in build.index.by_id or h == "partner"), *evidence,
            *(c for c, h in enumerate(headers) if h.startswith("rationale for ")), *(c.col for c in build.columns if c.meta)}
    has_data = {c for _, cells in table.rows[build.skip:] for c, v in enumerate(cells) if cell_text(v)}
    unmatched = [at(c) for c in sorted(has_data - read) if c < len(build.columns) and not _folded(out, c, headers)]
    return Inspection(file=table.file, source=tool.NAME, header_rows=build.skip, partner=partner,
                      partner_is_respondent=respondent, items=items,
                      rationale=rationale, metadata=metadata, unmatched=unmatched, problems=problems)


def _folded(out, col: int, headers: list[str]) -> bool:
    """An expanded option column folded into its question's first column: read, through that column."""
    return headers[col] == "" and all(cells[col] in (None, "") for _, cells in out.rows[1:])
