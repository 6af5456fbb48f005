"""Where a workspace keeps things: the rounds' folders, their returns, consensus and merged files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from maturitykit.errors import InputError, Location
from maturitykit.workspace.config import (
    CONFIG_NAME,
    PARTNERS_NAME,
    RETURNED_DIR,
    ROUNDS_DIR,
    WorkspaceConfig,
    find_workspace,
    load_config,
)

# A round's agreed position, in the order looked for: a consensus sheet, or the filled workshop sheet saved
# under that name. The first that exists is the one used, so there is never a question of which was read.
CONSENSUS_NAMES = ("consensus.csv", "consensus.xlsx")
SHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class Workspace:
    root: Path
    config: WorkspaceConfig

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def partners_path(self) -> Path:
        return self.root / PARTNERS_NAME

    def framework_ref(self) -> str:
        """The framework as commands take it: a file relative to the workspace, else a bundled id."""
        candidate = self.root / self.config.framework
        return str(candidate) if candidate.is_file() else self.config.framework

    def round_dir(self, label: str) -> Path:
        return self.root / ROUNDS_DIR / self.config.round(label).label

    def returned_dir(self, label: str) -> Path:
        return self.round_dir(label) / RETURNED_DIR

    def returned_files(self, label: str) -> list[Path]:
        folder = self.returned_dir(label)
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SHEET_SUFFIXES
                      and not p.name.startswith((".", "~$")))

    def consensus_file(self, label: str) -> Path | None:
        for name in CONSENSUS_NAMES:
            path = self.round_dir(label) / name
            if path.is_file():
                return path
        return None

    def merged_file(self, label: str) -> Path:
        return self.round_dir(label) / "merged.csv"

    def summary_file(self, label: str) -> Path:
        return self.round_dir(label) / "summary.csv"

    def workshop_file(self, label: str) -> Path:
        return self.round_dir(label) / "workshop.xlsx"

    def current_round(self) -> str:
        """The round commands work on: `current` in the config, else the latest round with returns, else the first."""
        if not self.config.rounds:
            raise InputError("the workspace has no rounds; add a [[rounds]] table", Location(str(self.config_path)))
        if self.config.current:
            return self.config.round(self.config.current).label
        for entry in reversed(self.config.rounds):
            if self.returned_files(entry.label):
                return entry.label
        return self.config.rounds[0].label

    def round_source(self, label: str) -> Path:
        """What a report reads for a round: its merged file when there is one, else its returned sheets."""
        merged = self.merged_file(label)
        return merged if merged.is_file() else self.returned_dir(label)


def open_workspace(explicit: Path | None, cwd: Path) -> Workspace | None:
    """The workspace named by --workspace, else the one at or above `cwd`, else None."""
    if explicit is not None:
        if not (explicit / CONFIG_NAME).is_file():
            raise InputError(f"no {CONFIG_NAME} here: not a workspace (make one with `maturity init`)",
                             Location(str(explicit)))
        root = explicit
    else:
        found = find_workspace(cwd)
        if found is None:
            return None
        root = found
    return Workspace(root, load_config(root))


def require_workspace(explicit: Path | None, cwd: Path, what: str) -> Workspace:
    found = open_workspace(explicit, cwd)
    if found is None:
        raise InputError(f"{what}, or run this inside a workspace (a folder with {CONFIG_NAME}; "
                         "make one with `maturity init`) or give --workspace DIR")
    return found
