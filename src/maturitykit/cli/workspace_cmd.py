"""`maturity init` and `maturity status`: the assessment workspace (maturitykit.workspace)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturitykit.cli.common import emit, handle_errors
from maturitykit.cli.options import Format, choose_format
from maturitykit.cli.verbosity import say
from maturitykit.errors import ExitCode
from maturitykit.words import count

if TYPE_CHECKING:
    from maturitykit.workspace.layout import Workspace

WorkspaceOption = Annotated[
    Path | None,
    typer.Option("--workspace", help="The workspace folder (default: the nearest folder at or above this one "
                                     "with maturity.toml)."),
]


def find(explicit: Path | None) -> Workspace | None:
    """The workspace a command runs in, or None outside one."""
    from maturitykit.workspace.layout import open_workspace

    return open_workspace(explicit, Path.cwd())


def need(explicit: Path | None, what: str) -> Workspace:
    from maturitykit.workspace.layout import require_workspace

    return require_workspace(explicit, Path.cwd(), what)


@handle_errors
def init_cmd(
    folder: Path = typer.Argument(..., help="The workspace folder to create (it may exist, but must be empty of a "
                                            "workspace)."),
    framework: str = typer.Option(..., "--framework", help="Framework file or bundled id."),
    place: list[str] = typer.Option(..., "--place", help="The place assessed (repeat for several)."),
    partners: Path | None = typer.Option(None, "--partners", help="partners.csv (name, aliases, email, "
                                         "email_domain, sector) or a list of names one a line."),
    rounds: list[str] = typer.Option(["baseline"], "--round", help="Round label, oldest first (repeat for several)."),
    title: str | None = typer.Option(None, "--title", help="Report title."),
) -> None:
    """Make an assessment workspace: maturity.toml, partners.csv, rounds/<label>/returned/ and a README.

    Refuses a folder that already holds any of those files.
    """
    from maturitykit.errors import OutputError
    from maturitykit.io.outputs import write_text
    from maturitykit.lint import load_framework
    from maturitykit.workspace.partners import read_partners
    from maturitykit.workspace.scaffold import scaffold

    fw = load_framework(framework)  # a framework that does not load is refused before anything is written
    # A framework file is recorded relative to the workspace (so the folder can move with it); a bundled one by id.
    ref = os.path.relpath(Path(framework).resolve(), folder.resolve()) if Path(framework).is_file() else fw.id
    listed = read_partners(partners) if partners is not None else []
    files, folders = scaffold(ref, place, rounds, listed, title)
    existing = [name for name in files if (folder / name).exists()]
    if existing:
        raise OutputError(f"already a workspace ({', '.join(existing)} exist); nothing was written", _loc(folder))
    for name in folders:
        (folder / name).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        write_text(folder / name, text)
    say(f"made the workspace {folder}: {count(len(listed), 'partner')}, {'round' if len(rounds) == 1 else 'rounds'} {', '.join(rounds)}; see its README.md")


def _loc(folder: Path):
    from maturitykit.errors import Location

    return Location(str(folder))


@handle_errors
def status_cmd(
    workspace: WorkspaceOption = None,
    fmt: Format | None = typer.Option(None, "--format", help="human or json (default: human)."),
) -> None:
    """Who has returned which round, who is missing, which files fail, and whether a consensus is recorded.

    Exit 0 when every returned file is usable, 1 when one has errors or cannot be read.
    """
    from maturitykit.lint import load_framework
    from maturitykit.render.workspace import render_status
    from maturitykit.workspace.status import workspace_status

    ws = need(workspace, "status needs a workspace")
    chosen = choose_format(fmt, None, (Format.human, Format.json), screen=Format.human)
    status = workspace_status(ws, load_framework(ws.framework_ref()))
    emit(status.to_json() if chosen == Format.json else render_status(status))
    raise typer.Exit(int(ExitCode.FINDINGS if status.problem_files else ExitCode.OK))
