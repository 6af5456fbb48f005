"""Partner lists for templates: one partner a line, and the file names their sheets get; the emails and
domains that name a respondent's partner (EmailMap, read from a partners file by rounds.partners)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from maturitykit.errors import InputError, Location
from maturitykit.io.bounds import MAX_PARTNER_LIST_BYTES
from maturitykit.io.files import read_input
from maturitykit.sheets.vocabulary import look_alike, partner_key
from maturitykit.spreadsheet import CONTROL_CHARACTERS, strip_control

# Names Windows reserves for devices: a sheet called CON.csv cannot be made or opened there.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


def safe_filename(name: str) -> str:
    """A file name for a partner's sheet: letters, digits, dots, dashes; never hidden (a folder merge skips
    hidden files), never `..`, never a name Windows reserves."""
    slug = re.sub(r"[^A-Za-z0-9._ -]+", "", name).strip().replace(" ", "-").lstrip(".")[:80]
    if slug.split(".")[0].upper() in _RESERVED:
        slug += "-partner"
    return slug or "partner"


def read_partner_list(path: Path, warnings: list[str] | None = None) -> list[str]:
    """Partner names, one a line; `warnings` (when given) gets a located line for each name changed."""
    raw = read_input(path, MAX_PARTNER_LIST_BYTES, what="partner list", folder="is a folder, expected a text file")
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError("partner list is UTF-32; save it as UTF-8", Location(str(path), 1))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("partner list is UTF-16 (Notepad 'Unicode'); save it as UTF-8", Location(str(path), 1))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"partner list is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
                         Location(str(path), line)) from None
    if "\x00" in text:
        raise InputError("partner list contains NUL bytes: not a text file",
                         Location(str(path), text[: text.index("\x00")].count("\n") + 1))
    names: list[str] = []
    seen: dict[str, int] = {}
    looks: dict[str, int] = {}  # a name with look-alike letters swapped for Latin ones -> its index in names
    # Numbered over every line, blank and comment lines included, so messages point at the right line.
    for number, line in enumerate(text.splitlines(), start=1):
        if CONTROL_CHARACTERS.search(line):
            # No spreadsheet cell can hold them (an XLSX sheet would fail to write); never meant in a name.
            found = sorted({f"U+{ord(c):04X}" for c in CONTROL_CHARACTERS.findall(line)})
            line = strip_control(line)
            if warnings is not None:
                warnings.append(f"{Location(str(path), number)}: warning: {'control character' if len(found) == 1 else 'control characters'} {', '.join(found)} "
                                "removed from this partner name")
        name = " ".join(line.split())
        if not name or name.startswith("#"):
            continue
        key = partner_key(name)  # case, spacing and invisible characters make no other partner
        if key in seen:
            raise InputError(f"partner {name!r} is listed twice (also line {seen[key]})", Location(str(path), number))
        alike = look_alike(name)
        if alike in looks:
            raise InputError(f"partner {name!r} looks like {names[looks[alike]]!r} (line {seen[partner_key(names[looks[alike]])]}) "
                             "but is spelt with letters of another script (such as a Cyrillic 'а'); retype the name",
                             Location(str(path), number))
        seen[key] = number
        looks[alike] = len(names)
        names.append(name)
    if not names:
        raise InputError("partner list is empty", Location(str(path)))
    return names


@dataclass(frozen=True)
class EmailMap:
    """Respondents' emails and email domains -> partner names (`score merge --partners`): an exact address
    first, then its exact domain (`@acme.nhs.uk`; a sub-domain is not its parent). Nothing else is guessed."""

    emails: dict[str, str] = field(default_factory=dict)
    domains: dict[str, str] = field(default_factory=dict)

    def partner(self, email: str) -> str | None:
        address = email.strip().casefold()
        if "@" not in address:
            return None
        return self.emails.get(address) or self.domains.get(domain_key(address))


def domain_key(text: str) -> str:
    """`Acme.NHS.uk`, `@acme.nhs.uk` and `x@acme.nhs.uk` all give `acme.nhs.uk`."""
    return text.strip().casefold().rpartition("@")[2].strip(". ")


def partner_from_filename(path: Path) -> str:
    """The partner a one-partner sheet without a partner column is named after ("Lewisham_Council.csv")."""
    return " ".join(re.sub(r"[_]+", " ", path.stem).split())
