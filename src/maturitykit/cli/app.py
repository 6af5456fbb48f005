"""The `maturity` application: sub-commands are registered here, their code lives beside it."""

from __future__ import annotations

import typer

from maturitykit import __version__
from maturitykit.cli import (
    framework_cmd,
    plan_cmd,
    report_cmd,
    rounds_cmd,
    score_cmd,
    workshop_cmd,
    workspace_cmd,
)

app = typer.Typer(
    name="maturity",
    help="Maturity assessments of health and care systems: frameworks, score sheets, divergence, rounds, reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(framework_cmd.app, name="framework")
rounds_cmd.register(score_cmd.app)
score_cmd.app.command("workshop")(workshop_cmd.workshop_cmd)
app.add_typer(score_cmd.app, name="score")
app.command("plan")(plan_cmd.plan_cmd)
app.command("report")(report_cmd.report_cmd)
app.command("init")(workspace_cmd.init_cmd)
app.command("status")(workspace_cmd.status_cmd)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"maturitykit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Maturity assessments of health and care systems."""


def main() -> None:
    app()
