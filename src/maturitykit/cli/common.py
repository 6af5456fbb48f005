"""What every command shares: error handling, exit codes and console output."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, NoReturn, TypeVar

import typer

from maturitykit.errors import ExitCode, MaturityError

F = TypeVar("F", bound=Callable[..., Any])

# Set by a command that must rewrite its refusals before they are printed (--anonymise scrubs them of partners).
_REWRITE: ContextVar[Callable[[MaturityError], None] | None] = ContextVar("rewrite_refusals", default=None)


def rewrite_refusals(rewrite: Callable[[MaturityError], None]) -> None:
    """Have every refusal of the running command passed through `rewrite` before it is printed."""
    _REWRITE.set(rewrite)


# Escape sequences (CSI, OSC such as hyperlinks and clipboard writes, and other ESC forms) and
# control characters other than tab and newline: partner text and file names are untrusted, and a
# terminal obeys them. A carriage return is kept only as part of a Windows line ending.
_TERMINAL_CONTROL = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b\[[0-?]*[ -/]*[@-~]?"              # CSI
    r"|\x1b[@-Z\\-_]?"                       # other ESC sequences, or a lone ESC
    r"|\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f\x80-\x9f]"
)


def terminal_safe(text: str) -> str:
    """Text with every terminal control sequence and control character removed (tabs and newlines kept)."""
    return _TERMINAL_CONTROL.sub("", text)


def fail(message: str, code: ExitCode = ExitCode.UNUSABLE) -> NoReturn:
    typer.echo(terminal_safe(f"maturity: {message}"), err=True)
    raise typer.Exit(int(code))


def handle_errors(func: F) -> F:
    """Turn library exceptions into one line on stderr and a named exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = _REWRITE.set(None)
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except MaturityError as exc:
            rewrite = _REWRITE.get()
            if rewrite is not None:
                rewrite(exc)
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted; no output was replaced", ExitCode.UNUSABLE)
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None
        except Exception as exc:  # a bug: say so plainly, without a traceback
            fail(
                f"internal error ({type(exc).__name__}: {exc}); please report it with the command you ran",
                ExitCode.INTERNAL,
            )
        finally:
            _REWRITE.reset(token)

    return wrapper  # type: ignore[return-value]


def emit(text: str) -> None:
    """Write text to stdout with no rich markup read and no terminal control sequence left in it."""
    text = terminal_safe(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
