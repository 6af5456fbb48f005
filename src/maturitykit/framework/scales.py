"""Scales, their levels and answer sets: what a score on an item can be.

A level value is any number (integers as most sources use, or decimals such as SAMM's
0, 0.25, 0.5, 1); values increase down the list. Statistics work on level *positions* (a
value's rank in its scale), so the spacing of the values never changes a decision.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer
from pydantic_core import PydanticCustomError

from maturitykit.framework.base import Strict

LevelValue = int | float


def _whole_as_int(value: float) -> LevelValue:
    # 1.0 and 1 are the same level; keep integral values as int so outputs print "1", not "1.0".
    return int(value) if value.is_integer() else value


def _key_number(value: object) -> object:
    # Mapping keys may be quoted in YAML ("1": ...) and are always strings in JSON; read them as numbers.
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "level_key", "not a level value (levels are numbers)") from None
    return value


def _as_written(value: LevelValue) -> LevelValue:
    return value


# The annotation says float (so the JSON Schema says number); the serializer keeps 1 as 1.
# Strict: a level is a number as written; True or "2" is a slip, not a level (the JSON Schema agrees).
_Dump = PlainSerializer(_as_written, return_type=LevelValue)
Value = Annotated[float, Field(strict=True, allow_inf_nan=False), AfterValidator(_whole_as_int), _Dump]
LevelKey = Annotated[float, BeforeValidator(_key_number), Field(strict=True, allow_inf_nan=False),
                     AfterValidator(_whole_as_int), _Dump]


class Level(Strict):
    value: Value = Field(
        description="Value of the level: any number (e.g. 1, 2, 3 or 0, 0.25, 0.5, 1); values must increase down the "
                    "list but need not start at 1.")
    label: str = Field(description="Name of the level as printed in the source (e.g. 'Emerging', 'Planting').")
    description: str | None = Field(
        default=None,
        description="Generic description that applies to every item at this level (used when items have no own descriptors).",
    )


class Scale(Strict):
    levels: list[Level] = Field(min_length=2, description="Ordered levels from least to most mature.")
    allow_not_applicable: bool = Field(
        default=True,
        description="Whether a partner may mark an item 'not applicable' (recorded as missing, never as zero).",
    )
    note: str | None = Field(default=None, description="How the scale was chosen or should be read.")

    def values(self) -> list[LevelValue]:
        return [level.value for level in self.levels]

    def label_for(self, value: LevelValue) -> str | None:
        for level in self.levels:
            if level.value == value:
                return level.label
        return None

    def level_count(self) -> int:
        return len(self.levels)

    def in_levels(self, value: float) -> float:
        """A position as steps from the lowest level: 0, 1, 2 ... at the levels, linear between them.

        Changes are stated in levels, so a move from 0.25 to 1 on 0, 0.25, 0.5, 1 is two levels,
        and on consecutive whole levels this is the plain difference.
        """
        values = self.values()
        if value <= values[0]:
            return float(value - values[0]) / (values[1] - values[0])
        for index in range(1, len(values)):
            if value <= values[index] or index == len(values) - 1:
                low, high = values[index - 1], values[index]
                return index - 1 + (value - low) / (high - low)
        raise AssertionError("unreachable: the loop returns at the last level")

    def shown(self) -> str:
        """The range as people read it in messages: '1-4'."""
        values = self.values()
        return f"{values[0]}-{values[-1]}"


class Answer(Strict):
    text: str = Field(description="The answer as a partner reads and writes it (e.g. 'Yes, for most').")
    value: Value = Field(description="The score this answer stands for; answers are ordered by it.")
    weight: float | None = Field(
        default=None, ge=0,
        description="What the answer counts for when items are rolled up, when that differs from its value.")

    def as_level(self) -> Level:
        return Level(value=self.value, label=self.text)


def answer_scale(answers: list[Answer], allow_not_applicable: bool = True) -> Scale:
    """The scale an answer set makes: one level per answer, in order of value."""
    ordered = sorted(answers, key=lambda answer: answer.value)
    return Scale(levels=[answer.as_level() for answer in ordered], allow_not_applicable=allow_not_applicable)
