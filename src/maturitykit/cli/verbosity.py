"""`--quiet` and `--verbose` on every command, in one place.

Every command gets `-q/--quiet` (no progress bar and no "wrote ..." lines; warnings and errors are
still printed, because a silent warning is how a wrong number reaches a board) and `-v/--verbose`
(also each input read and info-level notes). Commands print through `say` and `detail` rather than
deciding for themselves, so the two options mean the same everywhere; `with_verbosity` adds the
options to a command's signature, the way typer reads every other option.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., Any])

QUIET, NORMAL, VERBOSE = -1, 0, 1
_LEVEL: ContextVar[int] = ContextVar("verbosity", default=NORMAL)


def level() -> int:
    return _LEVEL.get()


def quiet() -> bool:
    return _LEVEL.get() <= QUIET


def say(message: str) -> None:
    """An informational line on stderr (what was written, what was found); --quiet hides it."""
    from maturitykit.cli.common import terminal_safe

    if not quiet():
        typer.echo(terminal_safe(message), err=True)


def detail(message: str) -> None:
    """A line only --verbose shows (each input read, info-level notes)."""
    from maturitykit.cli.common import terminal_safe

    if _LEVEL.get() >= VERBOSE:
        typer.echo(terminal_safe(message), err=True)


def detail_inputs(paths: Any) -> None:
    """With --verbose, one line per input the command reads (the framework, each sheet, each extra file)."""
    for path in paths:
        detail(f"input {path}")


def with_verbosity(func: F) -> F:
    """Add -q/--quiet and -v/--verbose to a command (unless it declares them) and set the level for its run."""
    signature = inspect.signature(func, eval_str=True)  # typer reads a given __signature__ as it is
    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=bool, default=option)
        for name, option in (
            ("quiet", typer.Option(False, "--quiet", "-q", help="Print only warnings and errors.")),
            ("verbose", typer.Option(False, "--verbose", "-v", help="Also print each input read and notes.")),
        ) if name not in signature.parameters
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        quiet_, verbose_ = kwargs.get("quiet", False), kwargs.get("verbose", False)
        for param in extra:
            kwargs.pop(param.name, None)
        if quiet_ and verbose_:
            raise typer.BadParameter("give --quiet or --verbose, not both")
        token = _LEVEL.set(QUIET if quiet_ else VERBOSE if verbose_ else NORMAL)
        try:
            return func(*args, **kwargs)
        finally:
            _LEVEL.reset(token)

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *extra])
    return wrapper  # type: ignore[return-value]
