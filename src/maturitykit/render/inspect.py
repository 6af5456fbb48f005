"""`maturity score inspect` as text: what detection made of a survey export."""

from __future__ import annotations

from maturitykit.sheets.surveys.inspect import Inspection


def inspection_text(found: Inspection) -> str:
    def col(c) -> str:
        return f"{c.column}  {c.header}"

    lines = [f"{found.file}", f"  source:       {found.source}", f"  header rows:  {found.header_rows}",
             f"  partner:      {col(found.partner) if found.partner else '(none found)'}"
             + (" (the respondent's name or email: no organisation question found)" if found.partner_is_respondent
                else ""), "  items:"]
    lines += [f"    {item}: {col(c)}" for item, c in found.items.items()] or ["    (none found)"]
    if found.rationale:
        lines += ["  rationale:", *(f"    {item}: {col(c)}" for item, c in found.rationale.items())]
    lines += [f"  metadata (not read): {', '.join(c.column for c in found.metadata) or 'none'}"]
    lines += ["  read as nothing:", *(f"    {col(c)}" for c in found.unmatched)] if found.unmatched else [
        "  read as nothing: none"]
    lines += [f"  {p.severity}: {p.message}" + (f" (row {p.row}, column {p.column})" if p.column else "")
              for p in found.problems if p.severity != "info"]
    return "\n".join(lines) + "\n"
