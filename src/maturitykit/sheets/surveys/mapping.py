"""A mapping file (`score merge --map FILE.yaml`): what detection cannot tell about a survey export.

The pydantic model is the schema (docs/mapping.md). Column references are a header's text (any header
row; case and spacing ignored), a pattern with `*` and `?` (`Q2_*`), or `column R` (its letter). Every problem is located in the
YAML file; an unknown item id gets the nearest ids, never a guess.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from maturitykit.diagnostics import did_you_mean
from maturitykit.errors import InputError
from maturitykit.framework.model import Framework
from maturitykit.io.yamlsafe import load_yaml_file
from maturitykit.sheets.vocabulary import norm

Level = float | Literal["missing"]


class SurveyMap(BaseModel):
    """What a survey export means: each key optional; what it does not say is detected as usual."""

    model_config = ConfigDict(extra="forbid")

    source: str | None = Field(None, description="The survey tool (as --source), or `sheet`.")
    header_rows: int | None = Field(None, ge=1, le=5, description="Header rows above the first respondent.")
    partner: str | None = Field(None, description="The column (header or question text) naming the partner.")
    partner_other: str | None = Field(None, description="The \"Other (please specify)\" column whose typed text "
                                      "names the partner when the partner column says Other.")
    items: dict[str, str] = Field(default_factory=dict, description="Item id -> its column (header or pattern).")
    rationale: dict[str, str] = Field(default_factory=dict, description="Item id -> its rationale column.")
    values: dict[str, Level] = Field(default_factory=dict, description="Answer text or code -> level value, or "
                                     "`missing` (no score: the answer is left blank).")
    partners: dict[str, str] = Field(default_factory=dict, description="A partner column's code or email -> "
                                     "the partner's name.")

    @field_validator("values", "partners", mode="before")
    @classmethod
    def _text_keys(cls, value: object) -> object:
        # YAML reads `5: missing` and `-99: missing` with integer keys: they stand for the answer's text.
        return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value

    def level(self, answer: str) -> tuple[bool, float | None]:
        """(mapped, value) for an answer cell: `missing` gives (True, None)."""
        wanted = norm(answer)
        for key, value in self.values.items():
            if norm(key) == wanted:
                return True, None if value == "missing" else value
        return False, None

    def partner_name(self, value: str) -> str:
        wanted = norm(value)
        return next((name for key, name in self.partners.items() if norm(key) == wanted), value)


_LETTER = re.compile(r"^column\s+(?P<letter>[A-Za-z]{1,3})$", re.IGNORECASE)


def refers_to(reference: str, headers: list[str], letter: str = "") -> bool:
    """A reference names a column when it is `column R` (its letter), one of its headers, or a `*`/`?`
    pattern matching one."""
    by_letter = _LETTER.match(reference.strip())
    if by_letter:
        return by_letter.group("letter").upper() == letter
    if any(c in reference for c in "*?"):
        pattern = re.compile(fnmatch.translate(norm(reference)))
        return any(pattern.fullmatch(norm(h)) for h in headers if h)
    return norm(reference) in {norm(h) for h in headers}


def load_map(path: Path, framework: Framework, sources: tuple[str, ...]) -> SurveyMap:
    doc = load_yaml_file(path)
    try:
        mapping = SurveyMap.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        name = ".".join(str(p) for p in loc) or "(file)"
        if error["type"] == "extra_forbidden":
            message = f"unknown key {name!r}{did_you_mean(str(loc[-1]), list(SurveyMap.model_fields))}"
        else:
            message = f"{name}: {error['msg']}"
        raise InputError(f"mapping file: {message}", doc.locate(loc)) from None
    if mapping.source is not None and mapping.source not in sources:
        raise InputError(f"mapping file: unknown source {mapping.source!r}: one of {', '.join(sources)}"
                         f"{did_you_mean(mapping.source, list(sources))}", doc.locate(("source",)))
    ids = [item.id for item in framework.iter_items()]
    for key in ("items", "rationale"):
        for item_id in getattr(mapping, key):
            if item_id not in ids:
                raise InputError(f"mapping file: {item_id!r} is not an item of {framework.id}"
                                 f"{did_you_mean(item_id, ids)}", doc.locate((key, item_id)))
    return mapping
