"""Framework linting: schema errors plus coded rules (MK001...), and the lint-gated loader."""

import sys
import types
from typing import Any

from maturitykit.lint.gate import load_framework

__all__ = ["load_framework"]


class _CallableModule(types.ModuleType):
    # `mk.lint(...)` is the public API, but importing this subpackage sets the attribute
    # `maturitykit.lint` to the module itself; making the module callable keeps both meanings.
    def __call__(self, path_or_text: Any, strict: bool = False) -> Any:
        from maturitykit.lint.engine import lint_source

        return lint_source(path_or_text, strict=strict)


sys.modules[__name__].__class__ = _CallableModule
