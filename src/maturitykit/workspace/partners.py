"""partners.csv: who is expected to return a sheet, under which names, and how to recognise them.

One reader for every partners file: a workspace's partners.csv is read by `rounds.partners` (the
file `--anonymise --partners` and `score merge --partners` read), so the columns, the checks and the
messages are the same wherever the file is given. A plain list of names, one a line, is read as
`score template --partners` reads one.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from maturitykit.io.cells import HEADER_SEARCH_ROWS, read_table
from maturitykit.rounds.partners import COLUMNS, read_partners_file
from maturitykit.rounds.scrub import PartnerIdentity
from maturitykit.sheets.partners import read_partner_list
from maturitykit.sheets.vocabulary import norm

PARTNER_COLUMNS = list(COLUMNS)
SECTORS = ["acute", "community", "mental health", "primary care", "local authority", "VCSE", "ICB", "other"]

Partner = PartnerIdentity  # the one partner model (name, aliases, emails, domains, sector)


def _key(text: str) -> str:
    # File names stand for names too ("Thameside_Council.csv"): underscores and dashes are spaces here.
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


def match_partner(partners: list[Partner], text: str) -> Partner | None:
    """The partner a returned name (or file name) is, by its name or one of its aliases; never a near miss."""
    wanted = _key(text)
    for partner in partners:
        if any(_key(n) == wanted for n in (partner.name, *partner.aliases)):
            return partner
    return None


def _has_header(path: Path) -> bool:
    table = read_table(path)
    return any("name" in {norm(str(c)) for c in cells if c is not None}
               for _, cells in table.rows[:HEADER_SEARCH_ROWS])


def read_partners(path: Path) -> list[Partner]:
    """partners.csv (or .xlsx) with a header naming `name` and any of aliases, email, email_domain, sector;
    or a list of names, one a line. Every problem is refused with its file and row."""
    if path.suffix.casefold() not in (".xlsx", ".xlsm") and not _has_header(path):
        return [Partner(name=name) for name in read_partner_list(path)]
    return read_partners_file(path, allow_empty=True)  # a new workspace's partners.csv: its header only


def partners_csv(partners: list[Partner]) -> str:
    """partners.csv text (the columns in order; several aliases, emails or domains joined by '; ')."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PARTNER_COLUMNS)
    for p in partners:
        writer.writerow([p.name, "; ".join(p.aliases), "; ".join(p.emails), "; ".join(p.domains), p.sector])
    return out.getvalue()
