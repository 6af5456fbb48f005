"""What every command shares: error handling, exit codes and console output."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer

from maturitykit.errors import ExitCode, MaturityError

F = TypeVar("F", bound=Callable[..., Any])

# Set by a command that must rewrite its refusals before they are printed (--anonymise scrubs them of partners).
_REWRITE: ContextVar[Callable[[MaturityError], None] | None] = ContextVar("rewrite_refusals", default=None)


def rewrite_refusals(rewrite: Callable[[MaturityError], None]) -> None:
    """Have every refusal of the running command passed through `rewrite` before it is printed."""
    _REWRITE.set(rewrite)


def fail(message: str, code: ExitCode = ExitCode.UNUSABLE) -> NoReturn:
    typer.echo(f"maturity: {message}", err=True)
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
    """Write text to stdout as-is (no rich markup interpretation of partner text)."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def write_table(path: Path, records: Sequence[dict[str, object]], columns: Sequence[str], fmt: str, *,
                inputs: Iterable[Path] = (), sheet: str = "Data", extra_json: dict[str, object] | None = None) -> None:
    """Write a result table atomically (never over an input): the render layer makes the bytes."""
    from maturitykit.io.outputs import write_bytes
    from maturitykit.render.tables import table_bytes

    write_bytes(path, table_bytes(records, columns, fmt, sheet=sheet, extra_json=extra_json), inputs=inputs)
