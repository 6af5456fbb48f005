"""partners.csv: who is expected to return a sheet, under which names, and how to recognise them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from maturitykit.diagnostics import did_you_mean
from maturitykit.errors import InputError, Location

PARTNER_COLUMNS = ["name", "aliases", "email", "email_domain", "sector"]
SECTORS = ["acute", "community", "mental health", "primary care", "local authority", "VCSE", "ICB", "other"]
MAX_PARTNERS_BYTES = 1_000_000


class Partner(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The partner's name as it should appear in outputs.")
    aliases: list[str] = Field(default_factory=list, description="Short names and acronyms it returns under.")
    email: str = Field(default="", description="Who returns its sheet.")
    email_domain: str = Field(default="", description="Its email domain, e.g. thameside-hospital.example.")
    sector: str = Field(default="", description="acute, community, primary care, local authority, VCSE, ...")

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


def match_partner(partners: list[Partner], text: str) -> Partner | None:
    """The partner a returned name (or file name) is, by its name or one of its aliases; never a near miss."""
    wanted = _key(text)
    for partner in partners:
        if any(_key(n) == wanted for n in partner.names()):
            return partner
    return None


def read_partners(path: Path) -> list[Partner]:
    """partners.csv with a header (name, aliases, email, email_domain, sector), or a list of names one a line."""
    from maturitykit.io.files import read_input

    raw = read_input(path, MAX_PARTNERS_BYTES, what="list of partners")  # bounded, a regular file only
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", Location(str(path))) from None
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if "name" not in [c.strip().casefold() for c in first.split(",")]:
        # A plain list, as `maturity score template --partners` takes.
        return _unique([Partner(name=line.strip()) for line in lines if line.strip()], path, None)
    reader = csv.reader(io.StringIO(text))
    header = [c.strip().casefold() for c in next(reader)]
    for column, name in enumerate(header, start=1):
        if name and name not in PARTNER_COLUMNS:
            raise InputError(f"unknown column {name!r}{did_you_mean(name, PARTNER_COLUMNS)}; the columns are "
                             f"{', '.join(PARTNER_COLUMNS)}", Location(str(path), 1, column))
    partners: list[Partner] = []
    lines_of: list[int] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        number = reader.line_num
        if not row.get("name"):
            raise InputError("a partner needs a name", Location(str(path), number, 1))
        partners.append(Partner(name=row["name"], aliases=[a.strip() for a in row.get("aliases", "").split(";")
                                                           if a.strip()],
                                email=row.get("email", ""), email_domain=row.get("email_domain", "").lstrip("@"),
                                sector=row.get("sector", "")))
        lines_of.append(number)
    return _unique(partners, path, lines_of)


def _unique(partners: list[Partner], path: Path, lines: list[int] | None) -> list[Partner]:
    # Two partners answering to one name would make every return by that name ambiguous.
    seen: dict[str, int] = {}
    for index, partner in enumerate(partners):
        for name in partner.names():
            owner = seen.setdefault(_key(name), index)
            if owner != index:
                raise InputError(f"{name!r} names two partners ({partners[owner].name!r} and {partner.name!r})",
                                 Location(str(path), lines[index] if lines else index + 1))
    return partners


def partners_csv(partners: list[Partner]) -> str:
    """partners.csv text (the columns in order, aliases joined by ';')."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PARTNER_COLUMNS)
    for p in partners:
        writer.writerow([p.name, "; ".join(p.aliases), p.email, p.email_domain, p.sector])
    return out.getvalue()
