"""The lint-gated loader: a framework ready for use, or one clear FrameworkError.

It lives in lint/ (not framework/) because it runs the lint rules: framework/ never imports
lint/, so there is no import cycle.
"""

from __future__ import annotations

from pathlib import Path

from maturitykit.errors import FrameworkError
from maturitykit.framework.loader import read_framework
from maturitykit.framework.model import Framework
from maturitykit.lint.engine import lint_loaded


def load_framework(ref: str | Path) -> Framework:
    """A framework ready for use: refuses schema problems and lint errors with one clear message."""
    loaded = read_framework(ref)
    if loaded.problems:
        first = loaded.problems[0]
        more = f" (and {len(loaded.problems) - 1} more; run `maturity framework validate`)" if len(loaded.problems) > 1 else ""
        raise FrameworkError(f"framework is not valid: {first.message}{more}", first.location)
    assert loaded.framework is not None
    errors = lint_loaded(loaded).errors
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more; run `maturity framework lint`)" if len(errors) > 1 else ""
        raise FrameworkError(f"framework has lint errors: {first.code} {first.message}{more}", first.location)
    return loaded.framework
