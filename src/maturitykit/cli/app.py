"""The `maturity` application: sub-commands are registered here, their code lives beside it."""

from __future__ import annotations

import typer

from maturitykit import __version__
from maturitykit.cli import (
    divergence_cmd,
    framework_cmd,
    plan_cmd,
    report_cmd,
    rounds_cmd,
    score_cmd,
    workshop_cmd,
    workspace_cmd,
)
from maturitykit.cli.verbosity import with_verbosity


def _plain_types() -> None:
    """Help shows a value's kind in words: no "<bool>" beside a flag (typer 0.29 prints one; a flag takes no
    value), and "<path>..." for a repeatable value instead of a Python type such as "<list[Path]>"."""
    import re

    from typer.core import TyperArgument, TyperOption

    for kind in (TyperArgument, TyperOption):
        shown = kind.display_type

        more = "..." if kind is TyperOption else ""  # an argument's name already ends in "..."

        def display_type(self: TyperOption, ctx: object, _shown=shown, _more=more) -> str:  # type: ignore[no-untyped-def]
            text = _shown(self, ctx)  # type: ignore[arg-type]
            return re.sub(r"^<list\[(.+)\]>$", lambda m: f"<{m.group(1).lower()}>{_more}", text)

        kind.display_type = display_type  # type: ignore[method-assign]
    flag_shown = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: object) -> str | None:
        return None if self.is_flag else flag_shown(self, ctx)  # type: ignore[arg-type]

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_plain_types()

app = typer.Typer(
    name="maturity",
    help="Maturity assessments of health and care systems: frameworks, score sheets, divergence, rounds, reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: typer's rich formatter imports rich's markdown and traceback stacks, about 100 ms
    # of every `--help`, more than the rest of start-up together.
    rich_markup_mode=None,
    add_completion=True,  # --install-completion and --show-completion for bash, zsh, fish, PowerShell
)
app.add_typer(framework_cmd.app, name="framework")
score_cmd.app.command("divergence")(with_verbosity(divergence_cmd.divergence_cmd))
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


# The cyclic collector's thresholds for the command (Python's: 700, 10, 10). A round is read into hundreds
# of thousands of small objects that live to the end and hold no cycles, and the collector's passes over
# them found nothing while taking a tenth of a merge and a sixth of a report at 10,000 sheets
# (docs/performance.md). It still runs, a hundred times less often: peak memory is the same for CSV sheets,
# and for workbooks (openpyxl leaves cycles) some 7-10 MiB more, at 300 sheets as at 1,000.
COLLECTOR_THRESHOLDS = (100_000, 50, 100)


def main() -> None:
    """The `maturity` command. pydantic looks for plugins among every installed distribution's entry points
    the first time a validator is built (20 to 30 ms of each start-up); the command uses none, so it says so.
    The library, imported into someone else's program, leaves their plugins and their collector alone."""
    import gc
    import os

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    app()
