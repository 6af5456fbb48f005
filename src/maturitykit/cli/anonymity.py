"""`--anonymise`, `--key` and `--partners`, shared by `score divergence` and `report`.

The key file is read when it exists (its salt and letters are reused, so a partner keeps its
letter across rounds) and written back with any new partner; otherwise a new secret salt is made.
Every message printed under `--anonymise` (a refusal included, through `common.rewrite_refusals`)
is scrubbed the same way as the outputs, so stderr names no partner either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturitykit.cli.common import rewrite_refusals
from maturitykit.cli.verbosity import say

if TYPE_CHECKING:
    from maturitykit.errors import MaturityError
    from maturitykit.rounds.anonymise import PseudonymKey
    from maturitykit.rounds.merge import MergeResult
    from maturitykit.rounds.scrub import PartnerIdentity, Scrubber

AnonymiseOption = Annotated[bool | None, typer.Option(
    "--anonymise/--names", help="Replace partner names (and their short names, acronyms and aliases) with Partner A, B, ... "
    "in letters that follow a secret salt, and remove email addresses and UK telephone numbers, everywhere "
    "(--names: keep them; in a workspace the default is its `anonymise`).")]
KeyOption = Annotated[Path | None, typer.Option(
    "--key", help="With --anonymise: the pseudonym key (salt and letters). Read when it exists, so partners keep "
    "their letters across rounds; written with any new partner. Keep it apart from the reports.")]
PartnersOption = Annotated[Path | None, typer.Option(
    "--partners", help="A CSV/XLSX of partners (columns name, aliases ';'-separated, email, email_domain, sector; "
    "others ignored): with --anonymise their names, aliases and addresses are scrubbed too; with a sector "
    "column, items are broken down by sector (sectors of --min-group-size partners or more).")]
MinGroupOption = Annotated[int, typer.Option(
    "--min-group-size", min=2, help="Partners a sector needs before it is shown (with --partners giving sectors), "
    "so that no figure is one partner's.")]


def _read_key(path: Path) -> PseudonymKey:
    from maturitykit.errors import InputError, Location
    from maturitykit.io.bounds import MAX_PARTNER_LIST_BYTES
    from maturitykit.io.files import read_input
    from maturitykit.rounds.anonymise import parse_key

    raw = read_input(path, MAX_PARTNER_LIST_BYTES, what="pseudonym key")  # bounded, a regular file only
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the pseudonym key is not UTF-8 text", Location(str(path))) from None
    return parse_key(text, str(path))


class Anonymity:
    """What one anonymised run knows about partners: the key, the partners file, the scrubber."""

    def __init__(self, enabled: bool | None, key: Path | None, partners: Path | None, *,
                 workspace_partners: Path | None = None) -> None:
        """`workspace_partners` is a workspace's partners.csv, read when no --partners is given: it may have no
        partner yet and no sector, and is then simply unused."""
        from maturitykit.errors import InputError
        from maturitykit.rounds.anonymise import new_key

        if not enabled and key is not None:
            raise InputError("--key goes with --anonymise")
        self.enabled = bool(enabled)
        if enabled:
            rewrite_refusals(self.scrub_refusal)
        self.key_path = key
        self.identities: list[PartnerIdentity] = []
        self._key: PseudonymKey | None = None if enabled and key is not None and key.exists() else new_key()
        self.results: list[MergeResult] = []
        self._scrubber: Scrubber | None = None
        self.strict = partners is not None
        if partners is not None or workspace_partners is not None:
            from maturitykit.rounds.partners import read_partners_file

            self.identities = read_partners_file(partners or workspace_partners, allow_empty=partners is None)

    @property
    def key(self) -> PseudonymKey:
        # Read on first use, after the command has refused a --key path that is one of its inputs.
        if self._key is None:
            assert self.key_path is not None
            self._key = _read_key(self.key_path)
        return self._key

    def add(self, results: Iterable[MergeResult]) -> None:
        """Give every partner of these rounds a letter (the key's own letters kept)."""
        self.results.extend(results)
        # Partners of places not asked for were not merged, but may be named in a rationale: give them letters too.
        self._key = self.key.extend([*(row.partner for r in self.results for row in r.rows),
                                     *(name for r in self.results for name in r.other_partners)])
        self._scrubber = None

    def scrubber(self, extra_names: Sequence[str] = ()) -> Scrubber:
        from maturitykit.rounds.anonymise import scrubber_for
        from maturitykit.rounds.scrub import PartnerIdentity

        if self._scrubber is None or extra_names:
            known = [*self.identities, *(PartnerIdentity(n) for n in extra_names)]
            built = scrubber_for(self.key, known, self.results)
            if extra_names:
                return built
            self._scrubber = built
        return self._scrubber

    def text(self, text: str) -> str:
        return self.scrubber().path(text) if self.enabled else text

    def scrub_refusal(self, exc: MaturityError) -> None:
        """Scrub a refusal's message and location, so stderr names no partner under --anonymise."""
        from maturitykit.errors import Location
        from maturitykit.rounds.anonymise import new_key

        if self._key is None:  # the key file itself is what failed: scrub with an empty key
            self._key = new_key()
        scrub = self.scrubber(getattr(exc, "names", ()))
        exc.message = scrub.path(exc.message)  # messages quote file names: acronyms in any case
        exc.args = (exc.message,)
        if exc.location is not None:
            exc.location = Location(scrub.path(exc.location.file), exc.location.line, exc.location.column)

    def key_file(self, inputs: Sequence[Path]) -> tuple[Path, bytes] | None:
        """The key file's path and bytes, to be written with the other outputs as one set (or None)."""
        from maturitykit.io.outputs import refuse_overwrite
        from maturitykit.rounds.anonymise import format_key

        if not (self.enabled and self.key_path is not None):
            return None
        refuse_overwrite(self.key_path, [p for p in inputs if p != self.key_path])
        return self.key_path, format_key(self.key).encode("utf-8")

    def said_key(self) -> None:
        if self.enabled and self.key_path is not None:
            say(f"wrote the pseudonym key to {self.key_path}; keep it apart from the reports")

    def write_key(self, inputs: Sequence[Path]) -> None:
        from maturitykit.io.outputs import write_text
        from maturitykit.rounds.anonymise import format_key

        if self.enabled and self.key_path is not None:
            # The key may be rewritten (it is our own output), but never over a sheet or framework.
            write_text(self.key_path, format_key(self.key), inputs=[p for p in inputs if p != self.key_path])
            say(f"wrote the pseudonym key to {self.key_path}; keep it apart from the reports")


    def sector_map(self) -> dict[str, str]:
        """Partner name or alias -> sector, from the partners file; refuses a --partners file that would be unused."""
        sector_of = {name: identity.sector for identity in self.identities if identity.sector
                     for name in (identity.name, *identity.aliases)}
        if not sector_of and self.identities and not self.enabled and self.strict:
            from maturitykit.errors import InputError

            raise InputError("--partners is used with --anonymise (names to scrub) or for a breakdown by sector, and "
                             "this file gives no sector: add a sector column or --anonymise")
        return sector_of


def sectors_of(result, privacy: Anonymity, min_group_size: int):
    """The breakdown by sector when the partners file gives sectors, else None."""
    sector_of = privacy.sector_map()
    if not sector_of:
        return None
    from maturitykit.analysis.sectors import sector_breakdown

    return sector_breakdown(result, sector_of, min_group_size=min_group_size)
