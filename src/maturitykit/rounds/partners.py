"""A partners file for `--anonymise --partners`: the names, aliases and addresses to scrub.

CSV or XLSX with a header row naming `name` and any of `aliases` (';'-separated), `email` and
`email_domain` ('; '-separated too) and `sector` (acute, local authority, VCSE, ...: the breakdown
by sector in `score divergence` and `report`); other columns are ignored, so a partnership's own contact
list can be given as it is. Every problem is located by file and row.
"""

from __future__ import annotations

from pathlib import Path

from maturitykit.errors import InputError, Location
from maturitykit.io.cells import HEADER_SEARCH_ROWS, read_table
from maturitykit.rounds.scrub import PartnerIdentity
from maturitykit.sheets.vocabulary import norm, partner_key

COLUMNS = ("name", "aliases", "email", "email_domain", "sector")


def _cell(cells: list[object], index: int | None) -> str:
    if index is None or index >= len(cells) or cells[index] is None:
        return ""
    return str(cells[index]).strip()


def _split(text: str) -> tuple[str, ...]:
    return tuple(" ".join(part.split()) for part in text.split(";") if part.strip())


def read_partners_file(path: Path) -> list[PartnerIdentity]:
    """The partners of a partners file, in file order."""
    table = read_table(path)
    header: dict[str, int] | None = None
    start = 0
    for pos, (_number, cells) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        found = {norm(c).replace(" ", "_"): i for i, c in reversed(list(enumerate(cells))) if c is not None}
        if "name" in found:
            header, start = {k: found[k] for k in COLUMNS if k in found}, pos + 1
            break
    if header is None:
        raise InputError("a partners file needs a header row with a name column (and aliases, email, email_domain "
                         "as wanted)", Location(table.file, table.rows[0][0] if table.rows else None))
    out: list[PartnerIdentity] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows[start:]:
        name = " ".join(_cell(cells, header.get("name")).split())
        rest = [_cell(cells, header.get(c)) for c in COLUMNS[1:]]
        if not name:
            if any(rest):
                raise InputError("this row has aliases or addresses but no name", Location(table.file, number))
            continue
        if partner_key(name) in seen:
            raise InputError(f"this partner is listed twice (also row {seen[partner_key(name)]})",
                             Location(table.file, number))
        seen[partner_key(name)] = number
        out.append(PartnerIdentity(name=name, aliases=_split(rest[0]), emails=_split(rest[1]),
                                   domains=_split(rest[2]), sector=" ".join(rest[3].split())))
    if not out:
        raise InputError("the partners file names no partner", Location(table.file))
    return out
