"""A partners file for `--anonymise --partners`: the names, aliases and addresses to scrub.

CSV or XLSX with a header row naming `name` and any of `aliases` (';'-separated), `email` and
`email_domain` ('; '-separated too) and `sector` (acute, local authority, VCSE, ...: the breakdown
by sector in `score divergence`); other columns are ignored, so a partnership's own contact list can be
given as it is. Every problem is located by file and row. `score merge --partners` reads the same file
for its `email` and `email_domain` columns (read_email_map): who a respondent's address names.
"""

from __future__ import annotations

from pathlib import Path

from maturitykit.diagnostics import did_you_mean
from maturitykit.errors import InputError, Location
from maturitykit.io.cells import HEADER_SEARCH_ROWS, read_table
from maturitykit.rounds.scrub import PartnerIdentity
from maturitykit.sheets.partners import EmailMap, domain_key
from maturitykit.sheets.vocabulary import norm, partner_key

COLUMNS = ("name", "aliases", "email", "email_domain", "sector")


def _cell(cells: list[object], index: int | None) -> str:
    if index is None or index >= len(cells) or cells[index] is None:
        return ""
    return str(cells[index]).strip()


def _split(text: str) -> tuple[str, ...]:
    return tuple(" ".join(part.split()) for part in text.split(";") if part.strip())


def read_partners_file(path: Path, *, allow_empty: bool = False) -> list[PartnerIdentity]:
    """The partners of a partners file, in file order; `allow_empty` for a workspace's partners.csv that
    has its header and no partner yet."""
    return [identity for _, identity in _read(path, allow_empty)[1]]


def read_email_map(path: Path) -> EmailMap:
    """The `email` and `email_domain` entries of a partners file, for `score merge --partners`; an address or
    domain given for two partners is refused at its row (which was meant cannot be told)."""
    file, rows = _read(path)
    emails: dict[str, tuple[str, int]] = {}
    domains: dict[str, tuple[str, int]] = {}
    for number, identity in rows:
        for entries, keys in ((emails, [e.casefold() for e in identity.emails]),
                              (domains, [domain_key(d) for d in identity.domains])):
            for key in keys:
                other = entries.setdefault(key, (identity.name, number))
                if other[0] != identity.name:
                    raise InputError(f"{key!r} is given for {other[0]!r} (row {other[1]}) and for {identity.name!r}",
                                     Location(file, number))
    if not emails and not domains:
        raise InputError("the partners file gives no email or email_domain: no respondent can be mapped",
                         Location(file))
    return EmailMap({k: v[0] for k, v in emails.items()}, {k: v[0] for k, v in domains.items() if k})


def _read(path: Path, allow_empty: bool = False) -> tuple[str, list[tuple[int, PartnerIdentity]]]:
    table = read_table(path)
    header: dict[str, int] | None = None
    start = 0
    for pos, (_number, cells) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        found = {norm(c).replace(" ", "_"): i for i, c in reversed(list(enumerate(cells))) if c is not None}
        if "name" in found:
            header, start = {k: found[k] for k in COLUMNS if k in found}, pos + 1
            for text, index in found.items():
                # Other columns are ignored (a contact list is given as it is), but a near miss of a
                # column the tool reads ("email_domian") is a typo that would silently lose its data.
                near = did_you_mean(text, COLUMNS) if text not in COLUMNS else ""
                if near:
                    raise InputError(f"unknown column {text!r}{near}; the columns read are {', '.join(COLUMNS)}",
                                     Location(table.file, _number, index + 1))
            break
    if header is None:
        raise InputError("a partners file needs a header row with a name column (and aliases, email, email_domain "
                         "as wanted)", Location(table.file, table.rows[0][0] if table.rows else None))
    out: list[tuple[int, PartnerIdentity]] = []
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
        out.append((number, PartnerIdentity(name=name, aliases=_split(rest[0]), emails=_split(rest[1]),
                                            domains=_split(rest[2]), sector=" ".join(rest[3].split()))))
    if not out and not allow_empty:
        raise InputError("the partners file names no partner", Location(table.file))
    _no_shared_names(table.file, out)
    return table.file, out


def _no_shared_names(file: str, rows: list[tuple[int, PartnerIdentity]]) -> None:
    """Two partners answering to one name (or alias) would make every return by that name ambiguous."""
    seen: dict[str, tuple[int, str]] = {}
    for number, identity in rows:
        for name in (identity.name, *identity.aliases):
            owner = seen.setdefault(partner_key(name), (number, identity.name))
            if owner[1] != identity.name:
                raise InputError(f"{name!r} names two partners ({owner[1]!r}, row {owner[0]}, and "
                                 f"{identity.name!r})", Location(file, number))
