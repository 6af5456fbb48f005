"""Lint rules, one registered class per code. Importing this package registers them all."""

from maturitykit.lint.rules import descriptors, flags, ids, scale, structure  # noqa: F401
