"""The committed JSON Schema and the loader agree on every framework fixture and bundled framework.

Editors validate files with schema/framework.schema.json while the CLI validates them with the
pydantic models; an independent validator (jsonschema) run over the whole corpus proves both
accept and refuse the same files, so an author never sees a file pass in one and fail in the other.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import FIXTURES, REPO
from maturitykit.errors import MaturityError
from maturitykit.framework.loader import bundled_paths, read_framework

SCHEMA = json.loads((REPO / "schema" / "framework.schema.json").read_text(encoding="utf-8"))
# Framework fixtures, the hostile inputs of tests/fixtures/bad that are frameworks, and the bundled frameworks.
CORPUS = (sorted((FIXTURES / "frameworks").glob("*/*.yaml")) + sorted((FIXTURES / "bad").glob("*.yaml"))
          + sorted(bundled_paths().values()))


def _as_json(data: object) -> object:
    # What an editor validates: the YAML read as JSON (mapping keys are strings in JSON).
    return json.loads(json.dumps(data, default=str))


def _verdicts(path: Path) -> tuple[bool, list[str]] | None:
    """(loader accepts, jsonschema errors), or None for a file that is not readable YAML at all."""
    try:
        loaded = read_framework(path)
    except MaturityError:
        return None
    errors = [e.message for e in Draft202012Validator(SCHEMA).iter_errors(_as_json(loaded.document.data))]
    return not loaded.problems, errors


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


# Files that are not readable YAML at all (tests/lint covers them) give neither validator a document.
READABLE = [path for path in CORPUS if _verdicts(path) is not None]


# What JSON Schema cannot say: a JSON number has no size limit, while a level value must fit a float64
# (the loader refuses a 400-digit integer; an editor validating against the schema cannot).
BEYOND_THE_SCHEMA = {"yaml-level-value-400-digits": "a number too large for a float64"}


@pytest.mark.parametrize("path", READABLE, ids=[f"{p.parent.name}/{p.stem}" for p in READABLE])
def test_jsonschema_agrees_with_the_loader(path: Path) -> None:
    verdicts = _verdicts(path)
    assert verdicts is not None
    loader_ok, schema_errors = verdicts
    if path.stem in BEYOND_THE_SCHEMA:
        assert not loader_ok and not schema_errors  # still true: the day the schema can say it, drop the entry
        return
    assert loader_ok == (not schema_errors), (
        f"loader {'accepts' if loader_ok else 'refuses'} the file; jsonschema says {schema_errors or 'valid'}")


def test_the_corpus_has_both_verdicts() -> None:
    # The agreement test proves nothing unless some files are refused and some accepted.
    verdicts = [v for v in map(_verdicts, CORPUS) if v is not None]
    refused = [v for v in verdicts if not v[0]]
    assert len(refused) >= 10
    assert len(verdicts) - len(refused) >= 30
