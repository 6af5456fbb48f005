"""Framework linting: schema errors plus coded rules (MK001...), and the lint-gated loader."""

from maturitykit.lint.gate import load_framework

__all__ = ["load_framework"]
