"""The base of every framework model: unknown fields are errors, `x-` fields are kept.

Typos in a hand-written file must be errors (``extra="forbid"``), yet tools that build on a
framework need somewhere to put their own data. Keys starting with ``x-`` (as in OpenAPI) are
that place: they are set aside before validation, so no model field and no lint rule ever sees
them, and written back when the model is dumped, so JSON outputs carry them through unchanged.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, SerializationInfo, model_serializer, model_validator
from pydantic_core import to_jsonable_python

EXTENSION_PREFIX = "x-"
EXTENSION_PATTERN = r"^x-"


def is_extension(key: object) -> bool:
    return isinstance(key, str) and key.startswith(EXTENSION_PREFIX)


class Strict(BaseModel):
    """Unknown fields forbidden, except `x-` extension fields, which are kept as they were written."""

    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=True,
                              json_schema_extra={"patternProperties": {EXTENSION_PATTERN: {}}})

    # Fields added after the first format; dumped only when set, so older files dump as before.
    omit_when_default: ClassVar[frozenset[str]] = frozenset()

    _extensions: dict[str, Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _set_extensions_aside(cls, data: Any, handler: Any) -> Any:
        if not isinstance(data, dict) or not any(is_extension(key) for key in data):
            return handler(data)
        extensions = {key: value for key, value in data.items() if is_extension(key)}
        model = handler({key: value for key, value in data.items() if not is_extension(key)})
        model._extensions = extensions
        return model

    @property
    def extensions(self) -> dict[str, Any]:
        """The `x-` fields of this mapping, in file order."""
        return dict(self._extensions)

    @model_serializer(mode="wrap")
    def _dump_with_extensions(self, handler: Any, info: SerializationInfo) -> dict[str, Any]:
        out: dict[str, Any] = handler(self)
        for name in self.omit_when_default:
            if name in out and name not in self.model_fields_set:
                del out[name]
        # Extension values are whatever YAML held; JSON dumps need them JSON-shaped.
        out.update(to_jsonable_python(self._extensions) if info.mode == "json" else self._extensions)
        return out
