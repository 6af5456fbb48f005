"""Salted, stable pseudonyms for partners, and an anonymised copy of a merged round.

Letters follow HMAC-SHA256(salt, partner key), not the names: with the salt secret, the order of
Partner A, B, ... says nothing about who is who (alphabetical letters are reversed by anyone with
the partner list). The salt lives in the key file; reusing the key file keeps every partner's
letter across rounds, and a partner new to a later round gets the next free letter. Every text
that reaches an output is passed through :class:`maturitykit.rounds.scrub.Scrubber`.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field, replace

from maturitykit.errors import InputError, Location
from maturitykit.rounds.merge import MergeResult
from maturitykit.rounds.scrub import PartnerIdentity, Scrubber
from maturitykit.sheets.rows import ScoreRow
from maturitykit.sheets.vocabulary import is_consensus, norm, partner_key
from maturitykit.spreadsheet import (  # A, B, ... Z, AA: the lettering spreadsheets use
    column_letter,
    neutralise,
)

SALT_BYTES = 32
_SALT_LINE = "# maturitykit pseudonym key: keep it apart from the reports; salt="
ANONYMISED_SOURCE = "(anonymised)"


@dataclass
class PseudonymKey:
    """The secret salt and the letters given so far (real name -> "Partner X")."""

    salt: bytes
    pseudonyms: dict[str, str] = field(default_factory=dict)

    def rank(self, name: str) -> str:
        return hmac.new(self.salt, partner_key(name).encode("utf-8"), hashlib.sha256).hexdigest()

    def extend(self, partners: Iterable[str]) -> PseudonymKey:
        """This key with a letter for every partner it lacks: next free letters, in salted order."""
        known = {partner_key(n) for n in self.pseudonyms}
        new: dict[str, str] = {}
        for name in dict.fromkeys(partners):  # a name a row: each spelling once, in the order first met
            if not is_consensus(name) and partner_key(name) not in known:
                new.setdefault(partner_key(name), " ".join(name.split()))
        used = set(self.pseudonyms.values())
        out = dict(self.pseudonyms)
        index = 0
        for name in sorted(new.values(), key=self.rank):
            while f"Partner {column_letter(index)}" in used:
                index += 1
            out[name] = f"Partner {column_letter(index)}"
            used.add(out[name])
        return PseudonymKey(self.salt, out)


def new_key(salt: bytes | None = None) -> PseudonymKey:
    """An empty key with a fresh secret salt (or the one given, for tests and reproducible runs)."""
    return PseudonymKey(salt if salt is not None else secrets.token_bytes(SALT_BYTES))


def pseudonym_key(partners: Sequence[str], salt: bytes | None = None) -> dict[str, str]:
    """Real name -> pseudonym for these partners, letters in salted order (a fresh salt unless given)."""
    return new_key(salt).extend(partners).pseudonyms


def format_key(key: PseudonymKey) -> str:
    """The key file's text: a salt line, then CSV partner,pseudonym (formula-safe cells)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["partner", "pseudonym"])
    for name, alias in sorted(key.pseudonyms.items(), key=lambda kv: (len(kv[1]), kv[1])):
        writer.writerow([neutralise(name), alias])
    return f"{_SALT_LINE}{key.salt.hex()}\n" + out.getvalue()


def parse_key(text: str, file: str) -> PseudonymKey:
    """A key file written by :func:`format_key`; InputError (located) when it is not one."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith(_SALT_LINE):
        raise InputError("not a pseudonym key written by maturitykit (its first line holds the salt); give a new "
                         "--key path to start a key", Location(file, 1))
    try:
        salt = bytes.fromhex(lines[0][len(_SALT_LINE):].strip())
    except ValueError:
        raise InputError("the salt of this pseudonym key is not hexadecimal", Location(file, 1)) from None
    if len(salt) < 16:
        raise InputError("the salt of this pseudonym key is too short (at least 16 bytes)", Location(file, 1))
    rows = list(csv.reader(lines[1:]))
    if not rows or [c.strip().casefold() for c in rows[0][:2]] != ["partner", "pseudonym"]:
        raise InputError("a pseudonym key needs the columns partner,pseudonym", Location(file, 2))
    pseudonyms: dict[str, str] = {}
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=3):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise InputError("a key row needs a partner and a pseudonym", Location(file, number))
        name = row[0][1:] if row[0][:1] == "'" and row[0][1:2] in "=+-@\t\r" else row[0]
        alias = row[1].strip()
        if alias in seen or partner_key(name) in {partner_key(n) for n in pseudonyms}:
            raise InputError(f"pseudonym {alias} or its partner is given twice", Location(file, number))
        seen[alias] = number
        pseudonyms[" ".join(name.split())] = alias
    return PseudonymKey(salt, pseudonyms)


def scrubber_for(key: PseudonymKey, identities: Sequence[PartnerIdentity] = (),
                 results: Sequence[MergeResult] = ()) -> Scrubber:
    """The scrubber of every partner the key and the partners file know, with the places of the rounds."""
    places = sorted({row.place.strip() for r in results for row in [*r.rows, *r.consensus] if row.place.strip()}
                    | {place.strip() for r in results for place, _round in r.other_places if place.strip()})
    return Scrubber(key.pseudonyms, identities, places)


def anonymise(result: MergeResult, key: dict[str, str] | PseudonymKey | None = None,
              scrub: Scrubber | None = None) -> tuple[MergeResult, dict[str, str]]:
    """A copy of the merge result with partners named by pseudonym and every text scrubbed, and the key used.

    Pass one key (extended over every round's partners) to keep pseudonyms stable across rounds.
    """
    if isinstance(key, PseudonymKey):
        pseudonyms = key.extend(row.partner for row in result.rows).pseudonyms
    elif key is not None:
        pseudonyms = key
    else:
        pseudonyms = pseudonym_key([row.partner for row in result.rows])
    scrub = scrub if scrub is not None else Scrubber(pseudonyms, places=sorted({r.place for r in result.rows}))
    by_norm = {partner_key(name): alias for name, alias in pseudonyms.items()}

    def alias(name: str) -> str:
        return name if is_consensus(name) else by_norm.get(partner_key(name), "a partner")

    def row_copy(row: ScoreRow) -> ScoreRow:
        return replace(row, partner=alias(row.partner),
                       rationale=scrub(row.rationale), evidence=scrub(row.evidence),
                       source_file=ANONYMISED_SOURCE, source_row=None, source_column=None)

    out = copy(result)
    out.rows = [row_copy(r) for r in result.rows]
    out.consensus = [row_copy(r) for r in result.consensus]
    out.partners = sorted({(p[0], p[1], alias(p[2])) for p in result.partners},
                          key=lambda p: (norm(p[0]), norm(p[1]), p[2]))
    out.problems = []
    out.inputs = []
    return out, pseudonyms
