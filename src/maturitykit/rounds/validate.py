"""`score validate`: every problem in a set of returned sheets, as a report object."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from maturitykit.diagnostics import Problem, Report
from maturitykit.framework.model import Framework
from maturitykit.rounds.merge import read_all
from maturitykit.sheets.reader import Defaults
from maturitykit.sheets.rows import duplicate_problems, partner_files, respondents
from maturitykit.words import count


class ValidationStats(BaseModel):
    model_config = ConfigDict(extra="forbid")

    files: int = Field(description="Sheets read.")
    rows: int = Field(description="Score entries read (rows of long sheets, item cells of wide ones).")
    usable: int = Field(description="Entries that would be merged.")
    rejected: int = Field(description="Entries that would be left out.")
    partners: int = Field(description="Distinct partners found.")
    unscored: int = Field(description="Partner-item pairs with no score (missing, never zero).")


class ValidationReport(Report):
    """What `maturity score validate` prints; `--format json` dumps exactly this."""

    valid: bool = Field(description="True when no error was found (and, with strict, no warning).")
    strict: bool = Field(default=False, description="Whether warnings count as failures.")
    errors: list[Problem] = Field(description="Problems that leave a row out or refuse a sheet.")
    warnings: list[Problem] = Field(description="Problems worth checking; nothing is left out.")
    infos: list[Problem] = Field(description="Information, such as items a partner did not score.")
    stats: ValidationStats = Field(description="Counts.")

    def summary_line(self) -> str:
        s = self.stats
        verdict = "valid" if self.valid else "problems found"
        return (f"{count(s.files, 'file')}, {count(s.rows, 'row')}: {s.usable} usable, {s.rejected} rejected; "
                f"{count(len(self.errors), 'error')}, {count(len(self.warnings), 'warning')}; {verdict}")


def validate_sheets(framework: Framework, sheets: Sequence[str | Path], *, defaults: Defaults | None = None,
                    wide: bool | None = None, strict: bool = False, source: str | None = None) -> ValidationReport:
    """Every problem in the sheets. Errors make the report invalid; warnings (a semicolon CSV from Excel, a
    Windows-1252 file) only with `strict`, as `framework lint --strict` does."""
    reads, scan = read_all(framework, sheets, defaults, wide, source=source)
    problems: list[Problem] = list(scan.skipped)
    rows = []
    rejected = 0
    entries = 0
    key_of = respondents(row for read in reads for row in read.rows)  # a blank place joins the only one named
    for read in reads:
        problems.extend(read.problems)
        rejected += read.rejected
        entries += read.entries
        # Duplicates are judged within a file; the same partner in two files is reported below.
        kept_here, dup_problems, dup_rejected = duplicate_problems(read.rows, key_of)
        rows.extend(kept_here)
        problems.extend(dup_problems)
        rejected += dup_rejected
    kept = rows
    # The same partner in two files, or spelt two ways, is a problem for the merge: say so now.
    owners = partner_files(kept, key_of)
    for key, files in sorted(owners.duplicates().items()):
        problems.append(Problem(severity="error", code="duplicate-partner",
                                message=f"partner {owners.name(key)!r} appears in {len(files)} files: "
                                        f"{', '.join(sorted(files))}", file=sorted(files)[1]))
    problems.extend(owners.name_problems())
    partners = set(owners.files)
    unscored = 0
    scored = {(key_of(r), r.item) for r in kept if r.score is not None}
    for partner in sorted(partners):
        missing = [item.id for item in framework.items() if (partner, item.id) not in scored]
        unscored += len(missing)
        if missing:
            name = owners.name(partner)
            shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
            problems.append(Problem(severity="info", code="unscored",
                                    message=f"{name!r} did not score {count(len(missing), 'item')}: {shown}",
                                    file=owners.files[partner][0]))
    split = Report.split(problems)
    stats = ValidationStats(files=len(reads), rows=entries, usable=len(kept), rejected=rejected,
                            partners=len(partners), unscored=unscored)
    valid = not split["errors"] and not (strict and split["warnings"])
    return ValidationReport(valid=valid, strict=strict, **split, stats=stats)
