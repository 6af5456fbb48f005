"""Lint rules, one registered class per code. Importing this package registers them all."""

from maturitykit.lint.rules import descriptors, flags, ids, links, rollup, scale, structure  # noqa: F401
