"""What every command reports: results as data, with one way to turn them into a dict or JSON.

`Result` is the base of every result model (lint, validation, divergence, delta, trend, plan,
board): `to_dict()` is exactly what `--format json` prints, so the CLI's JSON is the library's
dict.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict


class Result(BaseModel):
    """Base of result models: unknown fields forbidden, `to_dict()` and `to_json()` the same everywhere."""

    model_config = ConfigDict(extra="forbid")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"
