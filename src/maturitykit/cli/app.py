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
from maturitykit.cli.verbosity import with_verbosity


def _no_flag_type() -> None:
    # typer 0.29 prints "<bool>" beside every flag in --help; a flag takes no value, so show none.
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: object) -> str | None:
        return None if self.is_flag else shown(self, ctx)  # type: ignore[arg-type]

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_no_flag_type()

app = typer.Typer(
    name="maturity",
    help="Maturity assessments of health and care systems: frameworks, score sheets, divergence, rounds, reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,  # --install-completion and --show-completion for bash, zsh, fish, PowerShell
)
app.add_typer(framework_cmd.app, name="framework")
rounds_cmd.register(score_cmd.app)
score_cmd.app.command("workshop")(with_verbosity(workshop_cmd.workshop_cmd))
app.add_typer(score_cmd.app, name="score")
app.command("plan")(with_verbosity(plan_cmd.plan_cmd))
app.command("report")(with_verbosity(report_cmd.report_cmd))
app.command("init")(with_verbosity(workspace_cmd.init_cmd))
app.command("status")(with_verbosity(workspace_cmd.status_cmd))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"maturitykit {__version__}")
        raise typer.Exit()


_shown: set[str] = set()  # warnings already printed by this command


def _show_warning(message: Warning | str, category: type[Warning], *_args: object, **_kwargs: object) -> None:
    # A library warning (e.g. an ambiguous framework id) is one line for the user, never a source location.
    from maturitykit.cli.common import terminal_safe

    if str(message) not in _shown:
        _shown.add(str(message))
        typer.echo(terminal_safe(f"maturity: warning: {message}"), err=True)


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Maturity assessments of health and care systems."""
    import warnings

    from maturitykit.errors import AmbiguousFrameworkWarning

    _shown.clear()
    warnings.showwarning = _show_warning
    warnings.simplefilter("always", AmbiguousFrameworkWarning)  # every command says it, once (see _shown)


def main() -> None:
    app()
