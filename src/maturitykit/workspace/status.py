"""`maturity status`: per round, who has returned, who is missing, which files have problems, and
whether the agreed (consensus) position is recorded. Computed from the workspace's files; never writes."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from maturitykit.diagnostics import Result
from maturitykit.errors import SheetError
from maturitykit.framework.model import Framework
from maturitykit.sheets.reader import Defaults, read_sheet
from maturitykit.sheets.vocabulary import CONSENSUS_PARTNER, is_consensus
from maturitykit.workspace.layout import Workspace
from maturitykit.workspace.partners import Partner, match_partner, read_partners


class FileStatus(Result):
    file: str = Field(description="The returned file, relative to the workspace.")
    partners: list[str] = Field(description="Partners its rows name (as listed in partners.csv when matched).")
    rows: int = Field(description="Score rows read from it.")
    errors: int = Field(description="Problems of severity error (rows left out of a merge).")
    warnings: int = Field(description="Problems of severity warning.")
    unusable: str | None = Field(description="Why the file cannot be read at all, or null.")
    consensus: bool = Field(description="Whether it holds the agreed (consensus) position.")


class RoundStatus(Result):
    label: str = Field(description="Round label.")
    date: str | None = Field(description="Round date from maturity.toml, if given.")
    files: list[FileStatus] = Field(description="Each returned file and what reading it found.")
    returned: list[str] = Field(description="Listed partners with a usable return.")
    missing: list[str] = Field(description="Listed partners with no usable return yet.")
    unlisted: list[str] = Field(description="Names in returns that match no partner or alias in partners.csv.")
    consensus: str | None = Field(description="Where the agreed position is recorded (a file), or null.")
    consensus_check: FileStatus | None = Field(description="What reading rounds/<label>/consensus.* found, or null.")
    merged: bool = Field(description="Whether rounds/<label>/merged.csv exists.")


class WorkspaceStatus(Result):
    framework: str = Field(description="Framework id.")
    places: list[str] = Field(description="Place(s) assessed.")
    partners: int = Field(description="Partners listed in partners.csv.")
    current: str = Field(description="The round commands work on by default.")
    rounds: list[RoundStatus] = Field(description="Every round, oldest first.")

    @property
    def problem_files(self) -> int:
        checked = [f for r in self.rounds for f in [*r.files, *([r.consensus_check] if r.consensus_check else [])]]
        return sum(1 for f in checked if f.unusable or f.errors)


def _file_status(ws: Workspace, framework: Framework, label: str, path: Path, partners: list[Partner],
                 place: str | None, partner: str | None = None) -> tuple[FileStatus, list[str]]:
    shown = path.relative_to(ws.root).as_posix()
    try:
        read = read_sheet(path, framework, defaults=Defaults(partner=partner, place=place, round=label), display=shown)
    except SheetError as exc:
        return FileStatus(file=shown, partners=[], rows=0, errors=0, warnings=0, unusable=exc.message,
                          consensus=False), []
    names: list[str] = []
    consensus = False
    for row in read.rows:
        if is_consensus(row.partner):
            consensus = True
            continue
        listed = match_partner(partners, row.partner)
        name = listed.name if listed else row.partner
        if name not in names:
            names.append(name)
    errors = sum(1 for p in read.problems if p.severity == "error")
    warnings = sum(1 for p in read.problems if p.severity == "warning")
    return FileStatus(file=shown, partners=names, rows=len(read.rows), errors=errors, warnings=warnings,
                      unusable=None, consensus=consensus), names


def workspace_status(ws: Workspace, framework: Framework) -> WorkspaceStatus:
    partners = read_partners(ws.partners_path) if ws.partners_path.is_file() else []
    places = ws.config.all_places()
    place = places[0] if len(places) == 1 else None
    rounds: list[RoundStatus] = []
    for entry in ws.config.rounds:
        files: list[FileStatus] = []
        seen: list[str] = []
        consensus_in_returns: str | None = None
        for path in ws.returned_files(entry.label):
            status, names = _file_status(ws, framework, entry.label, path, partners, place)
            files.append(status)
            seen += [n for n in names if n not in seen]
            if status.consensus and consensus_in_returns is None:
                consensus_in_returns = status.file
        listed = [p.name for p in partners]
        agreed = ws.consensus_file(entry.label)
        # The consensus file is read as `score merge` will read it, so a bad agreed level shows here first.
        check = _file_status(ws, framework, entry.label, agreed, partners, place, CONSENSUS_PARTNER)[0] if agreed \
            else None
        rounds.append(RoundStatus(
            label=entry.label, date=entry.date.isoformat() if entry.date else None, files=files,
            returned=[n for n in listed if n in seen], missing=[n for n in listed if n not in seen],
            unlisted=[n for n in seen if n not in listed],
            consensus=agreed.relative_to(ws.root).as_posix() if agreed else consensus_in_returns,
            consensus_check=check, merged=ws.merged_file(entry.label).is_file(),
        ))
    return WorkspaceStatus(framework=framework.id, places=places, partners=len(partners), current=ws.current_round(),
                           rounds=rounds)
